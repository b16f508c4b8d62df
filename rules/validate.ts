// Validation of a rule file for the people who write it: every problem with a stable code, the rule
// it belongs to, the JSON path of the field and a plain-English message. Pure: the KLE catalog is passed in.
//
// Codes (errors unless noted):
//   rule.schema                       the file's shape (zod) and anything else parseRuleFile refuses
//   rule.unknown_fact                 a condition names a fact that is not documented (rules/FACTS.md)
//   rule.unknown_operator             neither a json-rules-engine operator nor one of ours (or an unknown decorator)
//   rule.unknown_destination          a route names a destination that is not in `destinations`
//   rule.duplicate_id                 two rules with the same id
//   rule.invalid_regex                a matchesRegex value that does not compile
//   rule.regex_unsupported            lookaround, backreferences … which RE2 does not have (see validate-values.ts:
//                                     regexes run on RE2, linear time, so there is no catastrophic-backtracking check)
//   rule.kle_pattern_invalid          a KLE pattern (kleRoutes[].pattern, kleIn value) that is not NN.NN.NN, NN.NN.*, NN.*
//   rule.kle_pattern_matches_nothing  a KLE pattern that matches no current emne (unknown or retired number)
//   rule.shadowed                     a rule that can never win (validate-order.ts): error when the earlier rule
//                                     sends its items elsewhere, warning when it sends them to the same place
//   rule.overlap                      (warning) two rules with different destinations that provably share items
// `ok` is false exactly when there are errors; whenever parseRuleFile would throw, there is at least one.
import { compileRules, type CompiledRule } from './compile.js';
import { FACTS, isFact } from './facts.js';
import { checkOperator, splitOperator } from './operators.js';
import { formatPath, parseRuleFile, RuleFileError, type RuleSet } from './schema.js';
import { checkOrder } from './validate-order.js';
import { checkKlePatternValue, checkRegexValue, type ValidationCatalog, type ValueProblem } from './validate-values.js';

export type { ValidationCatalog } from './validate-values.js';

export interface RuleProblem {
  code: string;
  ruleId: string | null;
  /** JSON path of the field, e.g. `kleRoutes[3].pattern` or `rules[2].conditions.all[0].operator`. */
  field: string;
  message: string;
}

export interface ValidationResult {
  ok: boolean;
  errors: RuleProblem[];
  warnings: RuleProblem[];
}

export interface ValidationDeps {
  catalog: ValidationCatalog;
}

type Path = (string | number)[];
type Severity = 'error' | 'warning';
interface Found {
  severity: Severity;
  problem: RuleProblem;
  /** Paths of parseRuleFile issues this problem already explains (besides its own field). */
  covers: string[];
}

const LISTS = ['contentRoutes', 'kleRoutes', 'rules'] as const;
const MAX_DEPTH = 16;

/** Validates a parsed rule file (JSON), collecting every problem instead of stopping at the first. */
export function validateRuleSet(input: unknown, deps: ValidationDeps): ValidationResult {
  const found: Found[] = [];
  const add = (code: string, ruleId: string | null, path: Path, message: string, covers: Path[] = [], severity: Severity = 'error'): void => {
    const field = formatPath(path);
    found.push({ severity, problem: { code, ruleId, field, message: lead(ruleId, field) + message }, covers: covers.map(formatPath) });
  };
  if (isRecord(input)) checkRaw(input, deps.catalog, add);

  let ruleSet: RuleSet | null = null;
  try {
    ruleSet = parseRuleFile(input);
  } catch (error) {
    if (!(error instanceof RuleFileError)) throw error;
    const explained = new Set(found.flatMap((f) => [f.problem.field, ...f.covers]));
    for (const issue of error.issues) {
      if (explained.has(issue.path)) continue;
      const ruleId = isRecord(input) ? ruleIdAt(input, issue.path) : null;
      found.push({ severity: 'error', problem: { code: 'rule.schema', ruleId, field: issue.path, message: lead(ruleId, issue.path) + plain(issue.message) }, covers: [] });
    }
  }

  if (ruleSet !== null) {
    const satisfiable = new Map<string, boolean>();
    const kleSatisfiable = ({ pattern }: { pattern: string }): boolean => {
      if (!satisfiable.has(pattern)) satisfiable.set(pattern, checkKlePatternValue(pattern, deps.catalog) === null);
      return satisfiable.get(pattern) === true;
    };
    for (const finding of checkOrder(compileRules(ruleSet), kleSatisfiable)) {
      add(finding.code, finding.rule.id, fieldOf(ruleSet, finding.rule), finding.message, [], finding.severity);
    }
  }
  const errors = found.filter((f) => f.severity === 'error').map((f) => f.problem);
  const warnings = found.filter((f) => f.severity === 'warning').map((f) => f.problem);
  return { ok: errors.length === 0, errors, warnings };
}

