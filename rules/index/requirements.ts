// What an item must have for a rule to be able to match: a rule's "requirement" is a list of
// alternatives (index keys); a rule can only match an item that hits at least one of them. Derived
// from conditions that are REQUIRED by the rule (every leaf of a top-level `all`, recursively
// through nested `all`s; an `any` only when each of its branches has a requirement). Anything the
// analysis cannot prove selective (a `not`, a decorated or path operator, a regex, a fact reference)
// gives no requirement: the rule is always evaluated.
import type { ConditionNode, LeafCondition } from '../conditions.js';
import { normalizeDomain } from '../facts.js';
import { parseKlePattern } from '../kle-pattern.js';
import { foldText, lowerText } from '../text.js';

export type Normalizer = 'fold' | 'lower';
export const NORMALIZERS: Record<Normalizer, (text: string) => string> = { fold: foldText, lower: lowerText };

export type Alternative =
  /** `equal` / `in` on a fact: fact value === key. */
  | { kind: 'value'; fact: string; key: string | number | boolean | null }
  /** `kleIn`: the trimmed fact equals `exact`, or starts with `prefix`. */
  | { kind: 'kle'; fact: string; exact?: string; prefix?: string }
  /** `domainIn`: the fact's domain is `domain` or a subdomain of it. */
  | { kind: 'domain'; fact: string; domain: string }
  /** containsText / containsIgnoreCase: the normalised fact contains `literal`. */
  | { kind: 'text'; fact: string; normalizer: Normalizer; literal: string };

export interface Requirement {
  alternatives: Alternative[];
  /** The leaves that are false for every item hitting none of the alternatives (for the trace). */
  leaves: LeafCondition[];
  /** Rough expected share of items hitting it, summed over alternatives; lower is more selective. */
  cost: number;
}

/** Facts with a handful of values: an equality on them selects little. */
const FEW_VALUES = new Set(['channel', 'senderIdType', 'kleSource']);
const PRIMITIVE = new Set(['string', 'number', 'boolean']);

const isLeaf = (node: ConditionNode): node is LeafCondition => 'fact' in node;
const isKey = (value: unknown): value is string | number | boolean | null =>
  value === null || (PRIMITIVE.has(typeof value) && !(typeof value === 'number' && Number.isNaN(value)));

/** The requirement of a condition tree, or null when it cannot be proved selective. */
export function requirementOf(node: ConditionNode): Requirement | null {
  if (isLeaf(node)) return leafRequirement(node);
  if ('not' in node) return null;
  if ('all' in node) {
    let best: Requirement | null = null;
    for (const child of node.all) {
      const requirement = requirementOf(child);
      if (requirement !== null && (best === null || requirement.cost < best.cost)) best = requirement;
    }
    return best;
  }
  const branches = node.any.map(requirementOf);
  if (branches.length === 0 || branches.some((branch) => branch === null)) return null;
  return (branches as Requirement[]).reduce((union, branch) => ({
    alternatives: [...union.alternatives, ...branch.alternatives],
    leaves: [...union.leaves, ...branch.leaves],
    cost: union.cost + branch.cost,
  }));
}

function leafRequirement(leaf: LeafCondition): Requirement | null {
  if (leaf.path !== undefined) return null;
  const { fact, operator, value } = leaf;
  const alternatives = leafAlternatives(fact, operator, value);
  if (alternatives === null || alternatives.length === 0) return null;
  return { alternatives, leaves: [leaf], cost: alternatives.reduce((sum, alt) => sum + costOf(alt), 0) };
}

function leafAlternatives(fact: string, operator: string, value: unknown): Alternative[] | null {
  const values = typeof value === 'string' ? [value] : Array.isArray(value) ? (value as unknown[]) : null;
  switch (operator) {
    case 'equal':
      return isKey(value) ? [{ kind: 'value', fact, key: value }] : null;
    case 'in':
      return Array.isArray(value) && value.every(isKey) ? value.map((key) => ({ kind: 'value' as const, fact, key })) : null;
    case 'kleIn':
      return values === null ? null : mapAll(values, (text) => {
        const pattern = typeof text === 'string' ? parseKlePattern(text) : null;
        if (pattern === null) return null;
        return pattern.specificity === 'emne' ? { kind: 'kle', fact, exact: pattern.prefix } : { kind: 'kle', fact, prefix: pattern.prefix };
      });
    case 'domainIn':
      return values === null ? null : mapAll(values, (text) => {
        const domain = typeof text === 'string' ? normalizeDomain(text) : null;
        return domain === null ? null : { kind: 'domain', fact, domain };
      });
    case 'containsText':
    case 'containsIgnoreCase': {
      const normalizer: Normalizer = operator === 'containsText' ? 'fold' : 'lower';
      return values === null ? null : mapAll(values, (text) => {
        const literal = typeof text === 'string' ? NORMALIZERS[normalizer](text) : '';
        // An empty needle (e.g. only combining marks) is contained in every text: not selective.
        return literal.length === 0 ? null : { kind: 'text', fact, normalizer, literal };
      });
    }
    default:
      return null;
  }
}

/** Every value mapped, or null when any value cannot be indexed (the condition would not be selective). */
function mapAll(values: unknown[], map: (value: unknown) => Alternative | null): Alternative[] | null {
  const out: Alternative[] = [];
  for (const value of values) {
    const alternative = map(value);
    if (alternative === null) return null;
    out.push(alternative);
  }
  return out;
}

function costOf(alt: Alternative): number {
  switch (alt.kind) {
    case 'value':
      return FEW_VALUES.has(alt.fact) ? 0.3 : 0.01;
    case 'kle':
      return alt.exact !== undefined ? 0.002 : alt.prefix !== undefined && alt.prefix.length > 3 ? 0.01 : 0.05;
    case 'domain':
      return 0.005 + 0.05 / Math.max(1, alt.domain.split('.').length - 1);
    case 'text':
      // Longer literals occur in fewer texts; a body is a far bigger haystack than a subject.
      return (alt.fact === 'text' ? 0.2 : 0.05) / Math.max(1, alt.literal.length - 2);
  }
}
