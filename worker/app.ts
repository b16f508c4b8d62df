// Composition root for the embedded (in-process) mode: database, blob store, OCR, extractors,
// classifier and router wired into the pipeline's ports.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BlobStore, ContentExtractor, Ocr, PipelinePorts } from '../core/ports.js';
import { openDatabase, type Database } from '../db/connect.js';
import { createItemStore } from '../db/item-store.js';
import { createLearningStore } from '../db/learning-store.js';
import { loadKnowledge } from './learning.js';
import { createRouter } from '../rules/router.js';
import { parseRuleFile } from '../rules/schema.js';
import { createFileBlobStore } from './adapters/blob-store.js';
import { createPipelineClassifier } from './adapters/classifier.js';
import { createDocumentTextExtractor } from './adapters/documents.js';
import { createContentExtractor } from './adapters/extract/index.js';
import { createTesseractPool } from './adapters/ocr/tesseract-pool.js';
import type { AppConfig } from './config.js';

export interface App {
  config: AppConfig;
  ports: PipelinePorts;
  blobs: BlobStore;
  database: Database;
  close(): Promise<void>;
}

export const systemClock = { now: () => new Date() };

export async function loadRouter(rulesPath: string) {
  const json: unknown = JSON.parse(await readFile(rulesPath, 'utf8'));
  return createRouter(parseRuleFile(json));
}

/** Lets a caller (the benchmark) observe OCR calls without changing the wiring. */
export type OcrDecorator = (ocr: Ocr) => Ocr;

/** Extractors with a shared OCR worker pool; `close()` stops the OCR workers. */
export function createExtraction(
  blobs: BlobStore,
  ocrWorkers: number,
  decorateOcr: OcrDecorator = (ocr) => ocr,
): { extractor: ContentExtractor; close(): Promise<void> } {
  const pool = createTesseractPool({ size: ocrWorkers });
  const documents = createDocumentTextExtractor({ ocr: decorateOcr(pool) });
  return { extractor: createContentExtractor({ blobs, documents }), close: () => pool.close() };
}

export async function openApp(config: AppConfig, rulesPath: string, decorateOcr?: OcrDecorator): Promise<App> {
  // Rules first: a broken rule file should stop us before anything heavy starts.
  const router = await loadRouter(rulesPath);
  const database = await openDatabase({
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    dataDir: join(config.dataDir, 'pglite'),
  });
  const blobs = createFileBlobStore(join(config.dataDir, 'blobs'));
  const extraction = createExtraction(blobs, config.ocrWorkers, decorateOcr);
  const ports: PipelinePorts = {
    clock: systemClock,
    items: createItemStore(database.db),
    extractor: extraction.extractor,
    classify: createPipelineClassifier({ threshold: config.kleThreshold, knowledge: await loadKnowledge(createLearningStore(database.db), config.tenantId) }),
    router,
  };
  return {
    config,
    ports,
    blobs,
    database,
    async close() {
      await extraction.close();
      await database.close();
    },
  };
}
