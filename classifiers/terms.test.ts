import { describe, expect, it } from 'vitest';
import { loadDanishLexicon, loadKleData } from '../worker/adapters/kle-data.js';
import type { TextField } from './fields.js';
import { createKleCatalog } from './kle-catalog.js';
import { matchTerms } from './term-matcher.js';
import { compileTermIndex, inflects, titleTerms } from './terms.js';

const index = compileTermIndex(createKleCatalog(loadKleData()));
const body = (text: string, ocr = false): TextField[] => [{ kind: ocr ? 'ocr' : 'body', text, weight: 1, ocr }];
const found = (text: string, ocr = false) => matchTerms(index, body(text, ocr)).map((match) => [match.term.text.toLowerCase(), match.how]);

describe('term index', () => {
  it('matches inflected forms through the Danish stemmer ("rotter" → "Rotte")', () => {
    expect(found('vi har set rotter i haven')).toContainEqual(['rotte', 'word']);
  });

  it('matches a known word inside a compound, as weaker evidence', () => {
    const matches = matchTerms(index, body('vi har fået vuggestuepladsen'));
    const vuggestue = matches.find((match) => match.term.stems.join(' ') === index.stem('vuggestue'));
    expect(vuggestue?.how).toBe('compound');
    expect(vuggestue?.strength).toBeLessThan(1);
  });

  it('matches multi-word terms across stopwords and inflection', () => {
    expect(found('jeg søger om udbetalingen af sygedagpengene')).toContainEqual(['udbetaling af sygedagpenge', 'phrase']);
  });

  it('lets a short word match only itself and its inflections, not a stem look-alike', () => {
    expect(found('kan det klares på nettet?').map(([term]) => term)).not.toContain('nets');
    expect(found('mit pas er udløbet').map(([term]) => term)).toContain('pas');
  });

  it('ignores short words in OCR text', () => {
    expect(found('pas sne bad', true)).toEqual([]);
  });

  it('marks letterhead words as generic', () => {
    expect(index.single.get(index.stem('kommune'))?.generic).toBe(true);
    expect(index.single.get(index.stem('sygedagpenge'))?.generic).toBe(false);
  });

  it('weights rare terms above common ones', () => {
    const rare = index.single.get(index.stem('rottebekæmpelse'));
    const common = index.single.get(index.stem('tilskud'));
    expect(rare?.emneIdf).toBeGreaterThan(common?.emneIdf ?? Infinity);
  });
});

describe('inflects', () => {
  it.each([
    ['rotter', 'rotte', true],
    ['passet', 'pas', true],
    ['busserne', 'bus', true],
    ['nettet', 'nets', false],
    ['pasta', 'pas', false],
  ])('%s inflects %s: %s', (word, base, expected) => {
    expect(inflects(word, base)).toBe(expected);
  });
});

describe('titleTerms', () => {
  it('splits a title into the whole, its parts and its longer words', () => {
    const terms = titleTerms('Snerydning og glatførebekæmpelse');
    expect(terms[0]).toEqual(['Snerydning og glatførebekæmpelse', 50]);
    expect(terms).toContainEqual(['glatførebekæmpelse', 20]);
    expect(terms).toContainEqual(['snerydning', 5]);
  });

  it('drops "i almindelighed" and [udgår …] markers', () => {
    expect(titleTerms('Ekstern støj i almindelighed')[0]).toEqual(['Ekstern støj', 50]);
    expect(titleTerms('Revalidering [udgår 2027]')[0]).toEqual(['Revalidering', 50]);
  });
});

describe('term index with the Danish dictionary', () => {
  const lexicon = loadDanishLexicon();
  const withLexicon = compileTermIndex(createKleCatalog(loadKleData()), [], lexicon);
  const postingsOf = (word: string) => withLexicon.single.get(withLexicon.stem(word))?.postings ?? [];
  const foundIn = (text: string) => matchTerms(withLexicon, body(text)).map((match) => [match.term.text.toLowerCase(), match.how]);

  it('indexes the head of a compound term weakly for the same emner ("affaldsspand" → "spand")', () => {
    const spand = postingsOf('spand');
    expect(spand.length).toBeGreaterThan(0);
    expect(spand.every((posting) => posting.source === 'compound' && posting.weight < 5)).toBe(true);
    expect(spand.map((posting) => posting.nr)).toContain('07.18.00');
  });

  it('does not move a word that is already a term ("hund" from "Mårhund"), nor index general words ("penge")', () => {
    expect(postingsOf('hund').some((posting) => posting.nr === '09.13.00')).toBe(false);
    expect(postingsOf('penge').some((posting) => posting.source === 'compound')).toBe(false);
  });

  it('gives an emne the parts of its own one-word title ("Rottebekæmpelse" → "rotte")', () => {
    expect(postingsOf('rotte').find((posting) => posting.nr === '09.13.01')?.source).toBe('compound');
  });

  it("matches a citizen's compound through its dictionary parts, and not a chance split", () => {
    expect(foundIn('madaffaldsspanden blev ikke tømt')).toContainEqual(['spand', 'compound']);
    expect(foundIn('vi har fået vuggestuepladsen')).toContainEqual(['vuggestue', 'compound']);
    expect(foundIn('han bor i boligen').map(([term]) => term)).not.toContain('igen');
  });
});
