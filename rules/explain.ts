// Explanation as data: json-rules-engine's rule results become a trace of every rule tried and
// each condition's fact value and result, plus reasons a clerk can read.
import type { RuleResult } from 'json-rules-engine';
import type { ConditionTrace, Reason, RouteDecision, RuleTrace } from '../core/model.js';
import type { CompiledRule } from './compile.js';
import type { RoutingFacts } from './facts.js';
import type { RuleSet } from './schema.js';
import { summarize } from './summarize.js';
import { findNeedle, lowerText } from './text.js';

/** Traces of the rules the engine evaluated, in evaluation order. */
export function traceRules(rules: readonly CompiledRule[], results: readonly RuleResult[]): RuleTrace[] {
  const byId = new Map(results.map((result) => [String(result.name), result]));
  return rules.flatMap((rule) => {
    const result = byId.get(rule.id);
    if (!result) return [];
    return [{
      ruleId: rule.id,
      ...(rule.name !== undefined ? { name: rule.name } : {}),
      priority: rule.priority,
      matched: result.result === true,
      destination: rule.destination,
      conditions: flatten(result.conditions),
    }];
  });
}

/** Leaf conditions in listed order; a leaf the engine skipped (short-circuit) has no `result`. */
function flatten(node: unknown): ConditionTrace[] {
  if (node === null || typeof node !== 'object') return [];
  const record = node as Record<string, unknown>;
  for (const key of ['all', 'any'] as const) {
    if (Array.isArray(record[key])) return (record[key] as unknown[]).flatMap(flatten);
  }
  if ('not' in record) return flatten(record.not);
  const evaluated = typeof record.result === 'boolean';
  return [{
    fact: String(record.fact),
    ...(typeof record.path === 'string' ? { path: record.path } : {}),
    operator: String(record.operator),
    value: summarize(record.value),
    factValue: evaluated ? summarize(record.factResult) : undefined,
    result: evaluated ? (record.result as boolean) : 'not-evaluated',
  }];
}

export function decide(
  ruleSet: RuleSet,
  winner: CompiledRule | undefined,
  trace: RuleTrace[],
  facts: RoutingFacts,
  ruleSetVersion: string,
): RouteDecision {
  const reasons: Reason[] = [];
  if (facts.kle === null) {
    reasons.push({
      code: 'route.kle_missing',
      message: 'Klassifikationen gav intet KLE-emne, så ingen KLE-regel kunne matche',
      data: { kleSource: facts.kleSource, kleConfidence: facts.kleConfidence },
    });
  }
  const base = { ruleSetVersion, trace };
  if (winner === undefined) {
    reasons.push({
      code: 'route.no_rule_matched',
      message: `Ingen af ${trace.length} regler matchede; posten parkeres i ${ruleSet.rest.name}`,
      data: { rulesTried: trace.length, kle: facts.kle, subject: facts.subject, rest: ruleSet.rest.id },
    });
    return { ...base, status: 'parked', destination: null, ruleId: null, reasons };
  }
  reasons.push(matchReason(ruleSet, winner, facts));
  const parked = winner.destination === null;
  return { ...base, status: parked ? 'parked' : 'routed', destination: winner.destination, ruleId: winner.id, reasons };
}

function matchReason(ruleSet: RuleSet, rule: CompiledRule, facts: RoutingFacts): Reason {
  const common = { ruleId: rule.id, kind: rule.kind, priority: rule.priority, destination: rule.destination };
  switch (rule.kind) {
    case 'content': {
      const needle = findNeedle(facts.subject ?? '', rule.source.subjectContains, lowerText);
      return {
        code: 'route.rule_matched',
        message: `Emnefeltet indeholder "${needle}" (${rule.id}) → ${rule.destination}`,
        data: { ...common, subject: facts.subject, matchedText: needle },
      };
    }
    case 'kle':
      return {
        code: 'route.rule_matched',
        message: `Emne ${facts.kle} matcher ${rule.source.pattern} → ${rule.destination}`,
        data: { ...common, kle: facts.kle, pattern: rule.source.pattern, kleSource: facts.kleSource },
      };
    case 'custom': {
      const label = rule.name ?? rule.id;
      const { event } = rule.source;
      if (event.type === 'park') {
        const why = event.params.reason ? `: ${event.params.reason}` : '';
        return {
          code: 'route.rule_parked',
          message: `Regel "${label}" parkerer posten i ${ruleSet.rest.name}${why}`,
          data: { ...common, rest: ruleSet.rest.id, params: event.params },
        };
      }
      return {
        code: 'route.rule_matched',
        message: `Regel "${label}" matchede → ${rule.destination}`,
        data: { ...common, params: event.params },
      };
    }
  }
}
