// Shadowed and overlapping rules for rules/validate.ts, decided on the compiled evaluation order.
//
// Soundness first: a rule is reported as shadowed only when it is PROVED that every item it matches is
// matched by one rule that runs before it; an overlap only when it is PROVED that some item matches both.
// Anything the checks cannot prove (regexes other than identical ones, facts that depend on each other,
// several earlier rules that together cover a later one, …) is not reported.
//
// Proofs: `implies(b, a)` is "every item matching b matches a", by the structure of all/any/not and,
// for leaves on the same fact and path, by the operator: identical conditions; containsText /
// containsIgnoreCase where each of b's texts contains one of a's (after the operator's own folding);
// kleIn where each of b's patterns lies inside one of a's; domainIn where each of b's domains is one
// of a's or a subdomain of it; matchesRegex with b's regexes among a's; equal/in with b's values among a's.
import { factsOf, type ConditionNode, type LeafCondition } from './conditions.js';
import type { CompiledRule } from './compile.js';
import { normalizeDomain, type FactId } from './facts.js';
import { parseKlePattern, type KlePattern } from './kle-pattern.js';
import { foldText, lowerText } from './text.js';

export interface OrderFinding {
  code: 'rule.shadowed' | 'rule.overlap';
  severity: 'error' | 'warning';
  /** The rule that loses (runs later). */
  rule: CompiledRule;
  /** The rule that wins (runs earlier). */
  winner: CompiledRule;
  message: string;
}

/** Proof steps per rule pair; when used up, the answer is "not proved" (nothing is reported). */
const BUDGET = 2_000;
const MAX_DISJUNCTS = 64;

/**
 * Shadowed rules (`rule.shadowed`): an error when the shadowing rule sends the items elsewhere (the later
 * rule's intent is silently lost), a warning when it sends them to the same place (the later rule is
 * redundant). Overlaps (`rule.overlap`, warning): rules with different outcomes that provably share items.
 */
export function checkOrder(rules: readonly CompiledRule[], kleSatisfiable: (pattern: KlePattern) => boolean): OrderFinding[] {
  const findings: OrderFinding[] = [];
  folded.clear();
  lowered.clear();
  // Every proof ends in two leaves on the same fact, so rules without a common fact are never compared.
  const facts = rules.map((rule) => factsOf(rule.conditions));
  const related = (i: number, j: number): boolean => [...(facts[i] ?? [])].some((fact) => facts[j]?.has(fact));
  const alternatives = rules.map((rule) => disjuncts(rule.conditions));
  rules.forEach((later, j) => {
    const earlier = rules.slice(0, j);
    const shadow = earlier.find((winner, i) => related(i, j) && implies(later.conditions, winner.conditions, { left: BUDGET }));
    if (shadow !== undefined) {
      const same = shadow.destination === later.destination;
      findings.push({
        code: 'rule.shadowed',
        severity: same ? 'warning' : 'error',
        rule: later,
        winner: shadow,
        message:
          `this rule can never be used: every item it matches is already taken by ${label(shadow)}, which runs before it ` +
          `(${whyFirst(shadow, later)})` +
          (same ? ` and sends it to the same place (${outcome(later)}), so the rule is redundant` : `, so nothing reaches ${outcome(later)} through it`) +
          `. ${fixHint(later, shadow)}`,
      });
      return;
    }
    earlier.forEach((winner, i) => {
      if (winner.destination === later.destination || !related(i, j)) return;
      const witness = sharedItem(alternatives[i] ?? [], alternatives[j] ?? [], kleSatisfiable);
      if (witness === null) return;
      findings.push({
        code: 'rule.overlap',
        severity: 'warning',
        rule: later,
        winner,
        message:
          `this rule overlaps ${label(winner)}: an item where ${witness} matches both; ${label(winner)} wins (${whyFirst(winner, later)}) ` +
          `and sends it to ${outcome(winner)}, not ${outcome(later)}. If that is intended, nothing needs to change`,
      });
    });
  });
  return findings;
}

/** Every item matching `b` matches `a` (proved), or false when it cannot be shown. */
export function implies(b: ConditionNode, a: ConditionNode, budget: { left: number }): boolean {
  if (--budget.left < 0) return false;
  if (isLeaf(a) && isLeaf(b)) return leafImplies(b, a) || (b.fact === a.fact && b.operator === a.operator && sameCondition(b, a));
  if (sameCondition(b, a)) return true;
  if ('all' in a && a.all.every((child) => implies(b, child, budget))) return true;
  if ('any' in a && a.any.some((child) => implies(b, child, budget))) return true;
  if ('all' in b && b.all.some((child) => implies(child, a, budget))) return true;
  if ('any' in b && b.any.every((child) => implies(child, a, budget))) return true;
  return 'not' in a && 'not' in b && implies(a.not, b.not, budget);
}

