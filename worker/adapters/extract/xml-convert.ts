// The value types of the tenant's XML mappings: how the text an XML path gives becomes a typed fact
// that rules can compare (a number that is a number, a date in one form, a CPR number in one form).
// A value that does not convert is null: the caller warns and leaves the fact out. Pure.
import { parseCpr } from '../../../classifiers/entities/cpr.js';
import { parseCvr } from '../../../classifiers/entities/cvr.js';

export const SCALAR_TYPES = ['string', 'number', 'integer', 'boolean', 'date', 'cpr', 'cvr', 'kle'] as const;
export type ScalarType = (typeof SCALAR_TYPES)[number];
/** Lists of every scalar type but boolean (a fact is a string or number list; see core/model.ts MappedValue). */
export const LIST_TYPES = SCALAR_TYPES.filter((type) => type !== 'boolean').map((type) => `list-of-${type}` as const);
export type ListType = (typeof LIST_TYPES)[number];
export type FactType = ScalarType | ListType;
export const FACT_TYPES: readonly FactType[] = [...SCALAR_TYPES, ...LIST_TYPES];

/** Longest string value kept, in characters (a longer one is cut, with a warning). */
export const MAX_STRING = 1000;

const NUMBER = /^[+-]?\d{1,30}(?:[.,]\d{1,30})?$/;
const INTEGER = /^[+-]?\d{1,16}$/;
const KLE = /^\d{2}(?:\.\d{2}(?:\.\d{2})?)?$/;
const BOOLEANS: Readonly<Record<string, boolean>> = { true: true, false: false, '1': true, '0': false, ja: true, nej: false, yes: true, no: false };
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:$|T\d{2}:\d{2}|Z$|[+-]\d{2}:\d{2}$)/;
const DANISH_DATE = /^(\d{1,2})[-./](\d{1,2})[-./](\d{4})$/;

export function elementType(type: FactType): ScalarType {
  return (type.startsWith('list-of-') ? type.slice('list-of-'.length) : type) as ScalarType;
}

export function isListType(type: FactType): type is ListType {
  return type.startsWith('list-of-');
}

/**
 * One value as the type says, or null when it is not one:
 * - `string`: whitespace runs become one space; at most MAX_STRING characters (longer: cut, see clipString).
 * - `number`: decimal, `.` or `,` as the decimal sign, no thousands separators ("1234,50").
 * - `integer`: whole number within ±2^53.
 * - `boolean`: true/false, 1/0, ja/nej, yes/no (any case).
 * - `date`: `YYYY-MM-DD` (also the date of an ISO date-time) or Danish `D-M-YYYY`, `D.M.YYYY`, `D/M/YYYY`; always as `YYYY-MM-DD`.
 * - `cpr`: a valid CPR number (`DDMMYYSSSS` or `DDMMYY-SSSS`, a real birth date); always the 10 digits.
 * - `cvr`: a valid CVR number (8 digits, modulus 11; "DK" and spaces allowed); always the 8 digits.
 * - `kle`: a KLE number `NN`, `NN.NN` or `NN.NN.NN`.
 */
export function convertValue(raw: string, type: ScalarType): string | number | boolean | null {
  const text = raw.trim();
  switch (type) {
    case 'string':
      return text.replace(/\s+/g, ' ');
    case 'number': {
      if (!NUMBER.test(text)) return null;
      const number = Number(text.replace(',', '.'));
      return Number.isFinite(number) ? number : null;
    }
    case 'integer': {
      const number = INTEGER.test(text) ? Number(text) : NaN;
      return Number.isSafeInteger(number) ? number : null;
    }
    case 'boolean':
      return BOOLEANS[text.toLowerCase()] ?? null;
    case 'date':
      return convertDate(text);
    case 'cpr': {
      const cpr = parseCpr(text);
      return cpr ? cpr.value.replace('-', '') : null;
    }
    case 'cvr':
      return parseCvr(text);
    case 'kle':
      return KLE.test(text) ? text : null;
  }
}

/** A string value cut to MAX_STRING characters (never inside a surrogate pair); `clipped` says whether it was. */
export function clipString(value: string): { value: string; clipped: boolean } {
  if (value.length <= MAX_STRING) return { value, clipped: false };
  const end = /[\uD800-\uDBFF]/.test(value[MAX_STRING - 1]!) ? MAX_STRING - 1 : MAX_STRING;
  return { value: value.slice(0, end), clipped: true };
}

function convertDate(text: string): string | null {
  const iso = ISO_DATE.exec(text);
  const danish = iso ? null : DANISH_DATE.exec(text);
  const parts = iso ? [iso[1], iso[2], iso[3]] : danish ? [danish[3], danish[2], danish[1]] : null;
  if (!parts) return null;
  const [year, month, day] = parts.map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  const real = year >= 1000 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real ? `${String(year)}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` : null;
}
