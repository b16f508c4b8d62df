import { describe, expect, it } from 'vitest';
import { baseForm, familySizes, headOf, isWordForm, splitCompound } from './compound.js';
import { inflects, possibleBases } from './inflection.js';
import { parseHunspellStems } from './lexicon.js';

// A tiny dictionary in Hunspell's format; the real one is tested in worker/adapters/kle-data.test.ts.
const lexicon = parseHunspellStems(
  ['14', 'skrald/45,10', 'spand/5,2', 'affald/45', 'hund/5', 'luftning/10', 'sygedagpenge/74', 'opfølgning/10', 'bolig/10', 'indretning/10',
    'til/1', 'skud/2', 'net', 'Aabenraa/3', 'forbudt/6', 'bygning/10', 'værelse/10', 'bade/1', 'ten', 'billet'].join('\n'),
);

describe('parseHunspellStems', () => {
  it('keeps lowercase stems and leaves out names, forbidden words and the count line', () => {
    expect(lexicon.has('skrald')).toBe(true);
    expect(lexicon.has('aabenraa')).toBe(false);
    expect(lexicon.has('Aabenraa')).toBe(false);
    expect(lexicon.has('forbudt')).toBe(false);
    expect(lexicon.has('14')).toBe(false);
  });
});

describe('inflection', () => {
  it('knows Danish noun endings, also after a final -e and with a doubled consonant', () => {
    expect(inflects('spanden', 'spand')).toBe(true);
    expect(inflects('værelset', 'værelse')).toBe(true);
    expect(inflects('rotterne', 'rotte')).toBe(true);
    expect(inflects('passet', 'pas')).toBe(true);
    expect(inflects('nettet', 'nets')).toBe(false);
    expect(possibleBases('spanden')).toEqual(['spanden', 'spande', 'spand']);
  });

  it('tells a word form from chance letters', () => {
    expect(isWordForm('spanden', lexicon)).toBe(true);
    expect(isWordForm('spxnden', lexicon)).toBe(false);
    expect(baseForm('spandene', lexicon)).toBe('spand');
  });
});

describe('splitCompound', () => {
  it('splits at a linking -e- or -s-, keeping the inflection on the head', () => {
    expect(headOf('skraldespand', lexicon)).toEqual({ modifier: 'skrald', fuge: 'e', head: 'spand' });
    expect(headOf('skraldespanden', lexicon)).toEqual({ modifier: 'skrald', fuge: 'e', head: 'spanden' });
    expect(headOf('affaldsspand', lexicon)).toEqual({ modifier: 'affald', fuge: 's', head: 'spand' });
    expect(headOf('hundeluftning', lexicon)).toEqual({ modifier: 'hund', fuge: 'e', head: 'luftning' });
    expect(headOf('badeværelset', lexicon)).toEqual({ modifier: 'bade', fuge: '', head: 'værelset' });
  });

  it('splits a three-part compound where its modifier is a word ("sygedagpengeopfølgning")', () => {
    expect(headOf('sygedagpengeopfølgning', lexicon)).toEqual({ modifier: 'sygedagpenge', fuge: '', head: 'opfølgning' });
  });

  it('accepts a modifier made of two words', () => {
    expect(headOf('hundeluftningsspand', lexicon)).toEqual({ modifier: 'hundeluftning', fuge: 's', head: 'spand' });
  });

  it('does not split where a part is not a word, a prefix or too short', () => {
    expect(splitCompound('tilskud', lexicon)).toEqual([]); // til- is a particle, not a modifier
    expect(splitCompound('nettet', lexicon)).toEqual([]);
    expect(splitCompound('boligxyz', lexicon)).toEqual([]);
    expect(splitCompound('billetten', lexicon)).toEqual([]); // "ten" is a word, but a head needs four letters
  });

  it('lists every split, longest head first', () => {
    const lex = new Set(['bolig', 'indretning', 'boligind', 'retning']);
    expect(splitCompound('boligindretning', lex).map((split) => split.head)).toEqual(['indretning', 'retning']);
  });
});

describe('familySizes', () => {
  it('counts the longer dictionary words a part begins or ends', () => {
    const lex = new Set(['penge', 'pengeskab', 'lommepenge', 'pengeseddel', 'rotte', 'rottegift']);
    const sizes = familySizes(new Set(['penge', 'rotte']), lex);
    expect(sizes.get('penge')).toBe(3);
    expect(sizes.get('rotte')).toBe(1);
  });
});
