import { describe, expect, it } from 'vitest';
import { DEFAULT_DESTINATION_SAFETY } from '../../classifiers/destination-risk.js';
import type { Classification, RouteDecision } from '../model.js';
import { applyRouteSafety } from './route-safety.js';

const TABLE: Record<string, string> = { '32.30.04': 'KSD', '32.30.08': 'KSD', '27.24.00': 'KY' };
const router = {
  destinationForKle: (nr: string) => (TABLE[nr] ? { destination: TABLE[nr]!, ruleId: `kle-${nr}` } : { destination: null, ruleId: null }),
  ruleDependsOnKle: (ruleId: string) => ruleId.startsWith('kle-'),
};
const routed = (destination: string, ruleId: string): RouteDecision => ({ status: 'routed', destination, ruleId, ruleSetVersion: 'v1', reasons: [], trace: [] });
const parked: RouteDecision = { status: 'parked', destination: null, ruleId: null, ruleSetVersion: 'v1', reasons: [], trace: [] };
const classification = (nr: string | null, confidence: number, scores: [string, number][], source: Classification['source'] = 'classifier'): Classification => ({
  nr,
  confidence,
  source,
  candidates: scores.map(([n, score]) => ({ nr: n, score, reasons: [] })),
  reasons: [],
});
const safety = { ...DEFAULT_DESTINATION_SAFETY, threshold: 0.7 };
/** What classifiers/trusted.ts makes of a calibrated guess below the KLE threshold. */
const belowThreshold = (c: Classification): Classification => ({ ...c, reasons: [...c.reasons, { code: 'classify.below_threshold', message: 'below', data: {} }] });

describe('applyRouteSafety', () => {
  it('lets a likely KLE route through and records what it saw', () => {
    const gated = applyRouteSafety({ decision: routed('KSD', 'kle-32.30.04'), classification: classification('32.30.04', 0.9, [['32.30.04', 10], ['27.24.00', 1]]), router, safety, sensitive: false });
    expect(gated.decision.status).toBe('routed');
    expect(gated.safety).toMatchObject({ basis: 'classifier', destination: 'KSD', safe: true, required: 0.7 });
  });

  it('parks a KLE route to a destination that is not safe, with the reason as data', () => {
    const gated = applyRouteSafety({ decision: routed('KSD', 'kle-32.30.04'), classification: classification('32.30.04', 0.72, [['32.30.04', 10], ['27.24.00', 9]]), router, safety, sensitive: true });
    expect(gated.decision).toMatchObject({ status: 'parked', destination: null, ruleId: null });
    const reason = gated.decision.reasons.at(-1)!;
    expect(reason.code).toBe('route.destination_unsafe');
    expect(reason.data).toMatchObject({ destination: 'KSD', required: 0.85, sensitive: true, why: 'below_threshold' });
    expect(reason.message).toMatch(/følsomme oplysninger/);
  });

  it('leaves a rule that does not read the emne, and an emne the sender stated, alone', () => {
    const weak = classification('32.30.04', 0.3, [['32.30.04', 1], ['27.24.00', 1]]);
    expect(applyRouteSafety({ decision: routed('KY', 'subject-1'), classification: weak, router, safety, sensitive: true }).decision.status).toBe('routed');
    const stated = { ...weak, source: 'metadata' as const };
    const gated = applyRouteSafety({ decision: routed('KSD', 'kle-32.30.04'), classification: stated, router, safety, sensitive: true });
    expect(gated.decision.status).toBe('routed');
    expect(gated.safety.basis).toBe('statement');
  });

  it('routes a parked item whose guesses agree on one destination, naming the emne it hands over', () => {
    // No emne reached the KLE threshold (nr null), but both candidates go to KSD: 0.55 + 0.45·(8/18) = 0.75.
    const guesses = belowThreshold(classification(null, 0.55, [['32.30.04', 10], ['32.30.08', 8]]));
    const gated = applyRouteSafety({ decision: parked, classification: guesses, router, safety, sensitive: false });
    expect(gated.decision).toMatchObject({ status: 'routed', destination: 'KSD', ruleId: 'kle-32.30.04' });
    expect(gated.decision.reasons.at(-1)?.code).toBe('route.destination_probability');
    expect(gated.inferredKle).toEqual({ nr: '32.30.04', score: 10 });
  });

  it('never routes a parked sensitive item, or an abstention whose confidence was not calibrated, on guesses', () => {
    const guesses = classification(null, 0.55, [['32.30.04', 10], ['32.30.08', 8]]);
    expect(applyRouteSafety({ decision: parked, classification: belowThreshold(guesses), router, safety, sensitive: true }).decision.status).toBe('parked');
    expect(applyRouteSafety({ decision: parked, classification: guesses, router, safety, sensitive: false }).decision.status).toBe('parked');
  });

  it('keeps a parked item parked when its guesses point at different destinations', () => {
    const split = belowThreshold(classification(null, 0.5, [['32.30.04', 10], ['27.24.00', 9]]));
    const gated = applyRouteSafety({ decision: parked, classification: split, router, safety, sensitive: false });
    expect(gated.decision.status).toBe('parked');
    expect(gated.safety).toMatchObject({ safe: false, why: 'below_threshold' });
  });

  it('parks a route whose destination a weak signal chose in a tie between destinations', () => {
    // 0.9 for KSD would pass, but the learned model (support 0.12) decided it: without it 27.24.00 (KY) had won.
    const tie = { ...classification('32.30.04', 0.9, [['32.30.04', 10], ['27.24.00', 1]]) };
    tie.reasons = [{ code: 'classify.ensemble', message: '', data: { counted: [{ signal: 'learned', support: 0.12, decided: true, without: '27.24.00' }] } }];
    const gated = applyRouteSafety({ decision: routed('KSD', 'kle-32.30.04'), classification: tie, router, safety, sensitive: false });
    expect(gated.decision.status).toBe('parked');
    expect(gated.safety).toMatchObject({ safe: false, why: 'close_destinations' });
    const sure = { ...tie, reasons: [{ ...tie.reasons[0]!, data: { counted: [{ signal: 'learned', support: 0.6, decided: true, without: '27.24.00' }] } }] };
    expect(applyRouteSafety({ decision: routed('KSD', 'kle-32.30.04'), classification: sure, router, safety, sensitive: false }).decision.status).toBe('routed');
  });
});
