// `fordeler eval <corpus-dir>`: classification quality on a labelled corpus (gold.jsonl beside items/):
// every item is extracted (OCR included) and classified as the pipeline would, then scored.
// `--fit-calibration <file>` fits the confidence calibration on this corpus first and writes it.
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fitCalibration, type LabelledScore } from '../../classifiers/calibration.js';
import { evaluate, formatEvalReport, formatSweep, type EvalPrediction, type GoldLabel } from '../../classifiers/evaluation.js';
import { withTrustThreshold } from '../../classifiers/trusted.js';
import type { Channel, Classification } from '../../core/model.js';
import { withTimeout } from '../../core/stages/extract.js';
import { createFileBlobStore } from '../../worker/adapters/blob-store.js';
import { createRawClassifier, loadCalibration } from '../../worker/adapters/classifier.js';
import { createExtraction } from '../../worker/runtime/extraction.js';
import { loadConfig } from '../../worker/runtime/config.js';

const SWEEP = [0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95];
const NO_CLASSIFICATION: Classification = { nr: null, confidence: 0, source: 'none', candidates: [], reasons: [] };
// The threshold wrapper does not look at the content when it is given a fixed classification.
const NO_CONTENT = undefined as never;

export interface GoldLine extends GoldLabel {
  sidecar?: string | null;
}

export interface EvalOptions {
  json?: boolean;
  threshold?: string;
  fitCalibration?: string;
}

/** The corpus's gold labels (`gold.jsonl`), one per item, in file-name order. */
export async function readGold(corpusDir: string): Promise<GoldLine[]> {
  return (await readFile(join(corpusDir, 'gold.jsonl'), 'utf8'))
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as GoldLine)
    .sort((a, b) => a.file.localeCompare(b.file));
}

export async function evalCommand(corpusDir: string, options: EvalOptions): Promise<number> {
  const config = loadConfig();
  const threshold = options.threshold !== undefined ? Number(options.threshold) : config.kleThreshold;
  if (!(threshold >= 0 && threshold <= 1)) throw new Error(`--threshold must be between 0 and 1, not ${options.threshold}`);
  const golds = await readGold(corpusDir);
  const raw = await classifyAll(corpusDir, golds, config.ocrWorkers, config.itemTimeoutMs);

  let calibration = loadCalibration();
  if (options.fitCalibration) {
    const points: LabelledScore[] = golds.flatMap((gold) => {
      const c = raw.get(gold.file);
      if (!c || c.nr === null) return [];
      const accepted = gold.kle ? [gold.kle, ...(gold.kle_ok ?? [])] : [];
      return [{ source: c.source, raw: c.confidence, correct: accepted.includes(c.nr) }];
    });
    calibration = fitCalibration(points, `${basename(corpusDir.replace(/\/$/, ''))}: ${golds.length} items, ${new Date().toISOString().slice(0, 10)}`);
    await writeFile(options.fitCalibration, `${JSON.stringify(calibration, null, 2)}\n`);
    process.stderr.write(`calibration written to ${options.fitCalibration}\n`);
  }
  const predict = (t: number): EvalPrediction[] =>
    golds.map((gold) => {
      const c = withTrustThreshold(() => raw.get(gold.file) ?? NO_CLASSIFICATION, { threshold: t, ...(calibration ? { calibration } : {}) })(NO_CONTENT);
      return { file: gold.file, channel: gold.channel, nr: c.nr, confidence: c.confidence, source: c.source, candidates: c.candidates.map((x) => x.nr) };
    });
  const report = evaluate(golds, predict(threshold));
  // How coverage trades against precision, so the journal function can choose its operating point.
  const sweep = SWEEP.map((t) => ({ threshold: t, ...evaluate(golds, predict(t)).total }));
  process.stdout.write(
    options.json
      ? `${JSON.stringify({ threshold, calibration: calibration?.fittedOn ?? null, ...report, sweep }, null, 2)}\n`
      : `${formatEvalReport(report, threshold)}\n\n${formatSweep(sweep)}\n`,
  );
  return 0;
}

export async function classifyAll(corpusDir: string, golds: GoldLine[], ocrWorkers: number, timeoutMs: number): Promise<Map<string, Classification>> {
  const scratch = await mkdtemp(join(tmpdir(), 'fordeler-eval-'));
  const blobs = createFileBlobStore(scratch);
  const extraction = createExtraction(blobs, ocrWorkers);
  const classify = createRawClassifier();
  const results = new Map<string, Classification>();
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
        results.set(gold.file, classify(content));
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
