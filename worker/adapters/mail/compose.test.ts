import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeItemMessage, itemMailOptions, messageEncoding, type ItemMessageInput, type ItemMessageOriginal } from './compose.js';

const SAMPLES = new URL('../../../samples/post/', import.meta.url).pathname;
const ITEM_ID = '3f2c9a4e-7b1d-4c8e-9f60-2a5b8d1e0c47';
const TRANSACTION_ID = '9b7e2d10-4a3c-4f5e-8d21-6c0a9e3b7f18';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'compose-test-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function original(path: string, contentType: string, fileName = path.split('/').at(-1)!): Promise<ItemMessageOriginal> {
  return { path, fileName, contentType, size: (await stat(path)).size };
}

function input(overrides: Partial<ItemMessageInput> = {}): ItemMessageInput {
  return {
    from: 'Fordeler <fordeler@noerreaa.dk>',
    to: 'jobcenter@noerreaa.dk',
    subject: 'Sygedagpenge - mangler udbetaling',
    text: 'Fordeler har fordelt denne post til KSD.\n\nModtaget: 06.10.2026 kl. 18.34 som e-mail\nKLE: 32.30.04 (sikkerhed 91 %)\n',
    messageId: `<${TRANSACTION_ID}@fordeler.invalid>`,
    headers: { 'X-Fordeler-Item': ITEM_ID, 'X-Fordeler-Transaction': TRANSACTION_ID },
    maxAttachmentBytes: 25 * 1024 * 1024,
    date: new Date('2026-10-06T16:34:48Z'),
    ...overrides,
  };
}

const parse = async (message: ItemMessageInput): Promise<ParsedMail> => simpleParser(await composeItemMessage(message));

