// One item through every stage on a real database, with a "process" that can die: at a planned row write
// (a database trigger raises, test/integration/stage-crash.test.ts) or right after a planned call to the
// store, the delivery ledger or the receiver succeeded. A dead process does nothing more. Then a new
// process resumes as a restart would: the source fetches what it could not confirm, and the reconciler
// queues the resume stage of every item in progress. The handover is a fake receiver that, like SF2900,
// takes each transaction id once.
import { IN_PROGRESS_STATES, RESUME_STAGE, type ItemState } from '../../core/lifecycle.js';
import type { BlobStore, Clock, DeliveryStore, HandoverRequest, ItemStore } from '../../core/ports.js';
import type { Db } from '../../db/connect.js';
import { createDeliveryStore } from '../../db/delivery-store.js';
import { createItemQueries } from '../../db/item-queries.js';
import { createItemStore } from '../../db/item-store.js';
import { createContentExtractor } from '../../worker/adapters/extract/index.js';
import { createStageHandlers, markExhausted, type HandlerDeps } from '../../worker/runtime/handlers/index.js';
import { defaultStagePolicies, JOB_STAGES, type JobStage, type StagePolicies } from '../../worker/runtime/jobs.js';
import type { Logger } from '../../worker/runtime/logger.js';
import { createInProcessRunner } from '../../worker/runtime/queue/in-process-runner.js';
import type { StageHandlers, StageRunner } from '../../worker/runtime/queue/types.js';
import { createIntake } from '../../worker/sources/intake.js';
import { classification, MAIL, once, receiver, router, scannedDocuments } from './crash-fixtures.js';
import { deliveryRows, writesSoFar } from './write-faults.js';

export type CrashPlan = { kind: 'none' } | { kind: 'write'; n: number } | { kind: 'boundary'; at: string };

export interface Outcome {
  /** Why the first process died; undefined when it did not. */
  crashed?: string;
  /** Rows written (the fault sequence's value at the end). */
  writes: number;
  /** Every call boundary the first process passed, in order (`items.commit#2`, …). */
  boundaries: string[];
  state: ItemState | undefined;
  round: number | undefined;
  events: Awaited<ReturnType<ReturnType<typeof createItemQueries>['listEvents']>>;
  decisions: Awaited<ReturnType<ReturnType<typeof createItemQueries>['listDecisions']>>;
  attachments: Awaited<ReturnType<ReturnType<typeof createItemQueries>['listAttachments']>>;
  deliveries: { round: number; destination: string; transactionId: string; status: string; attempts: number }[];
  handoverCalls: HandoverRequest[];
  /** Transaction ids the receiver took, each once. */
  accepted: string[];
}

export interface ScenarioDeps {
  db: Db;
  blobs: BlobStore;
  clock: Clock;
  tenantId: string;
  logger: Logger;
  plan: CrashPlan;
}

class InjectedCrash extends Error {
  override readonly name = 'InjectedCrash';
}

/** The planned trigger error, wherever the driver wrapped it. */
function injectedMessage(error: unknown): string | undefined {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (e instanceof InjectedCrash) return e.message;
    const found = /injected crash at write [^\n]*/.exec(e.message)?.[0];
    if (found) return found;
  }
  return undefined;
}

/** One process's life: it dies at the planned boundary (or write) and does nothing after that. */
class Life {
  dead = false;
  crashed: string | undefined;
  readonly boundaries: string[] = [];
  private readonly counts = new Map<string, number>();
  constructor(private readonly plan: CrashPlan) {}

  check(): void {
    if (this.dead) throw new InjectedCrash('the process is dead');
  }
  after(call: string): void {
    const n = (this.counts.get(call) ?? 0) + 1;
    this.counts.set(call, n);
    const label = `${call}#${n}`;
    this.boundaries.push(label);
    if (this.plan.kind === 'boundary' && this.plan.at === label) this.die(`injected crash after ${label}`);
  }
  die(message: string): never {
    this.dead = true;
    this.crashed ??= message;
    throw new InjectedCrash(message);
  }
}

function mortalItems(items: ItemStore, life: Life): ItemStore {
  const guarded = async <T>(call: string, work: () => Promise<T>): Promise<T> => {
    life.check();
    const result = await work();
    life.after(call);
    return result;
  };
  return {
    tenantId: items.tenantId,
    createItem: (input) => guarded('items.createItem', () => items.createItem(input)),
    appendEvent: (id, event) => guarded('items.appendEvent', () => items.appendEvent(id, event)),
    commit: (step) => guarded('items.commit', () => items.commit(step)),
    getItem: (id) => (life.check(), items.getItem(id)),
    getExtracted: (id) => (life.check(), items.getExtracted(id)),
    latestDecision: (id, stage) => (life.check(), items.latestDecision(id, stage)),
    latestClassification: (id) => (life.check(), items.latestClassification(id)),
  };
}

