// The Router port on json-rules-engine: one engine per routing call (engine.stop() is per engine,
// so calls running concurrently must not share one), stopped at the first matching rule.
// By default a candidate index (rules/index/) picks the rules that can match the item, and only those
// are added to the call's engine, in the same priority order; the decision is the one evaluating
// every rule would give. `{ index: false }` evaluates every rule (benchmarks, identity tests).
import { Engine, type RuleProperties, type RuleResult } from 'json-rules-engine';
import type { Classification, ExtractedContent, RouteDecision, RuleTrace } from '../core/model.js';
import type { Router } from '../core/ports.js';
import { compileRules, toEngineRules, type CompiledRule } from './compile.js';
import { factsOf } from './conditions.js';
import { decide, traceRules } from './explain.js';
import { buildFacts, type RoutingFacts } from './facts.js';
import { ruleSetVersion } from './hash.js';
import { CandidateIndex } from './index/candidate-index.js';
import { SkippedTraces } from './index/skipped-trace.js';
import { kleMatches, parseKlePattern } from './kle-pattern.js';
import { createOperators } from './operators.js';
import { resolvePath } from './path.js';
import type { RuleSet } from './schema.js';

export interface RouterOptions {
  /** Overrides the content hash, e.g. with a version the caller stores. */
  version?: string;
  /** Evaluate only the rules the candidate index says can match (default true). */
  index?: boolean;
  /** Most rules skipped by the index that are still listed in the trace (default SKIPPED_TRACE_LIMIT). */
  skippedTraceLimit?: number;
}

/** What the index did for one decision; recorded as `data.index` of the deciding reason. */
export interface IndexSummary {
  /** Rules in the rule set. */
  rules: number;
  /** Rules the index let through (including the always-evaluated ones). */
  candidates: number;
  /** Rules the engine evaluated (candidates up to the winner). */
  evaluated: number;
  /** Rules ahead of the winner that the index proved cannot match (not evaluated). */
  skipped: number;
}

const KLE_FACTS = new Set(['kle', 'kleGroup', 'kleHovedgruppe', 'kleConfidence', 'kleSource']);

/** Candidates in the first engine; later batches grow fourfold. */
const FIRST_BATCH = 8;
/**
 * Up to this many rules skipped by the index are listed in the trace (matched: false, the condition
 * that rules them out traced as false with the fact value seen, the others not-evaluated), so a trace
 * reads as if every rule up to the winner had been tried. With more, listing them would cost more than
 * routing (and bloat the stored decision): the trace holds the evaluated rules only.
 */
export const SKIPPED_TRACE_LIMIT = 200;