/** One line per problem, errors first: `error  rule <id>  <field>: <message>`. Empty when there are none. */
export function formatProblems(result: ValidationResult): string {
  const line = (severity: Severity) => (p: RuleProblem) => `${severity}  rule ${p.ruleId ?? '-'}  ${p.field}: ${p.message}`;
  return [...result.errors.map(line('error')), ...result.warnings.map(line('warning'))].join('\n');
}

type Add = (code: string, ruleId: string | null, path: Path, message: string, covers?: Path[]) => void;

/** The checks that work on the raw JSON, so that they run even when other parts of the file are broken. */
function checkRaw(file: Record<string, unknown>, catalog: ValidationCatalog, add: Add): void {
  const destinations = Array.isArray(file.destinations) ? file.destinations : [];
  const known = destinations.flatMap((d) => (isRecord(d) && typeof d.id === 'string' ? [d.id] : []));
  const restId = isRecord(file.rest) && typeof file.rest.id === 'string' ? file.rest.id : 'rest';
  const checkDestination = (ruleId: string | null, path: Path, value: unknown): void => {
    if (typeof value !== 'string' || value === restId || known.includes(value)) return;
    add('rule.unknown_destination', ruleId, path,
      `the destination "${value}" does not exist. Known destinations: ${known.join(', ') || '(none)'}; ` +
      `add it to "destinations", or use a "park" event to send post to the rest mailbox "${restId}"`);
  };
  const seen = new Map<string, string>();
  for (const list of LISTS) {
    const entries = file[list];
    if (!Array.isArray(entries)) continue;
    entries.forEach((entry: unknown, index) => {
      if (!isRecord(entry)) return;
      const ruleId = ruleIdOf(list, index, entry);
      const at: Path = [list, index];
      const idField: Path = list === 'rules' ? (entry.name !== undefined ? [...at, 'name'] : at)
        : entry.id !== undefined ? [...at, 'id'] : list === 'kleRoutes' ? [...at, 'pattern'] : at;
      const previous = ruleId === null ? undefined : seen.get(ruleId);
      if (ruleId !== null && previous !== undefined) {
        add('rule.duplicate_id', ruleId, idField, `the id "${ruleId}" is already used by the rule at ${previous}; every rule needs its own id (decisions name the rule by it)`, [at]);
      } else if (ruleId !== null) {
        seen.set(ruleId, formatPath(at));
      }
      if (list === 'rules') {
        checkConditionTree(entry.conditions, [...at, 'conditions'], ruleId, catalog, add, 0);
        const event = entry.event;
        if (isRecord(event) && event.type === 'route' && isRecord(event.params)) {
          checkDestination(ruleId, [...at, 'event', 'params', 'destination'], event.params.destination);
        }
        return;
      }
      checkDestination(ruleId, [...at, 'destination'], entry.destination);
      if (list === 'kleRoutes' && typeof entry.pattern === 'string') {
        const problem = checkKlePatternValue(entry.pattern, catalog);
        if (problem) add(problem.code, ruleId, [...at, 'pattern'], problem.message);
      }
    });
  }
}

