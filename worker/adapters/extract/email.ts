// E-mail (.eml) → ExtractedContent. Attached messages (message/rfc822) are opened up to a depth
// limit and flattened: their text becomes the text of the attachment, their own attachments follow
// it with path-like names ("Videresendt.eml/Faktura.pdf") and a depth.
import { stat } from 'node:fs/promises';
import type { EmailAddress, Headers } from 'mailparser';
import type { BlobRef, ExtractedAttachment, ExtractedContent, ItemMetadata, MailSignals, Party, Reason, TextSource } from '../../../core/model.js';
import { LimitExceededError, isBadInput } from '../../../core/errors.js';
import { describeFile, extensionFor, normalizeMimeType, sanitizeFileName, type ExtractContext, type StoredFile } from './files.js';
import { mailSignals } from './mail-signals.js';
import { parseMime, type ParsedMime } from './mime-parse.js';
import { decodeRawHeaders } from './raw-headers.js';
import { clipText, htmlToText } from './text.js';

const MAX_SUBJECT = 1000;

interface Message {
  headers: Headers;
  body: string;
  bodySource: TextSource;
  attachments: ExtractedAttachment[];
  /** Headers, content type and links the junk detector reads (classifiers/junk.ts). */
  signals: MailSignals;
}

/** Shared by a message and the messages attached to it: the attachment cap counts them all. */
interface Budget {
  attachmentsLeft: number;
}

export async function extractEmail(ctx: ExtractContext, blob: BlobRef): Promise<ExtractedContent> {
  const path = ctx.blobs.pathOf(blob.sha256);
  const { size } = await stat(path);
  if (size > ctx.limits.maxEmailBytes) {
    throw new LimitExceededError('email_too_large', `the e-mail is ${size} bytes (limit ${ctx.limits.maxEmailBytes})`, {
      bytes: size,
      limit: ctx.limits.maxEmailBytes,
    });
  }
  const warnings: Reason[] = [];
  const message = await readMessage(ctx, path, 0, '', { attachmentsLeft: ctx.limits.maxAttachments }, warnings);
  const { headers } = message;
  const sender = firstAddress(headers.get('from')) ?? firstAddress(headers.get('sender'));
  if (!sender) warnings.push({ code: 'extract.email_sender_missing', message: 'the e-mail has no usable From address' });
  const subject = stringHeader(headers, 'subject');
  return {
    channel: 'email',
    ...(subject ? { subject: subject.slice(0, MAX_SUBJECT) } : {}),
    sender: sender ? toParty(sender) : {},
    recipients: [...addresses(headers.get('to')), ...addresses(headers.get('cc'))].map(toParty),
    body: message.body,
    bodySource: message.bodySource,
    attachments: message.attachments,
    metadata: { ...metadataOf(headers), mail: message.signals },
    warnings,
  };
}

async function readMessage(
  ctx: ExtractContext,
  path: string,
  depth: number,
  prefix: string,
  budget: Budget,
  warnings: Reason[],
): Promise<Message> {
  const mime = await parseMime(path, { blobs: ctx.blobs, maxParts: budget.attachmentsLeft, timeoutMs: ctx.limits.parseTimeoutMs });
  budget.attachmentsLeft -= mime.parts.length;
  if (mime.skipped > 0) {
    warnings.push({
      code: 'extract.attachment_limit',
      message: `${mime.skipped} attachment(s) skipped: at most ${ctx.limits.maxAttachments} are read per item`,
      data: { skipped: mime.skipped, limit: ctx.limits.maxAttachments },
    });
  }
  const attachments: ExtractedAttachment[] = [];
  for (const [index, part] of mime.parts.entries()) {
    const name = sanitizeFileName(part.fileName, `attachment-${index + 1}${extensionFor(part.contentType)}`);
    const file: StoredFile = {
      name: prefix ? `${prefix}/${name}` : name,
      mimeType: normalizeMimeType(part.contentType, name),
      blob: part.blob,
      ...(part.charset ? { charset: part.charset } : {}),
      depth,
    };
    if (file.mimeType === 'message/rfc822') attachments.push(...(await readAttachedMessage(ctx, file, depth, budget, warnings)));
    // Images embedded in an HTML body are logos and signatures: not worth OCR.
    else if (part.related && file.mimeType.startsWith('image/')) attachments.push(withoutText(file));
    else attachments.push(await describeFile(ctx, file, warnings));
  }
  const headers = await decodeRawHeaders(mime.headers, mime.headerLines, path, warnings);
  const signals = mailSignals(mime.headerLines, mime.html, ctx.limits.maxHtmlChars);
  return { headers, ...bodyOf(mime, ctx, warnings, prefix), attachments, signals };
}