function leafImplies(b: LeafCondition, a: LeafCondition): boolean {
  if (b.fact !== a.fact || b.path !== a.path) return false;
  if (b.operator === 'equal' && a.operator === 'in' && Array.isArray(a.value)) return isPrimitive(b.value) && a.value.includes(b.value);
  if (b.operator !== a.operator) return false;
  if (b.operator === 'in') {
    return Array.isArray(a.value) && Array.isArray(b.value) && b.value.every((v) => isPrimitive(v) && (a.value as unknown[]).includes(v));
  }
  const as = literals(a.value);
  const bs = literals(b.value);
  if (as === null || bs === null) return false;
  const covered = COVERS[a.operator];
  if (covered === undefined) return false;
  for (const bv of bs) {
    let found = false;
    for (const av of as) if ((found = covered(bv, av))) break;
    if (!found) return false;
  }
  return true;
}

/** For one value each: every item matching `inner` (b's value) matches `outer` (a's value). */
const COVERS: Record<string, (inner: string, outer: string) => boolean> = {
  containsText: (inner, outer) => folded(inner).includes(folded(outer)),
  containsIgnoreCase: (inner, outer) => lowered(inner).includes(lowered(outer)),
  matchesRegex: (inner, outer) => inner === outer,
  kleIn: (inner, outer) => kleCovers(parseKlePattern(outer), parseKlePattern(inner)),
  domainIn: (inner, outer) => {
    const [ni, no] = [normalizeDomain(inner), normalizeDomain(outer)];
    return ni !== null && no !== null && (ni === no || ni.endsWith(`.${no}`));
  },
};

function kleCovers(outer: KlePattern | null, inner: KlePattern | null): boolean {
  if (outer === null || inner === null) return false;
  return outer.specificity === 'emne' ? inner.specificity === 'emne' && inner.prefix === outer.prefix : inner.prefix.startsWith(outer.prefix);
}

/** Operators whose list value means "any of", so each element is an alternative of its own. */
const ANY_OF = new Set(['containsText', 'containsIgnoreCase', 'matchesRegex', 'kleIn', 'domainIn']);

/** Alternatives whose union is the node (not necessarily all of them: a bounded, sound subset is fine). */
function disjuncts(node: ConditionNode): ConditionNode[] {
  if ('any' in node) return node.any.flatMap(disjuncts).slice(0, MAX_DISJUNCTS);
  if (isLeaf(node) && ANY_OF.has(node.operator) && Array.isArray(node.value)) {
    return node.value.slice(0, MAX_DISJUNCTS).map((value) => ({ ...node, value }));
  }
  if ('all' in node && node.all.length === 1 && node.all[0] !== undefined) return disjuncts(node.all[0]);
  return [node];
}

/** A description of an item both conditions match (proved), or null. */
function sharedItem(as: ConditionNode[], bs: ConditionNode[], kleSatisfiable: (p: KlePattern) => boolean): string | null {
  for (const da of as) {
    for (const db of bs) {
      if (implies(da, db, { left: BUDGET }) && satisfiable(da, kleSatisfiable)) return describe(da);
      if (implies(db, da, { left: BUDGET }) && satisfiable(db, kleSatisfiable)) return describe(db);
    }
  }
  return null;
}

/** Facts that take any text independently of the rest of the item. */
const FREE_TEXT: ReadonlySet<FactId> = new Set(['subject', 'text']);
/** Facts that depend on each other share a group; leaves of one `all` must use different groups. */
const GROUP: Partial<Record<FactId, string>> = { kle: 'kle', kleGroup: 'kle', kleHovedgruppe: 'kle', kleConfidence: 'kle', kleSource: 'kle', text: 'text', attachmentNames: 'attachments' };

