// All CPR numbers here are fictional (01-01-1980 style test numbers), never real persons.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { containsCpr, cprBirthDate, cprModulus11, findCpr, maskCprFully, maskCprSerial, parseCpr } from './cpr.js';

const values = (text: string): string[] => findCpr(text).map((match) => match.value);

describe('findCpr: shapes', () => {
  it('finds DDMMYY-SSSS, DDMMYYSSSS and DDMMYY SSSS and normalises them', () => {
    const text = 'Ansøger: Karen Holm, 010180-1234. Ægtefælle 1503724320 og barn 241209 4002.';
    expect(values(text)).toEqual(['010180-1234', '150372-4320', '241209-4002']);
  });

  it('gives where the match is and how long it is', () => {
    const text = 'Borger 010180 - 1234 har ringet';
    const [match] = findCpr(text);
    expect(match).toMatchObject({ value: '010180-1234', index: 7, length: 13, cued: false });
    expect(text.slice(match?.index, (match?.index ?? 0) + (match?.length ?? 0))).toBe('010180 - 1234');
  });

  it('accepts the dash variants word processors put in', () => {
    expect(values('010180–1234 og 010180‑1233')).toEqual(['010180-1234', '010180-1233']);
  });
});

describe('findCpr: validation', () => {
  it.each([
    ['010180-1234', '1980-01-01'],
    ['010199-3234', '1999-01-01'],
    ['010105-4234', '2005-01-01'],
    ['010150-4234', '1950-01-01'],
    ['010136-9234', '2036-01-01'],
    ['010137-9234', '1937-01-01'],
    ['010157-5234', '2057-01-01'],
    ['010158-8234', '1858-01-01'],
  ])('reads the century of %s from the 7th digit: %s', (cpr, birthDate) => {
    expect(findCpr(`CPR ${cpr}`)[0]?.birthDate).toBe(birthDate);
  });

  it('rejects dates that do not exist in that century', () => {
    expect(values('310480-1234')).toEqual([]); // 31 April
    expect(values('290200-0123')).toEqual([]); // 1900 was no leap year
    expect(values('290200-4123')).toEqual(['290200-4123']); // 2000 was
    expect(values('290297-1234 og 290296-1234')).toEqual(['290296-1234']);
    expect(values('001280-1234 og 011380-1234')).toEqual([]);
  });

  it('treats modulus 11 as a hint only', () => {
    expect(cprModulus11('0101801233')).toBe(true);
    expect(cprModulus11('0101801234')).toBe(false);
    expect(findCpr('010180-1233 010180-1234').map((match) => match.modulus11)).toEqual([true, false]);
  });

  it('parses a CPR number a channel gives on its own', () => {
    expect(parseCpr(' 0101801233 ')).toEqual({ value: '010180-1233', birthDate: '1980-01-01', modulus11: true });
    expect(parseCpr('010180-1234')?.value).toBe('010180-1234');
    expect(parseCpr('3102801234')).toBeNull();
    expect(parseCpr('CPR 0101801234')).toBeNull();
    // Eleven digits are not a CPR number with a separator: the separator class is only dashes and a space.
    expect(parseCpr('01018012345')).toBeNull();
    expect(parseCpr('010180a1234')).toBeNull();
    expect(parseCpr('010180–1234')?.value).toBe('010180-1234');
    expect(cprBirthDate('12345')).toBeNull();
  });
});

describe('findCpr: what is not a CPR number', () => {
  it('skips phone numbers', () => {
    expect(values('Ring på +45 22 33 44 55 eller +45 0101801234')).toEqual([]);
    expect(values('Tlf. 0101801234, mobil: 010180 1234, 0045 0101801234')).toEqual([]);
    // A foreign number after "+" whose digits happen to form a date (31-01-01), and 8-digit phone numbers.
    expect(values('Ring +3101018012 eller 22334455 / 2233 4455')).toEqual([]);
  });

  it('still finds CPR numbers listed next to each other', () => {
    expect(values('Børnene: 010105-4234 241209-4002')).toEqual(['010105-4234', '241209-4002']);
  });

  it('skips bank accounts and IBANs', () => {
    expect(values('reg.nr. 1234 kontonr. 0012345678')).toEqual([]);
    expect(values('reg.nr. 1234 kontonr. 0102031234')).toEqual([]);
    expect(values('Reg. 1234 0102031234')).toEqual([]);
    expect(values('IBAN DK50 0040 0101 8012 34, DK5000400101801234')).toEqual([]);
  });

  it('skips pieces of longer numbers and codes', () => {
    expect(values('01018012345 / 90101801234 / 0101801234-56 / AB0101801234 / 0101801234kr')).toEqual([]);
    expect(values('Faktura 0101801234 og P-nr. 0101801234')).toEqual([]);
  });

  it('lets a CPR cue win over the context', () => {
    expect(values('Tlf. 22334455, CPR 0101801234')).toEqual(['010180-1234']);
    expect(findCpr('CPR0101801234')[0]).toMatchObject({ value: '010180-1234', cued: true });
  });
});

