// Load-time check of json-rules-engine condition trees from rule files, with issue paths that point
// at the offending field (`rules[3].conditions.all[1].operator`).
import { FACTS, isFact, type FactId } from './facts.js';
import { checkOperator, isCustomOperator, splitOperator } from './operators.js';
import { isValidPath, PATH_HELP } from './path.js';

export interface LeafCondition {
  fact: FactId;
  operator: string;
  value: unknown;
  path?: string;
  priority?: number;
  name?: string;
}
export type ConditionNode =
  | ({ all: ConditionNode[] } | { any: ConditionNode[] } | { not: ConditionNode }) & { priority?: number; name?: string }
  | LeafCondition;
export type TopCondition = Exclude<ConditionNode, LeafCondition>;

export interface PathIssue {
  path: (string | number)[];
  message: string;
}

const MAX_DEPTH = 16;
const LEAF_KEYS = new Set(['fact', 'operator', 'value', 'path', 'priority', 'name']);
const BOOLEAN_KEYS = ['all', 'any', 'not'] as const;
/** Facts holding objects or lists, where a `path` can pick a part. */
const PATH_FACTS = new Set<FactId>(['metadata', 'xml', 'recipients', 'attachmentNames']);

/** Issues of a rule's `conditions`; the root must be all/any/not, as json-rules-engine requires. */
export function checkConditions(node: unknown, at: (string | number)[]): PathIssue[] {
  const issues: PathIssue[] = [];
  if (isRecord(node) && 'fact' in node) {
    issues.push({ path: at, message: 'the root of conditions must be "all", "any" or "not"' });
  } else {
    walk(node, at, 0, issues);
  }
  return issues;
}

function walk(node: unknown, at: (string | number)[], depth: number, issues: PathIssue[]): void {
  if (!isRecord(node)) {
    issues.push({ path: at, message: 'a condition must be an object' });
    return;
  }
  if (depth > MAX_DEPTH) {
    issues.push({ path: at, message: `conditions nested deeper than ${MAX_DEPTH} levels` });
    return;
  }
  checkPriority(node, at, issues);
  if ('condition' in node) {
    issues.push({ path: at, message: 'condition references are not supported; write the condition inline' });
    return;
  }
  const booleans = BOOLEAN_KEYS.filter((key) => key in node);
  if (booleans.length > 1 || (booleans.length === 1 && 'fact' in node)) {
    issues.push({ path: at, message: 'a condition has exactly one of "all", "any", "not" or "fact"' });
    return;
  }
  const [bool] = booleans;
  if (bool === 'not') {
    walk(node.not, [...at, 'not'], depth + 1, issues);
  } else if (bool !== undefined) {
    const children = node[bool];
    if (!Array.isArray(children) || children.length === 0) {
      issues.push({ path: [...at, bool], message: `"${bool}" must list at least one condition` });
      return;
    }
    children.forEach((child, index) => walk(child, [...at, bool, index], depth + 1, issues));
  } else {
    checkLeaf(node, at, issues);
  }
}

function checkLeaf(node: Record<string, unknown>, at: (string | number)[], issues: PathIssue[]): void {
  for (const key of Object.keys(node)) {
    if (!LEAF_KEYS.has(key)) issues.push({ path: [...at, key], message: `unknown condition key "${key}"` });
  }
  const { fact, operator, path } = node;
  if (typeof fact !== 'string' || !isFact(fact)) {
    issues.push({ path: [...at, 'fact'], message: `unknown fact ${JSON.stringify(fact)} (known: ${FACTS.join(', ')})` });
  } else if (path !== undefined && !PATH_FACTS.has(fact)) {
    issues.push({ path: [...at, 'path'], message: `fact "${fact}" has no parts; a path works on ${[...PATH_FACTS].join(', ')}` });
  }
  if (path !== undefined && (typeof path !== 'string' || !isValidPath(path))) {
    issues.push({ path: [...at, 'path'], message: `invalid path ${JSON.stringify(path)} (${PATH_HELP})` });
  }
  if (node.name !== undefined && typeof node.name !== 'string') {
    issues.push({ path: [...at, 'name'], message: 'name must be a string' });
  }
  if (typeof operator !== 'string') {
    issues.push({ path: [...at, 'operator'], message: 'operator must be a string' });
    return;
  }
  if (!('value' in node)) {
    issues.push({ path: [...at, 'value'], message: 'value is required' });
    return;
  }
  const reference = checkReference(operator, node.value);
  const problem = reference === null ? checkOperator(operator, node.value) : { field: 'value', message: reference };
  if (problem !== null) issues.push({ path: [...at, problem.field], message: problem.message });
}

/** Problems with a value that refers to another fact (`{"fact": "…"}`); the operator check covers the rest. */
function checkReference(operator: string, value: unknown): string | null {
  if (!isRecord(value) || !('fact' in value)) return null;
  if (isCustomOperator(splitOperator(operator).base)) return `${operator} compares with literal values only, not a fact`;
  const ref = value.fact;
  return typeof ref === 'string' && isFact(ref) ? null : `unknown fact ${JSON.stringify(ref)} in value`;
}

function checkPriority(node: Record<string, unknown>, at: (string | number)[], issues: PathIssue[]): void {
  const { priority } = node;
  if (priority !== undefined && !(Number.isInteger(priority) && (priority as number) >= 1)) {
    issues.push({ path: [...at, 'priority'], message: 'priority must be a whole number ≥ 1' });
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every fact a condition tree reads. */
export function factsOf(node: ConditionNode, into = new Set<string>()): Set<string> {
  if ('all' in node) node.all.forEach((child) => factsOf(child, into));
  else if ('any' in node) node.any.forEach((child) => factsOf(child, into));
  else if ('not' in node) factsOf(node.not, into);
  else into.add(node.fact);
  return into;
}
