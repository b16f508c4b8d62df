// Routing-safety figures for `fordeler eval`: what the routing-safety gate (core/stages/route-safety.ts)
// does to the rules' decisions on held-out items, so the gate's effect on misroutes and routable recall is
// measured out-of-sample, with the same function production runs. classifiers/ may not import stages, so
// the caller hands the gate over as a function of the threshold (`Gate`). Also the step that turns a
// training item's out-of-fold decision into the (probability, wrong) pair conformal risk control chooses a
// threshold from (risk-control.ts), and the report: per fold the threshold and how it was chosen, pooled
// figures with and without the gate, what the gate stopped and routed, and a risk/coverage table at fixed
// thresholds and an out-of-fold reliability table of the destination probability, both printed for reading
// only — nothing is chosen from them.
import type { Classification, ExtractedContent, RouteDecision } from '../core/model.js';
import type { GoldLabel } from './evaluation.js';
import type { ScoredDecision, ThresholdChoice } from './risk-control.js';

/** The rest mailbox: the gold route of items no rule should send anywhere. */
export const REST = 'rest';

export type GateWhy = 'below_threshold' | 'close_destinations' | 'no_destination' | 'other_destination';

/** The rules' decision after the gate, at one threshold. */
export interface GateOutcome {
  routed: boolean;
  destination: string | null;
  /** The gate judged the decision: it rests on the guessed emne. False: the rules' or sender's own word, passed unchanged. */
  judged: boolean;
  /** The rules routed it and the gate stopped it, for this reason. */
  stopped?: GateWhy;
  /** The rules parked it and the gate routed it by its destination probability. */
  byProbability?: boolean;
}

/** The routing-safety gate at a threshold (the caller wraps applyRouteSafety and the sensitive detector). */
export type Gate = (content: ExtractedContent, classification: Classification, decision: RouteDecision, threshold: number) => GateOutcome;

export interface SafetyOptions {
  gate: Gate;
  /** The misroute rate the threshold is chosen for (conformal risk control). */
  target: number;
  /** The threshold when too few decisions qualify (DEFAULT_DESTINATION_SAFETY.threshold). */
  fallback: number;
  /** Thresholds at which the held-out items are also gated, for the risk/coverage table only. */
  fixedThresholds: readonly number[];
  /** Called with each split's threshold choice. */
  onThreshold?: (split: string, choice: ThresholdChoice) => void;
}

/** Where a prediction went: by the rules alone, through the gate at the fold's threshold, at fixed thresholds. */
export interface PredictionRouting {
  file: string;
  routed: boolean;
  destination: string | null;
  gated?: GateOutcome;
  atThreshold?: Record<string, GateOutcome>;
  /** The held-out item's decision as risk control reads it (scoredDecision): for the reliability table. */
  scored?: ScoredDecision;
}

/** Judged decisions the gate would route, by band of their top destination's probability: is p right p of the time? */
export interface DestinationReliabilityBand {
  from: number;
  to: number;
  decisions: number;
  meanProbability: number;
  /** Share of them whose destination was right. */
  right: number;
}

const RELIABILITY_BANDS = [0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1];

/**
 * Out-of-fold reliability of the destination probability the gate thresholds: judged decisions of held-out
 * items that the gate routes at some threshold ≥ 0.5, banded. Says whether "0.8" means 80 % right.
 */
export function destinationReliability(predictions: readonly PredictionRouting[]): DestinationReliabilityBand[] {
  const scored = predictions.flatMap((p) => (p.scored && p.scored.probability >= (RELIABILITY_BANDS[0] as number) ? [p.scored] : []));
  return RELIABILITY_BANDS.slice(0, -1).flatMap((from, i) => {
    const to = RELIABILITY_BANDS[i + 1] as number;
    const band = scored.filter((d) => d.probability >= from && (d.probability < to || (to === 1 && d.probability <= 1)));
    if (band.length === 0) return [];
    return [{ from, to, decisions: band.length, meanProbability: band.reduce((sum, d) => sum + d.probability, 0) / band.length, right: band.filter((d) => !d.wrong).length / band.length }];
  });
}

