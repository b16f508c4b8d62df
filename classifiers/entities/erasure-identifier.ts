// What an erasure on request (GDPR art. 17, db/identifier-erasure.ts) is asked to erase, read from what a
// person typed, and one regular expression that finds it in any written form. The pattern is used both by
// PostgreSQL (`~`, advanced regular expressions with look-behind, PostgreSQL ≥ 9.6 and PGlite) and by
// JavaScript (sidecar files, tests), so it uses only what both read alike: literal characters, bracket
// classes, `{m,n}`, `(?:…)`, `(?<!…)` and `(?!…)` — no `\d`, no flags.
//
// Forms found (wider than the CPR masker on purpose: erasing is about not leaving a trace):
// - CPR: the 10 digits with spaces or dots between the date pairs ("01 01 90", "01.01.90"), any dash, a
//   slash, a space or nothing before the serial, and OCR's O/o for 0 and l/I for 1 (as the masker reads
//   cued numbers). Never inside a longer run of digits.
// - CVR: the 8 digits together or with single spaces or dots anywhere ("1234 5678", "12 34 56 78"), with or
//   without "CVR"/"DK" before them. Never inside a longer run of digits; a phone number with the same 8
//   digits is found too, which is why an erasure has a dry run.
// - item: the item id (lower case, as stored).
import { cprBirthDate } from './cpr.js';
import { maskCpr } from './cpr-masking.js';
import { parseCvr } from './cvr.js';

export type ErasureBasis = 'cpr' | 'cvr' | 'item';

export interface ErasureTarget {
  basis: ErasureBasis;
  /** 10 digits (cpr), 8 digits (cvr) or a lower-case uuid (item). Never stored, printed or logged. */
  value: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const NBSP = '\u00a0';
const PAIR_GAP = `[ ${NBSP}.]{0,2}`;
const SERIAL_GAP = `[ ${NBSP}]{0,2}(?:[-‐‑–—/][ ${NBSP}]{0,2})?`;
const NOT_AFTER_DIGIT = '(?<![0-9])';
const NOT_BEFORE_DIGIT = '(?![0-9])';

/** A CPR number as typed ("010190-1009", "0101901009", "010190 1009", with "CPR" before it); null when it is none. */
export function parseCprRequest(raw: string): ErasureTarget | null {
  const digits = raw.replace(/^\s*(?:cpr|personnummer)(?:[ .-]?(?:nr|nummer))?\.?\s*:?/i, '').replace(/[\s\-‐‑–—./]/g, '');
  return /^\d{10}$/.test(digits) && cprBirthDate(digits) !== null ? { basis: 'cpr', value: digits } : null;
}

/** A CVR number as typed ("12345678", "CVR 1234 5678", "DK12345678"); null when it is no valid CVR number. */
export function parseCvrRequest(raw: string): ErasureTarget | null {
  const value = parseCvr(raw.replace(/^\s*(?:cvr|c\.v\.r\.?)(?:[ .-]?(?:nr|nummer))?\.?\s*:?\s*/i, '').replace(/[.-]/g, ''));
  return value ? { basis: 'cvr', value } : null;
}

/** An item id; null when it cannot be one. */
export function parseItemRequest(raw: string): ErasureTarget | null {
  const value = raw.trim().toLowerCase();
  return UUID.test(value) ? { basis: 'item', value } : null;
}

const CPR_DIGIT: Record<string, string> = { '0': '[0Oo]', '1': '[1lI]' };

/** The regular expression (source, no flags) that finds the target in any written form; see the top of the file. */
export function targetPattern(target: ErasureTarget): string {
  const { value } = target;
  if (target.basis === 'item') return value;
  if (target.basis === 'cvr') return NOT_AFTER_DIGIT + [...value].join(`[ ${NBSP}.]?`) + NOT_BEFORE_DIGIT;
  const digit = (d: string) => CPR_DIGIT[d] ?? d;
  const pair = (at: number) => digit(value[at] ?? '') + digit(value[at + 1] ?? '');
  const serial = [...value.slice(6)].map(digit).join('');
  return `${NOT_AFTER_DIGIT}${pair(0)}${PAIR_GAP}${pair(2)}${PAIR_GAP}${pair(4)}${SERIAL_GAP}${serial}${NOT_BEFORE_DIGIT}`;
}

/** Whether the text mentions the target in any form (the same pattern PostgreSQL uses). */
export function mentionsTarget(text: string, target: ErasureTarget): boolean {
  return new RegExp(targetPattern(target)).test(text);
}

/**
 * A free text a person gave with the request (its reference, their name) made safe to keep in the erasure
 * record: the target in any form and any other CPR-shaped number replaced.
 */
export function withoutTarget(text: string, target: ErasureTarget): string {
  return maskCpr(text.replace(new RegExp(targetPattern(target), 'g'), '[…]'), 'nothing');
}
