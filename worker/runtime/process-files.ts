// `fordeler process` on files: the same runtime and stage handlers as `fordeler work`, under the policy that
// stops before delivery. Each file enters through the Intake (bytes → blob store → item row → first job),
// the in-process queues move it through extract, OCR, classify and route, and once it is at rest its report
// is read back from the database. Used by the command, the hostile-corpus test and the benchmark.
// Given a work file, it reads as `work` does: the file's sidecar formats, XML mappings and junk policy.
import { readFile } from 'node:fs/promises';
import { describeError } from '../../core/errors.js';
import type { ItemReport } from '../../core/report-contract.js';
import type { AppConfig } from './config.js';
import { createLogger, type Logger } from './logger.js';
import { openRuntime, type Runtime, type RuntimeDecorators } from './compose.js';
import { buildItemReport, failedReport } from './item-report.js';
import { PROCESS_POLICY } from './policy.js';
import { createItemProgress, settle, type ItemProgress } from './settle.js';
import type { FileInput } from '../sources/files.js';
import { receiveFile } from '../sources/ingest-files.js';
import { loadReadingSections, processWorkConfig, type ReadingSections } from './work-config.js';

export interface ProcessedFile {
  input: FileInput;
  report: ItemReport;
  /** Milliseconds to store the file and write its item row. */
  ingestMs: number;
  /** Milliseconds from the start of its ingest until it was at rest and reported. */
  ms: number;
}

export interface ProcessRuntime {
  runtime: Runtime;
  progress: ItemProgress;
  close(): Promise<void>;
}

export async function openProcessRuntime(
  app: AppConfig,
  rulesPath: string,
  /** `workFile`: a work file whose sidecar formats, XML mappings and junk policy are used (`fordeler process --config`). */
  options: { logger?: Logger; decorate?: RuntimeDecorators; workFile?: string } = {},
): Promise<ProcessRuntime> {
  const progress = createItemProgress();
  const reading = options.workFile ? await readingSectionsOf(options.workFile) : {};
  const runtime = await openRuntime(processWorkConfig(app, rulesPath, reading), {
    logger: options.logger ?? createLogger(app.logLevel),
    policy: PROCESS_POLICY,
    ...(options.decorate ? { decorate: options.decorate } : {}),
    onItemProgress: progress.notify,
  });
  return { runtime, progress, close: () => runtime.close() };
}

/**
 * Ingests the files one after another (the stages start on the first while the next is stored) and hands
 * each report to `onResult` in input order as soon as it and every earlier one are at rest.
 */
export async function processFiles(
  run: ProcessRuntime,
  inputs: readonly FileInput[],
  onResult: (result: ProcessedFile, index: number) => void,
): Promise<void> {
  const { runtime, progress } = run;
  await runtime.runner.start();
  const settleDeps = { items: runtime.items, queue: runtime.runner, policy: runtime.policy, progress };
  let ingesting: Promise<unknown> = Promise.resolve();
  const results = inputs.map(async (input): Promise<ProcessedFile> => {
    const stored = ingesting.then(async () => {
      const started = performance.now();
      const result = await receiveFile(runtime.intake, input);
      return { itemId: result.itemId, started, ingestMs: performance.now() - started };
    });
    ingesting = stored.catch(() => undefined);
    let ticket: Awaited<typeof stored>;
    try {
      ticket = await stored;
    } catch (error) {
      // The file could not even be stored (unreadable, disk full): say so for this file and go on.
      const reason = { code: 'ingest.store_failed', message: `Could not store the file: ${describeError(error)}` };
      return { input, report: failedReport({ source: input.path, itemId: '', channel: input.channel }, reason), ingestMs: 0, ms: 0 };
    }
    let report: ItemReport;
    try {
      await settle(settleDeps, ticket.itemId);
      report = await buildItemReport(runtime.items, ticket.itemId, input.path);
    } catch (error) {
      report = failedReport(
        { source: input.path, itemId: ticket.itemId, channel: input.channel },
        { code: 'process.report_failed', message: `Could not read the item's outcome: ${describeError(error)}` },
      );
    }
    return { input, report, ingestMs: ticket.ingestMs, ms: performance.now() - ticket.started };
  });
  for (const [index, result] of results.entries()) onResult(await result, index);
}

/**
 * The work file's reading sections and its `junk` section: junk is parked (or kept) by `process` exactly as
 * by `work`, and the work file's schema checks it (an error names `junk.keepDays`). Without a `junk` section
 * the work file's default applies, as in `work`.
 */
async function readingSectionsOf(workFile: string): Promise<ReadingSections & { junk?: unknown }> {
  const reading = await loadReadingSections(workFile);
  const json: unknown = JSON.parse(await readFile(workFile, 'utf8'));
  const junk = typeof json === 'object' && json !== null ? (json as { junk?: unknown }).junk : undefined;
  return { ...reading, ...(junk !== undefined ? { junk } : {}) };
}
