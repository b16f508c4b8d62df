// The online replay behind `fordeler eval --online`: a labelled corpus played in arrival order to a
// municipality that starts with nothing learned. Each item is classified with what has been learned so far
// and routed; then staff act as they would — a parked item is placed with its emne (confirmed, learned), a
// routed item is confirmed when it went to the right destination (the emne is learned only if it was
// right) and re-distributed when it did not (the person gives the right emne, which is learned). What comes
// out is a learning curve: per window and cumulative top-1, automation, misroutes and routable recall.
// Pure: the caller hands over a classifier factory (the pipeline's, with calibration and threshold), a
// router (rules + routing-safety gate) and the extracted items.
import type { Classification, ExtractedContent } from '../core/model.js';
import type { KleClassifier } from '../core/ports.js';
import { extractEntities } from './entities/index.js';
import type { Knowledge } from './knowledge.js';
import { featuresOf } from './learned/features.js';
import { createModel } from './learned/model.js';
import { train } from './learned/naive-bayes.js';
import { senderKeys } from './sender-history.js';

/** The destination of post that has none of its own (the rest mailbox). */
export const REST = 'rest';

export interface ReplayItem {
  file: string;
  /** The gold emne; null for post no emne fits (right only when the classifier abstains). */
  kle: string | null;
  /** Other emner a journal clerk would accept. */
  kleOk?: readonly string[];
  /** The gold destination; absent or `rest`: none of its own. */
  route?: string;
  /** The extracted content; undefined when it could not be read (it is parked and nothing is learned). */
  content: ExtractedContent | undefined;
}

export interface RouteOutcome {
  routed: boolean;
  destination: string | null;
}

export interface ReplayOptions {
  /** The classifier with this knowledge: calibrated and thresholded as in the pipeline. */
  classifier(knowledge: Knowledge): KleClassifier;
  /** Rules and the routing-safety gate on a classification. */
  route(content: ExtractedContent, classification: Classification): Promise<RouteOutcome>;
  /** Items per window of the curve (default 10). */
  window?: number;
  /** false: staff act, but nothing is learned — the baseline the curve is compared with. Default true. */
  learn?: boolean;
}

export type StaffAction = 'placed' | 'confirmed' | 'redistributed';

export interface ReplayStep {
  file: string;
  /** The emne the item was classified as (null: parked for a person) and the best guess. */
  nr: string | null;
  guess: string | null;
  emneRight: boolean;
  routed: boolean;
  destination: string | null;
  expected: string;
  action: StaffAction;
  /** The emne learned from this item, or null. */
  learned: string | null;
}

export interface CurvePoint {
  /** 1-based positions of the first and last item covered. */
  from: number;
  to: number;
  items: number;
  top1: number;
  /** Routed automatically / items. */
  automation: number;
  /** Routed to a wrong destination / items. */
  misroute: number;
  /** Items with a destination of their own, and the share routed right; null when there were none. */
  routable: number;
  routableRecall: number | null;
}

export interface LearningCurve {
  windowSize: number;
  windows: CurvePoint[];
  /** Everything up to the end of each window. */
  cumulative: CurvePoint[];
  steps: ReplayStep[];
}

/** Whether the classification's emne (or best guess) is one the gold accepts, as fordeler eval judges top-1. */
export function emneRight(item: Pick<ReplayItem, 'kle' | 'kleOk'>, classification: Pick<Classification, 'nr' | 'candidates'>): boolean {
  if (item.kle === null) return classification.nr === null;
  const guess = classification.nr ?? classification.candidates[0]?.nr ?? null;
  return guess !== null && (guess === item.kle || (item.kleOk ?? []).includes(guess));
}

