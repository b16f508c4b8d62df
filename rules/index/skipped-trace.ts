// Traces of rules the candidate index skipped. They keep the trace's promise ("every rule that was
// tried, in evaluation order" up to the winner): a skipped rule is listed with matched: false, the
// condition(s) that ruled it out with the fact value seen and result false, and its other conditions
// as not-evaluated — just as if json-rules-engine had evaluated that condition first and stopped.
import type { ConditionTrace, RuleTrace } from '../../core/model.js';
import type { CompiledRule } from '../compile.js';
import type { ConditionNode, LeafCondition } from '../conditions.js';
import type { RoutingFacts } from '../facts.js';
import { summarize } from '../summarize.js';
import type { Requirement } from './requirements.js';

interface LeafTemplate {
  /** Set when the leaf is ruled out by the index: traced as false with its fact value. */
  provedFalse: boolean;
  fact: string;
  notEvaluated: Readonly<ConditionTrace>;
}

interface SkipTemplate {
  head: Omit<RuleTrace, 'conditions'>;
  leaves: LeafTemplate[];
}

export class SkippedTraces {
  private readonly templates: (SkipTemplate | null)[];

  constructor(rules: readonly CompiledRule[], requirements: readonly (Requirement | null)[]) {
    this.templates = rules.map((rule, position) => {
      const requirement = requirements[position];
      if (!requirement) return null; // always evaluated, never skipped
      const proved = new Set<LeafCondition>(requirement.leaves);
      return {
        head: {
          ruleId: rule.id,
          ...(rule.name !== undefined ? { name: rule.name } : {}),
          priority: rule.priority,
          matched: false,
          destination: rule.destination,
        },
        leaves: leavesOf(rule.conditions).map((leaf) => ({
          provedFalse: proved.has(leaf),
          fact: leaf.fact,
          notEvaluated: Object.freeze({
            fact: String(leaf.fact),
            ...(typeof leaf.path === 'string' ? { path: leaf.path } : {}),
            operator: String(leaf.operator),
            value: summarize(leaf.value),
            factValue: undefined,
            result: 'not-evaluated' as const,
          }),
        })),
      };
    });
  }

  /** A tracer for one item: fact values are summarised once per fact. */
  forItem(facts: RoutingFacts): (position: number) => RuleTrace {
    const seen = new Map<string, unknown>();
    const summaryOf = (fact: string): unknown => {
      if (!seen.has(fact)) seen.set(fact, summarize((facts as unknown as Record<string, unknown>)[fact]));
      return seen.get(fact);
    };
    return (position) => {
      const template = this.templates[position];
      if (!template) throw new Error(`rule ${position} is always evaluated and cannot have been skipped`);
      const conditions: ConditionTrace[] = [];
      for (const leaf of template.leaves) {
        const base = leaf.notEvaluated;
        conditions.push(leaf.provedFalse ? { ...base, factValue: summaryOf(leaf.fact), result: false } : base);
      }
      return { ...template.head, conditions };
    };
  }
}

/** Leaf conditions in listed order, as explain.ts flattens the engine's results. */
function leavesOf(node: ConditionNode): LeafCondition[] {
  if ('fact' in node) return [node];
  if ('not' in node) return leavesOf(node.not);
  return ('all' in node ? node.all : node.any).flatMap(leavesOf);
}