export interface RoutingFigures {
  /** Items with a destination of their own (gold route other than the rest mailbox). */
  routable: number;
  /** Routed to the right destination / items that have one. */
  routableRecall: number;
  /** Routed to a wrong destination / all items. */
  misrouteRate: number;
  routed: number;
  misrouted: number;
}

type Gold = GoldLabel & { route?: string };
type Outcome = Pick<GateOutcome, 'routed' | 'destination'>;

export function routingFiguresBy<P extends { file: string }>(golds: readonly Gold[], predictions: readonly P[], outcome: (p: P) => Outcome | undefined): RoutingFigures {
  const byFile = new Map(predictions.map((p) => [p.file, p]));
  let routable = 0, right = 0, wrong = 0, routed = 0;
  for (const gold of golds) {
    const p = byFile.get(gold.file);
    const o = p ? outcome(p) : undefined;
    const expected = gold.route ?? REST;
    if (expected !== REST) routable++;
    if (!o?.routed) continue;
    routed++;
    if (o.destination !== expected) wrong++;
    else if (expected !== REST) right++;
  }
  return { routable, routableRecall: routable ? right / routable : 0, misrouteRate: golds.length ? wrong / golds.length : 0, routed, misrouted: wrong };
}

const BISECTION_STEPS = 20;

/**
 * A training item's decision as risk control reads it: the highest threshold at which the gate still routes
 * the item (found by bisection: a higher threshold never routes more), and whether that route is wrong.
 * Undefined when the gate does not judge the decision (it rests on a rule that does not read the emne, or
 * on a stated emne): the threshold does not govern it. Judged decisions the gate never routes count with
 * probability 0 — they are part of the sample, with no loss at any threshold.
 */
export function scoredDecision(gate: (threshold: number) => GateOutcome, expected: string): ScoredDecision | undefined {
  const open = gate(0);
  if (!open.judged) return undefined;
  if (!open.routed) return { probability: 0, wrong: false };
  const wrong = open.destination !== expected;
  if (gate(1).routed) return { probability: 1, wrong };
  let low = 0, high = 1;
  for (let step = 0; step < BISECTION_STEPS; step++) {
    const middle = (low + high) / 2;
    if (gate(middle).routed) low = middle;
    else high = middle;
  }
  return { probability: low, wrong };
}

export interface SafetyFigures {
  target: number;
  thresholds: ({ split: string } & ThresholdChoice)[];
  /** The rules alone, as before the gate. */
  rulesOnly: RoutingFigures;
  /** The rules, then the gate at each fold's chosen threshold. */
  gated: RoutingFigures;
  /** Routes of the rules the gate stopped: how many were right (lost recall) and wrong (misroutes avoided), and why. */
  stopped: { total: number; right: number; wrong: number; byWhy: Partial<Record<GateWhy, number>> };
  /** Parked items the gate routed because their guesses agree on one destination. */
  routedByProbability: { total: number; right: number; wrong: number };
  /** The misroutes left with the gate: judged by it (it let them through) or on rules that do not read the emne (it cannot). */
  misroutes: { judged: string[]; notJudged: string[] };
  /** Not used to choose anything: the gate at fixed thresholds, for reading the trade-off. */
  riskCoverage: ({ threshold: number } & RoutingFigures)[];
  /** Out-of-fold reliability of the destination probability (held-out items' judged decisions). */
  reliability: DestinationReliabilityBand[];
}

