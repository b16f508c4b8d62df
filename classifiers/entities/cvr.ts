// CVR numbers (Danish company numbers) and P-numbers (production units) in text.
//
// Rules:
// - Only cued numbers count: an 8-digit number alone is as likely a phone number. Cues: "CVR", "CVR-nr.",
//   "cvr nr", "CVR:", "CVR-nummer", "C.V.R." (optionally "er" and separators, and a "DK" prefix).
// - A CVR number is 8 digits, the first not 0, written together or grouped ("1234 5678", "12 34 56 78"),
//   and passes modulus 11 with weights 2,7,6,5,4,3,2,1 (always true of issued numbers). A number that
//   fails is not returned (an OCR misreading or a typo is not a company).
// - A P-number is 10 digits, the first not 0, after "P-nr.", "P-nummer" or "produktionsenhedsnummer".
//   It has no public check digit, so only the shape is checked.
// - OCR letter confusions are not repaired here: the check digit would reject most repairs anyway.
// - SE-numbers (VAT) are not CVR numbers (they may differ) and are not read.
import type { CvrKind, CvrMatch } from './types.js';

const WEIGHTS = [2, 7, 6, 5, 4, 3, 2, 1] as const;
const GAP = '(?:[\\s:=#.\\-–]{0,6}er(?!\\p{L}))?[\\s:=#.\\-–]{0,6}';
const CVR_CUE = /(?<![\p{L}\p{N}])(?:cvr|c\.v\.r\.?)(?:[ .-]{0,2}(?:nr|nummer(?:et)?|no)\.?)?(?!\p{L})/giu;
const P_CUE = /(?<![\p{L}\p{N}])(?:p|produktionsenheds?)[ .-]{0,2}(?:nr|nummer(?:et)?)\.?(?!\p{L})/giu;
const CVR_NUMBER = new RegExp(`${GAP}(?:DK[ \\-]?)?(\\d{2}[ \\u00a0]?\\d{2}[ \\u00a0]?\\d{2}[ \\u00a0]?\\d{2})(?![\\p{N}])`, 'iuy');
const P_NUMBER = new RegExp(`${GAP}(\\d(?:[ \\u00a0]?\\d){9})(?![\\p{N}])`, 'uy');

/** Modulus-11 check of an 8-digit CVR number (weights 2,7,6,5,4,3,2,1). */
export function cvrModulus11(digits: string): boolean {
  if (!/^\d{8}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i += 1) sum += Number(digits[i]) * (WEIGHTS[i] ?? 0);
  return sum % 11 === 0;
}

/** A valid CVR number: 8 digits, first not 0, modulus 11. */
export function isValidCvr(digits: string): boolean {
  return /^[1-9]\d{7}$/.test(digits) && cvrModulus11(digits);
}

/** A CVR number as a channel gives it ("12345678", "DK12345678", "1234 5678"); null when not a valid one. */
export function parseCvr(raw: string): string | null {
  const digits = raw.trim().replace(/^DK[ -]?/i, '').replace(/[ \u00a0]/g, '');
  return isValidCvr(digits) ? digits : null;
}

function findAfter(text: string, cue: RegExp, number: RegExp, kind: CvrKind, valid: (digits: string) => boolean): CvrMatch[] {
  const found: CvrMatch[] = [];
  for (const match of text.matchAll(cue)) {
    number.lastIndex = match.index + match[0].length;
    const after = number.exec(text);
    const written = after?.[1];
    if (!after || written === undefined) continue;
    const digits = written.replace(/\D/g, '');
    if (!valid(digits)) continue;
    const index = after.index + after[0].length - written.length;
    found.push({ kind, value: digits, cue: match[0], index, length: written.length });
  }
  return found;
}

/** Cued CVR numbers and P-numbers in a text, in order. */
export function findCvr(text: string): CvrMatch[] {
  const cvr = findAfter(text, CVR_CUE, CVR_NUMBER, 'cvr', isValidCvr);
  const pNumbers = findAfter(text, P_CUE, P_NUMBER, 'p-number', (digits) => /^[1-9]\d{9}$/.test(digits));
  return [...cvr, ...pNumbers].sort((a, b) => a.index - b.index);
}
