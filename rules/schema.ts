// The rule file: zod schemas for the routing-table form and json-rules-engine rules (mixable in
// one file), cross-checks, and normalisation into a RuleSet.
import { z } from 'zod';
import { checkConditions, type PathIssue, type TopCondition } from './conditions.js';
import { parseKlePattern, KLE_PATTERN_HELP } from './kle-pattern.js';
import { PRIORITY } from './priority.js';

export interface Destination {
  id: string;
  name: string;
  /** Other fields (delivery settings …) are kept for later stages. */
  [key: string]: unknown;
}
export interface ContentRoute {
  id: string;
  subjectContains: string[];
  destination: string;
  comment?: string;
}
export interface KleRoute {
  id: string;
  pattern: string;
  destination: string;
  comment?: string;
}
export type RuleEvent =
  | { type: 'route'; params: { destination: string; [key: string]: unknown } }
  | { type: 'park'; params: { reason?: string; [key: string]: unknown } };
export interface CustomRule {
  id: string;
  name?: string;
  priority: number;
  conditions: TopCondition;
  event: RuleEvent;
  comment?: string;
}
export interface RuleSet {
  destinations: Destination[];
  rest: Destination;
  contentRoutes: ContentRoute[];
  kleRoutes: KleRoute[];
  rules: CustomRule[];
}

export interface RuleFileIssue {
  /** e.g. `rules[3].event.params.destination` */
  path: string;
  message: string;
}

/** A rule file that cannot be loaded. A configuration error, not bad input: nothing is parked for it. */
export class RuleFileError extends Error {
  override readonly name = 'RuleFileError';
  readonly code = 'rule_file_invalid';
  constructor(readonly issues: RuleFileIssue[]) {
    super(`Invalid rule file (${issues.length} problem(s)):\n${issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`);
  }
}

const ID = /^[\p{L}\p{N}][\p{L}\p{N}._:-]*$/u;
const id = z.string().regex(ID, 'an id starts with a letter or digit and uses letters, digits, . _ : -');
const text = z.string().trim().min(1);
const destination = z.looseObject({ id, name: text });
const contentRoute = z.strictObject({
  id: id.optional(),
  subjectContains: z.union([text, z.array(text).min(1)]),
  destination: z.string(),
  comment: z.string().optional(),
});
const kleRoute = z.strictObject({ id: id.optional(), pattern: z.string(), destination: z.string(), comment: z.string().optional() });
const event = z.strictObject({
  type: z.enum(['route', 'park']),
  params: z.looseObject({ destination: z.string().optional(), reason: z.string().optional() }).optional(),
});
const rule = z.strictObject({
  name: text.optional(),
  priority: z.int().min(1).optional(),
  conditions: z.unknown(),
  event,
  comment: z.string().optional(),
});
const ruleFile = z.looseObject({
  destinations: z.array(destination),
  rest: z.looseObject({ id, name: text }).optional(),
  contentRoutes: z.array(contentRoute).optional(),
  kleRoutes: z.array(kleRoute).optional(),
  rules: z.array(rule).optional(),
});
type RuleFileInput = z.infer<typeof ruleFile>;

const KNOWN_KEYS = new Set(['destinations', 'rest', 'contentRoutes', 'kleRoutes', 'rules']);
const DEFAULT_REST: Destination = { id: 'rest', name: 'Restpostkasse' };

/** Validates a parsed rule file (JSON) and normalises it; throws RuleFileError listing every problem. */
export function parseRuleFile(json: unknown): RuleSet {
  const parsed = ruleFile.safeParse(json);
  if (!parsed.success) {
    throw new RuleFileError(parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })));
  }
  const issues = crossCheck(parsed.data);
  if (issues.length > 0) throw new RuleFileError(issues.map((i) => ({ path: formatPath(i.path), message: i.message })));
  return normalize(parsed.data);
}

