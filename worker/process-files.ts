// Runs files through ingest and the in-process pipeline. Used by `fordeler process`, the hostile-corpus
// test and the benchmark, so all three exercise exactly the same path.
import { describeError } from '../core/errors.js';
import { processItem, type ItemReport } from '../core/pipeline.js';
import type { App } from './app.js';
import { forEachOrdered } from './concurrency.js';
import type { FileInput } from './sources/files.js';
import { ingestFile } from './sources/ingest-files.js';

export interface ProcessedFile {
  input: FileInput;
  report: ItemReport;
  /** Wall-clock milliseconds for this item, ingest included. */
  ms: number;
}

export async function processFiles(
  app: App,
  inputs: FileInput[],
  onResult: (result: ProcessedFile, index: number) => void,
): Promise<void> {
  const { ports, blobs, config } = app;
  await forEachOrdered(
    inputs,
    config.concurrency,
    async (input) => {
      const started = performance.now();
      let report: ItemReport;
      try {
        const item = await ingestFile(input, { blobs, items: ports.items, clock: ports.clock }, config.tenantId);
        report = await processItem(item, ports, { extractTimeoutMs: config.itemTimeoutMs });
      } catch (error) {
        // The file could not even be stored (unreadable, disk full): say so for this file and go on.
        report = ingestFailure(input, describeError(error));
      }
      return { input, report: { ...report, source: input.path }, ms: performance.now() - started };
    },
    onResult,
  );
}

function ingestFailure(input: FileInput, message: string): ItemReport {
  return {
    source: input.path,
    itemId: '',
    channel: input.channel,
    kle: { nr: null, confidence: 0, source: 'none', candidates: [] },
    decision: {
      status: 'failed',
      destination: null,
      ruleId: null,
      reasons: [{ code: 'ingest.store_failed', message: `Could not store the file: ${message}` }],
    },
    suggestions: [],
    sensitive: [],
  };
}
