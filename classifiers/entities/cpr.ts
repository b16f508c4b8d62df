// CPR numbers (Danish person numbers) in text: finding, validating and masking them.
//
// Rules:
// - Shapes: `DDMMYY-SSSS` (any dash, optional spaces round it), `DDMMYY SSSS` and `DDMMYYSSSS`, as whole
//   digit runs (never a piece of a longer number).
// - Valid when DDMMYY is a real date in the century the 7th digit gives: 0–3 → 1900s; 4 and 9 → 2000s if
//   YY ≤ 36, else 1900s; 5–8 → 2000s if YY ≤ 57, else 1800s. Birth dates in the future are not rejected
//   (pure code has no clock; a caller that cares compares birthDate).
// - Modulus 11 is only a hint (numbers issued since October 2007 need not pass): `modulus11` says whether it
//   passed, and the number is valid either way.
// - Not CPR (findCpr): a number glued to a letter or continuing a digit group ("1234 0101801234",
//   "0101801234-56"), after a country code ("+45 ", "0045 ", a "+" right before), or right after a phone, account, IBAN,
//   P-number, invoice or customer cue ("tlf.", "kontonr.", "reg.nr.", "P-nr.", …).
// - Cued ("CPR-nr.:", "CPR:", "personnummer", "pers.nr.") numbers are always taken, and there OCR noise is
//   tolerated: spaces inside the date part ("0101 80-1234") and O/o → 0, l/I → 1 (at least 7 real digits).
// - Masking (maskCprFully, maskCprSerial, containsCpr) is deliberately wider than findCpr: it ignores the
//   phone/account context, because over-masking a phone number in a log is harmless and under-masking a
//   CPR number is not. Everything findCpr finds is masked.
import type { CprMatch } from './types.js';

