// Custom json-rules-engine operators for routing, and the load-time check of every operator's value.
import { Operator } from 'json-rules-engine';
import { domainOf, normalizeDomain } from './facts.js';
import { kleMatches, parseKlePattern, KLE_PATTERN_HELP, type KlePattern } from './kle-pattern.js';
import { compileRuleRegex, testBounded } from './regex.js';
import { foldText, lowerText, stringsOf } from './text.js';

export const CUSTOM_OPERATORS = ['containsText', 'containsIgnoreCase', 'matchesRegex', 'kleIn', 'domainIn'] as const;
export type CustomOperator = (typeof CUSTOM_OPERATORS)[number];

const BUILTIN_OPERATORS = [
  'equal', 'notEqual', 'in', 'notIn', 'contains', 'doesNotContain',
  'lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive',
];
/** Decorators that keep the shape of the rule's value, so custom operators can use them too. */
const SHAPE_KEEPING_DECORATORS = ['not', 'someFact', 'everyFact'];
const ALL_DECORATORS = [...SHAPE_KEEPING_DECORATORS, 'someValue', 'everyValue', 'swap'];
const DOMAIN = /^[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*$/u;

export function isCustomOperator(name: string): name is CustomOperator {
  return (CUSTOM_OPERATORS as readonly string[]).includes(name);
}

/** Splits `not:containsText` into its decorators and base operator. */
export function splitOperator(name: string): { decorators: string[]; base: string } {
  const parts = name.split(':');
  return { decorators: parts.slice(0, -1), base: parts[parts.length - 1] ?? '' };
}

export interface OperatorProblem {
  field: 'operator' | 'value';
  message: string;
}

/** Why an operator or its value is unusable, or null when it is fine. */
export function checkOperator(name: string, value: unknown): OperatorProblem | null {
  const { decorators, base } = splitOperator(name);
  const operatorProblem = (message: string): OperatorProblem => ({ field: 'operator', message });
  const unknownDecorator = decorators.find((decorator) => !ALL_DECORATORS.includes(decorator));
  if (unknownDecorator !== undefined) return operatorProblem(`unknown operator decorator "${unknownDecorator}" in "${name}"`);
  if (BUILTIN_OPERATORS.includes(base)) return null;
  if (!isCustomOperator(base)) {
    return operatorProblem(`unknown operator "${base}" (known: ${[...BUILTIN_OPERATORS, ...CUSTOM_OPERATORS].join(', ')})`);
  }
  const reshaping = decorators.find((decorator) => !SHAPE_KEEPING_DECORATORS.includes(decorator));
  if (reshaping !== undefined) return operatorProblem(`decorator "${reshaping}" cannot be used with ${base}`);
  const message = checkCustomValue(base, value);
  return message === null ? null : { field: 'value', message };
}

function checkCustomValue(operator: CustomOperator, value: unknown): string | null {
  const values = typeof value === 'string' ? [value] : Array.isArray(value) ? value : null;
  if (values === null || values.length === 0 || values.some((v) => typeof v !== 'string' || v.length === 0)) {
    return `${operator} needs a non-empty string or a non-empty list of non-empty strings`;
  }
  for (const text of values as string[]) {
    const problem = checkOne(operator, text);
    if (problem !== null) return problem;
  }
  return null;
}

function checkOne(operator: CustomOperator, text: string): string | null {
  switch (operator) {
    case 'matchesRegex': {
      const compiled = compileRuleRegex(text);
      return 'error' in compiled ? compiled.error : null;
    }
    case 'kleIn':
      return parseKlePattern(text) ? null : `invalid KLE pattern "${text}" (${KLE_PATTERN_HELP})`;
    case 'domainIn': {
      const domain = normalizeDomain(text);
      return domain !== null && DOMAIN.test(domain) ? null : `invalid domain "${text}"`;
    }
    default:
      return null;
  }
}

/** Single-entry memo: the same large text fact is often tested by several conditions in a row. */
function memoize(fn: (text: string) => string): (text: string) => string {
  let lastInput: string | undefined;
  let lastOutput = '';
  return (text) => {
    if (text !== lastInput) {
      lastOutput = fn(text);
      lastInput = text;
    }
    return lastOutput;
  };
}

/** Values of a rule are literals known at load time, so their parsed forms are cached for good. */
function cached<T>(parse: (text: string) => T): (text: string) => T {
  const cache = new Map<string, T>();
  return (text) => {
    if (!cache.has(text)) cache.set(text, parse(text));
    return cache.get(text) as T;
  };
}

const isTextFact = (factValue: unknown): boolean => typeof factValue === 'string' || Array.isArray(factValue);

function containsOperator(name: string, normalize: (text: string) => string): Operator {
  const haystack = memoize(normalize);
  const needle = cached(normalize);
  return new Operator<unknown, unknown>(
    name,
    (factValue, value) =>
      stringsOf(factValue).some((text) => stringsOf(value).some((n) => haystack(text).includes(needle(n)))),
    isTextFact,
  );
}

/** Fresh operator instances for one router; regexes and patterns are compiled once per router. */
export function createOperators(): Operator[] {
  const regexOf = cached((text) => {
    const compiled = compileRuleRegex(text);
    if ('error' in compiled) throw new Error(compiled.error);
    return compiled.regex;
  });
  const patternOf = cached((text): KlePattern | null => parseKlePattern(text));
  const domainOfFact = (value: string): string | null =>
    value.includes('@') ? domainOf(value) : normalizeDomain(value);
  return [
    containsOperator('containsText', foldText),
    containsOperator('containsIgnoreCase', lowerText),
    new Operator<unknown, unknown>(
      'matchesRegex',
      (factValue, value) =>
        stringsOf(factValue).some((text) => stringsOf(value).some((source) => testBounded(regexOf(source), text))),
      isTextFact,
    ),
    new Operator<unknown, unknown>(
      'kleIn',
      (factValue, value) =>
        stringsOf(value).some((text) => {
          const pattern = patternOf(text);
          return pattern !== null && kleMatches((factValue as string).trim(), pattern);
        }),
      (factValue) => typeof factValue === 'string',
    ),
    new Operator<unknown, unknown>(
      'domainIn',
      (factValue, value) => {
        const domain = domainOfFact(factValue as string);
        return (
          domain !== null &&
          stringsOf(value).some((listed) => {
            const wanted = normalizeDomain(listed);
            return wanted !== null && (domain === wanted || domain.endsWith(`.${wanted}`));
          })
        );
      },
      (factValue) => typeof factValue === 'string',
    ),
  ];
}