describe('composeItemMessage', () => {
  it('writes the headers, the Danish text and a .eml original as message/rfc822, byte for byte', async () => {
    const path = join(SAMPLES, 'd0055.eml');
    const parsed = await parse(input({ subject: 'Sygedagpenge – søgt igen, vær venlig', original: await original(path, 'message/rfc822') }));
    expect(parsed.messageId).toBe(`<${TRANSACTION_ID}@fordeler.invalid>`);
    expect(parsed.subject).toBe('Sygedagpenge – søgt igen, vær venlig');
    expect(parsed.from?.value).toEqual([{ name: 'Fordeler', address: 'fordeler@noerreaa.dk' }]);
    expect(parsed.date?.toISOString()).toBe('2026-10-06T16:34:48.000Z');
    expect(parsed.headers.get('x-fordeler-item')).toBe(ITEM_ID);
    expect(parsed.headers.get('x-fordeler-transaction')).toBe(TRANSACTION_ID);
    expect(parsed.text).toContain('KLE: 32.30.04 (sikkerhed 91 %)');
    expect(parsed.attachments).toHaveLength(1);
    const [attached] = parsed.attachments;
    expect(attached).toMatchObject({ contentType: 'message/rfc822', filename: 'd0055.eml', contentDisposition: 'attachment' });
    expect(attached!.content.equals(await readFile(path))).toBe(true);
  });

  it('attaches a scanned PDF as application/pdf', async () => {
    const path = join(SAMPLES, 'd0051.pdf');
    const parsed = await parse(input({ original: await original(path, 'application/pdf') }));
    expect(parsed.attachments.map((a) => a.contentType)).toEqual(['application/pdf']);
    expect(parsed.attachments[0]!.content.equals(await readFile(path))).toBe(true);
  });

  it('attaches an original of exactly the limit, and leaves out one byte more with a line saying where it is', async () => {
    const path = join(SAMPLES, 'd0019.eml');
    const attachedOriginal = await original(path, 'message/rfc822');
    const atLimit = await parse(input({ original: attachedOriginal, maxAttachmentBytes: attachedOriginal.size }));
    expect(atLimit.attachments).toHaveLength(1);

    const tooLarge = await parse(input({ original: attachedOriginal, maxAttachmentBytes: attachedOriginal.size - 1 }));
    expect(tooLarge.attachments).toHaveLength(0);
    expect(tooLarge.text).toContain('KLE: 32.30.04');
    expect(tooLarge.text).toContain(`Den oprindelige post (0,1 MB) er for stor til at blive vedhæftet; den opbevares i Fordeler (fordeler trace ${ITEM_ID}).`);
  });

  it('attaches nothing when there is no original', async () => {
    const parsed = await parse(input());
    expect(parsed.attachments).toHaveLength(0);
    expect(parsed.text).not.toContain('for stor');
  });

  it('keeps an 8-bit e-mail unencoded and intact', async () => {
    const path = join(dir, 'ottebit.eml');
    const mail = [
      'From: Søren Bøgh <soeren.boegh@example.dk>',
      'To: borgerservice@noerreaa.dk',
      'Subject: Flytning til Ålborg',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      'Hej, jeg flytter den 1. november fra Æblehaven 3 i Nørreå til Ålborg. Hvad skal jeg gøre?',
      '',
    ].join('\r\n');
    await writeFile(path, mail, 'utf8');
    expect(await messageEncoding(path)).toBe('8bit');
    const parsed = await parse(input({ original: await original(path, 'message/rfc822') }));
    expect(parsed.attachments[0]!.contentType).toBe('message/rfc822');
    expect(parsed.attachments[0]!.content.toString('utf8')).toBe(mail);
  });

  it('canonicalises an .eml with bare LF line ends to CRLF (the form an e-mail travels in)', async () => {
    const crlf = await readFile(join(SAMPLES, 'd0005.eml'));
    const path = join(dir, 'lf.eml');
    await writeFile(path, crlf.toString('latin1').replace(/\r\n/g, '\n'), 'latin1');
    const parsed = await parse(input({ original: await original(path, 'message/rfc822') }));
    expect(parsed.attachments[0]!.contentType).toBe('message/rfc822');
    expect(parsed.attachments[0]!.content.equals(crlf)).toBe(true);
  });

  it('sends a malformed .eml (a bare CR) base64-encoded and unaltered rather than as message/rfc822', async () => {
    const path = join(dir, 'skaev.eml');
    const bytes = Buffer.from(`Subject: Klage over skraldespand\r\n\r\nLinje med\rCR alene fra en gammel scanner-mail\r\n`, 'utf8');
    await writeFile(path, bytes);
    expect(await messageEncoding(path)).toBeUndefined();
    const raw = await composeItemMessage(input({ original: await original(path, 'message/rfc822') }));
    // mailparser reports the type it guesses from the .eml name, so look at the part header itself.
    expect(raw.toString('latin1')).toMatch(/Content-Type: application\/octet-stream; name=skaev\.eml\r\nContent-Transfer-Encoding: base64/);
    expect(raw.toString('latin1')).not.toContain('message/rfc822');
    const parsed = await simpleParser(raw);
    expect(parsed.attachments[0]!.content.equals(bytes)).toBe(true);
  });
});

describe('itemMailOptions', () => {
  it('refers to the original by path, so SMTP streams it instead of loading it', async () => {
    const path = join(SAMPLES, 'd0056.pdf');
    const options = await itemMailOptions(input({ original: await original(path, 'application/pdf') }));
    expect(options.attachments).toEqual([expect.objectContaining({ path, filename: 'd0056.pdf' })]);
    expect(options.attachments?.[0]).not.toHaveProperty('content');
  });
});

describe('messageEncoding', () => {
  it('finds 7bit for a quoted-printable sample mail', async () => {
    expect(await messageEncoding(join(SAMPLES, 'd0014.eml'))).toBe('7bit');
  });

  it('refuses a line longer than 998 octets (500 × ø is 1000 octets in UTF-8)', async () => {
    const path = join(dir, 'lang.eml');
    await writeFile(path, `Subject: Ansøgning\r\n\n${'ø'.repeat(499)}\r\n`, 'utf8');
    expect(await messageEncoding(path)).toBe('8bit');
    await writeFile(path, `Subject: Ansøgning\r\n\n${'ø'.repeat(500)}\r\n`, 'utf8');
    expect(await messageEncoding(path)).toBeUndefined();
  });

  it('refuses a NUL byte', async () => {
    const path = join(dir, 'nul.eml');
    await writeFile(path, Buffer.from('Subject: Ansøgning\r\n\r\nTekst\0\r\n', 'utf8'));
    expect(await messageEncoding(path)).toBeUndefined();
  });
});