async function readAttachedMessage(
  ctx: ExtractContext,
  file: StoredFile,
  depth: number,
  budget: Budget,
  warnings: Reason[],
): Promise<ExtractedAttachment[]> {
  if (depth + 1 > ctx.limits.maxMessageDepth) {
    warnings.push({
      code: 'extract.message_depth_limit',
      message: `attached message ${file.name} not opened: messages are opened ${ctx.limits.maxMessageDepth} levels deep`,
      data: { file: file.name, limit: ctx.limits.maxMessageDepth },
    });
    return [withoutText(file)];
  }
  try {
    const inner = await readMessage(ctx, ctx.blobs.pathOf(file.blob.sha256), depth + 1, file.name, budget, warnings);
    const text = [stringHeader(inner.headers, 'subject'), inner.body].filter(Boolean).join('\n\n');
    return [{ ...withoutText(file), text, textSource: inner.bodySource }, ...inner.attachments];
  } catch (error) {
    if (!isBadInput(error)) throw error;
    return [{ ...withoutText(file), problem: error.toReason('extract') }];
  }
}

function bodyOf(mime: ParsedMime, ctx: ExtractContext, warnings: Reason[], prefix: string): { body: string; bodySource: TextSource } {
  const what = prefix ? `the text of ${prefix}` : 'the e-mail body';
  const plain = mime.text?.trim();
  if (plain) return { body: clipText(plain, ctx.limits.maxTextChars, what, warnings), bodySource: 'plain' };
  if (!mime.html?.trim()) return { body: '', bodySource: 'none' };
  const { text, truncated } = htmlToText(mime.html, ctx.limits.maxHtmlChars);
  if (truncated) {
    warnings.push({
      code: 'extract.html_truncated',
      message: `only the first ${ctx.limits.maxHtmlChars} characters of the HTML of ${what} were read`,
    });
  }
  return { body: clipText(text, ctx.limits.maxTextChars, what, warnings), bodySource: 'html' };
}

function withoutText(file: StoredFile): ExtractedAttachment {
  const { name, mimeType, blob, depth } = file;
  return { name, mimeType, blob, size: blob.size, text: '', textSource: 'none', ...(depth ? { depth } : {}) };
}

function metadataOf(headers: Headers): ItemMetadata {
  const date = headers.get('date');
  const messageId = stringHeader(headers, 'message-id');
  const inReplyTo = stringHeader(headers, 'in-reply-to');
  return {
    ...(messageId ? { messageId } : {}),
    ...(date instanceof Date && !Number.isNaN(date.getTime()) ? { date: date.toISOString() } : {}),
    ...(inReplyTo ? { inReplyTo } : {}),
  };
}

function stringHeader(headers: Headers, name: string): string | undefined {
  const value = headers.get(name);
  const text = (Array.isArray(value) ? value[0] : value) as unknown;
  return typeof text === 'string' && text.trim() ? text.trim() : undefined;
}

/** Mailboxes of an address header, groups flattened. */
function addresses(value: unknown): EmailAddress[] {
  const objects = (Array.isArray(value) ? value : [value]) as unknown[];
  const found: EmailAddress[] = [];
  const visit = (entry: EmailAddress): void => {
    if (entry.group) entry.group.forEach(visit);
    else if (entry.address) found.push(entry);
  };
  for (const object of objects) {
    if (object && typeof object === 'object' && 'value' in object && Array.isArray(object.value)) {
      (object.value as EmailAddress[]).forEach(visit);
    }
  }
  return found;
}

function firstAddress(value: unknown): EmailAddress | undefined {
  return addresses(value)[0];
}

function toParty(address: EmailAddress): Party {
  const email = (address.address ?? '').trim().toLowerCase();
  const name = address.name.trim();
  return { id: email, idType: 'EMAIL', email, ...(name ? { name } : {}) };
}
