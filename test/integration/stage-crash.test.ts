// Acceptance: a crash at ANY write point of ANY stage loses nothing and doubles nothing. The process is
// "killed" (1) inside a stage's transaction, at every single row write, by a PostgreSQL trigger that
// raises on the Nth write (a sequence counts writes and is not rolled back), and (2) between writes: after
// each createItem, event, commit, deliveries.begin and handover, by ports that die after succeeding. A
// killed process does nothing more; a new one resumes the way a restart does (the source fetches what it
// could not confirm, the reconciler queues items in progress). Every run must end where an uninterrupted
// run ends, with the same decision and event rows, one delivery, and one handover transaction id.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESUME_STAGE, type ItemState } from '../../core/lifecycle.js';
import type { HandoverRequest } from '../../core/ports.js';
import { openDatabase, type Database } from '../../db/connect.js';
import { createFileBlobStore } from '../../worker/adapters/blob-store.js';
import { CONTRACT_TENANT, FakeClock } from '../support/item-fixtures.js';
import { crashScenario, type CrashPlan, type Outcome } from '../support/crash-scenario.js';
import { FAULT_TABLES, installWriteFaults, resetWriteFaults } from '../support/write-faults.js';

let database: Database;
let blobRoot: string;

beforeAll(async () => {
  database = await openDatabase({ dataDir: 'memory://' });
  blobRoot = await mkdtemp(join(tmpdir(), 'fordeler-stage-crash-'));
  await installWriteFaults(database.db);
}, 120_000);

afterAll(async () => {
  await database?.close();
  if (blobRoot) await rm(blobRoot, { recursive: true, force: true });
});

const silent = pino({ level: 'silent' });

async function run(plan: CrashPlan): Promise<Outcome> {
  await resetWriteFaults(database.db, plan.kind === 'write' ? plan.n : undefined);
  return crashScenario({ db: database.db, blobs: createFileBlobStore(blobRoot), clock: new FakeClock(), tenantId: CONTRACT_TENANT, logger: silent, plan });
}

/**
 * Rows as an uninterrupted run leaves them, without what legitimately differs between runs: attempt
 * counters, and the (random) transaction id, which must merely be the same everywhere within a run.
 */
function comparable(outcome: Outcome) {
  const transactionId = outcome.deliveries[0]?.transactionId ?? 'none';
  const rows = {
    state: outcome.state,
    round: outcome.round,
    events: outcome.events.map(({ data, ...event }) => ({ ...event, data: withoutAttempt(data) })),
    decisions: outcome.decisions,
    attachments: outcome.attachments,
    deliveries: outcome.deliveries.map(({ attempts: _attempts, ...delivery }) => delivery),
  };
  return JSON.parse(JSON.stringify(rows).replaceAll(transactionId, '<transaction>')) as unknown;
}

function withoutAttempt(data: Record<string, unknown> | undefined) {
  if (!data) return data;
  const { attempt: _attempt, ...rest } = data;
  return rest;
}

function expectOneHandover(outcome: Outcome): void {
  const [delivery] = outcome.deliveries;
  expect(outcome.deliveries).toHaveLength(1);
  expect(delivery).toMatchObject({ status: 'sent', round: 1 });
  // Every call the receiver saw carried the one transaction id of the round: it takes the item once.
  expect(outcome.handoverCalls.length).toBeGreaterThanOrEqual(1);
  expect(new Set(outcome.handoverCalls.map((c: HandoverRequest) => c.transactionId))).toEqual(new Set([delivery!.transactionId]));
  expect(outcome.accepted).toEqual([delivery!.transactionId]);
}

describe('a crash at every write point of every stage', () => {
  let baseline: Outcome;

  it('runs uninterrupted through ingest, extract, ocr, classify, route and deliver', async () => {
    baseline = await run({ kind: 'none' });
    expect(baseline.crashed).toBeUndefined();
    expect(baseline.state).toBe<ItemState>('delivered');
    expect(RESUME_STAGE.delivered).toBe('deliver');
    expect(baseline.events.map((e) => `${e.stage}/${e.type}`)).toEqual([
      'ingest/received',
      'extract/ocr_queued',
      'extract/extracted',
      'classify/classified',
      'route/routed',
      'deliver/delivered',
    ]);
    expect(baseline.decisions.map((d) => `${d.stage}#${d.round}`)).toEqual(['extract#1', 'classify#1', 'route#1', 'deliver#1']);
    expect(baseline.handoverCalls).toHaveLength(1);
    expectOneHandover(baseline);
    // Enough write points to be worth the name: rows of every table of every stage.
    expect(baseline.writes).toBeGreaterThanOrEqual(15);
    expect(baseline.boundaries.length).toBeGreaterThanOrEqual(8);
  }, 60_000);

  it('resumes to the same rows after a crash at each row write inside a stage transaction', async () => {
    const seen = new Set<string>();
    for (let n = 1; n <= baseline.writes; n++) {
      const outcome = await run({ kind: 'write', n });
      expect(outcome.crashed, `write ${n}`).toMatch(/injected crash at write/);
      seen.add(outcome.crashed!.replace(/^.*\(/, '').replace(/\).*$/, ''));
      expect(comparable(outcome), `crash at write ${n}: ${outcome.crashed}`).toEqual(comparable(baseline));
      expectOneHandover(outcome);
    }
    // Inserts and the compare-and-set updates of every kind of row were hit.
    for (const table of FAULT_TABLES) expect([...seen].some((s) => s.endsWith(`on ${table}`)), table).toBe(true);
    expect(seen).toContain('UPDATE on items');
  }, 300_000);

  it('resumes to the same rows after a crash between writes: after each call to the store, the ledger or the receiver', async () => {
    for (const boundary of baseline.boundaries) {
      const outcome = await run({ kind: 'boundary', at: boundary });
      expect(outcome.crashed, boundary).toBe(`injected crash after ${boundary}`);
      expect(comparable(outcome), `crash after ${boundary}`).toEqual(comparable(baseline));
      expectOneHandover(outcome);
    }
    // The two hand-over windows the brief names: between begin and the handover, and after it before the commit.
    expect(baseline.boundaries).toEqual(expect.arrayContaining(['deliveries.begin#1', 'handover.deliver#1', 'items.commit#4']));
  }, 300_000);
});
