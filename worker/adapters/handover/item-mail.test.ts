import { describe, expect, it } from 'vitest';
import type { ExtractedContent, Item } from '../../../core/model.js';
import type { BlobStore, HandoverRequest } from '../../../core/ports.js';
import { handoverMail, handoverMessageId, handoverText } from './item-mail.js';

const SHA = 'a'.repeat(64);
const blobs = { pathOf: (sha256: string) => `/var/lib/fordeler/blobs/${sha256}` } as BlobStore;

// Digital Post from a citizen (samples/post/d0026.xml): the sender is identified by CPR.
function memoRequest(overrides: { content?: Partial<ExtractedContent>; item?: Partial<Item>; kle?: HandoverRequest['kle']; kleSuggestion?: string | null } = {}): HandoverRequest {
  return {
    transactionId: '9b7e2d10-4a3c-4f5e-8d21-6c0a9e3b7f18',
    destination: 'KY',
    item: {
      id: '3f2c9a4e-7b1d-4c8e-9f60-2a5b8d1e0c47',
      round: 1,
      tenantId: 'noerreaa',
      channel: 'digitalpost',
      state: 'routed',
      source: 'samples/post',
      contentSha256: SHA,
      size: 2297,
      fileName: 'd0026.xml',
      receivedAt: new Date('2026-09-08T19:21:38Z'),
      ...overrides.item,
    },
    content: {
      channel: 'digitalpost',
      subject: 'Ansøgning om kontanthjælp',
      sender: { id: '0905903117', idType: 'CPR', name: 'Jørgen Jeppesen Madsen' },
      recipients: [{ id: '65916169', idType: 'CVR', name: 'Nørreå Kommune' }],
      body: 'Jeg har søgt om kontanthjælp på borger.dk i sidste uge …',
      bodySource: 'plain',
      attachments: [],
      metadata: { cpr: ['0905903117'] },
      warnings: [],
      ...overrides.content,
    },
    kle: overrides.kle ?? { nr: '32.24.04', confidence: 0.934 },
    ...(overrides.kleSuggestion !== undefined ? { kleSuggestion: overrides.kleSuggestion } : {}),
  };
}

const options = { from: 'fordeler@noerreaa.dk', blobs, maxAttachmentBytes: 25 * 1024 * 1024 };

describe('handoverText', () => {
  it('says when, how, from whom and under which KLE — with the CPR serial masked and no letter text', () => {
    const text = handoverText(memoRequest());
    expect(text).toContain('Fordeler har fordelt denne post til KY.');
    expect(text).toContain('Modtaget: 08.09.2026 kl. 21.21 som Digital Post');
    expect(text).toContain('Afsender: Jørgen Jeppesen Madsen, CPR-nr. 090590-XXXX');
    expect(text).toContain('KLE: 32.24.04 (sikkerhed 93 %)');
    expect(text).toContain('fordeler trace 3f2c9a4e-7b1d-4c8e-9f60-2a5b8d1e0c47');
    expect(text).not.toMatch(/0905903117|3117/);
    expect(text).not.toContain('kontanthjælp på borger.dk');
  });

  it('names a company sender by CVR and an e-mail sender by address', () => {
    const company = handoverText(memoRequest({ content: { sender: { id: '29871324', idType: 'CVR', name: 'Nordjysk Ejendomsservice ApS' } } }));
    expect(company).toContain('Afsender: Nordjysk Ejendomsservice ApS, CVR-nr. 29871324');
    const mail = handoverText(memoRequest({
      item: { channel: 'email', fileName: '4711.eml' },
      content: { channel: 'email', sender: { id: 'flemming.mortensen@outlook.com', idType: 'EMAIL', name: 'Flemming Mortensen', email: 'flemming.mortensen@outlook.com' } },
    }));
    expect(mail).toContain('Afsender: Flemming Mortensen <flemming.mortensen@outlook.com>');
    expect(mail).toContain('som e-mail');
  });

  it('masks a CPR number typed into a display name, and says "ukendt" for a scan without a sender', () => {
    const typed = handoverText(memoRequest({ content: { sender: { name: 'Mette Hansen 150372-1848', email: 'mette@example.dk' } } }));
    expect(typed).toContain('150372-XXXX');
    expect(typed).not.toContain('1848');
    expect(handoverText(memoRequest({ item: { channel: 'scan' }, content: { channel: 'scan', sender: {} } }))).toContain('Afsender: ukendt');
  });

  it('gives the best suggestion when no KLE emne was chosen', () => {
    expect(handoverText(memoRequest({ kle: { nr: null, confidence: null }, kleSuggestion: '32.24.04' }))).toContain('KLE: intet sikkert emne (bedste forslag 32.24.04)');
    expect(handoverText(memoRequest({ kle: { nr: null, confidence: null } }))).toContain('KLE: intet emne');
  });
});

