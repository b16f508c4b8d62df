// `fordeler eval --online <corpus>`: how fast a municipality that starts with nothing learned gets better
// as staff confirm and correct. The corpus (gold.jsonl + items, as `fordeler eval` reads it) is replayed in
// arrival order (by `date` when every line has one, else gold order) through the pipeline's classifier
// (shipped calibration, threshold), junk parked, the corpus rules and the routing-safety gate; online-replay.ts
// plays staff and learns. Prints the learning curve and writes the plot (SVG).
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { DEFAULT_DESTINATION_SAFETY } from '../../classifiers/destination-risk.js';
import { DEFAULT_JUNK_POLICY, detectJunk } from '../../classifiers/junk.js';
import type { Knowledge } from '../../classifiers/knowledge.js';
import { arrivalOrder, formatCurve, replayOnline, type ReplayItem } from '../../classifiers/online-replay.js';
import { detectSensitiveTopics } from '../../classifiers/sensitive.js';
import type { Classification, ExtractedContent } from '../../core/model.js';
import type { Router } from '../../core/ports.js';
import { applyRouteSafety } from '../../core/stages/route-safety.js';
import { createPipelineClassifier, loadCalibration } from '../../worker/adapters/classifier.js';
import { loadConfig } from '../../worker/runtime/config.js';
import { loadRouter } from '../../worker/runtime/knowledge.js';
import { learningCurveSvg } from '../plot/learning-curve.js';
import { extractAll, type GoldLine } from './eval.js';

export interface EvalOnlineOptions {
  threshold?: string;
  window?: string;
  plot?: string;
  json?: boolean;
  /** Options of the offline eval: refused here, not silently ignored. */
  inSample?: boolean;
  fitCalibration?: string;
  folds?: string;
  seed?: string;
}

interface OnlineGold extends GoldLine {
  date?: string | null;
}

/** The gold lines in the file's own order (not sorted): arrival order falls back to it. */
async function readGoldInOrder(corpusDir: string): Promise<OnlineGold[]> {
  return (await readFile(join(corpusDir, 'gold.jsonl'), 'utf8'))
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as OnlineGold);
}

/** As the route stage routes: junk and machine mail parked before any rule, else the rules behind the routing-safety gate. */
export function gatedRouter(router: Router) {
  return async (content: ExtractedContent, classification: Classification) => {
    if (content.channel === 'email' && detectJunk(content, DEFAULT_JUNK_POLICY).junk) return { routed: false, destination: null };
    const decision = await router.route(content, classification);
    const sensitive = detectSensitiveTopics(content, classification.nr ?? classification.candidates[0]?.nr ?? null).flags.length > 0;
    const gated = applyRouteSafety({ decision, classification, router, safety: DEFAULT_DESTINATION_SAFETY, sensitive }).decision;
    return { routed: gated.status === 'routed', destination: gated.status === 'routed' ? gated.destination : null };
  };
}

export async function evalOnlineCommand(corpusDir: string, options: EvalOnlineOptions): Promise<number> {
  const offline = (['inSample', 'fitCalibration', 'folds', 'seed'] as const).filter((name) => options[name] !== undefined);
  if (offline.length) throw new Error(`--online replays from nothing learned; ${offline.map((name) => `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ')} belong to the offline eval`);
  const config = loadConfig();
  const threshold = options.threshold !== undefined ? Number(options.threshold) : config.kleThreshold;
  if (!(threshold >= 0 && threshold <= 1)) throw new Error(`--threshold must be between 0 and 1, not ${options.threshold}`);
  const window = options.window !== undefined ? Number(options.window) : 10;
  if (!Number.isInteger(window) || window < 1) throw new Error(`--window must be a whole number of items ≥ 1, not ${options.window}`);
  const rulesPath = join(corpusDir, 'rules.json');
  if (!existsSync(rulesPath)) throw new Error(`${rulesPath} is missing: the online replay routes by the corpus rules`);
  const router = await loadRouter(rulesPath);
  const plotPath = resolve(options.plot ?? 'eval-online.svg');

  const { ordered, by } = arrivalOrder(await readGoldInOrder(corpusDir));
  const contents = await extractAll(corpusDir, ordered, config.ocrWorkers, config.itemTimeoutMs);
  const items: ReplayItem[] = ordered.map((gold) => ({
    file: gold.file,
    kle: gold.kle,
    ...(gold.kle_ok ? { kleOk: gold.kle_ok } : {}),
    ...(gold.route ? { route: gold.route } : {}),
    content: contents.get(gold.file),
  }));
  const calibration = loadCalibration();
  const replay = { classifier: (knowledge: Knowledge) => createPipelineClassifier({ threshold, calibration, knowledge }), route: gatedRouter(router), window };
  const curve = await replayOnline(items, replay);
  // The same items with nothing learned: what the curve owes to learning, and what to the shipped classifier.
  const baseline = await replayOnline(items, { ...replay, learn: false });

  const corpus = basename(resolve(corpusDir));
  await writeFile(plotPath, learningCurveSvg(curve, { corpus, baseline }));
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ mode: 'online', corpus, items: items.length, order: by, threshold, window, plot: plotPath, windows: curve.windows, cumulative: curve.cumulative, withoutLearning: baseline.cumulative, steps: curve.steps }, null, 2)}\n`);
    return 0;
  }
  const total = curve.cumulative.at(-1);
  const base = baseline.cumulative.at(-1);
  const count = (action: string) => curve.steps.filter((step) => step.action === action).length;
  const pct = (x: number | null | undefined) => (x === null || x === undefined ? '–' : `${(100 * x).toFixed(1)} %`);
  const lines = [
    `ONLINE REPLAY: ${items.length} items of ${corpus} in ${by === 'date' ? 'date' : 'gold'} order, starting from nothing learned; threshold ${threshold}, routing-safety gate (threshold ${DEFAULT_DESTINATION_SAFETY.threshold}).`,
    'Staff: a parked item is placed with its emne (learned); a routed item is confirmed when its destination is right (its emne learned only if right), else re-distributed with the right emne (learned).',
    '',
    formatCurve(curve),
    '',
    `In all: top-1 ${pct(total?.top1)}, automation ${pct(total?.automation)}, misroutes ${pct(total?.misroute)}, routable recall ${pct(total?.routableRecall)} of ${total?.routable ?? 0} items with a destination.`,
    `Without learning (the same items, nothing learned): top-1 ${pct(base?.top1)}, automation ${pct(base?.automation)}, misroutes ${pct(base?.misroute)}, routable recall ${pct(base?.routableRecall)}.`,
    `Staff: ${count('placed')} placed, ${count('confirmed')} confirmed, ${count('redistributed')} re-distributed; ${curve.steps.filter((s) => s.learned !== null).length} emner learned on the way.`,
    `Plot written to ${plotPath}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
