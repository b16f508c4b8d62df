// Strict, chunked base64 decoding: large documents are decoded a window at a time into the blob
// store, never as one big string. Whitespace (line breaks) is allowed; anything else is an error.
import { BadInputError } from '../../../core/errors.js';

const ALPHABET = 1;
const PAD = 2;
const SPACE = 3;
const CLASS = new Uint8Array(256);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') CLASS[c.charCodeAt(0)] = ALPHABET;
CLASS['='.charCodeAt(0)] = PAD;
for (const c of ' \t\r\n') CLASS[c.charCodeAt(0)] = SPACE;

/** True when every byte in [start, end) is a base64 character or whitespace. */
export function isBase64Text(bytes: Uint8Array, start = 0, end = bytes.length): boolean {
  for (let i = start; i < end; i++) if (CLASS[bytes[i] as number] === 0) return false;
  return true;
}

/** Decodes base64 text bytes in windows of about `windowBytes`; throws `base64_invalid` on bad input. */
export async function* decodeBase64(bytes: Uint8Array, windowBytes = 1 << 20): AsyncGenerator<Buffer> {
  const scratch = Buffer.alloc(windowBytes + 4);
  let length = 0;
  let padding = 0;
  for (let offset = 0; offset < bytes.length; offset += windowBytes) {
    const end = Math.min(bytes.length, offset + windowBytes);
    for (let i = offset; i < end; i++) {
      const byte = bytes[i] as number;
      const kind = CLASS[byte];
      if (kind === SPACE) continue;
      if (kind === 0) throw invalid(`unexpected character 0x${byte.toString(16).padStart(2, '0')} at offset ${i}`);
      if (kind === PAD) padding++;
      else if (padding > 0) throw invalid(`data after padding at offset ${i}`);
      if (padding > 2) throw invalid('too much padding');
      scratch[length++] = byte;
    }
    const whole = length - (length % 4);
    if (whole > 0) {
      yield Buffer.from(scratch.toString('latin1', 0, whole), 'base64');
      scratch.copy(scratch, 0, whole, length);
      length -= whole;
    }
  }
  if (length === 1) throw invalid('truncated data');
  // A missing final padding is tolerated: some senders strip it.
  if (length > 0) yield Buffer.from(scratch.toString('latin1', 0, length), 'base64');
}

function invalid(detail: string): BadInputError {
  return new BadInputError('base64_invalid', `invalid base64 content: ${detail}`);
}
