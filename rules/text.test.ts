import { describe, expect, it } from 'vitest';
import { findNeedle, foldText, lowerText } from './text.js';

const containsFolded = (haystack: string, needle: string): boolean => findNeedle(haystack, [needle], foldText) !== null;

describe('foldText', () => {
  it('ignores case, including Æ/Ø/Å', () => {
    expect(containsFolded('ANSØGNING OM KONTANTHJÆLP', 'kontanthjælp')).toBe(true);
    expect(containsFolded('Ansøgning om kontanthjælp', 'KONTANTHJÆLP')).toBe(true);
  });

  it('treats ae/oe/aa as æ/ø/å, as typed without a Danish keyboard', () => {
    expect(containsFolded('Ansoegning om kontanthjaelp', 'ansøgning om kontanthjælp')).toBe(true);
    expect(containsFolded('Flytning til Aabenraa', 'Åbenrå')).toBe(true);
    expect(containsFolded('Betalingspaamindelse nr. 2', 'betalingspåmindelse')).toBe(true);
  });

  it('keeps æ/ø/å apart from plain a/o', () => {
    expect(containsFolded('Min søn skal flytte', 'son')).toBe(false);
    expect(containsFolded('Tilladelse til sankthansbål', 'bal')).toBe(false);
    expect(containsFolded('Læge', 'lage')).toBe(false);
    expect(containsFolded('Nørreå', 'nørreå')).toBe(true);
  });

  it('strips other diacritics and decomposed forms', () => {
    expect(containsFolded('Café-tilladelse', 'cafe')).toBe(true);
    expect(containsFolded('Müller ApS', 'muller')).toBe(true);
    expect(containsFolded('Nørrea\u030a', 'nørreå')).toBe(true);
  });

  it('collapses whitespace, so line breaks in letters do not hide phrases', () => {
    expect(containsFolded('uopfordret\n  ansøgning', 'uopfordret ansøgning')).toBe(true);
  });
});

describe('lowerText (the routing table’s case-insensitive substring)', () => {
  it('ignores case only', () => {
    expect(findNeedle('FAKTURA 2026-118', ['faktura'], lowerText)).toBe('faktura');
    expect(findNeedle('KONTANTHJÆLP', ['kontanthjælp'], lowerText)).toBe('kontanthjælp');
    expect(findNeedle('kontanthjaelp', ['kontanthjælp'], lowerText)).toBeNull();
  });
});
