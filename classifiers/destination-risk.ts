// Routing safety at the level that matters: where the item goes, not which emne it is. A misrouted
// letter carries CPR numbers and health or child-welfare details to a department that must not have them,
// while two neighbouring emner that go to the same department are no risk at all. So the classifier's
// candidates are turned into a probability per destination (candidates that route to the same destination
// add up), and a route is allowed only when the top destination is likely enough, clearly ahead of any
// other destination, and — for sensitive items — more likely still. Pure: the caller gives the calibrated
// classification and the routing table's emne → destination lookup.
import type { Classification } from '../core/model.js';
import { DECISIVE_SUPPORT } from './ensemble.js';

/** A destination and the probability that the item belongs there, with the emner that add up to it. */
export interface DestinationShare {
  /** null: the candidates no routing rule sends anywhere (the rest mailbox). */
  destination: string | null;
  probability: number;
  emner: string[];
}

export interface DestinationSafety {
  /** Lowest probability of the top destination for a route (per tenant, from its confirmed decisions). */
  threshold: number;
  /** The runner-up destination must be below this share of the top one; else the choice is a coin toss. */
  closeRatio: number;
  /** Sensitive items (children, health, criminal) need `threshold + (1 − threshold) · sensitiveTightening`. */
  sensitiveTightening: number;
}

/**
 * A priori choices, not fitted to any corpus: the threshold is the classifier's operating point until a
 * tenant has enough confirmed decisions to choose its own (risk-control.ts); a runner-up at half the top
 * destination's probability means odds of 2:1 or worse; sensitive items halve the distance to certainty.
 */
export const DEFAULT_DESTINATION_SAFETY: DestinationSafety = { threshold: 0.8, closeRatio: 0.5, sensitiveTightening: 0.5 };

export type SafetyVerdict =
  | { safe: true; destination: string; probability: number; required: number; shares: DestinationShare[] }
  | { safe: false; why: 'below_threshold' | 'close_destinations' | 'no_destination'; destination: string | null; probability: number; required: number; shares: DestinationShare[] };

const round = (value: number): number => Math.round(value * 1000) / 1000;

/**
 * P(destination) from a calibrated classification. The top emne has the calibrated confidence; the rest
 * of the probability is shared by the other candidates in proportion to their scores, and what no
 * candidate claims stays unassigned (it counts for no destination). Metadata and manual classifications
 * are statements, not guesses: their emne's destination gets their confidence.
 */
export function destinationShares(classification: Classification, destinationFor: (nr: string) => string | null): DestinationShare[] {
  const [top, ...others] = classification.candidates;
  const topNr = classification.nr ?? top?.nr;
  if (topNr === undefined) return [];
  const topProbability = Math.max(0, Math.min(1, classification.confidence));
  const rest = others.filter((c) => c.nr !== topNr && c.score > 0);
  const mass = rest.reduce((sum, c) => sum + c.score, 0) + (top && top.nr === topNr ? top.score : 0);
  // The others' share of what the top emne leaves, weighted by their raw scores against all scores.
  const remaining = 1 - topProbability;
  const byDestination = new Map<string | null, DestinationShare>();
  const add = (nr: string, probability: number) => {
    const destination = destinationFor(nr);
    const entry = byDestination.get(destination) ?? { destination, probability: 0, emner: [] };
    entry.probability += probability;
    entry.emner.push(nr);
    byDestination.set(destination, entry);
  };
  add(topNr, topProbability);
  if (classification.source === 'classifier' || classification.source === 'none') {
    for (const c of rest) add(c.nr, mass > 0 ? remaining * (c.score / mass) : 0);
  }
  return [...byDestination.values()]
    .map((share) => ({ ...share, probability: round(Math.min(1, share.probability)) }))
    .sort((a, b) => b.probability - a.probability || String(a.destination).localeCompare(String(b.destination)));
}

/** A weak signal broke the tie between emner that go to different destinations. */
export interface WeakTieBreak {
  signal: string;
  support: number;
  /** The emne that would have won without the signal, and its destination. */
  without: string;
  destination: string | null;
}

/**
 * Whether the destination rests on a tie broken by a signal that knows little: the ensemble (ensemble.ts)
 * says which signal decided the emne and which emne would have won without it. A learned model that has
 * seen an emne once or twice, or a sender's history of one letter, counts little by design — it breaks
 * ties. When the tie it broke was between emner that go to different destinations, the choice of
 * destination is still a tie, however the combined score reads. A signal that is fairly sure on its own
 * (support ≥ DECISIVE_SUPPORT) is a decision, not a tie-break.
 */
export function weakTieBreak(classification: Classification, destinationFor: (nr: string) => string | null): WeakTieBreak | undefined {
  const top = classification.nr ?? classification.candidates[0]?.nr;
  if (top === undefined || classification.source !== 'classifier') return undefined;
  const ensemble = classification.reasons.find((reason) => reason.code === 'classify.ensemble');
  const counted = (ensemble?.data as { counted?: { signal: string; support: number; decided: boolean; without: string | null }[] } | undefined)?.counted ?? [];
  const destination = destinationFor(top);
  for (const count of counted) {
    if (!count.decided || count.support >= DECISIVE_SUPPORT || count.without === null) continue;
    const other = destinationFor(count.without);
    if (other !== destination) return { signal: count.signal, support: count.support, without: count.without, destination: other };
  }
  return undefined;
}

/** The probability a route needs: the tenant's threshold, tightened for sensitive items. */
export function requiredProbability(safety: DestinationSafety, sensitive: boolean): number {
  return round(sensitive ? safety.threshold + (1 - safety.threshold) * safety.sensitiveTightening : safety.threshold);
}

/** Whether routing to the top destination is safe, and if not, why. */
export function judgeDestination(shares: readonly DestinationShare[], safety: DestinationSafety, sensitive: boolean): SafetyVerdict {
  const required = requiredProbability(safety, sensitive);
  const list = [...shares];
  const top = list[0];
  if (!top || top.destination === null) return { safe: false, why: 'no_destination', destination: null, probability: top?.probability ?? 0, required, shares: list };
  const runnerUp = list.slice(1).find((share) => share.destination !== null);
  if (top.probability < required) return { safe: false, why: 'below_threshold', destination: top.destination, probability: top.probability, required, shares: list };
  if (runnerUp && runnerUp.probability >= top.probability * safety.closeRatio) {
    return { safe: false, why: 'close_destinations', destination: top.destination, probability: top.probability, required, shares: list };
  }
  return { safe: true, destination: top.destination, probability: top.probability, required, shares: list };
}
