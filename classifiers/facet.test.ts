import { describe, expect, it } from 'vitest';
import type { ExtractedContent } from '../core/model.js';
import { detectFacet } from './facet.js';

const letter = (subject: string | undefined, body: string, overrides: Partial<ExtractedContent> = {}): ExtractedContent => ({
  channel: 'email',
  ...(subject !== undefined ? { subject } : {}),
  sender: { email: 'jens.larsen@gmail.com' },
  recipients: [],
  body,
  bodySource: 'plain',
  attachments: [],
  metadata: {},
  warnings: [],
  ...overrides,
});

describe('handlingsfacet', () => {
  it('names aktindsigt in a neighbour\'s building case (A53), not the building topic', () => {
    const { facet, reasons } = detectFacet(
      letter('Anmodning om aktindsigt – byggesag Skovvej 14', 'Jeg beder hermed om aktindsigt i byggesagen for naboejendommen Skovvej 14, herunder tegninger og byggetilladelsen.'),
    );
    expect(facet).toMatchObject({ kind: 'aktindsigt', code: 'A53', name: 'Aktindsigt' });
    expect(facet!.confidence).toBeGreaterThan(0.8);
    expect(reasons[0]).toMatchObject({ code: 'classify.facet' });
    expect(facet!.reasons.map((r) => r.data?.field)).toEqual(['subject', 'body']);
  });

  it('reads inflections and compounds: aktindsigtsanmodning, klagen, påklager, ansøger om, anmelder', () => {
    expect(detectFacet(letter('Aktindsigtsanmodning', 'Se vedhæftede.')).facet?.kind).toBe('aktindsigt');
    expect(detectFacet(letter('Vedr. min sag', 'Jeg påklager hermed afgørelsen af 3. marts om min boligstøtte.')).facet?.kind).toBe('klage');
    expect(detectFacet(letter('Vedr. min sag', 'Jeg ansøger om tilskud til briller til min søn.')).facet?.kind).toBe('ansoegning');
    expect(detectFacet(letter('Rotter i haven', 'Jeg anmelder hermed rotter i min have.')).facet?.kind).toBe('anmeldelse');
    expect(detectFacet(letter('Indsigelsen mod lokalplan 112', 'Se vedhæftede.')).facet?.kind).toBe('indsigelse');
    expect(detectFacet(letter('Høringssvar', 'Hermed mine bemærkninger til partshøringen.')).facet?.kind).toBe('partshoering');
  });

  it('gives a klage KLE\'s K02 only when it is about a decision, not a complaint about noise', () => {
    expect(detectFacet(letter('Klage over afgørelse om boligstøtte', 'Jeg er uenig i afgørelsen.')).facet).toMatchObject({ kind: 'klage', code: 'K02' });
    expect(detectFacet(letter('Klage over støj fra naboen', 'Naboens hund gøer hele natten.')).facet).toMatchObject({ kind: 'klage', code: null });
  });

  it('weighs the subject over the body', () => {
    // the subject names both; in KLE's own guidance a complaint about an aktindsigt decision is a klage (K02)
    const { facet } = detectFacet(letter('Klage over afslag på aktindsigt', 'I afslog min anmodning den 2. maj.'));
    expect(facet).toMatchObject({ kind: 'klage', code: 'K02' });
    const bodyOnly = detectFacet(letter('Vedr. sag 2026-1234', 'Jeg vil gerne klage over afgørelsen.')).facet;
    const inSubject = detectFacet(letter('Klage over afgørelse', 'Se vedhæftede.')).facet;
    expect(inSubject!.confidence).toBeGreaterThan(bodyOnly!.confidence);
  });

  it('abstains when no procedure is named, and when a word is only a passing mention in an attachment', () => {
    expect(detectFacet(letter('Spørgsmål om affald', 'Hvornår bliver storskrald hentet på Skovvej?')).facet).toBeNull();
    const passing = detectFacet(
      letter('Dokumentation', 'Se vedhæftede.', { attachments: [{ name: 'bilag.pdf', mimeType: 'application/pdf', size: 10, text: 'Tidligere ansøgning vedlagt som bilag.', textSource: 'text-layer' }] }),
    );
    expect(passing.facet).toBeNull();
    expect(passing.reasons[0]).toMatchObject({ code: 'classify.facet_unsure', data: { facet: 'ansoegning' } });
  });

  it('does not read the municipality\'s quoted klagevejledning as a klage', () => {
    const reply = letter('Sv: Afgørelse om boligstøtte', 'Tak for svaret, jeg forstår det nu.\n\n> Klagevejledning\n> Du kan klage over afgørelsen inden 4 uger.');
    expect(detectFacet(reply).facet).toBeNull();
  });
});
