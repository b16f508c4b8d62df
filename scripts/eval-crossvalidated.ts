// Usage: node bin/run-ts.js scripts/eval-crossvalidated.ts <corpus-dir> [--folds 5] [--threshold 0.8] [--json]
// KLE classification quality with the calibration cross-validated: like `fordeler eval`, but every item is
// judged by a calibration curve fitted on the other folds, never on itself (classifiers/cross-validation.ts).
// Superseded by `fordeler eval`, which also fits the learned model per fold and adds leave-gruppe-out; kept as the
// calibration-only variant (no learned model), which `fordeler eval` prints as "without the learned model".
import { parseArgs } from 'node:util';
import { crossValidateCalibration, crossValidatedPredictions, type RawScoredItem } from '../classifiers/cross-validation.js';
import { evaluate, formatEvalReport, formatSweep } from '../classifiers/evaluation.js';
import { classifyAll, readGold } from '../cli/commands/eval.js';
import { loadConfig } from '../worker/runtime/config.js';

const SWEEP = [0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95];

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { folds: { type: 'string', default: '5' }, threshold: { type: 'string' }, json: { type: 'boolean', default: false } },
});
const corpusDir = positionals[0];
if (!corpusDir) {
  console.error('usage: node bin/run-ts.js scripts/eval-crossvalidated.ts <corpus-dir> [--folds 5] [--threshold 0.8] [--json]');
  process.exit(2);
}
const config = loadConfig();
const k = Number(values.folds);
const threshold = values.threshold !== undefined ? Number(values.threshold) : config.kleThreshold;
if (!(threshold >= 0 && threshold <= 1)) throw new Error(`--threshold must be between 0 and 1, not ${values.threshold}`);

const golds = await readGold(corpusDir);
const raw = await classifyAll(corpusDir, golds, config.ocrWorkers, config.itemTimeoutMs);
const items: RawScoredItem[] = golds.map((gold) => ({ gold, raw: raw.get(gold.file) }));

const cv = crossValidateCalibration(items, k, corpusDir);
const report = evaluate(golds, crossValidatedPredictions(items, cv, threshold));
const sweep = SWEEP.map((t) => ({ threshold: t, ...evaluate(golds, crossValidatedPredictions(items, cv, t)).total }));
process.stdout.write(
  values.json
    ? `${JSON.stringify({ threshold, folds: k, calibration: 'cross-validated', ...report, sweep }, null, 2)}\n`
    : `Calibration cross-validated: ${k} folds, each item judged by a curve fitted without it.\n\n${formatEvalReport(report, threshold)}\n\n${formatSweep(sweep)}\n`,
);
