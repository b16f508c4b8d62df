// CVR numbers here are made up with a valid check digit (12345674, 29403473, 30101014, 44556677).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cvrModulus11, findCvr, isValidCvr, parseCvr } from './cvr.js';

const values = (text: string): string[] => findCvr(text).map((match) => match.value);

describe('findCvr', () => {
  it.each([
    ['CVR 12345674', 'CVR'],
    ['CVR-nr. 12345674', 'CVR-nr.'],
    ['cvr nr 12345674', 'cvr nr'],
    ['CVR:12345674', 'CVR'],
    ['CVR-nummer: 12345674', 'CVR-nummer'],
    ['C.V.R. 12345674', 'C.V.R.'],
    ['vores cvr-nummer er 12345674', 'cvr-nummer'],
  ])('reads the cue in "%s"', (text, cue) => {
    expect(findCvr(text)).toEqual([{ kind: 'cvr', value: '12345674', cue, index: text.indexOf('1234'), length: 8 }]);
  });

  it('reads grouped digits and a DK prefix', () => {
    expect(values('Tømrerfirmaet Holm ApS, CVR-nr.: 2940 3473')).toEqual(['29403473']);
    expect(values('CVR: 30 10 10 14')).toEqual(['30101014']);
    expect(findCvr('CVR: DK-44556677')[0]).toMatchObject({ value: '44556677', index: 8, length: 8 });
  });

  it('skips numbers that fail modulus 11 or start with 0', () => {
    expect(values('CVR 12345675')).toEqual([]);
    expect(values('CVR 01234567')).toEqual([]);
  });

  it('needs a cue: 8 digits alone are as likely a phone number', () => {
    expect(values('Ring på 12345674 eller +45 22 33 44 55')).toEqual([]);
    expect(values('Tlf. 29 40 34 73')).toEqual([]);
  });

  it('does not take a longer number after the cue', () => {
    expect(values('CVR 123456749')).toEqual([]);
  });

  it('reads P-numbers after their own cue', () => {
    expect(findCvr('P-nr.: 1012345678, CVR 12345674')).toEqual([
      { kind: 'p-number', value: '1012345678', cue: 'P-nr.', index: 7, length: 10 },
      { kind: 'cvr', value: '12345674', cue: 'CVR', index: 23, length: 8 },
    ]);
    expect(values('P-nummer 0012345678')).toEqual([]);
  });
});

describe('parseCvr', () => {
  it('accepts what channels send and rejects the rest', () => {
    expect(parseCvr('12345674')).toBe('12345674');
    expect(parseCvr(' DK12345674 ')).toBe('12345674');
    expect(parseCvr('1234 5674')).toBe('12345674');
    expect(parseCvr('12345675')).toBeNull();
    expect(parseCvr('1234567')).toBeNull();
  });
});

const validCvr = fc
  .tuple(fc.integer({ min: 1, max: 9 }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 6, maxLength: 6 }))
  .map(([first, rest]) => {
    const seven = [first, ...rest];
    const sum = seven.reduce((total, digit, i) => total + digit * ([2, 7, 6, 5, 4, 3, 2][i] ?? 0), 0);
    return { digits: seven.join(''), check: (11 - (sum % 11)) % 11 };
  })
  .filter(({ check }) => check < 10)
  .map(({ digits, check }) => `${digits}${check}`);

describe('properties', () => {
  it('finds every valid CVR number after a cue', () => {
    fc.assert(
      fc.property(validCvr, (cvr) => {
        expect(values(`Firma ApS, CVR-nr. ${cvr}.`)).toEqual([cvr]);
      }),
    );
  });

  it('modulus 11 catches every single wrong digit', () => {
    fc.assert(
      fc.property(validCvr, fc.nat(7), fc.integer({ min: 1, max: 9 }), (cvr, position, delta) => {
        const digits = [...cvr].map(Number);
        digits[position] = ((digits[position] ?? 0) + delta) % 10;
        const changed = digits.join('');
        expect(isValidCvr(cvr)).toBe(true);
        expect(cvrModulus11(changed)).toBe(false);
      }),
    );
  });
});