/** Some item matches the node (proved), or false. */
function satisfiable(node: ConditionNode, kleSatisfiable: (p: KlePattern) => boolean): boolean {
  if ('all' in node) {
    const groups = node.all.map((child) => (isLeaf(child) ? (GROUP[child.fact] ?? 'envelope') : null));
    return groups.every((g) => g !== null) && new Set(groups).size === groups.length && node.all.every((c) => satisfiable(c, kleSatisfiable));
  }
  if (!isLeaf(node) || node.path !== undefined || typeof node.value !== 'string') return false;
  if ((node.operator === 'containsText' || node.operator === 'containsIgnoreCase') && FREE_TEXT.has(node.fact)) return !/[\r\n]/.test(node.value);
  if (node.operator === 'kleIn' && node.fact === 'kle') {
    const pattern = parseKlePattern(node.value);
    return pattern !== null && kleSatisfiable(pattern);
  }
  return node.operator === 'domainIn' && node.fact === 'senderDomain' && normalizeDomain(node.value) !== null;
}

const FACT_WORDS: Partial<Record<FactId, string>> = { subject: 'the subject', text: 'the text', kle: 'the KLE number', senderDomain: "the sender's domain" };

function describe(node: ConditionNode): string {
  if ('all' in node) return node.all.map(describe).join(' and ');
  if ('any' in node) return node.any.map(describe).join(' or ');
  if ('not' in node) return `not (${describe(node.not)})`;
  const fact = FACT_WORDS[node.fact] ?? `"${node.fact}"${node.path ? ` ${node.path}` : ''}`;
  const value = JSON.stringify(node.value);
  switch (node.operator) {
    case 'containsText':
    case 'containsIgnoreCase':
      return `${fact} contains ${value}`;
    case 'kleIn':
      return `${fact} is ${value}`;
    case 'domainIn':
      return `${fact} is ${value} (or a subdomain)`;
    case 'matchesRegex':
      return `${fact} matches ${value}`;
    default:
      return `${fact} ${node.operator} ${value}`;
  }
}

export function label(rule: CompiledRule): string {
  return `rule "${rule.id}"`;
}

function outcome(rule: CompiledRule): string {
  return rule.destination === null ? 'the rest mailbox (park)' : `"${rule.destination}"`;
}

function whyFirst(winner: CompiledRule, loser: CompiledRule): string {
  if (winner.priority === loser.priority) {
    return `same priority ${winner.priority}, and it comes first in the file: content routes, then KLE routes, then rules, each in listed order`;
  }
  if (winner.kind === 'kle' && loser.kind === 'kle') return `its KLE pattern is more specific: priority ${winner.priority} against ${loser.priority}`;
  return `higher priority: ${winner.priority} against ${loser.priority}`;
}

function fixHint(rule: CompiledRule, winner: CompiledRule): string {
  if (rule.kind === 'content' && winner.kind === 'content') return `Move it above "${winner.id}" in contentRoutes, or delete it`;
  if (rule.kind === 'custom') return `Give it a priority above ${winner.priority}, narrow ${label(winner)}, or delete it`;
  return `Narrow ${label(winner)}, or delete this rule`;
}

function isLeaf(node: ConditionNode): node is LeafCondition {
  return 'fact' in node;
}

function isPrimitive(value: unknown): boolean {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function literals(value: unknown): string[] | null {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v): v is string => typeof v === 'string')) return value;
  return null;
}

/** Cached per checkOrder call (cleared at its start), so a long-running process does not collect texts. */
function memo(fn: (text: string) => string): ((text: string) => string) & { clear(): void } {
  const cache = new Map<string, string>();
  const get = (text: string): string => {
    let out = cache.get(text);
    if (out === undefined) cache.set(text, (out = fn(text)));
    return out;
  };
  return Object.assign(get, { clear: () => cache.clear() });
}
const folded = memo(foldText);
const lowered = memo(lowerText);

/** Equal conditions, ignoring the `priority` and `name` keys that do not change what a condition matches. */
function sameCondition(a: ConditionNode, b: ConditionNode): boolean {
  return a === b || canonicalText(a) === canonicalText(b);
}

const canonicalCache = new WeakMap<ConditionNode, string>();
function canonicalText(node: ConditionNode): string {
  let text = canonicalCache.get(node);
  if (text === undefined) canonicalCache.set(node, (text = JSON.stringify(canonical(node))));
  return text;
}

function canonical(node: ConditionNode): unknown {
  if ('all' in node) return { all: node.all.map(canonical) };
  if ('any' in node) return { any: node.any.map(canonical) };
  if ('not' in node) return { not: canonical(node.not) };
  return { fact: node.fact, path: node.path ?? null, operator: node.operator, value: sortedKeys(node.value) };
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  return Object.fromEntries(entries.map(([key, v]) => [key, sortedKeys(v)]));
}
