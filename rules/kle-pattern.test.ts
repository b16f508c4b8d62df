import { describe, expect, it } from 'vitest';
import { kleGroupOf, kleMatches, parseKlePattern } from './kle-pattern.js';

const matches = (kle: string, pattern: string): boolean => {
  const parsed = parseKlePattern(pattern);
  if (!parsed) throw new Error(`bad pattern ${pattern}`);
  return kleMatches(kle, parsed);
};

describe('KLE patterns', () => {
  it('accepts exactly the three forms', () => {
    expect(parseKlePattern('32.30.04')?.specificity).toBe('emne');
    expect(parseKlePattern('32.30.*')?.specificity).toBe('group');
    expect(parseKlePattern('32.*')?.specificity).toBe('hovedgruppe');
    for (const bad of ['32', '32.30', '32.3.*', '3.*', '32.30.4', '32.*.04', '*', '32.30.04.01', ' 32.*', '32.**']) {
      expect(parseKlePattern(bad), bad).toBeNull();
    }
  });

  it('matches emner by exact number, group and hovedgruppe', () => {
    expect(matches('32.30.04', '32.30.04')).toBe(true);
    expect(matches('32.30.06', '32.30.04')).toBe(false);
    expect(matches('32.30.06', '32.30.*')).toBe(true);
    expect(matches('32.03.12', '32.30.*')).toBe(false);
    expect(matches('34.10.30', '34.*')).toBe(true);
    expect(matches('03.40.00', '34.*')).toBe(false);
    // a group number alone is not an emne of that group
    expect(matches('32.30', '32.30.*')).toBe(false);
  });

  it('derives the group of an emne', () => {
    expect(kleGroupOf('02.34.02')).toBe('02.34');
    expect(kleGroupOf('02.34')).toBe('02.34');
    expect(kleGroupOf('02')).toBeNull();
    expect(kleGroupOf(null)).toBeNull();
  });
});
