import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findDates, isoDate } from './dates.js';

const values = (text: string): string[] => findDates(text).map((match) => match.value);

describe('findDates: forms', () => {
  it.each([
    ['Mødet holdes 1. december 2026 kl. 10.', '1. december 2026'],
    ['Frist: 1/12-2026', '1/12-2026'],
    ['Frist: 01-12-2026', '01-12-2026'],
    ['Frist: 1.12.2026', '1.12.2026'],
    ['Frist: 1/12/2026', '1/12/2026'],
    ['Frist: 2026-12-01', '2026-12-01'],
    ['Frist: 1 dec. 2026', '1 dec. 2026'],
    ['Frist: 1. December, 2026', '1. December, 2026'],
    ['Frist: 1.december 2026', '1.december 2026'],
  ])('reads "%s"', (text, written) => {
    expect(findDates(text)).toEqual([{ value: '2026-12-01', yearForm: 'full', text: written, index: text.indexOf(written), length: written.length }]);
  });

  it('knows the Danish month names and abbreviations', () => {
    const text = '3. jan. 2026, 3. feb. 2026, 3. febr. 2026, 3. marts 2026, 3. mar. 2026, 3. april 2026, 3. maj 2026, '
      + '3. juni 2026, 3. jun. 2026, 3. juli 2026, 3. jul. 2026, 3. aug. 2026, 3. sept. 2026, 3. sep. 2026, 3. okt. 2026, 3. nov. 2026';
    expect(values(text)).toEqual([
      '2026-01-03', '2026-02-03', '2026-02-03', '2026-03-03', '2026-03-03', '2026-04-03', '2026-05-03',
      '2026-06-03', '2026-06-03', '2026-07-03', '2026-07-03', '2026-08-03', '2026-09-03', '2026-09-03', '2026-10-03', '2026-11-03',
    ]);
  });

  it('infers the century of a two-digit year, but only after "/" or "-"', () => {
    expect(findDates('bevilget fra 1/12-26')[0]).toMatchObject({ value: '2026-12-01', yearForm: 'short' });
    // The pivot (00–69 → 20YY) is a guess: write four digits for a birth year.
    expect(values('født 15-03-52')).toEqual(['2052-03-15']);
    expect(values('født 15-03-72')).toEqual(['1972-03-15']);
    expect(values('KLE 01.02.03 og 17.02.05')).toEqual([]);
  });
});

describe('findDates: without a year', () => {
  it('returns --MM-DD for a day and month name', () => {
    expect(findDates('Vi ses den 1. december.')).toEqual([{ value: '--12-01', yearForm: 'none', text: '1. december', index: 11, length: 11 }]);
    expect(values('senest 3 feb.')).toEqual(['--02-03']);
  });

  it('reads a numeric day/month only after "d." or "den"', () => {
    expect(findDates('Mødet er d. 3/2 kl. 9')).toEqual([{ value: '--02-03', yearForm: 'none', text: '3/2', index: 12, length: 3 }]);
    expect(values('mandag den 24.12')).toEqual(['--12-24']);
    expect(values('Ca. 1/2 af udgiften og 3/4 time')).toEqual([]);
  });

  it('allows 29 February without a year, never 30', () => {
    expect(values('d. 29/2 og d. 30/2')).toEqual(['--02-29']);
  });
});

describe('findDates: what is not a date', () => {
  it('rejects days that do not exist', () => {
    expect(values('31/2-2026, 31.4.2026, 2026-02-30, 32. januar 2026, 0/1-2026, 1/13-2026')).toEqual([]);
    expect(values('29/2-2024 og 29/2-2025')).toEqual(['2024-02-29']);
  });

  it('skips case numbers, KLE numbers, phone numbers and CPR numbers', () => {
    const text = 'j.nr. 2026-004211, sag 27.36.04-G01-123-26, tlf. 12-11-44-55, CPR 010180-1234, S2026-04-15';
    expect(values(text)).toEqual([]);
  });

  it('skips years outside 1800–2199', () => {
    expect(values('1/1-1799 og 1/1-2200 og 3000-01-01')).toEqual([]);
  });

  it('does not read a month abbreviation inside a word', () => {
    expect(values('3 marker, 2 decimaler, 4 juletræer, 2 Jan-Erik')).toEqual([]);
  });
});

describe('isoDate', () => {
  it('agrees with the calendar', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 1800, max: 2199 }), (day, month, year) => {
        const date = new Date(Date.UTC(year, month - 1, day));
        const exists = month >= 1 && month <= 12 && day >= 1 && date.getUTCDate() === day && date.getUTCMonth() === month - 1;
        expect(isoDate(day, month, year) !== null).toBe(exists);
      }),
    );
  });
});

describe('properties', () => {
  const date = fc.date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2100, 11, 31)), noInvalidDate: true });
  const NAMES = ['januar', 'februar', 'marts', 'april', 'maj', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'december'];

  it('reads any real date back in every written form', () => {
    fc.assert(
      fc.property(date, (when) => {
        const [y, m, d] = [when.getUTCFullYear(), when.getUTCMonth() + 1, when.getUTCDate()];
        const iso = when.toISOString().slice(0, 10);
        const forms = [`${d}. ${NAMES[m - 1]} ${y}`, `${d}/${m}-${y}`, `${String(d).padStart(2, '0')}-${String(m).padStart(2, '0')}-${y}`, `${d}.${m}.${y}`, iso];
        for (const form of forms) expect(values(`Vi skriver til dig ${form}, med venlig hilsen`)).toEqual([iso]);
      }),
    );
  });
});
