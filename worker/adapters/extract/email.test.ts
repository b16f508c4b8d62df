import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExtractedContent } from '../../../core/model.js';
import { LimitExceededError } from '../../../core/errors.js';
import { createContentExtractor } from './index.js';
import { FIXTURES, fakeDocuments, tempStore, type FakeDocuments, type TempStore } from './test-support.js';

let store: TempStore;
let documents: FakeDocuments;

beforeEach(async () => {
  store = await tempStore();
  documents = fakeDocuments();
});
afterEach(() => store.cleanup());

async function extractFixture(name: string): Promise<ExtractedContent> {
  const extractor = createContentExtractor({ blobs: store.blobs, documents });
  return extractor.extract({ channel: 'email', fileName: name, blob: await store.putFile(join(FIXTURES, name)) });
}

async function extractText(eml: string, limits = {}): Promise<ExtractedContent> {
  const extractor = createContentExtractor({ blobs: store.blobs, documents, limits });
  return extractor.extract({ channel: 'email', fileName: 'test.eml', blob: await store.put(eml.replace(/\n/g, '\r\n')) });
}

describe('e-mail extraction (DEV corpus)', () => {
  it('reads a plain-text mail with RFC 2047 headers (d0052, a reply)', async () => {
    const content = await extractFixture('d0052.eml');
    expect(content.channel).toBe('email');
    expect(content.subject).toMatch(/^Sv: Partshøring – påtænkt/);
    expect(content.sender).toMatchObject({ idType: 'EMAIL', name: 'Jørgen Claus Damgaard' });
    expect(content.sender.email).toMatch(/^joergen\.da.*@/);
    expect(content.bodySource).toBe('plain');
    expect(content.metadata.messageId).toMatch(/^<.+@.+>$/);
    expect(content.metadata.date).toMatch(/^2026-\d\d-\d\dT/);
    expect(content.warnings).toEqual([]);
  });

  it('converts an HTML-only mail to text without markup (d0042)', async () => {
    const content = await extractFixture('d0042.eml');
    expect(content.bodySource).toBe('html');
    expect(content.body).toContain('Vores nabo på Smedestræde 1 har anskaffet 8 høns og en hane');
    expect(content.body).not.toMatch(/<\/?(p|div|span)\b/i);
    expect(content.body).not.toMatch(/\n\s*\n\s*\n/);
    expect(content.recipients).toEqual([{ id: 'teknik-miljoe@noerreaa.dk', idType: 'EMAIL', email: 'teknik-miljoe@noerreaa.dk', name: 'Teknik og Miljø' }]);
  });

  it('decodes an ISO-8859-1 body (d0045)', async () => {
    const content = await extractFixture('d0045.eml');
    expect(content.subject).toBe('Ejendomsskattebillet 2026 - forkert gebyr');
    expect(content.body).toContain('På min ejendomsskattebillet for sommerhuset');
    expect(content.body).toContain('helårshus');
    expect(content.body).not.toContain('\uFFFD');
  });

  it('prefers the text/plain alternative over the base64 HTML part (d0013)', async () => {
    const content = await extractFixture('d0013.eml');
    expect(content.bodySource).toBe('plain');
    expect(content.subject).toBe('Aflysning af samtale torsdag');
    expect(content.body.length).toBeGreaterThan(50);
    expect(content.attachments).toEqual([]);
  });

  it('decodes a folded, encoded From name and a multipart/alternative body (d0014, d0016)', async () => {
    const d0014 = await extractFixture('d0014.eml');
    expect(d0014.sender.name).toBe('Jørgen Søren Rasmussen');
    expect(d0014.body).toContain('Jeg underretter hermed om');
    const d0016 = await extractFixture('d0016.eml');
    expect(d0016.subject).toBe('Stort hul i vejen på Kirkevej');
    expect(d0016.bodySource).toBe('plain');
  });

  it('reads an attachment-only mail: empty body, the PDF streamed to the blob store and read (d0009)', async () => {
    const content = await extractFixture('d0009.eml');
    expect(content.body).toBe('');
    expect(content.bodySource).toBe('none');
    expect(content.subject).toBeUndefined();
    expect(content.attachments).toHaveLength(1);
    const [pdf] = content.attachments;
    expect(pdf).toMatchObject({ name: 'Scan_20261009.pdf', mimeType: 'application/pdf', textSource: 'text-layer', text: 'Tekst fra PDF-filen Scan_20261009.pdf' });
    expect(pdf!.blob!.size).toBe(pdf!.size);
    expect((await readFile(store.blobs.pathOf(pdf!.blob!.sha256))).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(documents.calls).toEqual([
      { name: 'Scan_20261009.pdf', mimeType: 'application/pdf', size: pdf!.size, path: store.blobs.pathOf(pdf!.blob!.sha256), head: '%PDF-1.3' },
    ]);
  });

  it('keeps a .docx attachment without text and reads the PDF next to it (d0077)', async () => {
    const content = await extractFixture('d0077.eml');
    expect(content.attachments.map((a) => [a.name, a.textSource])).toEqual([
      ['Ansøgning Gitte Jørgensen.docx', 'none'],
      ['CV_joergensen.pdf', 'text-layer'],
    ]);
    expect(content.attachments[0]!.blob!.size).toBeGreaterThan(0);
    expect(documents.calls.map((call) => call.name)).toEqual(['CV_joergensen.pdf']);
  });
});

const FORWARDED = `From: Jens Hansen <jens@example.dk>
To: post@noerreaa.dk
Subject: VS: Rotter i baghaven
Message-ID: <fwd-1@example.dk>
In-Reply-To: <orig-1@example.dk>
Date: Mon, 5 Oct 2026 10:00:00 +0200
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="outer"

--outer
Content-Type: text/plain; charset=utf-8

Se den videresendte mail nedenfor.
--outer
Content-Type: message/rfc822; name="Rotter.eml"
Content-Disposition: attachment; filename="Rotter.eml"

From: Naboen <nabo@example.dk>
Subject: Rotter i baghaven
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="inner"

--inner
Content-Type: text/plain; charset=iso-8859-1
Content-Transfer-Encoding: quoted-printable

Der l=F8ber rotter rundt ved skraldespanden.
--inner
Content-Type: application/pdf
Content-Disposition: attachment; filename*=utf-8''..%2F..%2Fetc%2Fbilled%C3%A6.pdf
Content-Transfer-Encoding: base64

JVBERi0xLjQKJeLjz9MKdHJhaWxlcjw8Pj4KJSVFT0YK
--inner--
--outer--
`;

describe('e-mail extraction (structure)', () => {
  it('opens an attached message/rfc822 and flattens its text and attachments with a depth', async () => {
    const content = await extractText(FORWARDED);
    expect(content.subject).toBe('VS: Rotter i baghaven');
    expect(content.metadata).toMatchObject({ messageId: '<fwd-1@example.dk>', inReplyTo: '<orig-1@example.dk>', date: '2026-10-05T08:00:00.000Z' });
    expect(content.body).toBe('Se den videresendte mail nedenfor.');
    expect(content.attachments.map((a) => ({ name: a.name, mimeType: a.mimeType, depth: a.depth, textSource: a.textSource }))).toEqual([
      { name: 'Rotter.eml', mimeType: 'message/rfc822', depth: undefined, textSource: 'plain' },
      // RFC 2231 name decoded, path components removed
      { name: 'Rotter.eml/billedæ.pdf', mimeType: 'application/pdf', depth: 1, textSource: 'text-layer' },
    ]);
    expect(content.attachments[0]!.text).toBe('Rotter i baghaven\n\nDer løber rotter rundt ved skraldespanden.');
  });

  it('does not open attached messages beyond the depth limit, and says so', async () => {
    const content = await extractText(FORWARDED, { maxMessageDepth: 0 });
    expect(content.attachments).toHaveLength(1);
    expect(content.attachments[0]).toMatchObject({ name: 'Rotter.eml', textSource: 'none', text: '' });
    expect(content.warnings.map((w) => w.code)).toEqual(['extract.message_depth_limit']);
  });

  it('records an unreadable attachment as its problem and keeps the mail', async () => {
    const eml = FORWARDED.replace('JVBERi0xLjQKJeLjz9MKdHJhaWxlcjw8Pj4KJSVFT0YK', Buffer.from('%PDF-1.7\n/Encrypt 5 0 R\n').toString('base64'));
    const content = await extractText(eml);
    const pdf = content.attachments.find((a) => a.mimeType === 'application/pdf')!;
    expect(pdf.problem).toEqual({ code: 'extract.pdf_encrypted', message: 'PDF is password-protected' });
    expect(pdf.textSource).toBe('none');
    expect(content.body).toBe('Se den videresendte mail nedenfor.');
  });

  it('stops storing attachments at the limit and warns', async () => {
    const parts = Array.from({ length: 5 }, (_, i) => `--b\nContent-Type: text/plain; charset=utf-8\nContent-Disposition: attachment; filename="bilag-${i}.txt"\n\nBilag nummer ${i}\n`).join('');
    const content = await extractText(`From: a@example.dk\nSubject: Bilag\nContent-Type: multipart/mixed; boundary="b"\n\n${parts}--b--\n`, { maxAttachments: 3 });
    expect(content.attachments.map((a) => a.name)).toEqual(['bilag-0.txt', 'bilag-1.txt', 'bilag-2.txt']);
    expect(content.attachments[1]).toMatchObject({ text: 'Bilag nummer 1', textSource: 'plain' });
    expect(content.warnings).toEqual([expect.objectContaining({ code: 'extract.attachment_limit', data: { skipped: 2, limit: 3 } })]);
  });

  it('rejects a mail over the size limit before parsing it', async () => {
    const error = await extractText(FORWARDED, { maxEmailBytes: 100 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LimitExceededError);
    expect(error).toMatchObject({ code: 'email_too_large' });
  });

  it('turns mailparser limit errors into specific bad-input errors', async () => {
    const nested = Array.from({ length: 3000 }, (_, i) => `Content-Type: multipart/mixed; boundary="b${i}"\n\n--b${i}\n`).join('');
    const error = await extractText(`From: a@example.dk\n${nested}Content-Type: text/plain\n\nhej\n`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LimitExceededError);
    expect(error).toMatchObject({ code: 'mime_too_many_parts' });
  });
});

describe('raw 8-bit headers (mails written by Python\'s email package, test/fixtures/mail-8bit/make.py)', () => {
  const MAIL_8BIT = new URL('../../../test/fixtures/mail-8bit/', import.meta.url).pathname;
  const extract8bit = async (name: string): Promise<ExtractedContent> => {
    const extractor = createContentExtractor({ blobs: store.blobs, documents });
    return extractor.extract({ channel: 'email', fileName: name, blob: await store.putFile(join(MAIL_8BIT, name)) });
  };
  const SENDER = { idType: 'EMAIL', email: 'soeren@borger.example', name: 'Søren Ærø' };

  it('reads a raw ISO-8859-1 Subject and From by the charset of the body', async () => {
    const content = await extract8bit('latin1-subject.eml');
    expect(content.subject).toBe('Ansøgning om kontanthjælp');
    expect(content.sender).toMatchObject(SENDER);
    expect(content.recipients).toEqual([{ id: 'post@kommune.example', idType: 'EMAIL', email: 'post@kommune.example', name: 'Borgerservice' }]);
    expect(content.body).toContain('søge om kontanthjælp fra næste måned');
    expect(content.metadata).toMatchObject({ messageId: '<latin1-subject@fixtures.fordeler.test>', date: '2026-12-04T08:15:00.000Z' });
    expect(content.warnings).toEqual([]);
  });

  it('reads windows-1252 punctuation (dash, quotes) by the declared charset', async () => {
    const content = await extract8bit('cp1252-subject.eml');
    expect(content.subject).toBe('Ansøgning om kontanthjælp – “hurtigt”');
    expect(content.sender).toMatchObject(SENDER);
    expect(content.warnings).toEqual([]);
  });

  it('takes the charset of the first text part of a multipart mail', async () => {
    const content = await extract8bit('latin1-multipart.eml');
    expect(content.subject).toBe('Ansøgning om kontanthjælp');
    expect(content.sender).toMatchObject(SENDER);
    expect(content.warnings).toEqual([]);
  });

  it('falls back to windows-1252 with a warning when no charset fits', async () => {
    const content = await extract8bit('undeclared-8bit.eml');
    expect(content.subject).toBe('Ansøgning om kontanthjælp');
    expect(content.sender).toMatchObject(SENDER);
    expect(content.warnings).toEqual([
      expect.objectContaining({ code: 'extract.header_charset_fallback', data: { headers: ['from', 'subject'], charset: 'windows-1252', declared: 'us-ascii' } }),
    ]);
  });

  it('keeps raw UTF-8 headers UTF-8 even when the body is ISO-8859-1', async () => {
    const content = await extract8bit('utf8-raw-subject.eml');
    expect(content.subject).toBe('Ansøgning om kontanthjælp');
    expect(content.sender).toMatchObject(SENDER);
    expect(content.body).toContain('søge om kontanthjælp');
    expect(content.warnings).toEqual([]);
  });

  it('still decodes RFC 2047 encoded words next to raw Latin-1 bytes', async () => {
    const eml = Buffer.from(
      'From: =?utf-8?Q?S=C3=B8ren?= \xC6r\xF8 <soeren@borger.example>\r\nSubject: Ans\xF8gning om =?utf-8?Q?kontanthj=C3=A6lp?=\r\n' +
        'Content-Type: text/plain; charset=iso-8859-1\r\n\r\nHej\r\n',
      'latin1',
    );
    const extractor = createContentExtractor({ blobs: store.blobs, documents });
    const content = await extractor.extract({ channel: 'email', fileName: 'mixed.eml', blob: await store.put(eml) });
    expect(content.subject).toBe('Ansøgning om kontanthjælp');
    expect(content.sender).toMatchObject(SENDER);
  });
});
