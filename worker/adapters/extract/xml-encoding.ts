// Character encoding of XML bytes: BOM first, then the XML declaration, UTF-8 by default.
// Everything is brought to an ASCII-compatible byte form so markup can be found by byte search
// (UTF-16 is transcoded to UTF-8 once; that is rare and bounded by the size limit).
import type { Reason } from '../../../core/model.js';
import { BadInputError } from '../../../core/errors.js';

export interface PreparedXml {
  /** ASCII-compatible bytes without a BOM. */
  bytes: Buffer;
  /** WHATWG encoding name to decode `bytes` with. */
  encoding: string;
  warnings: Reason[];
}

const DECLARATION = /^<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']/;

export function prepareXmlBytes(raw: Buffer): PreparedXml {
  const warnings: Reason[] = [];
  const utf16 = utf16Kind(raw);
  if (utf16) {
    const text = new TextDecoder(utf16.encoding).decode(raw.subarray(utf16.bomLength));
    const declared = declaredEncoding(text.slice(0, 256));
    if (declared && !declared.startsWith('utf-16')) {
      warnings.push(warning('xml_encoding_conflict', `the bytes are ${utf16.encoding} but the declaration says ${declared}`));
    }
    return { bytes: Buffer.from(text, 'utf8'), encoding: 'utf-8', warnings };
  }
  const hasUtf8Bom = raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf;
  const bytes = hasUtf8Bom ? raw.subarray(3) : raw;
  const declared = declaredEncoding(bytes.subarray(0, 256).toString('latin1'));
  if (!declared || hasUtf8Bom) {
    if (hasUtf8Bom && declared && declared !== 'utf-8') {
      warnings.push(warning('xml_encoding_conflict', `UTF-8 byte order mark but the declaration says ${declared}`));
    }
    return { bytes, encoding: 'utf-8', warnings };
  }
  if (declared.startsWith('utf-16')) {
    // The declaration was readable as ASCII, so the bytes cannot be UTF-16.
    warnings.push(warning('xml_encoding_conflict', `declared ${declared} without UTF-16 bytes; read as UTF-8`));
    return { bytes, encoding: 'utf-8', warnings };
  }
  return { bytes, encoding: declared, warnings };
}

/** Decodes prepared bytes; invalid UTF-8 (often Latin-1 declared as UTF-8) falls back to windows-1252. */
export function decodeXmlBytes(bytes: Uint8Array, encoding: string, warnings: Reason[]): string {
  if (encoding !== 'utf-8') return new TextDecoder(encoding).decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    warnings.push(warning('xml_invalid_utf8', 'the XML is not valid UTF-8; read as windows-1252 (Latin-1)'));
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

function utf16Kind(raw: Buffer): { encoding: 'utf-16le' | 'utf-16be'; bomLength: number } | undefined {
  if (raw[0] === 0xff && raw[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (raw[0] === 0xfe && raw[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  if (raw[0] === 0x3c && raw[1] === 0x00 && raw[2] === 0x3f && raw[3] === 0x00) return { encoding: 'utf-16le', bomLength: 0 };
  if (raw[0] === 0x00 && raw[1] === 0x3c && raw[2] === 0x00 && raw[3] === 0x3f) return { encoding: 'utf-16be', bomLength: 0 };
  return undefined;
}

/** The WHATWG name of the declared encoding, or undefined without a declaration. */
function declaredEncoding(head: string): string | undefined {
  const label = DECLARATION.exec(head)?.[1];
  if (!label) return undefined;
  let encoding: string;
  try {
    encoding = new TextDecoder(label).encoding;
  } catch {
    throw new BadInputError('xml_encoding_unsupported', `unsupported XML encoding "${label}"`, { encoding: label });
  }
  // WHATWG maps some legacy labels to "replacement" (all U+FFFD); ISO-2022-JP puts '<' bytes inside
  // characters, which would break the byte-level search for markup.
  if (encoding === 'replacement' || encoding === 'iso-2022-jp') {
    throw new BadInputError('xml_encoding_unsupported', `unsupported XML encoding "${label}"`, { encoding: label });
  }
  return encoding;
}

function warning(code: string, message: string): Reason {
  return { code: `extract.${code}`, message };
}
