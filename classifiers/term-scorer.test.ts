import { describe, expect, it } from 'vitest';
import { loadDanishLexicon, loadKleData } from '../worker/adapters/kle-data.js';
import type { TextField } from './fields.js';
import { createKleCatalog } from './kle-catalog.js';
import { matchTerms } from './term-matcher.js';
import { independentEvidence, isLongWord, isPhrase, scoreTerms } from './term-scorer.js';
import { compileTermIndex, type ExtraTerms } from './terms.js';

/** Test vocabulary for the phrase mechanics, beside OS2KLE's terms (no shipped list has these phrases). */
const TEST_TERMS: ExtraTerms = [
  ['23.09.02', 20, ['nyt pas']],
  ['23.05.12', 20, ['cpr number', 'registration']],
];
const index = compileTermIndex(createKleCatalog(loadKleData()), TEST_TERMS, loadDanishLexicon());
const fields = (subject: string, body: string): TextField[] => [
  { kind: 'subject', text: subject, weight: 2.5, ocr: false },
  { kind: 'body', text: body, weight: 1, ocr: false },
];
const scored = (subject: string, body: string, wordFactor = 1) => scoreTerms(matchTerms(index, fields(subject, body)), () => 1, wordFactor);
const evidence = (subject: string, body: string, nr: string): number => independentEvidence(scored(subject, body).emner.get(nr)?.contributions ?? []);

describe('independent evidence', () => {
  it('counts a term repeated in the subject and every quoted reply once', () => {
    const thread = 'Tak.\n\n> Vi sender nogen ud i morgen.\n>> Der er stadig rotter.\n>>> Vi har set rotter i haven og rotter ved skuret.';
    expect(evidence('Sv: Sv: Rotter', thread, '09.13.01')).toBe(1);
  });

  it('does not count a compound part of a term found whole ("sygedag" in "sygedagpenge")', () => {
    const contributions = scored('Sygedagpenge', 'Hvornår får jeg mine sygedagpenge?').emner.get('32.30.04')?.contributions ?? [];
    expect(contributions.some((c) => c.match.how === 'compound')).toBe(true);
    expect(independentEvidence(contributions)).toBe(1);
  });

  it('does not count a compound part twice, found whole elsewhere ("rotte" in "rottehuller" and "rotter")', () => {
    const contributions = scored('', 'Der er rottehuller ved skuret og rotter under terrassen.').emner.get('09.13.01')?.contributions ?? [];
    expect(contributions.some((c) => c.match.how === 'compound' || c.match.count === 2)).toBe(true);
    expect(independentEvidence(contributions)).toBe(1);
  });

  it('counts a phrase as two pieces, and not again the word inside it ("pas" in "nyt pas")', () => {
    const contributions = scored('', 'Jeg skal bruge et nyt pas inden sommerferien.').emner.get('23.09.02')?.contributions ?? [];
    expect(contributions.map((c) => c.match.term.text.toLowerCase()).sort()).toEqual(['nyt pas', 'pas']);
    expect(independentEvidence(contributions)).toBe(2);
  });

  it('adds up distinct terms', () => {
    expect(evidence('Rotter i haven', 'Der er rottehuller ved skuret og rotter under terrassen. Kan skadedyrsbekæmpelsen komme?', '09.13.01')).toBeGreaterThanOrEqual(2);
  });
});

describe('word factor', () => {
  it('scales single words but not phrases', () => {
    const body = 'I need a CPR number and my registration as a resident.';
    const full = scored('', body);
    const scaled = scored('', body, 0.25);
    const phraseValue = (scores: typeof full) =>
      scores.emner.get('23.05.12')?.contributions.filter((c) => isPhrase(c.match)).reduce((sum, c) => sum + c.value, 0);
    expect(phraseValue(scaled)).toBeGreaterThan(0);
    expect(phraseValue(scaled)).toBe(phraseValue(full));
    expect(scaled.emner.get('23.05.12')?.score).toBeLessThan(full.emner.get('23.05.12')?.score ?? 0);
  });

  it('tells a long word from a short one and a hyphenated word from a phrase', () => {
    const matches = matchTerms(index, fields('', 'Pladsanvisning, test, cd-rom og cpr number'));
    const by = (text: string) => matches.find((match) => match.term.text.toLowerCase() === text);
    expect(isLongWord(by('pladsanvisning')!)).toBe(true);
    expect(isLongWord(by('test')!)).toBe(false);
    expect(isPhrase(by('cd-rom')!)).toBe(false);
    expect(isPhrase(by('cpr number')!)).toBe(true);
  });
});
