// The behaviour both stage runners (in-process and BullMQ) must share, as one suite run against each.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { JOB_STAGES, type JobStage, type StagePolicies } from '../../worker/runtime/jobs.js';
import type { Attempt, StageHandler, StageHandlers, StageRunner, StageRunnerOptions } from '../../worker/runtime/queue/types.js';

export type RunnerFactory = (options: StageRunnerOptions) => StageRunner;

const fastPolicies = (overrides: Partial<StagePolicies> = {}): StagePolicies => ({
  ...(Object.fromEntries(JOB_STAGES.map((s) => [s, { concurrency: 2, attempts: 3, backoffMs: 20 }])) as StagePolicies),
  ...overrides,
});

const noop: StageHandler = async () => ({});
const handlersWith = (overrides: Partial<StageHandlers>): StageHandlers => ({
  ...(Object.fromEntries(JOB_STAGES.map((s) => [s, noop])) as StageHandlers),
  ...overrides,
});

export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function stageRunnerContract(name: string, factory: RunnerFactory): void {
  describe(`${name} stage runner`, () => {
    const runners: StageRunner[] = [];
    const start = async (options: Partial<StageRunnerOptions> & Pick<StageRunnerOptions, 'handlers'>) => {
      const runner = factory({ policies: fastPolicies(), onExhausted: async () => {}, ...options });
      runners.push(runner);
      await runner.start();
      return runner;
    };
    afterEach(async () => {
      await Promise.all(runners.splice(0).map((r) => r.close()));
    });

    it('runs a job, then the stage its handler names next', async () => {
      const seen: string[] = [];
      const itemId = randomUUID();
      const runner = await start({
        handlers: handlersWith({
          ingest: async (id) => (seen.push(`ingest:${id}`), { next: 'extract' }),
          extract: async (id) => (seen.push(`extract:${id}`), {}),
        }),
      });
      await runner.enqueue('ingest', itemId);
      await until(() => seen.length === 2, 'both stages');
      expect(seen).toEqual([`ingest:${itemId}`, `extract:${itemId}`]);
    });

    it('queues a stage once per item while its job exists', async () => {
      let runs = 0;
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const itemId = randomUUID();
      const runner = await start({ handlers: handlersWith({ classify: async () => (runs++, await gate, {}) }) });
      await runner.enqueue('classify', itemId);
      await until(() => runs === 1, 'the first run');
      await runner.enqueue('classify', itemId); // while running
      await runner.enqueue('classify', itemId);
      release();
      await until(async () => (await runner.depth()).classify === 0, 'an empty queue');
      await new Promise((r) => setTimeout(r, 200));
      expect(runs).toBe(1);
      // Once done, the same stage may be queued again (the reconciler relies on this).
      await runner.enqueue('classify', itemId);
      await until(() => runs === 2, 'the second run');
    });

    it('retries a failing stage with backoff and reports the last attempt', async () => {
      const attempts: Attempt[] = [];
      const runner = await start({
        handlers: handlersWith({
          route: async (_id, attempt) => {
            attempts.push(attempt);
            if (attempt.number < 3) throw new Error('database unavailable');
            return {};
          },
        }),
      });
      await runner.enqueue('route', randomUUID());
      await until(() => attempts.length === 3, 'three attempts');
      expect(attempts).toEqual([
        { number: 1, last: false },
        { number: 2, last: false },
        { number: 3, last: true },
      ]);
    });

    it('counts a job waiting for its retry in the depth, so an idle runner means no work is owed', async () => {
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const attempts: number[] = [];
      const runner = await start({
        policies: fastPolicies({ classify: { concurrency: 1, attempts: 3, backoffMs: 200 } }),
        handlers: handlersWith({
          classify: async (_id, attempt) => {
            attempts.push(attempt.number);
            if (attempt.number === 1) throw new Error('database unavailable');
            await gate;
            return {};
          },
        }),
      });
      await runner.enqueue('classify', randomUUID());
      await until(() => attempts.length === 1, 'the first attempt');
      // From the failed first try until the gated second one ends, the job is delayed or running: never gone.
      for (let i = 0; i < 5; i++) {
        expect((await runner.depth()).classify).toBe(1);
        await new Promise((r) => setTimeout(r, 50));
      }
      await until(() => attempts.length === 2, 'the retry');
      expect((await runner.depth()).classify).toBe(1);
      release();
      await until(async () => (await runner.depth()).classify === 0, 'an empty queue');
    });

    it('calls onExhausted once when the last attempt fails, and stops retrying', async () => {
      const exhausted: [JobStage, string, string][] = [];
      let tries = 0;
      const itemId = randomUUID();
      const runner = await start({
        policies: fastPolicies({ deliver: { concurrency: 1, attempts: 2, backoffMs: 10 } }),
        handlers: handlersWith({ deliver: async () => (tries++, Promise.reject(new Error('receiver answered 503'))) }),
        onExhausted: async (stage, id, error) => void exhausted.push([stage, id, (error as Error).message]),
      });
      await runner.enqueue('deliver', itemId);
      await until(() => exhausted.length === 1, 'exhaustion');
      await new Promise((r) => setTimeout(r, 300));
      expect(tries).toBe(2);
      expect(exhausted).toEqual([['deliver', itemId, 'receiver answered 503']]);
    });

    it('keeps to each stage’s concurrency', async () => {
      let inFlight = 0;
      let peak = 0;
      let done = 0;
      const runner = await start({
        policies: fastPolicies({ ocr: { concurrency: 2, attempts: 1, backoffMs: 10 } }),
        handlers: handlersWith({
          ocr: async () => {
            inFlight++;
            peak = Math.max(peak, inFlight);
            await new Promise((r) => setTimeout(r, 60));
            inFlight--;
            done++;
            return {};
          },
        }),
      });
      for (let i = 0; i < 6; i++) await runner.enqueue('ocr', randomUUID());
      await until(() => done === 6, 'six OCR jobs');
      expect(peak).toBe(2);
    });

    it('lets the job in hand finish on close', async () => {
      let finished = false;
      let started = false;
      const runner = await start({
        handlers: handlersWith({ extract: async () => ((started = true), await new Promise((r) => setTimeout(r, 300)), (finished = true), {}) }),
      });
      await runner.enqueue('extract', randomUUID());
      await until(() => started, 'the job to start');
      await runners.pop()!.close();
      expect(finished).toBe(true);
      void runner;
    });
  });
}
