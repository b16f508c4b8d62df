// Calibration: turns a signal's raw score into a probability of being right, fitted on labelled post.
// Platt scaling (a logistic curve, two parameters per source) rather than isotonic regression: with
// a few hundred labelled items a smooth curve generalises; a step function memorises the sample.
import { z } from 'zod';
import type { KleSource } from '../core/model.js';

export const CalibrationSchema = z.object({
  version: z.literal(1),
  /** What it was fitted on (corpus name, item count, date): shown by `fordeler eval`. */
  fittedOn: z.string(),
  /** p = 1 / (1 + exp(-(a · raw + b))) per classification source. */
  curves: z.partialRecord(z.enum(['metadata', 'classifier', 'rule', 'none']), z.object({ a: z.number(), b: z.number(), n: z.number().int() })),
});
export type Calibration = z.infer<typeof CalibrationSchema>;

export interface LabelledScore {
  source: KleSource;
  raw: number;
  correct: boolean;
}

export function calibrate(calibration: Calibration | undefined, source: KleSource, raw: number): number {
  const curve = calibration?.curves[source];
  if (!curve) return raw;
  return round(1 / (1 + Math.exp(-(curve.a * raw + curve.b))));
}

/** Fits one curve per source by Newton's method on the log-loss, with a weak prior against extremes. */
export function fitCalibration(points: readonly LabelledScore[], fittedOn: string): Calibration {
  const curves: Calibration['curves'] = {};
  const sources = [...new Set(points.map((p) => p.source))].sort();
  for (const source of sources) {
    const mine = points.filter((p) => p.source === source);
    if (mine.length < 5) continue;
    curves[source] = { ...fitPlatt(mine), n: mine.length };
  }
  return { version: 1, fittedOn, curves };
}

/**
 * Platt's method with his target smoothing: labels become (n₊+1)/(n₊+2) and 1/(n₋+2), so a sample with
 * no errors does not fit a curve that promises certainty.
 */
export function fitPlatt(points: readonly { raw: number; correct: boolean }[]): { a: number; b: number } {
  const positives = points.filter((p) => p.correct).length;
  const negatives = points.length - positives;
  const high = (positives + 1) / (positives + 2);
  const low = 1 / (negatives + 2);
  let a = 1;
  let b = 0;
  const ridge = 1e-3;
  for (let iteration = 0; iteration < 100; iteration++) {
    let ga = ridge * a, gb = 0, haa = ridge, hab = 0, hbb = 1e-9;
    for (const p of points) {
      const q = 1 / (1 + Math.exp(-(a * p.raw + b)));
      const t = p.correct ? high : low;
      const w = q * (1 - q);
      ga += (q - t) * p.raw;
      gb += q - t;
      haa += w * p.raw * p.raw;
      hab += w * p.raw;
      hbb += w;
    }
    const det = haa * hbb - hab * hab;
    if (Math.abs(det) < 1e-12) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) < 1e-9 && Math.abs(db) < 1e-9) break;
  }
  return { a: round(a, 6), b: round(b, 6) };
}

function round(value: number, digits = 3): number {
  return Math.round(value * 10 ** digits) / 10 ** digits;
}
