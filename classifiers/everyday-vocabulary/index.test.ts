// The everyday vocabulary's rules of inclusion (./index.ts), checked against the KLE catalogue: the whole
// plan, evenly, every term pointing at a current emne of its own gruppe, no duplicates, no short stems.
import { describe, expect, it } from 'vitest';
import { loadKleData } from '../../worker/adapters/kle-data.js';
import { createKleCatalog } from '../kle-catalog.js';
import { EVERYDAY_VOCABULARY, EVERYDAY_WEIGHT, emneOf, everydayExtraTerms, termOf } from './index.js';

const data = loadKleData();
const catalog = createKleCatalog(data);
const currentGrupper = data.items.filter((item) => item.level === 2 && !item.retired).map((item) => item.nr);
const entries = Object.entries(EVERYDAY_VOCABULARY).flatMap(([gruppe, list]) => list.map((entry) => ({ gruppe, entry, term: termOf(entry) })));

describe('everyday vocabulary', () => {
  it('has an entry for every current gruppe and for nothing else', () => {
    expect(currentGrupper.length).toBe(498);
    expect(currentGrupper.filter((nr) => !(nr in EVERYDAY_VOCABULARY))).toEqual([]);
    expect(Object.keys(EVERYDAY_VOCABULARY).filter((nr) => !currentGrupper.includes(nr))).toEqual([]);
  });

  it('covers the plan evenly: 3 to 8 terms per gruppe', () => {
    const uneven = Object.entries(EVERYDAY_VOCABULARY).filter(([, list]) => list.length < 3 || list.length > 8).map(([nr, list]) => `${nr}: ${list.length}`);
    expect(uneven).toEqual([]);
  });

  it('names only current emner of the term\'s own gruppe', () => {
    const bad = entries.filter(({ gruppe, entry }) => !catalog.isCurrentEmne(emneOf(gruppe, entry))).map(({ gruppe, term }) => `${gruppe}: ${term}`);
    expect(bad).toEqual([]);
  });

  it('names a specific emne only for a minority of terms', () => {
    const specific = entries.filter(({ entry }) => typeof entry !== 'string').length;
    expect(specific).toBeGreaterThan(0);
    expect(specific / entries.length).toBeLessThan(0.1);
  });

  it('has no term twice', () => {
    const seen = new Map<string, string>();
    const twice: string[] = [];
    for (const { gruppe, term } of entries) {
      const before = seen.get(term);
      if (before) twice.push(`${term} (${before}, ${gruppe})`);
      seen.set(term, gruppe);
    }
    expect(twice).toEqual([]);
  });

  it('writes terms lower-case, trimmed, and a single word with at least 4 letters', () => {
    const bad = entries
      .map(({ term }) => term)
      .filter((term) => term !== term.toLowerCase() || term !== term.trim() || /\s{2}/.test(term) || (!term.includes(' ') && term.replace(/[^\p{L}]/gu, '').length < 4));
    expect(bad).toEqual([]);
  });

  it('gives the classifier one row per emne, all with the one a-priori weight', () => {
    const rows = everydayExtraTerms();
    expect(rows.every(([, weight]) => weight === EVERYDAY_WEIGHT)).toBe(true);
    expect(new Set(rows.map(([nr]) => nr)).size).toBe(rows.length);
    expect(rows.reduce((sum, [, , terms]) => sum + terms.length, 0)).toBe(entries.length);
    expect(rows.find(([nr]) => nr === '02.34.24')?.[2]).toEqual(['carport']);
  });
});