const WEIGHTS = [4, 3, 2, 7, 6, 5, 4, 3, 2, 1] as const;
const DASHES = '-‐‑–—';
const DIGIT_RUN = /\d+/g;
// After a 6-digit run: the separator before the serial number (a dash with optional spaces, or one space).
const SEPARATOR = new RegExp(`^(?:[ \\u00a0]?[${DASHES}][ \\u00a0]?|[ \\u00a0])$`, 'u');
const CPR_CUE = /(?<![\p{L}\p{N}])(?:cpr|c\.p\.r\.?|pers(?:on)?[ .-]{0,2}(?:nr|nummer)\.?)(?:[ .-]{0,2}(?:nr|nummer(?:et)?|no)\b\.?)?(?!\p{L})/giu;
// "CPR-nr.: ", "cpr-nummeret er ": separators, optionally "er".
const GAP = '(?:[\\s:=#.\\-–]{0,6}er(?!\\p{L}))?[\\s:=#.\\-–]{0,6}';
const CUE_GAP = new RegExp(GAP, 'yu');
const CUE_BEFORE = new RegExp(`${CPR_CUE.source}${GAP}$`, 'iu');
const LOOSE_DIGIT = '[\\dOolI]';
const LOOSE = new RegExp(
  `(${LOOSE_DIGIT}{2})[ \\u00a0]{0,2}(${LOOSE_DIGIT}{2})[ \\u00a0]{0,2}(${LOOSE_DIGIT}{2})[ \\u00a0]{0,2}(?:[${DASHES}][ \\u00a0]{0,2})?(${LOOSE_DIGIT}{4})(?![\\p{L}\\p{N}])`,
  'yu',
);
const MIN_REAL_DIGITS_LOOSE = 7;
// Numbers that follow these are phone, bank, production-unit or document numbers, not CPR numbers.
const OTHER_NUMBER_CUE =
  /(?<![\p{L}\p{N}])(?:tlf|telefon|mobil|mob|tel|fax|konto|kontonr|kontonummer|reg|regnr|registreringsnr|registreringsnummer|iban|bank|swift|bic|p-?nr|p-nummer|faktura|fakturanr|ordre|ordrenr|kunde|kundenr|kundenummer|ean|gln|ocr|fi-?kort|betalingsid)\.?(?:[ .-]?(?:nr|nummer|no)\.?)?[\s.:#=-]*$/iu;
const COUNTRY_CODE = /(?:\+[ \u00a0]?\d{1,3}|(?<!\d)00[ \u00a0]?\d{2})[ \u00a0]*$/u;
const CONTEXT_WINDOW = 32;

interface Candidate {
  digits: string;
  index: number;
  length: number;
  cued: boolean;
}

/** Modulus-11 check of the 10 digits of a CPR number (weights 4,3,2,7,6,5,4,3,2,1). */
export function cprModulus11(digits: string): boolean {
  if (!/^\d{10}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 10; i += 1) sum += Number(digits[i]) * (WEIGHTS[i] ?? 0);
  return sum % 11 === 0;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The birth date `YYYY-MM-DD` of 10 CPR digits, or null when DDMMYY is no date in the 7th digit's century. */
export function cprBirthDate(digits: string): string | null {
  if (!/^\d{10}$/.test(digits)) return null;
  const day = Number(digits.slice(0, 2));
  const month = Number(digits.slice(2, 4));
  const yy = Number(digits.slice(4, 6));
  const seventh = Number(digits[6]);
  let century: number;
  if (seventh <= 3) century = 1900;
  else if (seventh === 4 || seventh === 9) century = yy <= 36 ? 2000 : 1900;
  else century = yy <= 57 ? 2000 : 1800;
  const year = century + yy;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return `${year}-${digits.slice(2, 4)}-${digits.slice(0, 2)}`;
}

/** A single CPR number as a channel gives it ("0101801234", "010180-1234"); null when it is not one. */
export function parseCpr(raw: string): Omit<CprMatch, 'index' | 'length' | 'cued'> | null {
  const match = new RegExp(`^\\s*(\\d{6})[${DASHES} ]?(\\d{4})\\s*$`, 'u').exec(raw);
  if (!match) return null;
  return describe(`${match[1]}${match[2]}`);
}

function describe(digits: string): Omit<CprMatch, 'index' | 'length' | 'cued'> | null {
  const birthDate = cprBirthDate(digits);
  if (birthDate === null) return null;
  return { value: `${digits.slice(0, 6)}-${digits.slice(6)}`, birthDate, modulus11: cprModulus11(digits) };
}

function lineBefore(text: string, index: number): string {
  const window = text.slice(Math.max(0, index - CONTEXT_WINDOW), index);
  const newline = window.lastIndexOf('\n');
  return newline < 0 ? window : window.slice(newline + 1);
}

/** Every CPR-shaped run of digits with a date-valid DDMMYY, without looking at context. */
function shapeCandidates(text: string): Candidate[] {
  const found: Candidate[] = [];
  const runs = [...text.matchAll(DIGIT_RUN)];
  for (let r = 0; r < runs.length; r += 1) {
    const run = runs[r];
    if (!run) continue;
    const index = run.index;
    if (run[0].length === 10) {
      found.push({ digits: run[0], index, length: 10, cued: false });
      continue;
    }
    const next = runs[r + 1];
    if (run[0].length !== 6 || !next || next[0].length !== 4) continue;
    const between = text.slice(index + 6, next.index);
    if (!SEPARATOR.test(between)) continue;
    found.push({ digits: run[0] + next[0], index, length: next.index + 4 - index, cued: false });
  }
  return found.filter((candidate) => cprBirthDate(candidate.digits) !== null);
}

/** Numbers right after a CPR cue, read with OCR tolerance. */
function cuedCandidates(text: string): Candidate[] {
  const found: Candidate[] = [];
  for (const cue of text.matchAll(CPR_CUE)) {
    CUE_GAP.lastIndex = cue.index + cue[0].length;
    // The gap ({0,6}) always matches, possibly empty; it holds no digits, so LOOSE starts at the number.
    CUE_GAP.exec(text);
    LOOSE.lastIndex = CUE_GAP.lastIndex;
    const match = LOOSE.exec(text);
    if (!match) continue;
    const raw = `${match[1]}${match[2]}${match[3]}${match[4]}`;
    if ((raw.match(/\d/g) ?? []).length < MIN_REAL_DIGITS_LOOSE) continue;
    const digits = raw.replace(/[Oo]/g, '0').replace(/[lI]/g, '1');
    if (cprBirthDate(digits) === null) continue;
    found.push({ digits, index: match.index, length: match[0].length, cued: true });
  }
  return found;
}

function overlaps(a: Candidate, b: Candidate): boolean {
  return a.index < b.index + b.length && b.index < a.index + a.length;
}

/** Cued candidates first, then shape candidates that do not overlap them, in text order. */
function allCandidates(text: string): Candidate[] {
  const cued = cuedCandidates(text);
  const shaped: Candidate[] = [];
  let next = 0;
  // Both lists are in text order and cued ones never overlap each other: one sweep suffices.
  for (const candidate of shapeCandidates(text)) {
    while (next < cued.length && (cued[next]?.index ?? 0) + (cued[next]?.length ?? 0) <= candidate.index) next += 1;
    const other = cued[next];
    if (!other || !overlaps(candidate, other)) shaped.push(candidate);
  }
  return [...cued, ...shaped].sort((a, b) => a.index - b.index);
}

/**
 * Whether an uncued shape candidate is a CPR number in its context (see the rules at the top). A digit
 * group next to it continues the number unless that group belongs to another candidate (a list of CPR
 * numbers separated by spaces).
 */
function plausibleInContext(text: string, candidate: Candidate, before: Candidate | undefined, after: Candidate | undefined): boolean {
  const end = candidate.index + candidate.length;
  // Candidates are in text order and do not overlap: a neighbouring group can only be the next one's.
  const inOther = (position: number): boolean =>
    [before, after].some((other) => other !== undefined && position >= other.index && position < other.index + other.length);
  const previous = text[candidate.index - 1] ?? '';
  if (/[\p{L}+]/u.test(previous)) return false;
  if (/[ \u00a0\-./]/u.test(previous) && /\d/.test(text[candidate.index - 2] ?? '') && !inOther(candidate.index - 2)) return false;
  const following = text[end] ?? '';
  if (/\p{L}/u.test(following)) return false;
  if (/[ \u00a0\-./]/u.test(following) && /\d/.test(text[end + 1] ?? '') && !inOther(end + 1)) return false;
  const line = lineBefore(text, candidate.index);
  return !COUNTRY_CODE.test(line) && !OTHER_NUMBER_CUE.test(line);
}

/** CPR numbers in a text, in order. */
export function findCpr(text: string): CprMatch[] {
  const matches: CprMatch[] = [];
  const candidates = allCandidates(text);
  candidates.forEach((candidate, i) => {
    const cued = candidate.cued || CUE_BEFORE.test(lineBefore(text, candidate.index));
    if (!cued && !plausibleInContext(text, candidate, candidates[i - 1], candidates[i + 1])) return;
    const described = describe(candidate.digits);
    if (described) matches.push({ ...described, index: candidate.index, length: candidate.length, cued });
  });
  return matches;
}

function maskWith(text: string, replacement: (digits: string) => string): string {
  let result = text;
  // A replacement contains no digits, so one pass suffices in practice; the loop is a guard.
  for (let pass = 0; pass < 4; pass += 1) {
    const candidates = allCandidates(result);
    if (candidates.length === 0) return result;
    let out = '';
    let at = 0;
    for (const candidate of candidates) {
      if (candidate.index < at) continue;
      out += result.slice(at, candidate.index) + replacement(candidate.digits);
      at = candidate.index + candidate.length;
    }
    result = out + result.slice(at);
  }
  return result;
}

/** Replaces every CPR-shaped, date-valid number (and cued OCR-noisy ones) by `XXXXXX-XXXX`: safe for logs. */
export function maskCprFully(text: string): string {
  return maskWith(text, () => 'XXXXXX-XXXX');
}

/** Like maskCprFully, but keeps the birth-date part: `DDMMYY-XXXX` (for staff-facing displays). */
export function maskCprSerial(text: string): string {
  return maskWith(text, (digits) => `${digits.slice(0, 6)}-XXXX`);
}

/**
 * A cheap gate for hot paths (every log line, every JSON string): a text without six digits in a row holds
 * no well-formed CPR number, so the full scan can be skipped. OCR-noisy forms ("O1O19O-1OO9") pass it by;
 * extracted text is masked with the full scan.
 */
export function mayHoldCpr(text: string): boolean {
  return /\d{6}/.test(text);
}

/** Whether maskCprFully would change the text: any CPR-shaped, date-valid number, in any context. */
export function containsCpr(text: string): boolean {
  return allCandidates(text).length > 0;
}