export function safetyFigures(golds: readonly Gold[], predictions: readonly PredictionRouting[], thresholds: SafetyFigures['thresholds'], target: number, fixed: readonly number[]): SafetyFigures {
  const expectedOf = new Map(golds.map((gold) => [gold.file, gold.route ?? REST]));
  const stopped: SafetyFigures['stopped'] = { total: 0, right: 0, wrong: 0, byWhy: {} };
  const byProbability = { total: 0, right: 0, wrong: 0 };
  const misroutes: SafetyFigures['misroutes'] = { judged: [], notJudged: [] };
  for (const p of predictions) {
    const expected = expectedOf.get(p.file) ?? REST;
    const final = p.gated ?? { ...p, judged: false };
    if (final.routed && final.destination !== expected) (final.judged ? misroutes.judged : misroutes.notJudged).push(p.file);
    if (p.gated?.stopped) {
      stopped.total++;
      if (p.destination === expected) stopped.right++;
      else stopped.wrong++;
      stopped.byWhy[p.gated.stopped] = (stopped.byWhy[p.gated.stopped] ?? 0) + 1;
    }
    if (p.gated?.byProbability) {
      byProbability.total++;
      if (p.gated.destination === expected) byProbability.right++;
      else byProbability.wrong++;
    }
  }
  return {
    target,
    thresholds,
    rulesOnly: routingFiguresBy(golds, predictions, (p) => p),
    gated: routingFiguresBy(golds, predictions, (p) => p.gated ?? p),
    stopped,
    routedByProbability: byProbability,
    misroutes,
    riskCoverage: fixed.map((threshold) => ({ threshold, ...routingFiguresBy(golds, predictions, (p) => p.atThreshold?.[String(threshold)] ?? p) })),
    reliability: destinationReliability(predictions),
  };
}

const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;

export function formatSafetyFigures(f: SafetyFigures): string {
  const line = (r: RoutingFigures) => `routable recall ${pct(r.routableRecall)} of ${r.routable}, misroute ${pct(r.misrouteRate)} (${r.misrouted} of all items), ${r.routed} routed`;
  const defaults = f.thresholds.filter((t) => t.method === 'default');
  const why = Object.entries(f.stopped.byWhy).map(([k, n]) => `${k} ${n}`).join(', ');
  return [
    `Routing safety (the route stage's gate, core/stages/route-safety.ts), target misroute ${pct(f.target)}:`,
    '  threshold per fold, chosen by conformal risk control from the decisions of the fold\'s training items (out-of-fold):',
    ...f.thresholds.map((t) => `    ${t.split}: ${t.threshold} (${t.method}${t.method === 'default' ? `: ${t.note ?? ''}` : `, bound ${t.bound} on ${t.decisions} decisions`})`),
    ...(defaults.length ? [`  ${defaults.length} of ${f.thresholds.length} folds had too few decisions and kept the default threshold.`] : []),
    `  rules only:        ${line(f.rulesOnly)}`,
    `  rules + gate:      ${line(f.gated)}`,
    `  the gate stopped ${f.stopped.total} routes (${f.stopped.wrong} would have been misroutes, ${f.stopped.right} were right)${why ? `: ${why}` : ''}`,
    `  the gate routed ${f.routedByProbability.total} parked items by destination probability (${f.routedByProbability.right} right, ${f.routedByProbability.wrong} wrong)`,
    `  misroutes with the gate: ${f.misroutes.judged.length} it judged and let through, ${f.misroutes.notJudged.length} on rules that do not read the emne (not the gate's to judge)${[...f.misroutes.judged, ...f.misroutes.notJudged].length ? ` — ${[...f.misroutes.judged, ...f.misroutes.notJudged].join(', ')}` : ''}`,
    '  risk/coverage at fixed thresholds (for reading only — not used to choose anything):',
    ...f.riskCoverage.map((r) => `    ${r.threshold.toFixed(2)}: ${line(r)}`),
    ...(f.reliability.length
      ? [
          '  reliability of the destination probability, held-out items (is a probability of p right p of the time?):',
          ...f.reliability.map((b) => `    ${b.from.toFixed(2)}–${b.to.toFixed(2)}: ${b.decisions} decisions, mean probability ${b.meanProbability.toFixed(2)}, right ${pct(b.right)}`),
        ]
      : []),
  ].join('\n');
}
