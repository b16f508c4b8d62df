import { describe, expect, it } from 'vitest';
import { compileRuleRegex, REGEX_INPUT_LIMIT, testBounded, type RuleRegex } from './regex.js';

const compile = (value: string): RuleRegex => {
  const compiled = compileRuleRegex(value);
  if ('error' in compiled) throw new Error(compiled.error);
  return compiled.regex;
};

describe('rule regexes', () => {
  it('compiles plain and /literal/flags forms', () => {
    expect(testBounded(compile('Faktura \\d{4}-\\d+'), 'Faktura 2026-118')).toBe(true);
    expect(testBounded(compile('faktura'), 'FAKTURA')).toBe(false);
    expect(testBounded(compile('/faktura/i'), 'FAKTURA 2026-118')).toBe(true);
    expect(testBounded(compile('/kontanthjælp/i'), 'ANSØGNING OM KONTANTHJÆLP')).toBe(true);
    expect(testBounded(compile('/^sag nr\\. \\d+$/im'), 'Hej\nSag nr. 12\nMvh')).toBe(true);
  });

  it('explains invalid patterns, stateful flags and unsupported syntax', () => {
    expect(compileRuleRegex('(unclosed')).toEqual({ error: expect.stringContaining('invalid regex "(unclosed": error parsing regexp: missing closing )') });
    expect(compileRuleRegex('/faktura/g')).toEqual({ error: expect.stringContaining('only the flags i, m and s') });
    expect(compileRuleRegex('faktura(?=nr)')).toEqual({ error: expect.stringContaining('no lookaround') });
    expect(compileRuleRegex('x'.repeat(501))).toEqual({ error: 'regex longer than 500 characters' });
  });

  it('runs patterns that backtrack catastrophically in V8 in linear time', () => {
    // With V8 RegExp each of these takes seconds to years on this input; RE2 answers at once.
    expect(testBounded(compile('(a+)+$'), `${'a'.repeat(50_000)}b`)).toBe(false);
    expect(testBounded(compile('.*faktura.*nummer'), 'faktura '.repeat(10_000))).toBe(false);
  });

  it('only looks at a bounded prefix of the input', () => {
    const regex = compile('MODTAGET');
    expect(testBounded(regex, `${'x'.repeat(REGEX_INPUT_LIMIT - 8)}MODTAGET`)).toBe(true);
    expect(testBounded(regex, `${'x'.repeat(REGEX_INPUT_LIMIT)}MODTAGET`)).toBe(false);
  });
});
