// Waiting primitives for the mailbox source: reconnect backoff and "sleep until new mail or timeout".
// Both end early when the source is stopped (an AbortSignal), so stop() never waits out a timer.

export interface BackoffOptions {
  minMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { minMs: 1_000, maxMs: 60_000 };

/**
 * Exponential backoff with "equal jitter": half the step is fixed, half random. The random half keeps
 * the sources of many workers from reconnecting in lockstep after a server restart.
 */
export function backoffDelay(failures: number, options: BackoffOptions = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const step = Math.min(options.maxMs, options.minMs * 2 ** Math.max(0, failures));
  return Math.round(step / 2 + (step / 2) * random());
}

/** Resolves after `ms`, or at once when `signal` is aborted. Never rejects. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * A latch for "something may have changed": wake() before wait() is remembered, so new mail that
 * arrives while the mailbox is being drained is not missed by the wait that follows.
 */
export interface Wakeup {
  wake(): void;
  /** Resolves on wake(), after `ms`, or when `signal` is aborted, whichever comes first. */
  wait(ms: number, signal?: AbortSignal): Promise<void>;
}

export function createWakeup(): Wakeup {
  let pending = false;
  let release: (() => void) | undefined;
  return {
    wake() {
      pending = true;
      release?.();
    },
    async wait(ms, signal) {
      if (!pending) {
        const controller = new AbortController();
        release = () => controller.abort();
        const onAbort = (): void => controller.abort();
        signal?.addEventListener('abort', onAbort, { once: true });
        if (signal?.aborted) controller.abort();
        await sleep(ms, controller.signal);
        signal?.removeEventListener('abort', onAbort);
        release = undefined;
      }
      pending = false;
    },
  };
}

/** true when `promise` settled within `ms`. */
export async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true, () => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
