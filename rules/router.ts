// The Router port on json-rules-engine: one engine per routing call (engine.stop() is per engine,
// so calls running concurrently must not share one), stopped at the first matching rule.
import { Engine } from 'json-rules-engine';
import type { Classification, ExtractedContent, RouteDecision } from '../core/model.js';
import type { Router } from '../core/ports.js';
import { compileRules, toEngineRules } from './compile.js';
import { decide, traceRules } from './explain.js';
import { buildFacts } from './facts.js';
import { ruleSetVersion } from './hash.js';
import { kleMatches, parseKlePattern } from './kle-pattern.js';
import { createOperators } from './operators.js';
import { resolvePath } from './path.js';
import type { RuleSet } from './schema.js';

export interface RouterOptions {
  /** Overrides the content hash, e.g. with a version the caller stores. */
  version?: string;
}

export function createRouter(ruleSet: RuleSet, options: RouterOptions = {}): Router {
  const rules = compileRules(ruleSet);
  const engineRules = toEngineRules(rules);
  const operators = createOperators();
  const version = options.version ?? ruleSetVersion(ruleSet);
  const kleRules = rules.flatMap((rule) => {
    const pattern = rule.kind === 'kle' ? parseKlePattern(rule.source.pattern) : null;
    return pattern ? [{ rule, pattern }] : [];
  });

  return {
    version,
    async route(content: ExtractedContent, classification: Classification): Promise<RouteDecision> {
      const facts = buildFacts(content, classification);
      const engine = new Engine([], { allowUndefinedFacts: true, pathResolver: resolvePath });
      for (const operator of operators) engine.addOperator(operator);
      for (const rule of engineRules) engine.addRule(rule);
      engine.on('success', () => {
        engine.stop();
      });
      const { results, failureResults } = await engine.run({ ...facts });
      const winnerId = results[0]?.name;
      const winner = rules.find((rule) => rule.id === winnerId);
      return decide(ruleSet, winner, traceRules(rules, [...results, ...failureResults]), facts, version);
    },
    destinationForKle(nr: string) {
      const kle = nr.trim();
      const match = kleRules.find(({ pattern }) => kleMatches(kle, pattern));
      return match ? { destination: match.rule.destination, ruleId: match.rule.id } : { destination: null, ruleId: null };
    },
  };
}

/** Destination id → name, including the rest mailbox. */
export function destinations(ruleSet: RuleSet): Record<string, string> {
  return Object.fromEntries([...ruleSet.destinations, ruleSet.rest].map((d) => [d.id, d.name]));
}