function crossCheck(file: RuleFileInput): PathIssue[] {
  const issues: PathIssue[] = [];
  for (const key of Object.keys(file)) {
    if (!KNOWN_KEYS.has(key) && !key.startsWith('_')) {
      issues.push({ path: [key], message: `unknown key "${key}" (known: ${[...KNOWN_KEYS].join(', ')}; prefix comments with _)` });
    }
  }
  const restId = file.rest?.id ?? DEFAULT_REST.id;
  const known = new Set<string>();
  file.destinations.forEach((d, i) => {
    if (known.has(d.id) || d.id === restId) issues.push({ path: ['destinations', i, 'id'], message: `duplicate destination "${d.id}"` });
    known.add(d.id);
  });
  const checkDestination = (value: string, at: (string | number)[], label: string): void => {
    if (value === restId) issues.push({ path: at, message: `"${value}" is the rest mailbox; park instead of routing there${label}` });
    else if (!known.has(value)) issues.push({ path: at, message: `unknown destination "${value}"${label} (known: ${[...known].join(', ')})` });
  };
  const ids = new Map<string, string>();
  const claimId = (ruleId: string, at: (string | number)[]): void => {
    const previous = ids.get(ruleId);
    if (previous !== undefined) issues.push({ path: at, message: `duplicate rule id "${ruleId}" (also ${previous})` });
    ids.set(ruleId, formatPath(at));
  };
  file.contentRoutes?.forEach((route, i) => {
    const label = route.id ? ` in rule "${route.id}"` : '';
    checkDestination(route.destination, ['contentRoutes', i, 'destination'], label);
    claimId(contentRouteId(route.id, i), ['contentRoutes', i]);
  });
  file.kleRoutes?.forEach((route, i) => {
    if (!parseKlePattern(route.pattern)) {
      issues.push({ path: ['kleRoutes', i, 'pattern'], message: `invalid KLE pattern "${route.pattern}" (${KLE_PATTERN_HELP})` });
    }
    checkDestination(route.destination, ['kleRoutes', i, 'destination'], ` in KLE route "${route.pattern}"`);
    claimId(kleRouteId(route.id, route.pattern), ['kleRoutes', i]);
  });
  file.rules?.forEach((r, i) => {
    const label = r.name ? ` in rule "${r.name}"` : '';
    issues.push(...checkConditions(r.conditions, ['rules', i, 'conditions']).map((issue) => ({ ...issue, message: issue.message + label })));
    const at = ['rules', i, 'event', 'params', 'destination'];
    if (r.event.type === 'route') {
      if (r.event.params?.destination === undefined) issues.push({ path: at, message: `a route event needs a destination${label}` });
      else checkDestination(r.event.params.destination, at, label);
    } else if (r.event.params?.destination !== undefined) {
      issues.push({ path: at, message: `a park event goes to the rest mailbox and takes no destination${label}` });
    }
    claimId(customRuleId(r.name, i), ['rules', i]);
  });
  return issues;
}

function normalize(file: RuleFileInput): RuleSet {
  return {
    destinations: file.destinations,
    rest: file.rest ?? DEFAULT_REST,
    contentRoutes: (file.contentRoutes ?? []).map((route, i) => ({
      id: contentRouteId(route.id, i),
      subjectContains: typeof route.subjectContains === 'string' ? [route.subjectContains] : route.subjectContains,
      destination: route.destination,
      ...(route.comment !== undefined ? { comment: route.comment } : {}),
    })),
    kleRoutes: (file.kleRoutes ?? []).map((route) => ({
      id: kleRouteId(route.id, route.pattern),
      pattern: route.pattern,
      destination: route.destination,
      ...(route.comment !== undefined ? { comment: route.comment } : {}),
    })),
    rules: (file.rules ?? []).map((r, i) => ({
      id: customRuleId(r.name, i),
      ...(r.name !== undefined ? { name: r.name } : {}),
      priority: r.priority ?? PRIORITY.custom,
      conditions: r.conditions as TopCondition,
      event: { type: r.event.type, params: r.event.params ?? {} } as RuleEvent,
      ...(r.comment !== undefined ? { comment: r.comment } : {}),
    })),
  };
}

const contentRouteId = (given: string | undefined, index: number): string => given ?? `content[${index}]`;
const kleRouteId = (given: string | undefined, pattern: string): string => given ?? `kle:${pattern}`;
const customRuleId = (name: string | undefined, index: number): string => name ?? `rules[${index}]`;

/** `['rules', 3, 'event']` → `rules[3].event` */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(file)';
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '');
}
