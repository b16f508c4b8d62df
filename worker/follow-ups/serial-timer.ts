// A follow-up that runs on a timer, one run at a time: the junk purge and the retention purge share it.
// A tick while a run is under way is skipped (the run in hand does the work); `runOnce` (tests, CLI-like
// callers) waits for a run in hand and then starts its own; `stop` clears the timer and waits for the run.
export interface SerialTimer<A, R> {
  runOnce(arg?: A): Promise<R>;
  stop(): Promise<void>;
}

export function startSerialTimer<A, R>(
  run: (arg?: A) => Promise<R>,
  options: { intervalMs: number; onError: (error: unknown) => void; atStart?: boolean },
): SerialTimer<A, R> {
  let running: Promise<R> | undefined;
  let stopped = false;
  const runOnce = async (arg?: A): Promise<R> => {
    while (running) await running.catch(() => undefined);
    running = run(arg).finally(() => (running = undefined));
    return running;
  };
  const tick = () => {
    if (stopped || running) return;
    void runOnce().catch(options.onError);
  };
  const timer = setInterval(tick, options.intervalMs);
  timer.unref();
  const first = options.atStart ? setTimeout(tick, 0) : undefined;
  first?.unref();
  return {
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (first) clearTimeout(first);
      while (running) await running.catch(() => undefined);
    },
  };
}