/** What staff confirm and teach, learned at once: the model, the sender history and the case index. */
function createLearner() {
  const model = createModel();
  const senders = new Map<string, Map<string, number>>();
  const caseCounts = new Map<string, Map<string, number>>();
  const cases = new Map<string, string>();
  const count = (into: Map<string, Map<string, number>>, key: string, nr: string) => {
    const inner = into.get(key) ?? new Map<string, number>();
    inner.set(nr, (inner.get(nr) ?? 0) + 1);
    into.set(key, inner);
    return inner;
  };
  return {
    knowledge: (): Knowledge => ({ model, senders, cases }),
    learn(content: ExtractedContent, nr: string): void {
      train(model, { nr, features: featuresOf(content) });
      for (const key of senderKeys(content.sender)) count(senders, key, nr);
      for (const caseNumber of new Set(extractEntities(content).caseNumbers.map((c) => c.value))) {
        const inner = count(caseCounts, caseNumber, nr);
        // The most frequent emne of the case, ties by number: as the learning store's case index.
        const best = [...inner.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
        if (best) cases.set(caseNumber, best[0]);
      }
    },
  };
}

const NO_CLASSIFICATION: Classification = { nr: null, confidence: 0, source: 'none', candidates: [], reasons: [] };

export async function replayOnline(items: readonly ReplayItem[], options: ReplayOptions): Promise<LearningCurve> {
  const windowSize = options.window ?? 10;
  if (!Number.isInteger(windowSize) || windowSize < 1) throw new RangeError(`the window must be a whole number of items ≥ 1, got ${windowSize}`);
  const learner = createLearner();
  // The learned signal must not see its model change, so a new classifier is made after each lesson.
  let classify: KleClassifier | undefined;
  const steps: ReplayStep[] = [];
  for (const item of items) {
    classify ??= options.classifier(learner.knowledge());
    const classification = item.content ? classify(item.content) : NO_CLASSIFICATION;
    const outcome = item.content ? await options.route(item.content, classification) : { routed: false, destination: null };
    const expected = item.route ?? REST;
    const right = emneRight(item, classification);
    const action: StaffAction = !outcome.routed ? 'placed' : outcome.destination === expected ? 'confirmed' : 'redistributed';
    // Placed or re-distributed: the person gives the right emne. Confirmed: the receiver's accepted receipt
    // confirms the emne sent with the item, which is learned only when there was one and it was right.
    const taught = action === 'confirmed' ? (right ? classification.nr : null) : item.kle;
    const learned = taught !== null && item.content && options.learn !== false ? taught : null;
    if (learned !== null && item.content) {
      learner.learn(item.content, learned);
      classify = undefined;
    }
    steps.push({
      file: item.file,
      nr: classification.nr,
      guess: classification.nr ?? classification.candidates[0]?.nr ?? null,
      emneRight: right,
      routed: outcome.routed,
      destination: outcome.routed ? outcome.destination : null,
      expected,
      action,
      learned,
    });
  }
  const windows: CurvePoint[] = [];
  const cumulative: CurvePoint[] = [];
  for (let start = 0; start < steps.length; start += windowSize) {
    const end = Math.min(steps.length, start + windowSize);
    windows.push(pointOf(steps, start, end));
    cumulative.push(pointOf(steps, 0, end));
  }
  return { windowSize, windows, cumulative, steps };
}

/** The figures of steps[start, end). */
export function pointOf(steps: readonly ReplayStep[], start: number, end: number): CurvePoint {
  const slice = steps.slice(start, end);
  const n = slice.length || 1;
  const routable = slice.filter((s) => s.expected !== REST);
  return {
    from: start + 1,
    to: end,
    items: slice.length,
    top1: slice.filter((s) => s.emneRight).length / n,
    automation: slice.filter((s) => s.routed).length / n,
    misroute: slice.filter((s) => s.routed && s.destination !== s.expected).length / n,
    routable: routable.length,
    routableRecall: routable.length ? routable.filter((s) => s.routed && s.destination === s.expected).length / routable.length : null,
  };
}

/** Arrival order: by `date` when every item has one (ties keep gold order), else the gold order. */
export function arrivalOrder<T extends { date?: string | null }>(golds: readonly T[]): { ordered: T[]; by: 'date' | 'gold' } {
  const time = (gold: T) => Date.parse(gold.date ?? '');
  if (golds.length === 0 || !golds.every((gold) => Number.isFinite(time(gold)))) return { ordered: [...golds], by: 'gold' };
  return { ordered: [...golds].sort((a, b) => time(a) - time(b)), by: 'date' };
}

const pct = (x: number | null): string => (x === null ? '     –' : `${(100 * x).toFixed(1).padStart(5)} %`);

/** The curve as a table: one row per window with its own and the cumulative figures. */
export function formatCurve(curve: LearningCurve): string {
  const header = 'items      | window: top-1  autom.  misroute  routable recall | cumulative: top-1  autom.  misroute  routable recall';
  const rows = curve.windows.map((w, i) => {
    const c = curve.cumulative[i] as CurvePoint;
    const range = `${w.from}–${w.to}`.padEnd(10);
    return `${range} |        ${pct(w.top1)} ${pct(w.automation)} ${pct(w.misroute)}   ${pct(w.routableRecall)} (${String(w.routable).padStart(2)}) |            ${pct(c.top1)} ${pct(c.automation)} ${pct(c.misroute)}   ${pct(c.routableRecall)} (${String(c.routable).padStart(3)})`;
  });
  return [header, ...rows].join('\n');
}