describe('the handlingsfacet in the summary', () => {
  const aktindsigt = { kind: 'aktindsigt' as const, code: 'A53', name: 'Aktindsigt', confidence: 0.9, reasons: [] };

  it('names the facet the classify stage stored, in Danish with its KLE code', () => {
    const text = handoverText({ ...memoRequest(), facet: aktindsigt });
    expect(text).toContain('Handlingsfacet: Aktindsigt (A53)\n');
    // The stored facet wins over what the text would suggest (the sample asks for kontanthjælp: an ansøgning).
    expect(text).not.toContain('Ansøgning');
  });

  it('detects the facet for an item classified before facets were stored, and names one without a code', () => {
    expect(handoverText(memoRequest())).toContain('Handlingsfacet: Ansøgning\n');
    const klage = memoRequest({ content: { subject: 'Klage over afgørelse om boligstøtte', body: 'Jeg klager hermed over afgørelsen om afslag på boligstøtte.' } });
    expect(handoverText(klage)).toContain('Handlingsfacet: Klage (K02)');
  });

  it('says nothing about a facet when the letter shows none', () => {
    const plain = memoRequest({ content: { subject: 'Oplysninger', body: 'Hermed mine oplysninger om adresse.' } });
    expect(handoverText(plain)).not.toContain('Handlingsfacet');
  });
});

describe('the enrichment in the summary', () => {
  it('gives the letter date, the persons and companies it is about (CPR masked), case numbers, facet and Digital Post id', () => {
    const text = handoverText(memoRequest({
      content: {
        metadata: {
          cpr: ['0905903117', '1503721848'], cvr: ['29871324', '65916169'], caseIds: [{ caseId: '2026-004711', system: 'SBSYS' }],
          memo: { messageUuid: '8c2ea15d-61fb-4ba9-9366-42f8b194c365', createdDateTime: '2026-09-07T22:30:00Z' }, kle: { activityFacet: 'G01' },
        },
      },
    }));
    expect(text).toContain('Brevdato: 08.09.2026 (fra Digital Post-meddelelsen)');
    // The sender is not repeated, and the municipality (the letter's recipient) is never a party.
    expect(text).toContain('Vedrører: CPR-nr. 150372-XXXX; CVR-nr. 29871324');
    expect(text).toContain('Sagsnumre: 2026-004711 (SBSYS)');
    expect(text).toContain('Handlingsfacet i brevet: G01');
    expect(text).toContain('Digital Post-meddelelse: 8c2ea15d-61fb-4ba9-9366-42f8b194c365');
    expect(text).not.toMatch(/1848|3117|65916169/);
  });

  it('names the persons and companies the way the letter does, the CPR serial still masked', () => {
    const text = handoverText(memoRequest({
      content: { metadata: { cpr: ['1503721848'], memo: { content: { cpr: [{ number: '1503721848', name: 'Mette Hansen', valid: true }] } } } },
    }));
    expect(text).toContain('Vedrører: Mette Hansen, CPR-nr. 150372-XXXX');
    expect(text).not.toContain('1848');
  });

  it('dates a letter without a date of its own by the day it was received, and says so', () => {
    expect(handoverText(memoRequest())).toContain('Brevdato: 08.09.2026 (modtagelsesdato)');
  });

  it('attaches an e-mail under its subject, not the IMAP UID file name', () => {
    const mail = handoverMail(memoRequest({ item: { channel: 'email', fileName: '5.eml' }, content: { channel: 'email', subject: 'Flytning/ny adresse' } }), options);
    expect(mail.original?.fileName).toBe('Flytning ny adresse.eml');
  });
});

describe('handoverMail', () => {
  it('takes the subject, CPR-masked, from the content and falls back to the file name', () => {
    expect(handoverMail(memoRequest({ content: { subject: 'Klage vedr. 0905903117' } }), options).subject).toBe('Klage vedr. 090590-XXXX');
    expect(handoverMail(memoRequest({ content: { subject: '  ' } }), options).subject).toBe('d0026.xml');
  });

  it('derives the Message-ID and headers from the transaction and attaches the blob with its type', () => {
    const mail = handoverMail(memoRequest(), options);
    expect(mail.messageId).toBe('<9b7e2d10-4a3c-4f5e-8d21-6c0a9e3b7f18@fordeler.invalid>');
    expect(mail.headers).toEqual({
      'X-Fordeler-Item': '3f2c9a4e-7b1d-4c8e-9f60-2a5b8d1e0c47',
      'X-Fordeler-Transaction': '9b7e2d10-4a3c-4f5e-8d21-6c0a9e3b7f18',
      'X-Fordeler-Destination': 'KY',
      'X-Fordeler-KLE': '32.24.04',
    });
    expect(mail.original).toEqual({ path: `/var/lib/fordeler/blobs/${SHA}`, fileName: 'd0026.xml', contentType: 'application/xml', size: 2297 });
    expect(mail.date?.toISOString()).toBe('2026-09-08T19:21:38.000Z');
  });

  it('attaches every e-mail as message/rfc822, whatever its file is called', () => {
    const mail = handoverMail(memoRequest({ item: { channel: 'email', fileName: 'besked fra borger' }, content: { channel: 'email' } }), options);
    expect(mail.original?.contentType).toBe('message/rfc822');
    expect(handoverMail(memoRequest({ item: { channel: 'scan', fileName: 'd0051.pdf' } }), options).original?.contentType).toBe('application/pdf');
  });

  it('refuses a transaction id that cannot be part of a Message-ID', () => {
    expect(() => handoverMessageId('<evil>@x')).toThrow(/Message-ID/);
  });
});