function checkConditionTree(node: unknown, at: Path, ruleId: string | null, catalog: ValidationCatalog, add: Add, depth: number): void {
  if (!isRecord(node) || depth > MAX_DEPTH) return;
  if ('not' in node) checkConditionTree(node.not, [...at, 'not'], ruleId, catalog, add, depth + 1);
  for (const key of ['all', 'any'] as const) {
    const children = node[key];
    if (Array.isArray(children)) children.forEach((child: unknown, i) => checkConditionTree(child, [...at, key, i], ruleId, catalog, add, depth + 1));
  }
  if (!('fact' in node)) return;
  const { fact, operator, value } = node;
  if (typeof fact === 'string' && !isFact(fact)) add('rule.unknown_fact', ruleId, [...at, 'fact'], unknownFact(fact));
  if (isRecord(value) && typeof value.fact === 'string' && !isFact(value.fact)) add('rule.unknown_fact', ruleId, [...at, 'value'], unknownFact(value.fact));
  if (typeof operator !== 'string') return;
  const problem = checkOperator(operator, value);
  if (problem?.field === 'operator' && problem.message.startsWith('unknown operator')) {
    add('rule.unknown_operator', ruleId, [...at, 'operator'],
      `${problem.message}. See the operators in rules/FACTS.md; "containsText" finds words ignoring case and æ/ø/å spellings`);
    return;
  }
  const base = splitOperator(operator).base;
  const check: ((text: string) => ValueProblem | null) | null =
    base === 'matchesRegex' ? checkRegexValue : base === 'kleIn' ? (text) => checkKlePatternValue(text, catalog) : null;
  if (check === null) return;
  const values: [string, Path][] =
    typeof value === 'string' ? [[value, [...at, 'value']]]
    : Array.isArray(value) ? value.flatMap((v: unknown, i): [string, Path][] => (typeof v === 'string' ? [[v, [...at, 'value', i]]] : []))
    : [];
  for (const [text, path] of values) {
    const found = check(text);
    if (found) add(found.code, ruleId, path, found.message, [[...at, 'value']]);
  }
}

function unknownFact(fact: string): string {
  const near = FACTS.find((known) => known.toLowerCase() === fact.toLowerCase());
  return `"${fact}" is not a fact Fordeler knows${near ? ` (did you mean "${near}"?)` : ''}. Known facts: ${FACTS.join(', ')}`;
}

/** The id a rule gets (as parseRuleFile gives it), or null when it cannot be told. */
function ruleIdOf(list: (typeof LISTS)[number], index: number, entry: Record<string, unknown>): string | null {
  if (list === 'contentRoutes') return typeof entry.id === 'string' ? entry.id : `content[${index}]`;
  if (list === 'kleRoutes') return typeof entry.id === 'string' ? entry.id : typeof entry.pattern === 'string' ? `kle:${entry.pattern}` : null;
  return typeof entry.name === 'string' && entry.name.trim() !== '' ? entry.name.trim() : `rules[${index}]`;
}

/** The rule a formatted path (`rules[2].event.type`) points into. */
function ruleIdAt(file: Record<string, unknown>, path: string): string | null {
  const match = /^(contentRoutes|kleRoutes|rules)\[(\d+)\]/.exec(path);
  if (!match) return null;
  const list = match[1] as (typeof LISTS)[number];
  const entries = file[list];
  const entry: unknown = Array.isArray(entries) ? entries[Number(match[2])] : undefined;
  return isRecord(entry) ? ruleIdOf(list, Number(match[2]), entry) : null;
}

/** Where a compiled rule's conditions are written in the file. */
function fieldOf(ruleSet: RuleSet, rule: CompiledRule): Path {
  switch (rule.kind) {
    case 'content':
      return ['contentRoutes', ruleSet.contentRoutes.indexOf(rule.source), 'subjectContains'];
    case 'kle':
      return ['kleRoutes', ruleSet.kleRoutes.indexOf(rule.source), 'pattern'];
    case 'custom':
      return ['rules', ruleSet.rules.indexOf(rule.source), 'conditions'];
  }
}

function lead(ruleId: string | null, field: string): string {
  return ruleId === null ? `${field}: ` : `Rule "${ruleId}", ${field}: `;
}

/** zod's wording, made a little plainer for the people who write rule files. */
function plain(message: string): string {
  if (/received undefined$/.test(message)) return `this field is required (${message.replace(/^Invalid input: /, '').replace(/, received undefined$/, '')})`;
  return message;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
