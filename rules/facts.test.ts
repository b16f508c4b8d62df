import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ExtractedAttachment } from '../core/model.js';
import { ATTACHMENT_NAMES_LIMIT, buildFacts, FACTS, SUBJECT_FACT_LIMIT, TEXT_FACT_LIMIT } from './facts.js';
import { classifiedAs, email } from './test-support.js';

const attachment = (name: string, text: string): ExtractedAttachment => ({
  name,
  mimeType: 'application/pdf',
  size: text.length,
  text,
  textSource: 'text-layer',
});

describe('buildFacts', () => {
  it('derives sender, domain, recipient and KLE facts from an e-mail', () => {
    const content = email('Sv: Byggetilladelse Skovvej 12', {
      sender: { email: 'Peter.Madsen@Arkitekt-Nord.DK', name: 'Peter Madsen' },
      attachments: [attachment('Tegning.pdf', 'Facadetegning'), attachment('Situationsplan.pdf', 'Skovvej 12')],
    });
    const facts = buildFacts(content, classifiedAs('02.34.02', 0.82));
    expect(facts).toMatchObject({
      channel: 'email',
      sender: 'peter.madsen@arkitekt-nord.dk',
      senderName: 'Peter Madsen',
      senderDomain: 'arkitekt-nord.dk',
      senderIdType: 'EMAIL',
      recipient: 'post@noerreaa.dk',
      recipients: ['post@noerreaa.dk'],
      subject: 'Sv: Byggetilladelse Skovvej 12',
      attachmentNames: ['Tegning.pdf', 'Situationsplan.pdf'],
      kle: '02.34.02',
      kleGroup: '02.34',
      kleHovedgruppe: '02',
      kleConfidence: 0.82,
      kleSource: 'classifier',
      contactPoint: null,
      scanDocumentType: null,
      addressee: null,
    });
    expect(facts.text).toBe(`${content.body}\nFacadetegning\nSkovvej 12`);
  });

  it('uses the CPR/CVR id of a Digital Post sender and the scan sidecar fields', () => {
    const memo = email('Ansøgning om kontanthjælp', {
      channel: 'digitalpost',
      sender: { id: '0101901234', idType: 'CPR' },
      metadata: { contactPoint: 'Kontanthjælp', scan: { documentType: 'Ansøgning', addressee: 'Jobcentret' } },
    });
    const facts = buildFacts(memo, classifiedAs(null));
    expect(facts).toMatchObject({
      sender: '0101901234',
      senderDomain: null,
      senderIdType: 'CPR',
      contactPoint: 'Kontanthjælp',
      scanDocumentType: 'Ansøgning',
      addressee: 'Jobcentret',
      kle: null,
      kleGroup: null,
      kleHovedgruppe: null,
      kleSource: 'none',
    });
  });

  it('bounds the text, subject and attachment-name facts', () => {
    const long = email('Faktura '.repeat(1_000), {
      body: 'a'.repeat(TEXT_FACT_LIMIT - 10),
      attachments: Array.from({ length: ATTACHMENT_NAMES_LIMIT + 5 }, (_, i) => attachment(`bilag${i}.pdf`, 'b'.repeat(50))),
    });
    const facts = buildFacts(long, classifiedAs(null));
    expect(facts.text).toHaveLength(TEXT_FACT_LIMIT);
    expect(facts.text.endsWith('\nbbbbbbbbb')).toBe(true);
    expect(facts.subject).toHaveLength(SUBJECT_FACT_LIMIT);
    expect(facts.attachmentNames).toHaveLength(ATTACHMENT_NAMES_LIMIT);
  });

  it('is documented fact by fact in FACTS.md', () => {
    const doc = readFileSync(new URL('./FACTS.md', import.meta.url), 'utf8');
    const factSection = doc.split('\n## ').find((section) => section.startsWith('Facts')) ?? '';
    const documented = [...factSection.matchAll(/^\| `(\w+)` \|/gm)].map((m) => m[1]);
    expect(documented).toEqual([...FACTS]);
  });
});
