// `fordeler eval <corpus-dir>`: classification quality on a labelled corpus (gold.jsonl beside items/).
// By default the figures are out-of-sample: k seeded folds and leave-gruppe-out, where the learned model and
// the calibration are fitted without the items being scored (classifiers/out-of-sample.ts). `--in-sample`
// keeps the old figure (shipped calibration, graded on whatever it was fitted on), labelled as such.
// `--fit-calibration <file>` fits the confidence calibration on this corpus and writes it.
// With a routing table the held-out items are routed as the route stage does (junk parked first, then the
// rules, then the routing-safety gate of core/stages/route-safety.ts with the classify stage's sensitive
// detector), each fold's gate threshold chosen by conformal risk control for `--target-misroute` from the
// fold's training items; the figures are printed with and without the gate (classifiers/routing-figures.ts).
import { createReadStream, existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fitCalibration, type Calibration, type LabelledScore } from '../../classifiers/calibration.js';
import { labelledScore } from '../../classifiers/cross-validation.js';
import { evaluate, formatEvalReport, formatSweep, type EvalPrediction, type GoldLabel } from '../../classifiers/evaluation.js';
import { DEFAULT_DESTINATION_SAFETY } from '../../classifiers/destination-risk.js';
import { DEFAULT_JUNK_POLICY, detectJunk } from '../../classifiers/junk.js';
import { gruppeSplits, predictOutOfSample, routingFigures, seededFolds, type CorpusItem, type OutOfSampleOptions } from '../../classifiers/out-of-sample.js';
import type { ThresholdChoice } from '../../classifiers/risk-control.js';
import { formatSafetyFigures, safetyFigures, type Gate, type SafetyFigures } from '../../classifiers/routing-figures.js';
import { detectSensitiveTopics } from '../../classifiers/sensitive.js';
import { withTrustThreshold } from '../../classifiers/trusted.js';
import type { Channel, Classification, ExtractedContent, RouteDecision } from '../../core/model.js';
import type { Router } from '../../core/ports.js';
import { withTimeout } from '../../core/stages/extract.js';
import { applyRouteSafety } from '../../core/stages/route-safety.js';
import { createFileBlobStore } from '../../worker/adapters/blob-store.js';
import { createRawClassifier, DEFAULT_CALIBRATION_PATH, loadCalibration } from '../../worker/adapters/classifier.js';
import { createExtraction } from '../../worker/runtime/extraction.js';
import { loadConfig } from '../../worker/runtime/config.js';
import { loadRouter } from '../../worker/runtime/knowledge.js';

const SWEEP = [0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95];
/** Gate thresholds of the risk/coverage table: printed for reading, never used to choose anything. */
const RISK_COVERAGE = [0.6, 0.7, 0.8, 0.9];
const NO_CLASSIFICATION: Classification = { nr: null, confidence: 0, source: 'none', candidates: [], reasons: [] };
// The threshold wrapper does not look at the content when it is given a fixed classification.
const NO_CONTENT = undefined as never;

export interface GoldLine extends GoldLabel {
  sidecar?: string | null;
  route?: string;
}

export interface EvalOptions {
  json?: boolean;
  threshold?: string;
  fitCalibration?: string;
  inSample?: boolean;
  folds?: string;
  seed?: string;
  /** The misroute rate each fold's gate threshold is chosen for (default 0.01). */
  targetMisroute?: string;
}

/** The corpus's gold labels (`gold.jsonl`), one per item, in file-name order. */
export async function readGold(corpusDir: string): Promise<GoldLine[]> {
  return (await readFile(join(corpusDir, 'gold.jsonl'), 'utf8'))
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as GoldLine)
    .sort((a, b) => a.file.localeCompare(b.file));
}