describe('findCpr: OCR noise after a cue', () => {
  it('accepts odd spacing inside the date part only after a cue', () => {
    expect(findCpr('CPR-nr.: 0101 80-1234')).toEqual([
      { value: '010180-1234', birthDate: '1980-01-01', modulus11: false, index: 9, length: 12, cued: true },
    ]);
    expect(values('Personnummer:\n01 01 80 1234')).toEqual(['010180-1234']);
    expect(values('Beløb 0101 80-1234')).toEqual([]);
  });

  it('reads O as 0 and l/I as 1 after a cue, with at least seven real digits', () => {
    expect(values('CPR: 01O18O-1234')).toEqual(['010180-1234']);
    expect(values('cpr-nummeret er Ol0180-l234')).toEqual(['010180-1234']);
    expect(values('CPR: OlOlOl-IIII')).toEqual([]);
    expect(values('Ol0180-l234')).toEqual([]);
  });
});

describe('masking', () => {
  it('masks fully for logs and keeps the birth date for staff', () => {
    const text = 'CPR-nr.: 0101 80-1234, barnet 2412094002.';
    expect(maskCprFully(text)).toBe('CPR-nr.: XXXXXX-XXXX, barnet XXXXXX-XXXX.');
    expect(maskCprSerial(text)).toBe('CPR-nr.: 010180-XXXX, barnet 241209-XXXX.');
  });

  it('masks CPR-shaped numbers even where findCpr would not take them', () => {
    expect(maskCprFully('kontonr. 0102031234, tlf. 010180 1234')).toBe('kontonr. XXXXXX-XXXX, tlf. XXXXXX-XXXX');
    expect(containsCpr('kontonr. 0102031234')).toBe(true);
  });

  it('leaves other numbers alone', () => {
    const text = 'Tlf. +45 22 33 44 55, reg.nr. 1234 kontonr. 0012345678, sag 2026-004211, 3102801234';
    expect(maskCprFully(text)).toBe(text);
    expect(containsCpr(text)).toBe(false);
  });
});

// A valid CPR number for a birth date, with the 7th digit chosen to give that century.
const cprForDate = fc
  .record({
    date: fc.date({ min: new Date(Date.UTC(1858, 0, 1)), max: new Date(Date.UTC(2057, 11, 31)), noInvalidDate: true }),
    choice: fc.nat(),
    serial: fc.integer({ min: 0, max: 999 }),
  })
  .map(({ date, choice, serial }) => {
    const year = date.getUTCFullYear();
    const yy = year % 100;
    const options =
      year < 1900 ? [5, 6, 7, 8] : year < 2000 ? [0, 1, 2, 3, ...(yy >= 37 ? [4, 9] : [])] : year <= 2036 ? [4, 9, 5, 6, 7, 8] : [5, 6, 7, 8];
    const seventh = options[choice % options.length] ?? 0;
    const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
    const digits = `${pad(date.getUTCDate())}${pad(date.getUTCMonth() + 1)}${pad(yy)}${seventh}${pad(serial, 3)}`;
    return { digits, birthDate: date.toISOString().slice(0, 10) };
  });

describe('properties', () => {
  it('reads the birth date back from any valid CPR number', () => {
    fc.assert(
      fc.property(cprForDate, fc.constantFrom('-', ' ', ''), ({ digits, birthDate }, separator) => {
        const [match] = findCpr(`Borger: ${digits.slice(0, 6)}${separator}${digits.slice(6)}.`);
        expect(match?.birthDate).toBe(birthDate);
        expect(match?.value).toBe(`${digits.slice(0, 6)}-${digits.slice(6)}`);
      }),
    );
  });

  const piece = fc.oneof(
    cprForDate.map(({ digits }) => digits),
    cprForDate.map(({ digits }) => `${digits.slice(0, 6)}-${digits.slice(6)}`),
    cprForDate.map(({ digits }) => `${digits.slice(0, 4)} ${digits.slice(4, 6)}-${digits.slice(6)}`),
    fc.constantFrom('CPR-nr.: ', 'cpr ', 'CPR:', '+45 ', 'tlf. ', 'kontonr. ', ' ', '-', '\n', 'O', 'l', 'I', 'Hans Jensen '),
    fc.stringMatching(/^\d{1,12}$/),
    fc.string({ maxLength: 6 }),
  );
  const text = fc.array(piece, { maxLength: 12 }).map((pieces) => pieces.join(''));

  it('maskCprFully leaves no CPR number, in any context', () => {
    fc.assert(
      fc.property(text, (input) => {
        const masked = maskCprFully(input);
        expect(containsCpr(masked)).toBe(false);
        expect(findCpr(masked)).toEqual([]);
        expect(maskCprFully(masked)).toBe(masked);
      }),
      { numRuns: 500 },
    );
  });

  it('maskCprSerial leaves no CPR number either, and findCpr finds nothing containsCpr misses', () => {
    fc.assert(
      fc.property(text, (input) => {
        expect(findCpr(maskCprSerial(input))).toEqual([]);
        if (findCpr(input).length > 0) expect(containsCpr(input)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('does not touch text without digits', () => {
    fc.assert(fc.property(fc.string(), (input) => {
      const digitFree = input.replace(/\d/g, '');
      expect(maskCprFully(digitFree)).toBe(digitFree);
    }));
  });
});
