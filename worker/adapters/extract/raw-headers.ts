// Raw 8-bit header values (no RFC 2047 encoding) that are not UTF-8: legacy clients write Subject
// and From in the message's own charset, and mailparser reads every raw header as UTF-8, so
// "Ansøgning" came out as "Ans�gning" and content rules on the subject missed. Such lines are
// decoded by the message's declared charset (top-level, else the first text part's), else as
// windows-1252 with a warning; then the header block is parsed again by mailparser as UTF-8, so
// encoded words and address parsing keep mailparser's own rules. Valid UTF-8 lines stay as they are.
// The bytes are decoded by mailparser's own body decoder (libmime: charset aliases, UTF-7 refused)
// through a one-part message: Node's TextDecoder reads windows-1252 as ISO-8859-1 (– became U+0096).
import { readFileHead } from '../file-head.js';
import { simpleParser, type HeaderLines, type Headers } from 'mailparser';
import type { Reason } from '../../../core/model.js';

export const FALLBACK_CHARSET = 'windows-1252';
/** How much of the file is searched for the first text part's charset (mailsplit caps a header block far below this). */
const HEAD_BYTES = 64 * 1024;
/** Charset names that cannot explain 8-bit bytes already known not to be UTF-8, or that are not ASCII-compatible. */
const UNUSABLE = /^(utf-?\d+|unicode.*|ucs-?\d.*|(us-?)?ascii|ansi_x3\.4-1968|iso646-us)$/i;
const CHARSET_NAME = /^[A-Za-z0-9._:+-]{1,40}$/;
const PARSE_OPTIONS = { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true, checksumAlgo: false } as const;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** True when the raw bytes have a byte above 0x7F and are not valid UTF-8. */
export function isRaw8bitNonUtf8(bytes: Uint8Array): boolean {
  if (!bytes.some((byte) => byte > 0x7f)) return false;
  try {
    strictUtf8.decode(bytes);
    return false;
  } catch {
    return true;
  }
}

/** The declared charset when it can explain 8-bit non-UTF-8 header bytes, else undefined. */
export function usableCharset(charset: string | undefined): string | undefined {
  const name = charset?.trim();
  return name && CHARSET_NAME.test(name) && !UNUSABLE.test(name) ? name : undefined;
}

/** The charset parameter of the first text/* part after the top-level header block, from the raw head of the file. */
export function firstTextPartCharset(head: string): string | undefined {
  const bodyStart = head.search(/\r?\n\r?\n/);
  if (bodyStart < 0) return undefined;
  const match = /^content-type:[ \t]*text\/[^\r\n]*(?:\r?\n[ \t][^\r\n]*)*/im.exec(head.slice(bodyStart));
  return match ? /\bcharset[ \t]*=[ \t]*"?([A-Za-z0-9._:+-]+)/i.exec(match[0])?.[1] : undefined;
}

/** Decodes lines of bytes (no line breaks in them) by a charset; undefined when mailparser does not know it. */
export async function decodeInCharset(lines: Buffer[], charset: string): Promise<string[] | undefined> {
  const bytes = Buffer.concat(lines.flatMap((line) => [line, Buffer.from('\n')]));
  const part = `Content-Type: text/plain; charset="${charset}"\r\nContent-Transfer-Encoding: base64\r\n\r\n${bytes.toString('base64')}\r\n`;
  const text = (await simpleParser(Buffer.from(part), PARSE_OPTIONS)).text ?? '';
  const decoded = text.split('\n').slice(0, -1);
  // an unknown or refused charset is read as UTF-8, which turns these bytes into U+FFFD
  return decoded.length === lines.length && !text.includes('\uFFFD') ? decoded : undefined;
}

export interface DecodedLines {
  /** The header lines as Unicode text, unfolded. */
  lines: string[];
  /** Keys of the lines that were not UTF-8. */
  decoded: string[];
  /** The charset those lines were read in. */
  charset: string;
  fallback: boolean;
}

/** Decodes the raw (one char per byte) header lines; undefined when every line is UTF-8 already. */
export async function decodeHeaderLines(lines: HeaderLines, declaredCharset: string | undefined): Promise<DecodedLines | undefined> {
  // unfolding removes only the line break (RFC 5322 2.2.3), as mailparser does
  const raw = lines.map((line) => ({ key: line.key, bytes: Buffer.from(line.line.replace(/\r?\n(?=[ \t])/g, ''), 'latin1') }));
  const eightBit = raw.filter((line) => isRaw8bitNonUtf8(line.bytes));
  if (eightBit.length === 0) return undefined;
  const declared = usableCharset(declaredCharset);
  const fromDeclared = declared ? await decodeInCharset(eightBit.map((line) => line.bytes), declared) : undefined;
  const charset = fromDeclared ? (declared as string) : FALLBACK_CHARSET;
  const texts = fromDeclared ?? (await decodeInCharset(eightBit.map((line) => line.bytes), FALLBACK_CHARSET)) ?? eightBit.map((line) => line.bytes.toString('latin1'));
  const byLine = new Map(eightBit.map((line, index) => [line, texts[index] as string]));
  return {
    lines: raw.map((line) => byLine.get(line) ?? line.bytes.toString('utf8')),
    decoded: eightBit.map((line) => line.key),
    charset,
    fallback: !fromDeclared,
  };
}

/**
 * The message's headers with raw 8-bit non-UTF-8 values decoded; `headers` itself when there are
 * none. `path` is the message file, read (bounded) only to find a multipart message's text charset.
 */
export async function decodeRawHeaders(headers: Headers, lines: HeaderLines, path: string, warnings: Reason[]): Promise<Headers> {
  if (!lines.some((line) => isRaw8bitNonUtf8(Buffer.from(line.line, 'latin1')))) return headers;
  const declared = contentTypeCharset(headers) ?? firstTextPartCharset(await readFileHead(path, HEAD_BYTES));
  const result = await decodeHeaderLines(lines, declared);
  if (!result) return headers;
  if (result.fallback) {
    warnings.push({
      code: 'extract.header_charset_fallback',
      message: `raw 8-bit e-mail headers (${result.decoded.join(', ')}) are not UTF-8 and the e-mail declares no charset that fits: read as ${FALLBACK_CHARSET}`,
      data: { headers: result.decoded, charset: FALLBACK_CHARSET, ...(declared ? { declared: declared.slice(0, 40) } : {}) },
    });
  }
  const reparsed = await simpleParser(Buffer.from(`${result.lines.join('\r\n')}\r\n\r\n`, 'utf8'), PARSE_OPTIONS);
  return reparsed.headers;
}

function contentTypeCharset(headers: Headers): string | undefined {
  const value = headers.get('content-type');
  if (!value || typeof value !== 'object' || !('params' in value)) return undefined;
  const charset = (value.params as Record<string, string | undefined>).charset?.trim();
  return charset || undefined;
}
