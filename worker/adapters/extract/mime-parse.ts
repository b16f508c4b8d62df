// Streaming MIME parse with mailparser: headers and text kept, every attachment streamed straight
// into the blob store (never held whole). mailparser's own HTML→text is skipped (it blew up on
// hostile HTML); the caller converts with limits. Parsing is linear and mailsplit caps header size
// and part count itself (measured on the hostile corpus), so it runs in-process; a timeout guards
// against a stalled stream.
import { createReadStream } from 'node:fs';
import { MailParser, type AttachmentStream, type HeaderLines, type Headers, type MessageText } from 'mailparser';
import type { BlobRef } from '../../../core/model.js';
import type { BlobStore } from '../../../core/ports.js';
import { BadInputError, LimitExceededError } from '../../../core/errors.js';

export interface MimePart {
  /** The file name as given by the sender (RFC 2047/2231 decoded), not yet sanitized. */
  fileName?: string;
  contentType: string;
  charset?: string;
  blob: BlobRef;
  /** An inline part of a multipart/related HTML body (logo, signature image). */
  related: boolean;
}

export interface ParsedMime {
  headers: Headers;
  /** The raw header lines of the message, one char per byte (see raw-headers.ts). */
  headerLines: HeaderLines;
  text?: string;
  html?: string;
  parts: MimePart[];
  /** Attachments over `maxParts` that were read past and not stored. */
  skipped: number;
}

export interface MimeParseOptions {
  blobs: BlobStore;
  maxParts: number;
  timeoutMs: number;
}

export function parseMime(path: string, options: MimeParseOptions): Promise<ParsedMime> {
  return new Promise<ParsedMime>((resolve, reject) => {
    const input = createReadStream(path);
    const parser = new MailParser({ skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true, checksumAlgo: false });
    const result: ParsedMime = { headers: new Map(), headerLines: [], parts: [], skipped: 0 };
    const stored: Promise<void>[] = [];
    let accepted = 0;
    let settled = false;
    const finish = (error?: unknown): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error === undefined) return resolve(result);
      input.destroy();
      parser.destroy();
      reject(error);
    };
    const timer = setTimeout(
      () => finish(new LimitExceededError('email_parse_timeout', `parsing the e-mail took longer than ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );

    parser.on('headers', (headers: Headers) => {
      result.headers = headers;
    });
    parser.on('headerLines', (lines: HeaderLines) => {
      result.headerLines = lines;
    });
    parser.on('data', (data: AttachmentStream | MessageText) => {
      if (data.type === 'text') {
        if (data.text !== undefined) result.text = data.text;
        if (data.html !== undefined) result.html = data.html;
        return;
      }
      if (accepted >= options.maxParts) {
        // over the limit: mailparser drains a released attachment by itself
        result.skipped++;
        data.release?.();
        return;
      }
      const storing = store(data, accepted++);
      // handled by Promise.all at the end; this keeps a failure after an early abort from being unhandled
      storing.catch(() => undefined);
      stored.push(storing);
    });
    parser.on('end', () => {
      Promise.all(stored).then(() => finish(), finish);
    });
    parser.on('error', (error: Error) => finish(mimeError(error)));
    input.on('error', finish);
    input.pipe(parser);

    async function store(data: AttachmentStream, index: number): Promise<void> {
      try {
        const blob = await options.blobs.put(data.content);
        const charset = contentTypeParam(data.headers, 'charset');
        result.parts[index] = {
          ...(data.filename ? { fileName: data.filename } : {}),
          contentType: data.contentType,
          ...(charset ? { charset } : {}),
          blob,
          related: data.related === true,
        };
      } finally {
        data.release?.();
      }
    }
  });
}

function contentTypeParam(headers: Headers, name: string): string | undefined {
  const value = headers.get('content-type');
  if (!value || typeof value !== 'object' || !('params' in value)) return undefined;
  const param = (value.params as Record<string, string | undefined>)[name];
  return param?.trim() || undefined;
}

/** mailsplit's limit errors become limits; anything else from the parser is malformed input. */
function mimeError(error: Error): BadInputError {
  const message = error.message.slice(0, 200);
  if (/child nodes/i.test(message)) return new LimitExceededError('mime_too_many_parts', `the e-mail has too many MIME parts: ${message}`);
  if (/header size/i.test(message)) return new LimitExceededError('mime_header_too_large', `an e-mail header block is too large: ${message}`);
  return new BadInputError('mime_malformed', `invalid MIME structure: ${message}`);
}
