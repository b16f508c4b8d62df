// Format checks for the identifiers channels hand us as typed fields (MeMo senderID, ProductionUnit,
// GlobalLocationNumber …), so a malformed one is reported instead of being trusted as a CPR/CVR number.
// One place for the rules: CPR and CVR reuse cpr.ts and cvr.ts (the text finders' own checks); the
// P-number (production unit, 10 digits, first not 0, no public check digit) and the GLN (13 digits, GS1
// check digit) are checked here. Pure: no I/O.
import { parseCpr } from './cpr.js';
import { isValidCvr } from './cvr.js';

export type IdentifierKind = 'CPR' | 'CVR' | 'PNR' | 'GLN';

/** A CPR number as written ("0101801234" or "010180-1234") with a real birth date; modulus 11 is not required. */
export function isValidCprNumber(raw: string): boolean {
  return parseCpr(raw) !== null;
}

/** Whether a value is written like a CPR number (ten digits, optionally 6-4 with a dash), valid or not. */
export function looksLikeCpr(raw: string): boolean {
  return /^\s*\d{6}[-‐‑–—]?\d{4}\s*$/u.test(raw);
}

/** A P-number: 10 digits, the first not 0 (the shape cvr.ts reads after "P-nr."). */
export function isValidPNumber(raw: string): boolean {
  return /^[1-9]\d{9}$/.test(raw.trim());
}

/** The GS1 check digit of the digits before it (weights 3,1,3,… from the right). */
export function gs1CheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    const fromRight = digits.length - i;
    sum += Number(digits[i]) * (fromRight % 2 === 1 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10;
}

/** A GLN (EAN location number): 13 digits whose last is the GS1 check digit of the first 12. */
export function isValidGln(raw: string): boolean {
  const digits = raw.trim();
  return /^\d{13}$/.test(digits) && gs1CheckDigit(digits.slice(0, 12)) === Number(digits[12]);
}

/** Whether `raw` is a valid identifier of this kind (whitespace round it ignored; CVR needs 8 bare digits). */
export function isValidIdentifier(kind: IdentifierKind, raw: string): boolean {
  switch (kind) {
    case 'CPR':
      return isValidCprNumber(raw);
    case 'CVR':
      return isValidCvr(raw.trim());
    case 'PNR':
      return isValidPNumber(raw);
    case 'GLN':
      return isValidGln(raw);
  }
}
