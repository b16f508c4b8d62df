import { describe, expect, it } from 'vitest';
import { loadKleData } from '../worker/adapters/kle-data.js';
import { EVERYDAY_TERMS } from './everyday-terms.js';
import { createKleCatalog } from './kle-catalog.js';

describe('everyday terms', () => {
  const catalog = createKleCatalog(loadKleData());

  it('only name current emner', () => {
    const unknown = EVERYDAY_TERMS.map(([nr]) => nr).filter((nr) => !catalog.isCurrentEmne(nr));
    expect(unknown).toEqual([]);
  });

  it('are lowercase, trimmed and not repeated within an entry', () => {
    for (const [nr, , terms] of EVERYDAY_TERMS) {
      for (const term of terms) expect(term, nr).toBe(term.trim().toLowerCase());
      expect(new Set(terms).size, nr).toBe(terms.length);
    }
  });
});
