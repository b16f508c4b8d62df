// One item as an e-mail: the caller's Danish summary as the text and the item's original attached, built
// by nodemailer's MailComposer. Used for IMAP APPEND (composeItemMessage: the whole message as bytes) and
// for SMTP (itemMailOptions: nodemailer streams the attachment from its file while sending).
import { createReadStream } from 'node:fs';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { MailComposerAttachment, MailComposerOptions } from 'nodemailer/lib/mail-composer';

export interface ItemMessageOriginal {
  /** A local file holding the original's bytes (a blob path). */
  path: string;
  fileName: string;
  /** `message/rfc822` for an e-mail: clients such as Outlook then show it as the mail it was. */
  contentType: string;
  size: number;
}

export interface ItemMessageInput {
  from: string;
  to?: string;
  subject: string;
  /** The summary, written by the caller (never the letter itself). */
  text: string;
  messageId: string;
  headers: Record<string, string>;
  original?: ItemMessageOriginal;
  /** Originals above this are not attached (mailbox quotas); the text then says where the original is. */
  maxAttachmentBytes: number;
  /** Date header; the item's received time. Default: now. */
  date?: Date;
  /** Named in the "too large" line; default the X-Fordeler-Item header. */
  itemId?: string;
}

// RFC 5322: at most 998 octets per line, CRLF only. A message/rfc822 body may not be base64-encoded
// (RFC 2046 §5.2.1), so an original that breaks these rules cannot be attached as one without altering it.
const MAX_LINE_OCTETS = 998;
const CR = 0x0d;
const LF = 0x0a;

/** The mail as nodemailer options; the original is referenced by path, so it is streamed, not loaded. */
export async function itemMailOptions(input: ItemMessageInput): Promise<MailComposerOptions> {
  const { original } = input;
  const attach = original !== undefined && original.size <= input.maxAttachmentBytes;
  const text = original && !attach ? `${input.text.trimEnd()}\n\n${tooLargeLine(input, original.size)}\n` : input.text;
  return {
    from: input.from,
    ...(input.to ? { to: input.to } : {}),
    subject: input.subject,
    text,
    messageId: input.messageId,
    date: input.date ?? new Date(),
    headers: input.headers,
    attachments: attach ? [await attachment(original)] : [],
    // CRLF throughout: IMAP servers store what they are given, and some refuse bare LF.
    newline: 'windows',
  };
}

/** The complete RFC 5322 message, for IMAP APPEND. */
export async function composeItemMessage(input: ItemMessageInput): Promise<Buffer> {
  return new MailComposer(await itemMailOptions(input)).compile().build();
}

async function attachment(original: ItemMessageOriginal): Promise<MailComposerAttachment> {
  const base = { path: original.path, filename: original.fileName, contentDisposition: 'attachment' };
  if (original.contentType.toLowerCase() !== 'message/rfc822') return { ...base, contentType: original.contentType };
  const encoding = await messageEncoding(original.path);
  // A malformed .eml (NUL bytes, bare CR, overlong lines) still arrives byte for byte, as a file the
  // client opens by its .eml name, instead of being silently altered inside a message/rfc822 part.
  if (!encoding) return { ...base, contentType: 'application/octet-stream', contentTransferEncoding: 'base64' };
  return { ...base, contentType: 'message/rfc822', contentTransferEncoding: encoding };
}

/** '7bit' or '8bit' when the file can travel unencoded as message/rfc822; undefined when it cannot. */
export async function messageEncoding(path: string): Promise<'7bit' | '8bit' | undefined> {
  let eightBit = false;
  let lineOctets = 0;
  let previous = -1;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    for (const byte of chunk) {
      if (byte === 0 || (previous === CR && byte !== LF)) return undefined;
      // A bare LF passes: the CRLF conversion of the whole message turns it into a line break.
      if (byte === LF) lineOctets = 0;
      else if (byte !== CR && ++lineOctets > MAX_LINE_OCTETS) return undefined;
      if (byte >= 0x80) eightBit = true;
      previous = byte;
    }
  }
  if (previous === CR) return undefined;
  return eightBit ? '8bit' : '7bit';
}

function tooLargeLine(input: ItemMessageInput, size: number): string {
  const mb = (size / (1024 * 1024)).toLocaleString('da-DK', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const itemId = input.itemId ?? input.headers['X-Fordeler-Item'];
  const where = itemId ? `den opbevares i Fordeler (fordeler trace ${itemId})` : 'den opbevares i Fordeler';
  return `Den oprindelige post (${mb} MB) er for stor til at blive vedhæftet; ${where}.`;
}
