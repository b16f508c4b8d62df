// Tenant isolation as a user meets it: items of tenants `default` and `kommune-b` in one embedded
// database, and the real `fordeler` CLI (a child process with FORDELER_TENANT) pointed at the other
// tenant's item ids. Every command that takes an item id must say "not found", exit non-zero and leave
// every row of every table as it was; the same commands on the tenant's own items work (so a refusal is
// the tenant check, not a broken command).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ItemStore } from '../../core/ports.js';
import { openDatabase, type Database, type Db } from '../../db/connect.js';
import { createItemStore } from '../../db/item-store.js';
import { dumpAllTables, dumpedRows } from '../../db/table-dump.js';
import { extractedEmail, newEmail, SHA_A, SHA_B, SHA_PDF } from '../support/item-fixtures.js';

const root = resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(join(tmpdir(), 'fordeler-tenants-'));
const at = new Date('2026-03-02T08:00:00Z');
/** A current KLE emne (Boligstøtte), so `confirm` gets past its own checks to the tenant check. */
const KLE = '32.30.04';

function fordeler(tenant: string, ...args: string[]) {
  const run = spawnSync(process.execPath, [join(root, 'bin/fordeler.js'), ...args], {
    cwd: root,
    env: { ...process.env, FORDELER_DATA_DIR: dataDir, FORDELER_TENANT: tenant, DATABASE_URL: '', REDIS_URL: '', LOG_LEVEL: 'warn' },
    encoding: 'utf8',
    timeout: 3 * 60 * 1000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

async function withDb<T>(work: (db: Db) => Promise<T>): Promise<T> {
  const database: Database = await openDatabase({ dataDir: join(dataDir, 'pglite') });
  try {
    return await work(database.db);
  } finally {
    await database.close();
  }
}

interface TenantItems {
  routed: string;
  failed: string;
  parked: string;
}

/** A routed, a failed and a parked item for one tenant, written through the tenant-bound ItemStore. */
async function seed(store: ItemStore): Promise<TenantItems> {
  const tag = store.tenantId;
  const create = async (sha: string) => (await store.createItem(newEmail({ source: `imap://post@${tag}.dk/INBOX`, contentSha256: sha }))).item.id;
  const step = async (itemId: string, commit: Omit<Parameters<ItemStore['commit']>[0], 'itemId'>) => {
    const result = await store.commit({ itemId, ...commit });
    if (!result.committed) throw new Error(`seed: ${commit.from} → ${commit.to} refused`);
  };
  const toClassified = async (itemId: string) => {
    await step(itemId, { from: 'received', to: 'extracted', content: extractedEmail(), event: { stage: 'extract', type: 'extracted', at }, decision: { stage: 'extract', outcome: { status: 'extracted' }, reasons: [] } });
    await step(itemId, {
      from: 'extracted',
      to: 'classified',
      event: { stage: 'classify', type: 'classified', at },
      decision: { stage: 'classify', outcome: { nr: KLE, confidence: 0.55, source: 'classifier', candidates: [{ nr: KLE, score: 0.55 }] }, reasons: [] },
      patch: { kleNr: KLE, kleConfidence: 0.55 },
    });
  };
  const routed = await create(SHA_A);
  await toClassified(routed);
  await step(routed, {
    from: 'classified',
    to: 'routed',
    event: { stage: 'route', type: 'routed', at, data: { destination: 'KY', ruleId: `R-${tag}` } },
    decision: { stage: 'route', outcome: { status: 'routed', destination: 'KY', ruleId: `R-${tag}` }, reasons: [{ code: 'route.rule_matched', message: `rule R-${tag}` }], ruleSetVersion: 'v1', ruleId: `R-${tag}` },
    patch: { destination: 'KY' },
  });
  const failed = await create(SHA_B);
  await step(failed, { from: 'received', to: 'failed', event: { stage: 'extract', type: 'failed', at }, patch: { error: { code: 'extract.unexpected', message: 'test failure' } } });
  const parked = await create(SHA_PDF);
  await toClassified(parked);
  await step(parked, { from: 'classified', to: 'parked', event: { stage: 'route', type: 'parked', at }, decision: { stage: 'route', outcome: { status: 'parked' }, reasons: [] } });
  return { routed, failed, parked };
}

describe('fordeler commands refuse an item of another tenant', () => {
  let own: TenantItems;
  let other: TenantItems;

  beforeAll(async () => {
    await withDb(async (db) => {
      other = await seed(createItemStore(db, { tenantId: 'default' }));
      own = await seed(createItemStore(db, { tenantId: 'kommune-b' }));
    });
  }, 120_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('trace, explain, confirm, failed --retry and redistribute say "not found" and change no row', async () => {
    const before = await withDb(dumpAllTables);
    expect(Object.keys(before).length).toBeGreaterThan(10);
    expect(before.items).toHaveLength(6);
    expect(before.item_events?.length).toBeGreaterThan(6);

    const refusals = {
      trace: fordeler('kommune-b', 'trace', other.routed),
      explain: fordeler('kommune-b', 'explain', other.routed),
      confirm: fordeler('kommune-b', 'confirm', other.routed, KLE, '--by', 'mette'),
      'failed --retry': fordeler('kommune-b', 'failed', '--retry', other.failed, '--by', 'mette'),
      redistribute: fordeler('kommune-b', 'redistribute', other.parked, 'KY', '--config', join(root, 'samples/work.json'), '--by', 'mette'),
      'trace (the other way)': fordeler('default', 'trace', own.routed),
      'confirm (the other way)': fordeler('default', 'confirm', own.routed, KLE),
    };
    for (const [command, run] of Object.entries(refusals)) {
      expect(run.status, `${command}: ${run.stderr}`).not.toBe(0);
      expect(run.stderr, command).toMatch(/item [0-9a-f-]{36} not found \(FORDELER_TENANT=(kommune-b|default)\)/);
      expect(run.stdout, command).toBe('');
    }

    expect(await withDb(dumpAllTables)).toEqual(before);
  }, 15 * 60 * 1000);

  it('lists only its own failed items', async () => {
    const run = fordeler('kommune-b', 'failed', '--json');
    expect(run.status, run.stderr).toBe(0);
    const ids = z.array(z.object({ item: z.object({ id: z.string() }) })).parse(JSON.parse(run.stdout)).map((f) => f.item.id);
    expect(ids).toEqual([own.failed]);
  }, 5 * 60 * 1000);

  it('trace and explain show the tenant its own item', async () => {
    const trace = fordeler('kommune-b', 'trace', own.routed);
    expect(trace.status, trace.stderr).toBe(0);
    expect(trace.stdout).toMatch(/extracted[\s\S]*classified[\s\S]*routed +destination=KY ruleId=R-kommune-b/);
    const explain = fordeler('kommune-b', 'explain', own.routed, '--json');
    expect(explain.status, explain.stderr).toBe(0);
    expect(JSON.parse(explain.stdout)).toMatchObject({ status: 'routed', destination: 'KY', ruleId: 'R-kommune-b', ruleSetVersion: 'v1' });
  }, 5 * 60 * 1000);

  it('confirm writes the confirmation and the model version into its own tenant only', async () => {
    const run = fordeler('kommune-b', 'confirm', own.routed, KLE, '--by', 'mette');
    expect(run.status, run.stderr).toBe(0);
    const dump = await withDb(dumpAllTables);
    expect(dumpedRows(dump, 'confirmations')).toEqual([expect.objectContaining({ item_id: own.routed, tenant_id: 'kommune-b', kle_nr: KLE })]);
    expect(dumpedRows(dump, 'classifier_models').map((m) => m.tenant_id)).toEqual(['kommune-b']);
  }, 5 * 60 * 1000);
});
