import { describe, expect, it } from 'vitest';
import { destinationReliability, formatSafetyFigures, safetyFigures, scoredDecision, type GateOutcome, type PredictionRouting } from './routing-figures.js';

/** A gate that routes to `destination` at thresholds up to `limit` (the real gate is monotone the same way). */
const upTo = (limit: number, destination: string, judged = true) => (t: number): GateOutcome => ({ routed: judged && t <= limit, destination: judged && t <= limit ? destination : null, judged });

describe('scoredDecision', () => {
  it('finds the highest threshold at which the gate still routes, and whether that route is wrong', () => {
    const right = scoredDecision(upTo(0.734, 'KSD'), 'KSD');
    expect(right?.wrong).toBe(false);
    expect(right?.probability).toBeLessThanOrEqual(0.734);
    expect(right?.probability).toBeGreaterThan(0.734 - 1e-5);
    expect(scoredDecision(upTo(0.9, 'KY'), 'KSD')).toMatchObject({ wrong: true });
    // Routing an item that belongs in the rest mailbox is wrong.
    expect(scoredDecision(upTo(0.9, 'KY'), 'rest')).toMatchObject({ wrong: true });
    expect(scoredDecision(upTo(1, 'KSD'), 'KSD')).toEqual({ probability: 1, wrong: false });
  });

  it('leaves out decisions the gate does not judge, and counts judged ones it never routes as no loss', () => {
    expect(scoredDecision(upTo(0.9, 'KSD', false), 'KSD')).toBeUndefined();
    expect(scoredDecision(() => ({ routed: false, destination: null, judged: true }), 'KSD')).toEqual({ probability: 0, wrong: false });
  });
});

describe('safetyFigures', () => {
  const golds = [
    { file: 'a', channel: 'email', kle: '32.30.04', route: 'KSD' },
    { file: 'b', channel: 'email', kle: '32.30.04', route: 'KSD' },
    { file: 'c', channel: 'email', kle: '28.09.40', route: 'rest' },
    { file: 'd', channel: 'email', kle: '02.34.02', route: 'ESDH-BYG' },
  ];
  const routed = (destination: string, extra: Partial<GateOutcome> = {}): GateOutcome => ({ routed: true, destination, judged: true, ...extra });
  const parked = (extra: Partial<GateOutcome> = {}): GateOutcome => ({ routed: false, destination: null, judged: true, ...extra });
  const predictions: PredictionRouting[] = [
    // Right route the gate lets through; at 0.9 it stops it.
    { file: 'a', routed: true, destination: 'KSD', gated: routed('KSD'), atThreshold: { '0.6': routed('KSD'), '0.9': parked({ stopped: 'below_threshold' }) } },
    // Parked by the rules, routed by the gate on destination probability.
    { file: 'b', routed: false, destination: null, gated: routed('KSD', { byProbability: true }), atThreshold: { '0.6': routed('KSD', { byProbability: true }), '0.9': parked() } },
    // A misroute of the rules the gate stopped.
    { file: 'c', routed: true, destination: 'KY', gated: parked({ stopped: 'close_destinations' }), atThreshold: { '0.6': routed('KY'), '0.9': parked({ stopped: 'below_threshold' }) } },
    { file: 'd', routed: false, destination: null, gated: parked(), atThreshold: { '0.6': parked(), '0.9': parked() } },
  ];
  const thresholds = [{ split: 'fold 1', threshold: 0.8, method: 'default' as const, decisions: 3, bound: null, target: 0.01, note: '3 confirmed decisions; at least 99 are needed' }];
  const figures = safetyFigures(golds, predictions, thresholds, 0.01, [0.6, 0.9]);

  it('gives the figures with and without the gate, what it stopped and what it routed', () => {
    expect(figures.rulesOnly).toMatchObject({ routable: 3, routed: 2, misrouted: 1 });
    expect(figures.rulesOnly.routableRecall).toBeCloseTo(1 / 3);
    expect(figures.rulesOnly.misrouteRate).toBeCloseTo(1 / 4);
    expect(figures.gated).toMatchObject({ routed: 2, misrouted: 0, misrouteRate: 0 });
    expect(figures.gated.routableRecall).toBeCloseTo(2 / 3);
    expect(figures.stopped).toEqual({ total: 1, right: 0, wrong: 1, byWhy: { close_destinations: 1 } });
    expect(figures.routedByProbability).toEqual({ total: 1, right: 1, wrong: 0 });
    expect(figures.misroutes).toEqual({ judged: [], notJudged: [] });
    // A misroute on a rule that does not read the emne passes the gate unjudged; one the gate let through is judged.
    const more = safetyFigures(golds, [{ ...(predictions[2] as PredictionRouting), gated: { routed: true, destination: 'KY', judged: false } }, { ...(predictions[3] as PredictionRouting), gated: routed('KY') }], thresholds, 0.01, []);
    expect(more.misroutes).toEqual({ judged: ['d'], notJudged: ['c'] });
    expect(formatSafetyFigures(more)).toContain('misroutes with the gate: 1 it judged and let through, 1 on rules that do not read the emne');
    expect(figures.riskCoverage.map((r) => [r.threshold, r.routed, r.misrouted])).toEqual([[0.6, 3, 1], [0.9, 0, 0]]);
  });

  it('prints each fold\'s threshold and method and labels the fixed thresholds as not used to choose anything', () => {
    const text = formatSafetyFigures(figures);
    expect(text).toContain('fold 1: 0.8 (default: 3 confirmed decisions');
    expect(text).toContain('1 of 1 folds had too few decisions and kept the default threshold');
    expect(text).toMatch(/rules only: +routable recall 33\.3 % of 3, misroute 25\.0 %/);
    expect(text).toMatch(/rules \+ gate: +routable recall 66\.7 % of 3, misroute 0\.0 %/);
    expect(text).toContain('the gate stopped 1 routes (1 would have been misroutes, 0 were right): close_destinations 1');
    expect(text).toContain('the gate routed 1 parked items by destination probability (1 right, 0 wrong)');
    expect(text).toContain('not used to choose anything');
  });
});

describe('destinationReliability', () => {
  const at = (probability: number, wrong: boolean): PredictionRouting => ({ file: `${probability}-${wrong}`, routed: false, destination: null, scored: { probability, wrong } });

  it('bands the held-out decisions by destination probability and says how often each band was right', () => {
    const bands = destinationReliability([at(0, false), at(0.3, false), at(0.82, false), at(0.88, true), at(0.97, false), at(1, false), { file: 'x', routed: false, destination: null }]);
    expect(bands).toEqual([
      { from: 0.8, to: 0.9, decisions: 2, meanProbability: 0.85, right: 0.5 },
      { from: 0.95, to: 1, decisions: 2, meanProbability: 0.985, right: 1 },
    ]);
    const text = formatSafetyFigures({ ...safetyFigures([], [], [], 0.01, []), reliability: bands });
    expect(text).toContain('0.80–0.90: 2 decisions, mean probability 0.85, right 50.0 %');
  });
});
