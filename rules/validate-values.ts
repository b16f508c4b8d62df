// Checks of single values in a rule file for rules/validate.ts: regexes and KLE patterns.
//
// Regexes: rules/regex.ts runs every rule regex on RE2 (re2js), whose matching time is linear in the
// input, so no pattern can backtrack catastrophically and there is no "nested quantifier" check
// (`(a+)+`, `(a|aa)*` and `(.*)*` are harmless on RE2). What RE2 cannot compile is refused instead:
// lookaround, backreferences, atomic groups and possessive quantifiers (`rule.regex_unsupported`),
// and plain syntax errors (`rule.invalid_regex`).
import type { KleCatalog } from '../classifiers/kle-catalog.js';
import { KLE_PATTERN_HELP, parseKlePattern } from './kle-pattern.js';
import { compileRuleRegex } from './regex.js';

/** The catalog lookups the validator needs. */
export type ValidationCatalog = Pick<KleCatalog, 'isCurrentEmne' | 'currentEmner' | 'get'>;

export interface ValueProblem {
  code: string;
  /** Plain-English reason, to be prefixed with the rule and the field. */
  message: string;
}

/** RE2-unsupported constructs, by what a clerk would call them. Only consulted after RE2 refused. */
const UNSUPPORTED: readonly [RegExp, string][] = [
  [/\(\?<?[=!]/, 'lookaround ("(?=", "(?!", "(?<=", "(?<!")'],
  [/\(\?>/, 'an atomic group ("(?>")'],
  [/\\[1-9]|\\k</, 'a backreference ("\\1" or "\\k<name>")'],
  [/[*+?}]\+/, 'a possessive quantifier ("++", "*+", "?+")'],
];

/** Why a matchesRegex value is refused, or null when RE2 compiles it. */
export function checkRegexValue(value: string): ValueProblem | null {
  const compiled = compileRuleRegex(value);
  if (!('error' in compiled)) return null;
  const construct = UNSUPPORTED.find(([pattern]) => pattern.test(value))?.[1];
  if (construct !== undefined) {
    return {
      code: 'rule.regex_unsupported',
      message:
        `the regular expression ${JSON.stringify(value)} uses ${construct}, which Fordeler does not support. ` +
        'Rule regexes run on RE2, which keeps matching fast on any text but has no lookaround or backreferences; ' +
        'rewrite the pattern without it, or split the rule into several conditions (use "not" for "must not contain").',
    };
  }
  const prefix = `invalid regex "${value}": `;
  const reason = compiled.error.startsWith(prefix) ? compiled.error.slice(prefix.length) : compiled.error;
  return { code: 'rule.invalid_regex', message: `the regular expression ${JSON.stringify(value)} is not valid: ${reason}` };
}

/** Why a KLE pattern is malformed or can never match a current emne, or null when it is fine. */
export function checkKlePatternValue(value: string, catalog: ValidationCatalog): ValueProblem | null {
  const pattern = parseKlePattern(value);
  if (pattern === null) {
    return {
      code: 'rule.kle_pattern_invalid',
      message: `${JSON.stringify(value)} is not a KLE pattern (${KLE_PATTERN_HELP}, e.g. 32.30.04, 32.30.* or 32.*)`,
    };
  }
  const matchesSomething =
    pattern.specificity === 'emne'
      ? catalog.isCurrentEmne(pattern.prefix)
      : catalog.currentEmner().some((emne) => emne.nr.startsWith(pattern.prefix));
  if (matchesSomething) return null;
  const nr = pattern.specificity === 'emne' ? pattern.prefix : pattern.prefix.slice(0, -1);
  const item = catalog.get(nr);
  const level = pattern.specificity === 'emne' ? 'emne' : pattern.specificity === 'group' ? 'gruppe' : 'hovedgruppe';
  const why =
    item === undefined
      ? `there is no KLE ${level} ${nr}`
      : item.retired
        ? `KLE ${level} ${nr} "${item.title}" has been removed from KLE`
        : `KLE ${level} ${nr} "${item.title}" has no current emner`;
  return {
    code: 'rule.kle_pattern_matches_nothing',
    message: `the KLE pattern ${JSON.stringify(value)} can never match an item: ${why}. Use a current KLE number, or delete the rule`,
  };
}
