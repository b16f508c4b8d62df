// Lifts large base64 element contents out of XML bytes before parsing, leaving a short token in their
// place. The XML parser then sees only the small structure (bounded time and memory), and the
// documents are decoded straight from the original bytes. Only text made entirely of base64
// characters and whitespace is lifted, so the token changes nothing else about the document, whatever
// context (comment, CDATA) the text was in.
import { randomBytes } from 'node:crypto';
import { isBase64Text } from './base64.js';

export interface DetachedXml {
  /** The XML with each lifted text replaced by its token. */
  skeleton: Buffer;
  /** Token → the lifted bytes (views into the original buffer). */
  lifted: Map<string, Uint8Array>;
}

const LT = 0x3c;
const SLASH = 0x2f;
const COLON = 0x3a;
const MAX_PREFIX = 64;

/** Lifts the text of every `<localName>` / `<prefix:localName>` element of at least `minBytes`. */
export function detachBase64Elements(bytes: Buffer, localName: string, minBytes: number): DetachedXml {
  const needle = Buffer.from(`${localName}>`, 'latin1');
  const nonce = randomBytes(8).toString('hex');
  const pieces: Buffer[] = [];
  const lifted = new Map<string, Uint8Array>();
  let copied = 0;
  let position = 0;
  for (;;) {
    const hit = bytes.indexOf(needle, position);
    if (hit < 0) break;
    const textStart = hit + needle.length;
    position = textStart;
    if (!isStartTag(bytes, hit)) continue;
    const textEnd = bytes.indexOf(LT, textStart);
    if (textEnd < 0) break;
    position = textEnd;
    if (textEnd - textStart < minBytes || !isBase64Text(bytes, textStart, textEnd)) continue;
    const token = `fordelerlifted${nonce}n${lifted.size}`;
    pieces.push(bytes.subarray(copied, textStart), Buffer.from(token, 'latin1'));
    lifted.set(token, bytes.subarray(textStart, textEnd));
    copied = textEnd;
  }
  if (lifted.size === 0) return { skeleton: bytes, lifted };
  pieces.push(bytes.subarray(copied));
  return { skeleton: Buffer.concat(pieces), lifted };
}

/** Is the name ending before `at` a start tag's whole name: `<name` or `<prefix:name`? */
function isStartTag(bytes: Buffer, at: number): boolean {
  const before = bytes[at - 1];
  if (before === LT) return true;
  if (before !== COLON) return false;
  for (let i = at - 2; i >= Math.max(0, at - 2 - MAX_PREFIX); i--) {
    const byte = bytes[i] as number;
    if (byte === LT) return i < at - 2 && bytes[i + 1] !== SLASH;
    if (!isNameByte(byte)) return false;
  }
  return false;
}

function isNameByte(byte: number): boolean {
  return (
    (byte >= 0x61 && byte <= 0x7a) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x30 && byte <= 0x39) ||
    byte === 0x2d || byte === 0x2e || byte === 0x5f || byte >= 0x80
  );
}
