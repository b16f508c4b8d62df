// Kept for importers from before the one composition root (worker/runtime/compose.ts): the rule-file
// router, the system clock, the OCR-capable extractor, and `openApp`, the process runtime seen as
// pipeline ports.
import type { BlobStore, PipelinePorts } from '../core/ports.js';
import type { Database } from '../db/connect.js';
import type { AppConfig } from './config.js';
import { openProcessRuntime } from './process-files.js';
import type { OcrDecorator } from './runtime/extraction.js';

export { systemClock } from './runtime/compose.js';
export { createExtraction, type OcrDecorator } from './runtime/extraction.js';
export { loadRouter } from './runtime/knowledge.js';

export interface App {
  config: AppConfig;
  ports: PipelinePorts;
  blobs: BlobStore;
  database: Database;
  close(): Promise<void>;
}

/** @deprecated Use openProcessRuntime (worker/process-files.ts) or openRuntime. */
export async function openApp(config: AppConfig, rulesPath: string, decorateOcr?: OcrDecorator): Promise<App> {
  const { runtime } = await openProcessRuntime(config, rulesPath, decorateOcr ? { decorate: { ocr: decorateOcr } } : {});
  return {
    config,
    ports: { clock: runtime.clock, items: runtime.items, extractor: runtime.extraction.extractor, classify: runtime.classify, router: runtime.router },
    blobs: runtime.blobs,
    database: runtime.database,
    close: () => runtime.close(),
  };
}
