// A small pool of tesseract.js workers (WASM in worker threads) reused across items. Languages
// dan+eng from the @tesseract.js-data packages: no network is ever used. A page that runs past the
// timeout gets its worker terminated and replaced, so a pathological page cannot block the pool.
// tesseract.js itself is imported with the first worker: a process that never OCRs never loads it, and a
// worker idle for `idleMs` is ended (each holds ~130 MB), so `fordeler work` at rest stays small.
import type { Worker } from 'tesseract.js';
import { BadInputError, LimitExceededError } from '../../../core/errors.js';
import type { Ocr, OcrResult } from '../../../core/ports.js';
import { ensureLangDir, OCR_LANGUAGES } from './tessdata.js';

export interface TesseractPoolOptions {
  /** Parallel workers; each holds ~130 MB. Default 2 (one per core here). */
  size?: number;
  /** Per-page time limit in ms. Default 60 s. */
  timeoutMs?: number;
  /** Folder for the joined language files; default a folder under os.tmpdir(). */
  langPathDir?: string;
  /** A worker with no page for this long is ended; the next page starts one (~1 s). Default 60 s. */
  idleMs?: number;
}

export type TesseractPool = Ocr & {
  close(): Promise<void>;
  /** Workers started and not ended (for tests and metrics). */
  liveWorkers(): number;
};

interface Job {
  image: Uint8Array;
  resolve: (result: OcrResult) => void;
  reject: (error: unknown) => void;
}

interface Live {
  worker: Worker;
  /** Rejects when the worker thread dies (WASM abort, out of memory). */
  died: Promise<never>;
}

interface Slot {
  worker: Promise<Live> | null;
  busy: boolean;
  idle?: NodeJS.Timeout;
}

/** A worker-thread crash (WASM abort, OOM) surfaces as an `error` event; without a listener it would kill the process. */
type ThreadHandle = { on(event: 'error' | 'exit', listener: () => void): void };

export function createTesseractPool(opts: TesseractPoolOptions = {}): TesseractPool {
  const size = Math.max(1, opts.size ?? 2);
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const idleMs = opts.idleMs ?? 60_000;
  const slots: Slot[] = Array.from({ length: size }, () => ({ worker: null, busy: false }));
  const queue: Job[] = [];
  let langDir: Promise<string> | null = null;
  let closed = false;

  function startWorker(slot: Slot): Promise<Live> {
    langDir ??= ensureLangDir(opts.langPathDir);
    const started = langDir.then(async (langPath) => {
      const { createWorker, OEM } = await import('tesseract.js');
      const worker = await createWorker([...OCR_LANGUAGES].join('+'), OEM.LSTM_ONLY, {
        langPath,
        gzip: true,
        cacheMethod: 'none',
        // Errors reach us through the rejected job promise; the default handler would throw.
        errorHandler: () => {},
      });
      // tesseract's diagnostics ("Estimating resolution as 427") would go to our stdout.
      await worker.setParameters({ debug_file: '/dev/null' });
      const thread = (worker as unknown as { worker: ThreadHandle }).worker;
      const died = new Promise<never>((_, reject) => {
        const forget = () => {
          if (slot.worker === started) slot.worker = null;
          reject(new BadInputError('ocr_worker_crashed', 'The OCR worker crashed on this page'));
        };
        thread.on('error', forget);
        thread.on('exit', forget);
      });
      died.catch(() => {});
      return { worker, died };
    });
    // A failed start must not poison the slot: the next job tries again.
    started.catch(() => {
      if (slot.worker === started) slot.worker = null;
    });
    slot.worker = started;
    return started;
  }

  async function run(slot: Slot, job: Job): Promise<OcrResult> {
    const { worker, died } = await (slot.worker ?? startWorker(slot));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        slot.worker = null;
        void worker.terminate();
        reject(new LimitExceededError('ocr_timeout', `OCR of one page took longer than ${timeoutMs} ms`, { timeoutMs }));
      }, timeoutMs);
    });
    try {
      // rotateAuto measures the skew of the text lines and deskews before recognition.
      const recognition = worker.recognize(Buffer.from(job.image.buffer, job.image.byteOffset, job.image.byteLength), {
        rotateAuto: true,
      });
      const { data } = await Promise.race([recognition, timeout, died]);
      return { text: data.text, confidence: data.confidence };
    } catch (error) {
      if (error instanceof BadInputError) throw error;
      // tesseract.js rejects with a plain string such as "Error attempting to read image."
      const message = error instanceof Error ? error.message : String(error);
      throw new BadInputError('ocr_image_unreadable', `OCR could not read the page image: ${message}`);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Ends the worker of a slot that has had nothing to do for `idleMs`. */
  function retireWhenIdle(slot: Slot): void {
    clearTimeout(slot.idle);
    if (slot.busy || !slot.worker) return;
    slot.idle = setTimeout(() => {
      const worker = slot.worker;
      if (slot.busy || !worker) return;
      slot.worker = null;
      void worker.then((live) => live.worker.terminate()).catch(() => {});
    }, idleMs);
    slot.idle.unref();
  }

  function pump(): void {
    for (const slot of slots) {
      if (slot.busy) continue;
      const job = queue.shift();
      if (!job) return;
      clearTimeout(slot.idle);
      slot.busy = true;
      run(slot, job)
        .then(job.resolve, job.reject)
        .finally(() => {
          slot.busy = false;
          pump();
          retireWhenIdle(slot);
        });
    }
  }

  return {
    recognize(image) {
      if (closed) return Promise.reject(new Error('OCR pool is closed'));
      return new Promise<OcrResult>((resolve, reject) => {
        queue.push({ image, resolve, reject });
        pump();
      });
    },
    liveWorkers: () => slots.filter((slot) => slot.worker !== null).length,
    async close() {
      closed = true;
      for (const slot of slots) clearTimeout(slot.idle);
      for (const job of queue.splice(0)) job.reject(new Error('OCR pool closed'));
      await Promise.all(
        slots.map(async (slot) => {
          const worker = slot.worker;
          slot.worker = null;
          if (worker) await worker.then((live) => live.worker.terminate()).catch(() => {});
        }),
      );
    },
  };
}
