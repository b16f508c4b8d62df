// TIFF pages as PGM, decoded in a worker thread with a heap limit and a timeout (see tiff-worker.mjs).
import { Worker } from 'node:worker_threads';
import { BadInputError, LimitExceededError } from '../../../core/errors.js';

export interface TiffLimits {
  maxPages: number;
  maxPixels: number;
  timeoutMs: number;
  /** Heap of the decoding thread; pixel buffers live outside it and are bounded by maxPixels. */
  heapMb?: number;
}

/** Why the page chain was not followed to its end. */
export type TiffStop = 'loop' | 'page_limit' | 'corrupt_chain' | null;

export interface TiffPage {
  /** Pages that will be read (≤ maxPages). */
  pageCount: number;
  stop: TiffStop;
  pgm: Uint8Array;
  width: number;
  height: number;
}

type WorkerReply =
  | { ok: true; pageCount: number; stop: TiffStop; page: { pgm: Uint8Array; width: number; height: number } }
  | { ok: false; code: string; message: string; data?: Record<string, unknown> };

const workerUrl = new URL('./tiff-worker.mjs', import.meta.url);

/** Decodes page `page` (0-based) of a TIFF. Throws BadInputError/LimitExceededError with a specific code. */
export function decodeTiffPage(bytes: Uint8Array, page: number, limits: TiffLimits): Promise<TiffPage> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerUrl, {
      workerData: { bytes, page, maxPages: limits.maxPages, maxPixels: limits.maxPixels },
      resourceLimits: { maxOldGenerationSizeMb: limits.heapMb ?? 256, maxYoungGenerationSizeMb: 32 },
      stdout: true,
      stderr: true,
    });
    // utif2 logs through console; drop it (a hostile file could log in a loop).
    worker.stdout.resume();
    worker.stderr.resume();
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      fn();
    };
    const timer = setTimeout(
      () =>
        settle(() =>
          reject(new LimitExceededError('image_timeout', `TIFF decoding took longer than ${limits.timeoutMs} ms`)),
        ),
      limits.timeoutMs,
    );
    worker.on('message', (reply: WorkerReply) =>
      settle(() => {
        if (reply.ok) resolve({ pageCount: reply.pageCount, stop: reply.stop, ...reply.page });
        else if (reply.code === 'image_pixel_limit') reject(new LimitExceededError(reply.code, reply.message, reply.data));
        else reject(new BadInputError(reply.code, reply.message, reply.data));
      }),
    );
    worker.on('error', (error: Error & { code?: string }) =>
      settle(() =>
        reject(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new LimitExceededError('image_memory_limit', 'TIFF decoding ran out of its memory limit')
            : new BadInputError('image_corrupt', `TIFF could not be decoded: ${error.message}`),
        ),
      ),
    );
    worker.on('exit', () =>
      settle(() => reject(new BadInputError('image_corrupt', 'TIFF decoder stopped without a result'))),
    );
  });
}