export function createRouter(ruleSet: RuleSet, options: RouterOptions = {}): Router {
  const rules = compileRules(ruleSet);
  const engineRules = toEngineRules(rules);
  const operators = createOperators();
  const version = options.version ?? ruleSetVersion(ruleSet);
  const kleRules = rules.flatMap((rule) => {
    const pattern = rule.kind === 'kle' ? parseKlePattern(rule.source.pattern) : null;
    return pattern ? [{ rule, pattern }] : [];
  });
  const index = options.index === false ? null : new CandidateIndex(rules);
  const skipped = index ? new SkippedTraces(rules, index.requirements) : null;
  const skippedTraceLimit = options.skippedTraceLimit ?? SKIPPED_TRACE_LIMIT;
  const positionOf = new Map(rules.map((rule, position) => [rule.id, position]));
  // Rules whose decision rests on the emne: KLE routes, and rules with a kle* condition.
  const readsKle = new Set(rules.filter((rule) => rule.kind === 'kle' || [...factsOf(rule.conditions)].some((fact) => KLE_FACTS.has(fact))).map((rule) => rule.id));

  async function evaluate(facts: RoutingFacts, selected: readonly RuleProperties[]) {
    const engine = new Engine([], { allowUndefinedFacts: true, pathResolver: resolvePath });
    for (const operator of operators) engine.addOperator(operator);
    for (const rule of selected) engine.addRule(rule);
    engine.on('success', () => {
      engine.stop();
    });
    const { results, failureResults } = await engine.run({ ...facts });
    const winnerId = results[0]?.name;
    const winnerPosition = winnerId === undefined ? undefined : positionOf.get(String(winnerId));
    return { results: [...results, ...failureResults], winnerPosition };
  }

  /**
   * Candidates in growing batches (8, 32, 128, …), each batch on a fresh engine, until one matches:
   * the first match usually comes early, so most candidates are never parsed into an engine. Batches
   * keep the global order, so the winner is the one a single engine over all candidates would pick.
   */
  async function evaluateInBatches(facts: RoutingFacts, positions: readonly number[]) {
    const results: RuleResult[] = [];
    for (let from = 0, size = FIRST_BATCH; from < positions.length; from += size, size *= 4) {
      const batch = positions.slice(from, from + size).map((position) => engineRules[position] as RuleProperties);
      const outcome = await evaluate(facts, batch);
      results.push(...outcome.results);
      if (outcome.winnerPosition !== undefined) return { results, winnerPosition: outcome.winnerPosition };
    }
    return { results, winnerPosition: undefined };
  }

  const destinations = ruleSet.destinations.map((destination) => destination.id);
  return {
    version,
    destinations,
    async route(content: ExtractedContent, classification: Classification): Promise<RouteDecision> {
      const facts = buildFacts(content, classification);
      if (!index || !skipped) {
        const { results, winnerPosition } = await evaluate(facts, engineRules);
        const winner = winnerPosition === undefined ? undefined : rules[winnerPosition];
        return decide(ruleSet, winner, traceRules(rules, results), facts, version);
      }
      const { positions, isCandidate } = index.candidates(facts);
      const candidateRules = positions.map((position) => rules[position] as CompiledRule);
      const { results, winnerPosition } = await evaluateInBatches(facts, positions);
      const winner = winnerPosition === undefined ? undefined : rules[winnerPosition];
      const evaluated = traceRules(candidateRules, results);
      // The rules plain evaluation would have tried: all up to the winner, or all of them.
      const tried = (winnerPosition ?? rules.length - 1) + 1;
      const skippedCount = tried - evaluated.length;
      const summary: IndexSummary = { rules: rules.length, candidates: positions.length, evaluated: evaluated.length, skipped: skippedCount };
      if (skippedCount > skippedTraceLimit) {
        // Too many to list: the trace holds the evaluated rules; data.index counts the skipped ones.
        // decide() counts the rules tried from the trace's length, so it gets one of the full length.
        const counted = [...evaluated];
        counted.length = tried;
        return withIndexSummary({ ...decide(ruleSet, winner, counted, facts, version), trace: evaluated }, summary);
      }
      const skippedTrace = skipped.forItem(facts);
      const trace: RuleTrace[] = [];
      let next = 0;
      for (let position = 0; position < tried; position += 1) {
        if (isCandidate[position] === 1) {
          const traced = evaluated[next];
          next += 1;
          if (traced) trace.push(traced);
        } else {
          trace.push(skippedTrace(position));
        }
      }
      return withIndexSummary(decide(ruleSet, winner, trace, facts, version), summary);
    },
    ruleDependsOnKle: (ruleId: string) => readsKle.has(ruleId),
    destinationForKle(nr: string) {
      const kle = nr.trim();
      const match = kleRules.find(({ pattern }) => kleMatches(kle, pattern));
      return match ? { destination: match.rule.destination, ruleId: match.rule.id } : { destination: null, ruleId: null };
    },
  };
}

/** Adds the index summary to the deciding reason (the last one), leaving code and message as they are. */
function withIndexSummary(decision: RouteDecision, index: IndexSummary): RouteDecision {
  const reasons = decision.reasons.map((reason, i) =>
    i === decision.reasons.length - 1 ? { ...reason, data: { ...reason.data, index } } : reason,
  );
  return { ...decision, reasons };
}

/** Destination id → name, including the rest mailbox. */
export function destinations(ruleSet: RuleSet): Record<string, string> {
  return Object.fromEntries([...ruleSet.destinations, ruleSet.rest].map((d) => [d.id, d.name]));
}
