// Fictional people, numbers and municipality (Nørreå Kommune).
import { describe, expect, it } from 'vitest';
import type { ExtractedContent } from '../../core/model.js';
import { containsCpr, extractEntities, maskEntitiesForDisplay } from './index.js';

function digitalPost(overrides: Partial<ExtractedContent> = {}): ExtractedContent {
  return {
    channel: 'digitalpost',
    subject: 'Vedr. j.nr. 2026-004211 – ansøgning om hjælpemiddel',
    sender: { id: '0101801233', idType: 'CPR', name: 'Karen Holm' },
    recipients: [{ id: '12345674', idType: 'CVR', name: 'Nørreå Kommune' }],
    body: [
      'Kære Nørreå Kommune',
      '',
      'Jeg henviser til jeres brev af 3. november 2026 (Jeres ref.: 27.36.04-G01-123-26).',
      'Mit CPR-nr. er 010180-1233, og min søn har CPR 241209-4002.',
      'Jeg kan træffes på tlf. +45 22 33 44 55. Svar gerne inden d. 1/12.',
      '',
      'Venlig hilsen Karen Holm',
    ].join('\n'),
    bodySource: 'plain',
    attachments: [
      {
        name: 'faktura.pdf',
        mimeType: 'application/pdf',
        size: 2000,
        text: 'Faktura fra Hjælpemiddelhuset ApS, CVR-nr.: 2940 3473\nKunde: Karen Holm, CPR-nr.: 0101 80-1233\nDato: 01-11-2026\nreg.nr. 1234 kontonr. 0102031234',
        textSource: 'ocr',
        ocr: { pages: 1, meanConfidence: 71 },
      },
    ],
    metadata: {
      cpr: ['0101801233'],
      cvr: ['12345674'],
      caseIds: [{ caseId: '2026-004211', system: 'KMD Nova' }],
    },
    warnings: [],
    ...overrides,
  };
}

describe('extractEntities', () => {
  const entities = extractEntities(digitalPost());

  it('finds CPR numbers once each, metadata first, with every field they occur in', () => {
    expect(entities.cpr).toEqual([
      { value: '010180-1233', birthDate: '1980-01-01', modulus11: true, cued: true, field: 'metadata', index: null, alsoIn: ['sender', 'body', 'attachment:faktura.pdf'] },
      { value: '241209-4002', birthDate: '2009-12-24', modulus11: true, cued: true, field: 'body', index: expect.any(Number) },
    ]);
  });

  it('does not take the phone number or the bank account for a CPR number', () => {
    expect(entities.cpr.map((entity) => entity.value)).not.toContain('010203-1234');
  });

  it('finds CVR numbers from metadata, parties and text', () => {
    expect(entities.cvr).toEqual([
      { kind: 'cvr', value: '12345674', cue: 'CVRdata', field: 'metadata', index: null, alsoIn: ['recipient'] },
      { kind: 'cvr', value: '29403473', cue: 'CVR-nr.', field: 'attachment:faktura.pdf', index: expect.any(Number) },
    ]);
  });

  it('finds case references and the KLE a case number carries', () => {
    expect(entities.caseNumbers).toEqual([
      { kind: 'case', value: '2026-004211', cue: 'caseID (KMD Nova)', ocrRepaired: false, field: 'metadata', index: null, alsoIn: ['subject'] },
      { kind: 'their-ref', value: '27.36.04-G01-123-26', cue: 'Jeres ref.', kle: '27.36.04', ocrRepaired: false, field: 'body', index: expect.any(Number) },
    ]);
  });

  it('finds dates with the field they came from', () => {
    expect(entities.dates.map(({ value, field }) => ({ value, field }))).toEqual([
      { value: '2026-11-03', field: 'body' },
      { value: '--12-01', field: 'body' },
      { value: '2026-11-01', field: 'attachment:faktura.pdf' },
    ]);
  });

  it('gives positions into the field text', () => {
    const body = digitalPost().body;
    const son = entities.cpr[1];
    expect(body.slice(son?.index ?? 0, (son?.index ?? 0) + 11)).toBe('241209-4002');
  });

  it('copes with an item that has nothing', () => {
    const empty = digitalPost({ subject: undefined, sender: {}, recipients: [], body: '', attachments: [], metadata: {} });
    expect(extractEntities(empty)).toEqual({ cpr: [], cvr: [], caseNumbers: [], dates: [] });
  });

  it('ignores malformed metadata instead of trusting it', () => {
    const odd = digitalPost({
      body: '',
      subject: undefined,
      attachments: [],
      sender: { id: 'abc', idType: 'CPR' },
      recipients: [{ id: '12345675', idType: 'CVR' }],
      metadata: { cpr: ['3102801234'], cvr: ['1234'], scan: { customerCvr: '30101014' }, caseIds: [{ caseId: '  ' }] },
    });
    expect(extractEntities(odd)).toEqual({
      cpr: [],
      cvr: [{ kind: 'cvr', value: '30101014', cue: 'customerCvr', field: 'metadata', index: null }],
      caseNumbers: [],
      dates: [],
    });
  });
});

describe('maskEntitiesForDisplay', () => {
  it('masks CPR serial numbers, also inside case references, and leaves the input alone', () => {
    const entities = extractEntities(digitalPost({ subject: 'Sagsnr. 0101801233-B' }));
    const masked = maskEntitiesForDisplay(entities);
    expect(masked.cpr.map((entity) => entity.value)).toEqual(['010180-XXXX', '241209-XXXX']);
    expect(masked.caseNumbers.map((entity) => entity.value)).toContain('010180-XXXX-B');
    expect(containsCpr(JSON.stringify(masked))).toBe(false);
    expect(entities.cpr[0]?.value).toBe('010180-1233');
    expect(containsCpr(JSON.stringify(entities))).toBe(true);
  });

  it('copies rather than shares the alsoIn lists', () => {
    const entities = extractEntities(digitalPost());
    const masked = maskEntitiesForDisplay(entities);
    masked.cpr[0]?.alsoIn?.push('ui');
    expect(entities.cpr[0]?.alsoIn).toEqual(['sender', 'body', 'attachment:faktura.pdf']);
  });
});
