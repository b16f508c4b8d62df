// Turns a RuleSet into one ordered list of json-rules-engine rules: table rules get priority bands,
// every rule gets its own engine priority so the engine runs them one at a time in our order.
import type { RuleProperties, TopLevelCondition } from 'json-rules-engine';
import type { ConditionNode, TopCondition } from './conditions.js';
import { parseKlePattern } from './kle-pattern.js';
import { PRIORITY } from './priority.js';
import type { ContentRoute, CustomRule, KleRoute, RuleSet } from './schema.js';

export type CompiledRule = {
  id: string;
  name?: string;
  /** Priority on the shared scale (bands for table rules, declared or 250 for json-rules-engine rules). */
  priority: number;
  /** null when the rule parks. */
  destination: string | null;
  conditions: TopCondition;
} & (
  | { kind: 'content'; source: ContentRoute }
  | { kind: 'kle'; source: KleRoute }
  | { kind: 'custom'; source: CustomRule }
);

/** All rules in evaluation order: higher priority first, then file order. */
export function compileRules(ruleSet: RuleSet): CompiledRule[] {
  const inFileOrder: CompiledRule[] = [
    ...ruleSet.contentRoutes.map((source): CompiledRule => ({
      kind: 'content',
      source,
      id: source.id,
      name: source.comment ?? source.id,
      priority: PRIORITY.content,
      destination: source.destination,
      conditions: { all: [{ fact: 'subject', operator: 'containsIgnoreCase', value: source.subjectContains }] },
    })),
    ...ruleSet.kleRoutes.map((source): CompiledRule => ({
      kind: 'kle',
      source,
      id: source.id,
      ...(source.comment !== undefined ? { name: source.comment } : {}),
      priority: PRIORITY[parseKlePattern(source.pattern)?.specificity ?? 'hovedgruppe'],
      destination: source.destination,
      conditions: { all: [{ fact: 'kle', operator: 'kleIn', value: source.pattern }] },
    })),
    ...ruleSet.rules.map((source): CompiledRule => ({
      kind: 'custom',
      source,
      id: source.id,
      ...(source.name !== undefined ? { name: source.name } : {}),
      priority: source.priority,
      destination: source.event.type === 'route' ? source.event.params.destination : null,
      conditions: inListedOrder(source.conditions) as TopCondition,
    })),
  ];
  // Array.prototype.sort is stable, so equal priorities keep file order.
  return inFileOrder.sort((a, b) => b.priority - a.priority);
}

/** Engine rules: the rule id as name and a unique descending engine priority per rule. */
export function toEngineRules(rules: readonly CompiledRule[]): RuleProperties[] {
  return rules.map((rule, index) => ({
    name: rule.id,
    priority: rules.length - index,
    conditions: rule.conditions as TopLevelCondition,
    event: { type: rule.destination === null ? 'park' : 'route', params: { ruleId: rule.id, destination: rule.destination } },
  }));
}

/**
 * json-rules-engine evaluates conditions of equal priority in parallel. Giving the conditions of a list
 * descending priorities (unless the author set any) makes it evaluate them in listed order and stop at
 * the first decisive one, as a reader of the rule expects.
 */
export function inListedOrder(node: ConditionNode): ConditionNode {
  if ('not' in node) return { ...node, not: inListedOrder(node.not) };
  if (!('all' in node) && !('any' in node)) return node;
  const key = 'all' in node ? 'all' : 'any';
  const children: ConditionNode[] = 'all' in node ? node.all : node.any;
  const authorSetPriorities = children.some((child) => child.priority !== undefined);
  const ordered = children.map((child, index) => {
    const inner = inListedOrder(child);
    return authorSetPriorities ? inner : { ...inner, priority: children.length - index };
  });
  return { ...node, [key]: ordered } as ConditionNode;
}
