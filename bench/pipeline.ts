// Pipeline benchmark: `fordeler process` (the work runtime's stage handlers on in-process queues, stopping
// before delivery) over a corpus on a fresh embedded database, with time per stage.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExtractedContent } from '../core/model.js';
import type { ContentExtractor, KleClassifier, Router } from '../core/ports.js';
import type { ItemReport } from '../core/report-contract.js';
import { loadConfig } from '../worker/runtime/config.js';
import { createLogger } from '../worker/runtime/logger.js';
import { openProcessRuntime, processFiles } from '../worker/runtime/process-files.js';
import type { RuntimeDecorators } from '../worker/runtime/compose.js';
import { discoverFiles } from '../worker/sources/files.js';
import { StageTimer, type StageName } from './stage-timer.js';
import { markdownTable, seconds } from './table.js';

export interface PipelineBenchResult {
  items: number;
  wallMs: number;
  itemsPerSecond: number;
  stages: { stage: StageName | 'ingest + store'; ms: number; calls: number }[];
  ocrPages: number;
  ocrMsPerPage: number;
  statuses: Record<string, number>;
  peakRssMb: number;
  /** Extracted content per item (not written to the results). */
  contents: { file: string; content: ExtractedContent }[];
}

export async function benchPipeline(corpusDir: string, rulesPath: string): Promise<PipelineBenchResult> {
  const dataDir = await mkdtemp(join(tmpdir(), 'fordeler-bench-'));
  const config = { ...loadConfig({ ...process.env, FORDELER_DATA_DIR: dataDir }) };
  delete config.databaseUrl;
  const timer = new StageTimer();
  const run = await openProcessRuntime(config, rulesPath, { logger: createLogger('silent'), decorate: timed(timer) });
  const inputs = await discoverFiles([corpusDir]);
  const reports: ItemReport[] = [];
  const contents: { file: string; content: ExtractedContent }[] = [];
  let ingestMs = 0;
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
  const started = performance.now();
  try {
    await processFiles(run, inputs, ({ report, ingestMs: ms }) => {
      reports.push(report);
      ingestMs += ms;
    });
    // Kept for the classification benchmark, which times the classifier alone on the same content.
    for (const report of reports) {
      const content = report.itemId ? await run.runtime.items.getExtracted(report.itemId) : undefined;
      if (content) contents.push({ file: report.source, content });
    }
  } finally {
    clearInterval(sampler);
    await run.close();
    await rm(dataDir, { recursive: true, force: true });
  }
  const wallMs = performance.now() - started;
  const stage = (name: StageName) => timer.totals.get(name) ?? { ms: 0, calls: 0 };
  const statuses: Record<string, number> = {};
  for (const report of reports) statuses[report.decision.status] = (statuses[report.decision.status] ?? 0) + 1;
  const ocr = stage('ocr page');
  return {
    items: reports.length,
    wallMs,
    itemsPerSecond: reports.length / (wallMs / 1000),
    stages: [
      { stage: 'ingest + store', ms: ingestMs, calls: reports.length },
      { stage: 'extract', ...stage('extract') },
      { stage: 'ocr page', ...ocr },
      { stage: 'classify', ...stage('classify') },
      { stage: 'route', ...stage('route') },
    ],
    ocrPages: ocr.calls,
    ocrMsPerPage: ocr.calls ? ocr.ms / ocr.calls : 0,
    statuses,
    peakRssMb: peakRss / 1024 / 1024,
    contents,
  };
}

export function formatPipelineBench(r: PipelineBenchResult, concurrency: number, ocrWorkers: number): string {
  const summary = markdownTable(
    ['items', 'wall s', 'items/s', 'routed', 'parked', 'failed', 'OCR pages', 'OCR s/page (per worker)', 'peak RSS MB'],
    [[r.items, seconds(r.wallMs, 1), r.itemsPerSecond.toFixed(2), r.statuses.routed ?? 0, r.statuses.parked ?? 0, r.statuses.failed ?? 0, r.ocrPages, seconds(r.ocrMsPerPage), r.peakRssMb.toFixed(0)]],
  );
  const stages = markdownTable(
    ['stage', 'calls', 'total s', 'mean ms / call'],
    r.stages.map((s) => [s.stage, s.calls, seconds(s.ms, 1), s.calls ? (s.ms / s.calls).toFixed(1) : '–']),
  );
  return `Pipeline, ${concurrency} items at a time, ${ocrWorkers} OCR workers (stage times add up over parallel items):\n\n${summary}\n\n${stages}`;
}

/** Times every extraction (with and without OCR), OCR page, classification and routing call. */
function timed(timer: StageTimer): RuntimeDecorators {
  return {
    ocr: timer.decorateOcr,
    extractor: (extractor: ContentExtractor): ContentExtractor => ({
      extract: ((...args: Parameters<ContentExtractor['extract']>) => timer.time('extract', () => extractor.extract(...args))) as ContentExtractor['extract'],
    }),
    classify: (classify: KleClassifier): KleClassifier => (content) => {
      const started = performance.now();
      try {
        return classify(content);
      } finally {
        timer.record('classify', performance.now() - started);
      }
    },
    router: (router: Router): Router => ({
      get version() {
        return router.version;
      },
      get destinations() {
        return router.destinations;
      },
      destinationForKle: (nr) => router.destinationForKle(nr),
      route: (content, classification) => timer.time('route', () => router.route(content, classification)),
    }),
  };
}
