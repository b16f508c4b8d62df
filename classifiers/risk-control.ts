// Choosing a tenant's routing threshold from its own confirmed decisions, for a target misroute rate.
// Conformal risk control (Angelopoulos et al., "Conformal Risk Control", 2022): with n labelled decisions
// and a loss of at most 1 (a misroute), the threshold λ̂ = the lowest λ with
//     (misroutes among the n at probability ≥ λ + 1) / (n + 1) ≤ target
// keeps the expected misroute rate of the next item at or below the target, whatever the classifier,
// provided the next item is exchangeable with the confirmed ones. It is a guarantee in expectation, not per
// sample, and it needs n ≥ 1/target − 1 decisions before any threshold qualifies (99 for 1 %): with fewer,
// the default threshold stays and the answer says so. Hand-written: a dozen lines of arithmetic.

/** One confirmed decision: the top destination's probability at the time, and whether it was wrong. */
export interface ScoredDecision {
  probability: number;
  /** The top destination was not where the item belonged. */
  wrong: boolean;
}

export interface ThresholdChoice {
  threshold: number;
  method: 'conformal' | 'default';
  /** Confirmed decisions it was chosen from. */
  decisions: number;
  /** The bound the chosen threshold meets ((misroutes + 1) / (n + 1)), or null for the default. */
  bound: number | null;
  target: number;
  /** Why the default was kept, in words staff and operators read. */
  note?: string;
}

/** The fewest decisions with which any threshold can meet `target`: (0 + 1) / (n + 1) ≤ target. */
export const decisionsNeeded = (target: number): number => Math.ceil(1 / target - 1);

/**
 * The lowest threshold meeting the bound, never below `floor` (a probability below it is no basis for a
 * route whatever the sample says). The misroutes at or above λ only grow as λ falls, so one scan from the
 * highest probability down finds it.
 */
export function chooseThreshold(decisions: readonly ScoredDecision[], options: { target: number; fallback: number; floor?: number }): ThresholdChoice {
  const { target, fallback } = options;
  const floor = options.floor ?? 0.5;
  const n = decisions.length;
  if (!(target > 0 && target < 1)) throw new RangeError(`the target misroute rate must be between 0 and 1, got ${target}`);
  const needed = decisionsNeeded(target);
  if (n < needed) {
    return { threshold: fallback, method: 'default', decisions: n, bound: null, target, note: `${n} confirmed decisions; at least ${needed} are needed to hold a misroute rate of ${percent(target)}` };
  }
  const sorted = [...decisions].sort((a, b) => b.probability - a.probability);
  let chosen: { threshold: number; bound: number } | undefined;
  let wrong = 0;
  for (let i = 0; i < sorted.length; ) {
    const lambda = (sorted[i] as ScoredDecision).probability;
    if (lambda < floor) break;
    // Every decision at exactly λ is at or above it.
    for (; i < sorted.length && (sorted[i] as ScoredDecision).probability === lambda; i++) if ((sorted[i] as ScoredDecision).wrong) wrong++;
    const bound = (wrong + 1) / (n + 1);
    if (bound > target) break;
    chosen = { threshold: lambda, bound };
  }
  if (!chosen) {
    return { threshold: 1.01, method: 'conformal', decisions: n, bound: null, target, note: `no threshold holds ${percent(target)} on ${n} confirmed decisions: nothing is routed on the classifier's word` };
  }
  return { threshold: chosen.threshold, method: 'conformal', decisions: n, bound: round(chosen.bound), target };
}

const round = (value: number): number => Math.round(value * 10000) / 10000;
const percent = (value: number): string => `${round(value * 100)} %`;
