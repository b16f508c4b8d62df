// The small reading vocabulary every MeMo mapper shares: bounded texts, the first of a repeated element
// (with a warning), bounded lists, MeMo booleans and times, and identifier checks whose failures are
// warnings. One reader per letter collects the warnings, so each mapper stays a plain list of fields.
import type { Reason } from '../../../core/model.js';
import { maskCprFully } from '../../../classifiers/entities/cpr.js';
import { isValidIdentifier, type IdentifierKind } from '../../../classifiers/entities/identifiers.js';
import { MEMO_NS } from './safe-xml.js';
import { childElements, type XmlElement } from './xml-tree.js';

export { MEMO_NS };
export const KLE_NS = 'http://kle-online.dk/';
export const FORM_NS = 'http://www.form-online.dk/';
export const GRD_NS = 'https://data.gov.dk/model/core/';
export const GLN_NS = 'https://www.gs1.dk/gs1-standarder/identifikation/gln-global-location-number/';
export const DMV_NS = 'https://motorregister.skat.dk/';
export const SOR_NS = 'https://services.nsi.dk/en/Services/SOR';
export const UDD_NS = 'https://www.dst.dk/da/TilSalg/Forskningsservice/Dokumentation/hoejkvalitetsvariable/elevregister-2/udd#';

/** MeMo's own limit for ids, labels and names. */
export const MAX_SHORT = 256;
/** Longer free texts (comments, notifications): MeMo allows 512; a little slack for senders that overshoot. */
export const MAX_LONG = 1000;

const TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:\d\d)$/;
const DATE = /^\d{4}-\d\d-\d\d$/;

export function reason(code: string, message: string, data?: Record<string, unknown>): Reason {
  return { code: `extract.${code}`, message, ...(data ? { data } : {}) };
}

export interface MemoReader {
  /** The first child element of that name; a repeated one is a warning. */
  element(parent: XmlElement | undefined, name: string, ns?: string): XmlElement | undefined;
  /** At most `limit` children of that name; more is a warning. */
  list(parent: XmlElement | undefined, name: string, limit: number, ns?: string): XmlElement[];
  /** The first child's text, cut at `max` characters; undefined when absent or empty. */
  text(parent: XmlElement | undefined, name: string, ns?: string, max?: number): string | undefined;
  /** A MeMo boolean (true/false/1/0); anything else is a warning and undefined. */
  flag(parent: XmlElement | undefined, name: string): boolean | undefined;
  /** An xs:dateTime (`…T…` with a zone) or, with `dateOnly`, an xs:date; an invalid one is a warning and undefined. */
  time(parent: XmlElement | undefined, name: string, dateOnly?: boolean): string | undefined;
  /** Whether `value` is a valid identifier of `kind`; if not, a warning naming `field` (a CPR is never quoted). */
  checkId(kind: IdentifierKind, value: string, field: string): boolean;
  warn(code: string, message: string, data?: Record<string, unknown>): void;
}

export function memoReader(warnings: Reason[]): MemoReader {
  const warn = (code: string, message: string, data?: Record<string, unknown>): void => {
    warnings.push(reason(code, message, data));
  };
  const element: MemoReader['element'] = (parent, name, ns = MEMO_NS) => {
    const found = childElements(parent, ns, name);
    if (found.length > 1) warn('memo_duplicate_element', `${parent?.name}/${name} occurs ${found.length} times; the first is used`);
    return found[0];
  };
  const text: MemoReader['text'] = (parent, name, ns = MEMO_NS, max = MAX_SHORT) => {
    const value = element(parent, name, ns)?.text;
    return value ? value.slice(0, max) : undefined;
  };
  return {
    element,
    text,
    warn,
    list(parent, name, limit, ns = MEMO_NS) {
      const found = childElements(parent, ns, name);
      if (found.length > limit) warn('memo_list_truncated', `${parent?.name}/${name} occurs ${found.length} times; the first ${limit} are read`);
      return found.slice(0, limit);
    },
    flag(parent, name) {
      const value = text(parent, name);
      if (value === undefined) return undefined;
      if (value === 'true' || value === '1') return true;
      if (value === 'false' || value === '0') return false;
      warn('memo_boolean_invalid', `${name} "${maskCprFully(value.slice(0, 20))}" is not true or false`, { field: name });
      return undefined;
    },
    time(parent, name, dateOnly = false) {
      const value = text(parent, name);
      if (value === undefined) return undefined;
      if ((dateOnly ? DATE : TIME).test(value) && !Number.isNaN(Date.parse(value))) return value;
      warn('memo_date_invalid', `${name} "${maskCprFully(value.slice(0, 40))}" is not a valid ${dateOnly ? 'date' : 'time'}`, { field: name });
      return undefined;
    },
    checkId(kind, value, field) {
      if (isValidIdentifier(kind, value)) return true;
      const shown = kind === 'CPR' ? 'the value' : `"${maskCprFully(value.slice(0, 40))}"`;
      warn(`memo_${kind.toLowerCase()}_invalid`, `${field}: ${shown} is not a valid ${ID_NAMES[kind]}`, { field });
      return false;
    },
  };
}

const ID_NAMES: Record<IdentifierKind, string> = {
  CPR: 'CPR number',
  CVR: 'CVR number',
  PNR: 'P-number (10 digits)',
  GLN: 'GLN (13 digits, GS1 check digit)',
};

/** An object without its undefined members, so metadata stays compact and JSON-equal after storage. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** The compact object, or undefined when nothing in it was set. */
export function present<T extends object>(value: T): T | undefined {
  const result = compact(value);
  return Object.keys(result).length > 0 ? result : undefined;
}
