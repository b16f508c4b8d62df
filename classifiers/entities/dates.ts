// Dates in Danish text: "1. december 2026", "1/12-2026", "01-12-2026", "1.12.2026", "2026-12-01", "d. 3/2".
//
// Rules:
// - Forms: ISO `YYYY-MM-DD`; numeric day-month-year with "/", "-" or "." between (`1/12-2026`,
//   `01-12-2026`, `1.12.2026`); a day and a Danish month name or abbreviation (januar … december; jan.,
//   feb., febr., mar., marts, apr., maj, juni, jun., juli, jul., aug., sep., sept., okt., nov., dec.) with
//   an optional year (`1. december 2026`, `3 feb.`); and a day/month without year only after "d."/"den"
//   (`d. 3/2`) — a bare "3/2" is as likely a fraction or a ratio.
// - The value is `YYYY-MM-DD`, or `--MM-DD` (the ISO 8601 form without a year) when no year is written;
//   the year is never guessed. A two-digit year (`1/12-26`) is 2000+YY up to 69, else 1900+YY, and only
//   with "/" or "-" before it: "01.02.03" is far more often a KLE number than a date.
// - Four-digit years 1800–2199 only. The date must exist (31/2 is no date; 29/2 only in a leap year, or
//   without a year).
// - Not a date: a match glued to letters or digits, or continuing a digit group ("2026-004211",
//   "27.36.04-G01", "12-11-44-55"); a month abbreviation inside a word or a name ("4 juletræer",
//   "2 Jan-Erik").
import type { DateMatch, YearForm } from './types.js';

const MONTHS: readonly [string, number][] = [
  ['januar', 1], ['februar', 2], ['marts', 3], ['april', 4], ['maj', 5], ['juni', 6], ['juli', 7],
  ['august', 8], ['september', 9], ['oktober', 10], ['november', 11], ['december', 12],
  ['jan', 1], ['febr', 2], ['feb', 2], ['mart', 3], ['mar', 3], ['apr', 4], ['jun', 6], ['jul', 7],
  ['aug', 8], ['sept', 9], ['sep', 9], ['okt', 10], ['nov', 11], ['dec', 12],
];
const MONTH_NUMBER = new Map(MONTHS);
const FULL_NAMES = new Set(MONTHS.slice(0, 12).map(([name]) => name));
const MONTH_NAMES = MONTHS.map(([name]) => name).join('|');

const BEFORE = '(?<![\\p{L}\\p{N}]|\\p{N}[-./])';
const AFTER = '(?![\\p{L}\\p{N}]|[-./]\\p{N})';
const ISO = new RegExp(`${BEFORE}(\\d{4})-(\\d{2})-(\\d{2})${AFTER}`, 'gu');
const NUMERIC = new RegExp(`${BEFORE}(\\d{1,2})([./-])(\\d{1,2})([./-])(\\d{4}|\\d{2})${AFTER}`, 'gu');
const TEXTUAL = new RegExp(
  `${BEFORE}(\\d{1,2})\\.?[ \\u00a0]*(${MONTH_NAMES})(?![\\p{L}]|-\\p{L})\\.?(?:[ \\u00a0]*,?[ \\u00a0]*(\\d{4})(?!\\p{N}))?`,
  'giu',
);
const CUED_DAY_MONTH = new RegExp(`(?<![\\p{L}\\p{N}])(?:d\\.|den)[ \\u00a0]+((\\d{1,2})[/.](\\d{1,2}))${AFTER}`, 'giu');

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** The ISO value of a day, month and (optional) year, or null when there is no such date. */
export function isoDate(day: number, month: number, year: number | null): string | null {
  if (!Number.isInteger(day) || !Number.isInteger(month) || month < 1 || month > 12 || day < 1) return null;
  if (year === null) return day <= daysInMonth(2000, month) ? `--${pad(month)}-${pad(day)}` : null;
  if (!Number.isInteger(year) || year < 1800 || year > 2199 || day > daysInMonth(year, month)) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

function fullYear(written: string): number {
  const year = Number(written);
  if (written.length === 4) return year;
  return year <= 69 ? 2000 + year : 1900 + year;
}

function push(found: DateMatch[], text: string, index: number, day: number, month: number, year: string | undefined): void {
  const yearForm: YearForm = year === undefined ? 'none' : year.length === 4 ? 'full' : 'short';
  const value = isoDate(day, month, year === undefined ? null : fullYear(year));
  if (value !== null) found.push({ value, yearForm, text, index, length: text.length });
}

/** Dates in a text, in order; overlapping readings keep the earliest, then the longest. */
export function findDates(text: string): DateMatch[] {
  const found: DateMatch[] = [];
  for (const m of text.matchAll(ISO)) push(found, m[0], m.index, Number(m[3]), Number(m[2]), m[1]);
  for (const m of text.matchAll(NUMERIC)) {
    const year = m[5] ?? '';
    // Two-digit years only after "/" or "-": "01.02.03" is a KLE number.
    if (year.length === 2 && m[4] === '.') continue;
    push(found, m[0], m.index, Number(m[1]), Number(m[3]), year);
  }
  for (const m of text.matchAll(TEXTUAL)) {
    const name = (m[2] ?? '').toLowerCase();
    const month = MONTH_NUMBER.get(name);
    // After a full month name and no year, a dot ends the sentence: it is not part of the date.
    const written = m[3] === undefined && FULL_NAMES.has(name) ? m[0].replace(/\.$/u, '') : m[0];
    if (month !== undefined) push(found, written, m.index, Number(m[1]), month, m[3]);
  }
  for (const m of text.matchAll(CUED_DAY_MONTH)) {
    const written = m[1] ?? '';
    push(found, written, m.index + m[0].length - written.length, Number(m[2]), Number(m[3]), undefined);
  }
  found.sort((a, b) => a.index - b.index || b.length - a.length);
  const result: DateMatch[] = [];
  let end = -1;
  for (const match of found) {
    if (match.index < end) continue;
    result.push(match);
    end = match.index + match.length;
  }
  return result;
}
