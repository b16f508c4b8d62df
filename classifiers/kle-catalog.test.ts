import { describe, expect, it } from 'vitest';
import { loadKleData } from '../worker/adapters/kle-data.js';
import { createKleCatalog, groupOf, kleLevel } from './kle-catalog.js';

const catalog = createKleCatalog(loadKleData());

describe('KLE catalog', () => {
  it('holds the current emneplan and the retired numbers', () => {
    expect(catalog.currentEmner()).toHaveLength(2390);
    expect(catalog.retiredNumbers().size).toBe(22);
  });

  it('looks up titles and parents', () => {
    expect(catalog.title('09.13.01')).toBe('Rottebekæmpelse');
    expect(catalog.parent('09.13.01')).toBe('09.13');
    expect(catalog.parent('09.13')).toBe('09');
    expect(catalog.parent('09')).toBeUndefined();
  });

  it('tells current emner from groups, retired and unknown numbers', () => {
    expect(catalog.isCurrentEmne('32.30.04')).toBe(true);
    expect(catalog.isCurrentEmne('32.30')).toBe(false);
    expect(catalog.isCurrentEmne('07.01.12')).toBe(false);
    expect(catalog.isRetired('07.01.12')).toBe(true);
    expect(catalog.isCurrentEmne('99.99.99')).toBe(false);
  });

  it('parses number levels', () => {
    expect([kleLevel('32'), kleLevel('32.30'), kleLevel('32.30.04'), kleLevel('32.30.04.10'), kleLevel('3230')]).toEqual([1, 2, 3, null, null]);
    expect(groupOf('32.30.04')).toBe('32.30');
  });
});
