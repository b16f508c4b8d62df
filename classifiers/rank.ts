// Ranks emner from term scores: an emne's own score and its gruppe's score (evidence spread over
// several emner of one gruppe still points at the gruppe), and turns the ranking into a confidence.
import { groupOf } from './kle-catalog.js';
import type { Contribution, TermScores } from './term-scorer.js';

export interface RankedEmne {
  nr: string;
  /** Combined rank score, 0..1 (1 = best emne in the best gruppe). */
  score: number;
  emneScore: number;
  groupScore: number;
  contributions: Contribution[];
}

export interface RankOptions {
  /** Share of the gruppe score in the rank score (0 = emne only, 1 = gruppe only). */
  groupWeight: number;
  /** Gruppe score added, as a share of the best gruppe score, under a metadata hint's prefix. */
  hintBoost: number;
  /** Emne score at which evidence counts as strong (confidence ≈ 63 % of its maximum). */
  strengthScale: number;
}

export function rankEmner(scores: TermScores, options: RankOptions, hintPrefix?: string): RankedEmne[] {
  const groups = new Map(scores.groups);
  if (hintPrefix !== undefined) {
    const best = Math.max(0, ...groups.values());
    for (const [group, score] of groups) {
      if (group.startsWith(hintPrefix)) groups.set(group, score + options.hintBoost * best);
    }
  }
  const maxEmne = Math.max(0, ...[...scores.emner.values()].map((entry) => entry.score));
  const maxGroup = Math.max(0, ...groups.values());
  if (maxEmne <= 0 || maxGroup <= 0) return [];
  const ranked = [...scores.emner].map(([nr, entry]): RankedEmne => {
    const groupScore = groups.get(groupOf(nr)) ?? 0;
    const score = (1 - options.groupWeight) * (entry.score / maxEmne) + options.groupWeight * (groupScore / maxGroup);
    return { nr, score, emneScore: entry.score, groupScore, contributions: entry.contributions };
  });
  // Ties broken by KLE number so that the result never depends on iteration order.
  return ranked.sort((a, b) => b.score - a.score || (a.nr < b.nr ? -1 : 1));
}

/**
 * How sure the top emne is: the strength of its evidence times the margin to the runner-up. One
 * matched term (`evidence`: the top emne's independent evidence, see independentEvidence) is never
 * enough for more than a weak answer, however often it is repeated.
 */
export function confidenceOf(ranked: readonly RankedEmne[], evidence: number, strengthScale: number): number {
  const [top, next] = ranked;
  if (!top) return 0;
  const strength = 1 - Math.exp(-top.emneScore / strengthScale);
  const margin = next ? Math.max(0, (top.score - next.score) / top.score) : 1;
  const confidence = strength * (0.35 + 0.65 * margin);
  const capped = evidence <= 1 ? Math.min(confidence, 0.35) : confidence;
  return Math.round(capped * 1000) / 1000;
}
