// Text helpers shared by the channels: charset decoding, HTML to text with hard limits, clipping.
import { convert } from 'html-to-text';
import type { Reason } from '../../../core/model.js';

/**
 * Decodes bytes in the given charset. Without one (or with an unknown one) UTF-8 is tried first and
 * windows-1252 used when the bytes are not UTF-8 — the usual case for Danish text from old systems.
 */
export function decodeText(bytes: Uint8Array, charset?: string): string {
  if (charset) {
    try {
      return new TextDecoder(charset).decode(bytes);
    } catch {
      // unknown label: fall through to the guess
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/**
 * HTML to readable text. html-to-text's limits bound the work on huge or deeply nested markup;
 * links and images are left out because their URLs are noise for classification.
 */
export function htmlToText(html: string, maxChars: number): { text: string; truncated: boolean } {
  const text = convert(html, {
    wordwrap: false,
    limits: { maxInputLength: maxChars, maxDepth: 64, maxChildNodes: 10_000, maxBaseElements: 10_000, ellipsis: '…' },
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
      { selector: 'style', format: 'skip' },
      { selector: 'script', format: 'skip' },
    ],
  });
  // Outlook writes empty paragraphs (&nbsp;) between lines: collapse them.
  const tidy = text.replace(/[ \t\u00a0]+\n/g, '\n').replace(/\n{3,}/g, '\n\n').trim();
  return { text: tidy, truncated: html.length > maxChars };
}

/** Cuts text to `maxChars`, adding a warning that says what was cut. */
export function clipText(text: string, maxChars: number, what: string, warnings: Reason[]): string {
  if (text.length <= maxChars) return text;
  warnings.push({
    code: 'extract.text_truncated',
    message: `${what} was cut to ${maxChars} characters`,
    data: { what, length: text.length, limit: maxChars },
  });
  return text.slice(0, maxChars);
}