function mortalDeliveries(store: DeliveryStore, life: Life): DeliveryStore {
  return {
    async begin(itemId) {
      life.check();
      const record = await store.begin(itemId);
      life.after('deliveries.begin');
      return record;
    },
    markSent: (id, receipt) => (life.check(), store.markSent(id, receipt)),
    current: (id) => (life.check(), store.current(id)),
    findByTransaction: (id) => (life.check(), store.findByTransaction(id)),
  };
}

const POLICIES: StagePolicies = Object.fromEntries(
  Object.entries(defaultStagePolicies(1)).map(([stage, policy]) => [stage, { ...policy, concurrency: 1, attempts: 1, backoffMs: 1 }]),
) as StagePolicies;

async function waitIdle(runner: StageRunner): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const depth = await runner.depth();
    if (JOB_STAGES.every((stage) => depth[stage] === 0)) return;
    if (Date.now() > deadline) throw new Error(`stage runner not idle after 60 s: ${JSON.stringify(depth)}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export async function crashScenario(deps: ScenarioDeps): Promise<Outcome> {
  const { db, blobs, clock, tenantId, logger } = deps;
  const items = createItemStore(db, { tenantId, clock });
  const queries = createItemQueries(db, { tenantId });
  const receiving = receiver(clock);
  const extractor = createContentExtractor({ blobs, documents: scannedDocuments });

  /** Runs one process until it is idle (or dead); says whether the source could confirm the message. */
  async function processRun(life: Life, receive: boolean): Promise<boolean> {
    const mortal = mortalItems(items, life);
    const handlerDeps: HandlerDeps = {
      items: mortal,
      queries,
      blobs,
      clock,
      classify: () => structuredClone(classification),
      router,
      extractor,
      deliveries: mortalDeliveries(createDeliveryStore(db, tenantId), life),
      handover: {
        async deliver(request) {
          life.check();
          const receipt = await receiving.handover.deliver(request);
          life.after('handover.deliver');
          return receipt;
        },
      },
      extractTimeoutMs: 30_000,
      logger,
    };
    const handlers = Object.fromEntries(
      Object.entries(createStageHandlers(handlerDeps)).map(([stage, handler]) => [
        stage,
        async (itemId: string, attempt: Parameters<typeof handler>[1]) => {
          if (life.dead) return {};
          try {
            return await handler(itemId, attempt);
          } catch (error) {
            const injected = injectedMessage(error);
            if (!injected) throw error;
            life.dead = true;
            life.crashed ??= injected;
            return {};
          }
        },
      ]),
    ) as StageHandlers;
    const runner = createInProcessRunner({ handlers, policies: POLICIES, onExhausted: markExhausted(handlerDeps) });
    await runner.start();
    const intake = createIntake({ blobs, items: mortal, clock, startPipeline: (itemId) => runner.enqueue('ingest', itemId) });
    let confirmed = false;
    try {
      if (receive) {
        await intake.receive({ channel: 'email', source: 'imap:post@norrea.dk/INBOX', fileName: '4711.eml', messageId: '<crash-1@example.dk>', bytes: once(MAIL), receivedAt: clock.now() });
        confirmed = true;
      } else {
        // The reconciler: every item in progress gets its resume stage queued again.
        for (const state of IN_PROGRESS_STATES) {
          if (state === 'delivered') continue; // waits for a business receipt, not for us
          for (const item of await queries.listItems({ state })) await runner.enqueue(RESUME_STAGE[state] as JobStage, item.id);
        }
      }
    } catch (error) {
      const injected = injectedMessage(error);
      if (!injected) throw error;
      life.dead = true;
      life.crashed ??= injected;
    }
    await waitIdle(runner);
    await runner.close();
    return confirmed;
  }

  const first = new Life(deps.plan);
  const confirmed = await processRun(first, true);
  if (first.dead) {
    const restarted = new Life({ kind: 'none' });
    // The source never got its confirmation: it fetches the message again.
    if (!confirmed) await processRun(restarted, true);
    await processRun(restarted, false);
  }

  const [item] = await queries.listItems({ limit: 10 });
  const id = item?.id ?? '00000000-0000-4000-8000-000000000000';
  return {
    ...(first.crashed ? { crashed: first.crashed } : {}),
    writes: await writesSoFar(db),
    boundaries: first.boundaries,
    state: item?.state,
    round: item?.round,
    events: await queries.listEvents(id),
    decisions: await queries.listDecisions(id),
    attachments: await queries.listAttachments(id),
    deliveries: await deliveryRows(db, id),
    handoverCalls: receiving.calls,
    accepted: receiving.accepted,
  };
}