/** What the shipped calibration was fitted on, and how to replace it: printed with every report. */
export function calibrationNote(shipped: Calibration | undefined): string {
  return [
    `Shipped calibration (${DEFAULT_CALIBRATION_PATH.replace(/.*\/classifiers\//, 'classifiers/')}): ${shipped ? `fitted on ${shipped.fittedOn}` : 'none'} — in-sample on the dev corpus, not on this municipality's post.`,
    'Refit it on your own confirmed post: there is no refit command from the database yet; export confirmed items as a labelled corpus',
    '(gold.jsonl + items/) and run `fordeler eval <corpus> --fit-calibration classifiers/data/calibration.json`.',
  ].join('\n');
}

export async function evalCommand(corpusDir: string, options: EvalOptions): Promise<number> {
  const config = loadConfig();
  const threshold = options.threshold !== undefined ? Number(options.threshold) : config.kleThreshold;
  if (!(threshold >= 0 && threshold <= 1)) throw new Error(`--threshold must be between 0 and 1, not ${options.threshold}`);
  const golds = await readGold(corpusDir);
  const contents = await extractAll(corpusDir, golds, config.ocrWorkers, config.itemTimeoutMs);
  const shipped = loadCalibration();

  if (options.fitCalibration) {
    const classify = createRawClassifier();
    const points = golds.flatMap((gold) => {
      const content = contents.get(gold.file);
      return [labelledScore({ gold, raw: content ? classify(content) : undefined })].filter((p): p is LabelledScore => p !== undefined);
    });
    const fitted = fitCalibration(points, `${basename(corpusDir.replace(/\/$/, ''))}: ${golds.length} items, ${new Date().toISOString().slice(0, 10)}`);
    await writeFile(options.fitCalibration, `${JSON.stringify(fitted, null, 2)}\n`);
    process.stderr.write(`calibration written to ${options.fitCalibration}\n`);
  }
  if (options.inSample) return inSample(golds, contents, threshold, shipped, options.json === true);

  const target = options.targetMisroute !== undefined ? Number(options.targetMisroute) : 0.01;
  if (!(target > 0 && target < 1)) throw new Error(`--target-misroute must be between 0 and 1 (exclusive), not ${options.targetMisroute}`);
  const k = options.folds !== undefined ? Number(options.folds) : 5;
  const seed = options.seed !== undefined ? Number(options.seed) : 1;
  const rulesPath = join(corpusDir, 'rules.json');
  const router = existsSync(rulesPath) ? await loadRouter(rulesPath) : undefined;
  const items: CorpusItem[] = golds.map((gold) => ({ gold, content: contents.get(gold.file) }));
  const fitOptions: OutOfSampleOptions = {
    rawClassifier: (model) => createRawClassifier(model ? { model, senders: new Map(), cases: new Map() } : undefined),
    threshold,
    ...(router ? { route: routeLikeTheStage(router) } : {}),
  };

  const thresholds: SafetyFigures['thresholds'] = [];
  const safety = router
    ? { gate: gateOf(router), target, fallback: DEFAULT_DESTINATION_SAFETY.threshold, fixedThresholds: RISK_COVERAGE, onThreshold: (split: string, choice: ThresholdChoice) => thresholds.push({ split, ...choice }) }
    : undefined;
  const cv = await predictOutOfSample(items, seededFolds(golds, k, seed), { ...fitOptions, ...(safety ? { safety } : {}) });
  const report = evaluate(golds, cv);
  const routing = router ? routingFigures(golds, cv) : undefined;
  const safe = router ? safetyFigures(golds, cv, thresholds, target, RISK_COVERAGE) : undefined;
  // The same folds without the learned model: shows what the model trained on k−1 folds adds (or costs).
  const withoutModel = evaluate(golds, await predictOutOfSample(items, seededFolds(golds, k, seed), { ...fitOptions, rawClassifier: () => createRawClassifier() })).total;
  const splits = gruppeSplits(golds);
  const lgo = await predictOutOfSample(items, splits, fitOptions);
  const heldGolds = golds.filter((gold) => gold.kle !== null);
  const lgoReport = evaluate(heldGolds, lgo);
  const perGruppe = Object.fromEntries(
    splits.map((split) => {
      const mine = new Set(split.heldOut.map((i) => (golds[i] as GoldLine).file));
      const judged = evaluate(heldGolds.filter((g) => mine.has(g.file)), lgo.filter((p) => mine.has(p.file)));
      return [split.name, { items: mine.size, emneTop1: judged.total.emneTop1, group: judged.total.group }];
    }),
  );
  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  if (options.json) {
    const result = {
      mode: 'out-of-sample',
      corpusItems: golds.length,
      folds: k,
      seed,
      threshold,
      shippedCalibration: shipped?.fittedOn ?? null,
      crossValidated: { ...report, ...(routing ? { routing } : {}), ...(safe ? { routingSafety: { ...safe, riskCoverageNote: 'not used to choose anything' } } : {}), withoutLearnedModel: withoutModel },
      leaveGruppeOut: { gruppes: splits.length, items: heldGolds.length, total: lgoReport.total, perGruppe },
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  }
  const lines = [
    `OUT-OF-SAMPLE: ${golds.length} items, ${k} folds (seed ${seed}, stratified by channel). For each fold the learned model and the`,
    'calibration are fitted on the other folds only (the calibration out-of-fold within them); the threshold is fixed, not tuned.',
    '',
    formatEvalReport(report, threshold),
    `Same folds without the learned model: emne top-1 ${pct(withoutModel.emneTop1)}, group ${pct(withoutModel.group)}, coverage ${pct(withoutModel.coverage)} at precision ${pct(withoutModel.precision)}.`,
    '',
    routing
      ? `Routing (${basename(rulesPath)}, rules only): routable recall ${pct(routing.routableRecall)} of ${routing.routable} items with a destination; misroute rate ${pct(routing.misrouteRate)} of all items.`
      : 'Routing: the corpus has no rules.json, so no routable recall or misroute rate.',
    ...(safe ? ['', formatSafetyFigures(safe)] : []),
    '',
    `Leave-gruppe-out: ${splits.length} KLE gruppes, each held out of every fitting step; ${heldGolds.length} items with an emne.`,
    `  pooled emne top-1 ${pct(lgoReport.total.emneTop1)}, group ${pct(lgoReport.total.group)}, top-3 ${pct(lgoReport.total.emneTop3)} (per gruppe in --json).`,
    '',
    calibrationNote(shipped),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

/** As the route stage routes: junk and machine mail parked before any rule (core/stages/route.ts), else the rules. */
function routeLikeTheStage(router: Router): (content: ExtractedContent, c: Classification) => Promise<RouteDecision> {
  return async (content, c) => {
    const junk = content.channel === 'email' ? detectJunk(content, DEFAULT_JUNK_POLICY) : undefined;
    if (!junk?.junk) return router.route(content, c);
    const reasons = [{ code: 'route.junk', message: `Junk eller maskinpost (${junk.kinds.join(', ')})`, data: { kinds: junk.kinds } }];
    return { status: 'parked', destination: null, ruleId: null, ruleSetVersion: router.version, reasons, trace: [] };
  };
}

/**
 * The route stage's gate at a threshold (the default safety's other settings), on the classify stage's
 * sensitive flag. Junk is never judged: it is parked before any rule and the gate must not route it.
 */
function gateOf(router: Router): Gate {
  const sensitive = new WeakMap<ExtractedContent, Map<string | null, boolean>>();
  const isSensitive = (content: ExtractedContent, c: Classification): boolean => {
    const nr = c.nr ?? c.candidates[0]?.nr ?? null;
    const known = sensitive.get(content) ?? new Map<string | null, boolean>();
    sensitive.set(content, known);
    if (!known.has(nr)) known.set(nr, detectSensitiveTopics(content, nr).flags.length > 0);
    return known.get(nr) as boolean;
  };
  return (content, classification, decision, threshold) => {
    if (decision.reasons.some((r) => r.code === 'route.junk')) return { routed: false, destination: null, judged: false };
    const gated = applyRouteSafety({ decision, classification, router, safety: { ...DEFAULT_DESTINATION_SAFETY, threshold }, sensitive: isSensitive(content, classification) });
    const routed = gated.decision.status === 'routed';
    return {
      routed,
      destination: routed ? gated.decision.destination : null,
      judged: gated.safety.basis === 'classifier',
      ...(decision.status === 'routed' && !routed ? { stopped: gated.safety.why ?? 'other_destination' } : {}),
      ...(decision.status === 'parked' && routed ? { byProbability: true } : {}),
    };
  };
}

/** The old figure: every item scored with the shipped calibration, which may have been fitted on these items. */
function inSample(golds: GoldLine[], contents: Map<string, ExtractedContent>, threshold: number, calibration: Calibration | undefined, json: boolean): number {
  const classify = createRawClassifier();
  const raw = new Map([...contents].map(([file, content]) => [file, classify(content)]));
  const predict = (t: number): EvalPrediction[] =>
    golds.map((gold) => {
      const c = withTrustThreshold(() => raw.get(gold.file) ?? NO_CLASSIFICATION, { threshold: t, ...(calibration ? { calibration } : {}) })(NO_CONTENT);
      return { file: gold.file, channel: gold.channel, nr: c.nr, confidence: c.confidence, source: c.source, candidates: c.candidates.map((x) => x.nr) };
    });
  const report = evaluate(golds, predict(threshold));
  // How coverage trades against precision, so the journal function can choose its operating point.
  const sweep = SWEEP.map((t) => ({ threshold: t, ...evaluate(golds, predict(t)).total }));
  process.stdout.write(
    json
      ? `${JSON.stringify({ mode: 'in-sample', threshold, calibration: calibration?.fittedOn ?? null, ...report, sweep }, null, 2)}\n`
      : `IN-SAMPLE (not a measure of unseen post): the shipped calibration, no learned model.\n\n${formatEvalReport(report, threshold)}\n\n${formatSweep(sweep)}\n\n${calibrationNote(calibration)}\n`,
  );
  return 0;
}

/** Extracts every item of the corpus (OCR included) as the pipeline would. Unreadable items are left out. */
export async function extractAll(corpusDir: string, golds: GoldLine[], ocrWorkers: number, timeoutMs: number): Promise<Map<string, ExtractedContent>> {
  const scratch = await mkdtemp(join(tmpdir(), 'fordeler-eval-'));
  const blobs = createFileBlobStore(scratch);
  const extraction = createExtraction(blobs, ocrWorkers);
  const results = new Map<string, ExtractedContent>();
  try {
    for (const gold of golds) {
      const path = join(corpusDir, gold.file);
      try {
        const blob = await blobs.put(createReadStream(path));
        const sidecar = gold.sidecar ? await blobs.put(createReadStream(join(corpusDir, gold.sidecar))) : undefined;
        const content = await withTimeout(
          extraction.extractor.extract({ channel: gold.channel as Channel, fileName: basename(path), blob, ...(sidecar ? { sidecar } : {}) }),
          timeoutMs,
        );
        results.set(gold.file, content);
      } catch (error) {
        process.stderr.write(`${gold.file}: not classified (${error instanceof Error ? error.message : String(error)})\n`);
      }
    }
  } finally {
    await extraction.close();
    await rm(scratch, { recursive: true, force: true });
  }
  return results;
}

/** Every item classified raw (before calibration and threshold), with no learned model. */
export async function classifyAll(corpusDir: string, golds: GoldLine[], ocrWorkers: number, timeoutMs: number): Promise<Map<string, Classification>> {
  const classify = createRawClassifier();
  const contents = await extractAll(corpusDir, golds, ocrWorkers, timeoutMs);
  return new Map([...contents].map(([file, content]) => [file, classify(content)]));
}
