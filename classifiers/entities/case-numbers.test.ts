import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findCaseNumbers, kleFromCaseNumber, repairOcrDigits } from './case-numbers.js';

const found = (text: string) => findCaseNumbers(text).map(({ kind, value, cue }) => ({ kind, value, cue }));

describe('findCaseNumbers: cues and kinds', () => {
  it.each([
    ['j.nr. 2026-004211', 'journal', 'j.nr.'],
    ['J.nr 2026-004211', 'journal', 'J.nr'],
    ['jnr. 2026-004211', 'journal', 'jnr.'],
    ['Journalnr.: 2026-004211', 'journal', 'Journalnr.'],
    ['journalnummer 2026-004211', 'journal', 'journalnummer'],
    ['Sagsnr.: 2026-004211', 'case', 'Sagsnr.'],
    ['sagsnummer 2026-004211', 'case', 'sagsnummer'],
    ['Sag nr. 2026-004211', 'case', 'Sag nr.'],
    ['Ref.nr. 2026-004211', 'case', 'Ref.nr.'],
    ['Jeres ref.: 2026-004211', 'their-ref', 'Jeres ref.'],
    ['Jeres reference 2026-004211', 'their-ref', 'Jeres reference'],
    ['Deres j.nr. 2026-004211', 'their-ref', 'Deres j.nr.'],
    ['Vores ref.: 2026-004211', 'our-ref', 'Vores ref.'],
    ['Vor sagsnr. 2026-004211', 'our-ref', 'Vor sagsnr.'],
  ])('"%s" is a %s reference', (text, kind, cue) => {
    expect(found(text)).toEqual([{ kind, value: '2026-004211', cue }]);
  });

  it('reads the identifier shapes citizens and authorities use', () => {
    const letter = [
      'Jeres ref.: 24/18734',
      'Sagsnr.: 27.36.04-G01-123-26',
      'sagsnummeret er S2026-0415.',
      'Vores ref. KSD-2025-4411, dok. 3',
    ].join('\n');
    expect(found(letter).map((match) => match.value)).toEqual(['24/18734', '27.36.04-G01-123-26', 'S2026-0415', 'KSD-2025-4411']);
  });

  it('gives where the identifier starts and how long it is in the text', () => {
    const text = 'Vedr. j.nr. 2026-004211.';
    const [match] = findCaseNumbers(text);
    expect(match).toMatchObject({ index: 12, length: 11, ocrRepaired: false });
    expect(text.slice(12, 23)).toBe('2026-004211');
  });

  it('takes the identifier on the next line of a letterhead table', () => {
    expect(found('Journalnummer:\n  2026-004211\nDato: 1. december 2026')).toEqual([
      { kind: 'journal', value: '2026-004211', cue: 'Journalnummer' },
    ]);
  });
});

describe('findCaseNumbers: what is not a case reference', () => {
  it('needs a cue', () => {
    expect(found('Vi har modtaget 2026-004211 og 24/18734')).toEqual([]);
  });

  it('skips a person named as the reference (no digit)', () => {
    expect(found('Vores ref.: MHA\nJeres ref.: Hanne Jensen')).toEqual([]);
  });

  it('skips runs longer than 40 characters', () => {
    expect(found(`sagsnr. ${'A1-'.repeat(15)}`)).toEqual([]);
    expect(found(`sagsnr. ${'A1-'.repeat(13)}A`)).toHaveLength(1);
  });

  it('does not read a cue inside a word', () => {
    expect(found('Projektsagsnr 2026-1 og bjnr. 2026-2')).toEqual([]);
  });
});

describe('OCR repair', () => {
  it('reads l as 1 and O as 0 in digit groups: "j.nr, 2026-0042ll"', () => {
    expect(findCaseNumbers('j.nr, 2026-0042ll')).toEqual([
      { kind: 'journal', value: '2026-004211', cue: 'j.nr', ocrRepaired: true, index: 6, length: 11 },
    ]);
    expect(repairOcrDigits('2O26-OO12')).toBe('2026-0012');
  });

  it('leaves real letters alone', () => {
    expect(repairOcrDigits('S2026-0415')).toBe('S2026-0415');
    expect(repairOcrDigits('27.36.04-G01-123-26')).toBe('27.36.04-G01-123-26');
    expect(repairOcrDigits('KSD-2025-4411')).toBe('KSD-2025-4411');
    expect(repairOcrDigits('Ol-lO')).toBe('Ol-lO'); // fewer than two real digits: a word, not a misread number
  });
});

describe('kleFromCaseNumber', () => {
  it('reads the KLE of a KLE-shaped case number', () => {
    expect(kleFromCaseNumber('27.36.04-G01-123-26')).toBe('27.36.04');
    expect(kleFromCaseNumber('32.30.04-g01')).toBe('32.30.04');
    expect(findCaseNumbers('Sagsnr.: 27.36.04-G01-123-26')[0]?.kle).toBe('27.36.04');
  });

  it('returns null for anything else', () => {
    expect(kleFromCaseNumber('2026-004211')).toBeNull();
    expect(kleFromCaseNumber('27.36.04')).toBeNull();
    expect(kleFromCaseNumber('27.36.4-G01')).toBeNull();
    expect(findCaseNumbers('j.nr. 2026-004211')[0]?.kle).toBeUndefined();
  });
});

describe('properties', () => {
  // Letters without I, l, O, o: nothing for the OCR repair to change.
  const identifier = fc
    .stringMatching(/^[A-HJ-NP-Z0-9][A-HJ-NP-Z0-9/.-]{0,38}[A-HJ-NP-Z0-9]$/)
    .filter((value) => /\d/.test(value));

  it('returns any identifier after a cue unchanged', () => {
    fc.assert(
      fc.property(identifier, fc.constantFrom('j.nr. ', 'Sagsnr.: ', 'Jeres ref. ', 'Vores ref.: '), fc.constantFrom('', '.', ',', ' '), (id, cue, end) => {
        expect(findCaseNumbers(`${cue}${id}${end}`).map((match) => match.value)).toEqual([id]);
      }),
    );
  });
});
