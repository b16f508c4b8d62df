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
