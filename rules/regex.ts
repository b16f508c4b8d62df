// Regular expressions from rule files run on RE2 (re2js, pure JS): matching time is linear in the
// input, so no pattern can backtrack catastrophically. V8's own engine took 42 s for
// `.*faktura.*nummer` on 10,000 characters. Inputs are still bounded.
import { RE2JS } from 're2js';

/** Longest input a rule regex sees; longer facts are cut. */
export const REGEX_INPUT_LIMIT = 100_000;
export const REGEX_SOURCE_LIMIT = 500;
const LITERAL_FORM = /^\/(.+)\/([a-z]*)$/s;
const FLAGS: Record<string, number> = { i: RE2JS.CASE_INSENSITIVE, m: RE2JS.MULTILINE, s: RE2JS.DOTALL };

export type RuleRegex = RE2JS;

/** Compiles `pattern` or `/pattern/flags` (flags i, m, s; RE2 syntax), or explains why it cannot. */
export function compileRuleRegex(value: string): { regex: RuleRegex } | { error: string } {
  if (value.length > REGEX_SOURCE_LIMIT) return { error: `regex longer than ${REGEX_SOURCE_LIMIT} characters` };
  const literal = LITERAL_FORM.exec(value);
  const source = literal?.[1] ?? value;
  let flags = 0;
  for (const flag of literal?.[2] ?? '') {
    const bit = FLAGS[flag];
    if (bit === undefined) return { error: `invalid regex "${value}": only the flags i, m and s are allowed` };
    flags |= bit;
  }
  try {
    return { regex: RE2JS.compile(source, flags) };
  } catch (error) {
    return { error: `invalid regex "${value}": ${(error as Error).message} (RE2 syntax: no lookaround or backreferences)` };
  }
}

/** Whether the regex matches somewhere in the first REGEX_INPUT_LIMIT characters of the input. */
export function testBounded(regex: RuleRegex, input: string): boolean {
  return regex.test(input.length > REGEX_INPUT_LIMIT ? input.slice(0, REGEX_INPUT_LIMIT) : input);
}
