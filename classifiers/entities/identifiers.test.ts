import { describe, expect, it } from 'vitest';
import { gs1CheckDigit, isValidCprNumber, isValidGln, isValidIdentifier, isValidPNumber, looksLikeCpr } from './identifiers.js';

describe('identifier formats', () => {
  it('CPR: a real birth date in the 7th digit’s century; modulus 11 not required', () => {
    expect(isValidCprNumber('2512169996')).toBe(true);
    expect(isValidCprNumber('251216-9996')).toBe(true);
    expect(isValidCprNumber('0101801234')).toBe(true); // fails modulus 11, still valid
    expect(isValidCprNumber('9000001234')).toBe(false); // day 90
    expect(isValidCprNumber('3102801234')).toBe(false); // 31 February
    expect(isValidCprNumber('12345678')).toBe(false);
    expect(looksLikeCpr('9000001234')).toBe(true);
    expect(looksLikeCpr('Sys-1234')).toBe(false);
  });

  it('CVR: 8 digits, first not 0, modulus 11', () => {
    expect(isValidIdentifier('CVR', '65916169')).toBe(true);
    expect(isValidIdentifier('CVR', ' 98297812 ')).toBe(true);
    expect(isValidIdentifier('CVR', '12345678')).toBe(false); // modulus 11 fails
    expect(isValidIdentifier('CVR', '06591616')).toBe(false);
    expect(isValidIdentifier('CVR', 'Sender ID')).toBe(false);
  });

  it('P-number: 10 digits, first not 0', () => {
    expect(isValidPNumber('1234567890')).toBe(true);
    expect(isValidPNumber('0234567890')).toBe(false);
    expect(isValidPNumber('123456789')).toBe(false);
    expect(isValidPNumber('12345678901')).toBe(false);
    expect(isValidIdentifier('PNR', 'P-1234567890')).toBe(false);
  });

  it('GLN: 13 digits with the GS1 check digit', () => {
    // GS1's own worked example: 629104150021 → check digit 3.
    expect(gs1CheckDigit('629104150021')).toBe(3);
    expect(isValidGln('6291041500213')).toBe(true);
    expect(isValidGln('5798000012349')).toBe(true);
    expect(isValidGln('5798000012345')).toBe(false); // MeMo full example: check digit should be 9
    expect(isValidGln('579800001234')).toBe(false);
    expect(isValidIdentifier('GLN', '5798009811578')).toBe(true); // NemHandel's GLN in the MeMo example's URL
  });
});
