import { describe, expect, it } from 'vitest';
import { clipString, convertValue, FACT_TYPES, MAX_STRING, type ScalarType } from './xml-convert.js';

describe('convertValue', () => {
  it.each<[ScalarType, string, string | number | boolean | null]>([
    ['string', '  Nørreå   Kommune\n Borgerservice ', 'Nørreå Kommune Borgerservice'],
    ['number', '1234,50', 1234.5],
    ['number', '-0.25', -0.25],
    ['number', '1.234,50', null],
    ['number', '12 kr', null],
    ['number', 'Infinity', null],
    ['integer', '+42', 42],
    ['integer', '4.2', null],
    ['integer', '99999999999999999', null],
    ['boolean', 'Ja', true],
    ['boolean', 'false', false],
    ['boolean', '0', false],
    ['boolean', 'måske', null],
    ['date', '2026-10-04', '2026-10-04'],
    ['date', '2026-10-04T09:14:00+02:00', '2026-10-04'],
    ['date', '2026-10-04+02:00', '2026-10-04'],
    ['date', '4.10.2026', '2026-10-04'],
    ['date', '04-10-2026', '2026-10-04'],
    ['date', '2026-02-30', null],
    ['date', '31/02/2026', null],
    ['date', 'i går', null],
    ['cpr', '010180-1234', '0101801234'],
    ['cpr', '0101801234', '0101801234'],
    ['cpr', '3213801234', null],
    ['cpr', '01018012345', null],
    ['cvr', 'DK 65916169', '65916169'],
    ['cvr', '65916168', null],
    ['kle', '32.30.04', '32.30.04'],
    ['kle', '32.30', '32.30'],
    ['kle', '32.3.4', null],
  ])('%s %j → %j', (type, raw, expected) => {
    expect(convertValue(raw, type)).toBe(expected);
  });

  it('names every scalar type and every list type but list-of-boolean', () => {
    expect(FACT_TYPES).toContain('list-of-cpr');
    expect(FACT_TYPES).not.toContain('list-of-boolean');
    expect(FACT_TYPES).toHaveLength(15);
  });
});

describe('clipString', () => {
  it('cuts at the limit, never inside a surrogate pair', () => {
    expect(clipString('a'.repeat(MAX_STRING))).toEqual({ value: 'a'.repeat(MAX_STRING), clipped: false });
    const cut = clipString(`${'a'.repeat(MAX_STRING - 1)}😀b`);
    expect(cut).toEqual({ value: 'a'.repeat(MAX_STRING - 1), clipped: true });
  });
});
