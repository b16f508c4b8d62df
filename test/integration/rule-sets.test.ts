// Rule sets per municipality on PGlite and PostgreSQL: draft → publish, published versions immutable,
// rollback, the append-only configuration audit, and tenant isolation (one municipality never sees
// another's rules or items).
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/connect.js';
import { createItemQueries } from '../../db/item-queries.js';
import { createItemStore } from '../../db/item-store.js';
import { ruleUsage } from '../../db/rule-stats.js';
import { createRuleSetStore, RuleSetError } from '../../db/rule-set-store.js';
import { RuleFileError } from '../../rules/schema.js';
import { newEmail, walk } from '../support/item-store-contract.js';
import { createThrowawayDatabase, type ThrowawayDatabase } from '../support/test-databases.js';

const sample = JSON.parse(readFileSync(join(import.meta.dirname, '../../samples/rules.json'), 'utf8')) as Record<string, unknown> & { contentRoutes: { subjectContains: string }[] };
const edited = () => {
  const copy = structuredClone(sample);
  copy.contentRoutes = copy.contentRoutes.slice(1);
  return copy;
};

const backends: [string, () => Promise<{ database: Database; close(): Promise<void> }>][] = [
  [
    'PGlite',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'fordeler-rulesets-'));
      const database = await openDatabase({ dataDir: join(dir, 'pglite') });
      return { database, close: async () => (await database.close(), await rm(dir, { recursive: true, force: true })) };
    },
  ],
  [
    'PostgreSQL',
    async () => {
      const throwaway: ThrowawayDatabase = await createThrowawayDatabase('rulesets');
      const database = await openDatabase({ databaseUrl: throwaway.url });
      return { database, close: async () => (await database.close(), await throwaway.drop()) };
    },
  ],
];

describe.each(backends)('rule sets on %s', (_name, open) => {
  let opened: Awaited<ReturnType<typeof open>>;
  beforeAll(async () => void (opened = await open()), 60_000);
  afterAll(async () => opened?.close());
  const store = (tenantId = 'norrea') => createRuleSetStore(opened.database.db, { tenantId });

  it('publishes a draft, keeps published versions immutable and rolls back', async () => {
    const rules = store();
    const v1 = await rules.createDraft({ name: 'Fordelingsregler 2026', body: sample, actor: 'journal:mette' });
    expect(v1).toMatchObject({ version: 'v1', status: 'draft', createdBy: 'journal:mette' });
    await rules.publish('v1', 'journal:mette');
    await expect(rules.updateDraft('v1', { body: edited(), actor: 'journal:mette' })).rejects.toThrow(RuleSetError);

    const v2 = await rules.createDraft({ name: 'Uden fakturaregel', body: edited(), actor: 'journal:ole' });
    await rules.publish(v2.version, 'journal:ole');
    expect((await rules.published())?.version).toBe('v2');
    expect((await rules.find('v1'))?.status).toBe('retired');

    await rules.publish('v1', 'journal:mette'); // rollback
    expect((await rules.published())?.version).toBe('v1');
    expect((await rules.list()).map((r) => [r.version, r.status])).toEqual([['v1', 'published'], ['v2', 'retired']]);
  });

  it('refuses a broken rule file with the rule and field named, and stores nothing', async () => {
    const rules = store();
    const broken = { ...structuredClone(sample), kleRoutes: [{ pattern: '32.30.*', destination: 'UKENDT' }] };
    await expect(rules.createDraft({ name: 'fejl', body: broken, actor: 'journal:ole' })).rejects.toThrow(RuleFileError);
    await expect(rules.createDraft({ name: 'fejl', body: broken, actor: 'journal:ole' })).rejects.toThrow(/kleRoutes\[0\]/);
    expect((await rules.list()).length).toBe(2);
  });

  it('writes who changed what and when to the audit, with a rule-by-rule diff', async () => {
    const entries = await store().audit();
    expect(entries.map((e) => [e.action, e.subject, e.actor])).toEqual([
      ['rule_set.rolled_back', 'v1', 'journal:mette'],
      ['rule_set.published', 'v2', 'journal:ole'],
      ['rule_set.draft_created', 'v2', 'journal:ole'],
      ['rule_set.published', 'v1', 'journal:mette'],
      ['rule_set.draft_created', 'v1', 'journal:mette'],
    ]);
    const v2Draft = entries.find((e) => e.action === 'rule_set.draft_created' && e.subject === 'v2');
    expect(v2Draft?.diff).toMatchObject({ removed: [expect.any(String)], added: [], comparedWith: 'v1' });
    expect(entries.every((e) => e.at instanceof Date)).toBe(true);
  });

  it('never shows one municipality another one’s rules, audit or items', async () => {
    const rules = store();
    const sydby = store('sydby');
    await sydby.createDraft({ name: 'Sydby', body: sample, actor: 'journal:sydby' });
    expect((await sydby.list()).map((r) => r.version)).toEqual(['v1']);
    expect(await sydby.published()).toBeUndefined();
    expect((await rules.list()).every((r) => r.name !== 'Sydby')).toBe(true);
    expect((await sydby.audit()).map((e) => e.actor)).toEqual(['journal:sydby']);
    // Norrea's versions do not exist for Sydby: not readable, not publishable.
    expect(await sydby.find('v2')).toBeUndefined();
    await expect(sydby.publish('v2', 'journal:sydby')).rejects.toThrow(RuleSetError);
    expect((await rules.published())?.version).toBe('v1');

    const scope = (tenantId: string) => ({ items: createItemStore(opened.database.db, { tenantId }), queries: createItemQueries(opened.database.db, { tenantId }) });
    const norrea = await scope('norrea').items.createItem(newEmail({ contentSha256: '1'.repeat(64) }));
    await scope('sydby').items.createItem(newEmail({ contentSha256: '2'.repeat(64) }));
    expect((await scope('sydby').queries.listItems()).map((i) => i.tenantId)).toEqual(['sydby']);
    expect((await scope('norrea').queries.listItems()).map((i) => i.tenantId)).toEqual(['norrea']);
    expect((await scope('sydby').queries.countByState()).received).toBe(1);
    expect(await scope('sydby').queries.findItem(norrea.item.id)).toBeUndefined();
  });
});

describe('per-rule usage statistics', () => {
  it('counts matches per rule and day, with the last match, from the route decisions', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fordeler-rulestats-'));
    const database = await openDatabase({ dataDir: join(dir, 'pglite') });
    try {
      const days = [new Date('2026-11-29T10:00:00Z'), new Date('2026-11-30T09:00:00Z'), new Date('2026-11-30T15:00:00Z')];
      for (const [i, at] of days.entries()) {
        const items = createItemStore(database.db, { tenantId: 'norrea', clock: { now: () => at } });
        const { item } = await items.createItem(newEmail({ contentSha256: String(i + 1).repeat(64) }));
        await walk(items, item.id, ['extracted', 'classified']);
        const routed = await items.commit({
          itemId: item.id,
          from: 'classified',
          to: 'routed',
          event: { stage: 'route', type: 'routed', at },
          decision: { stage: 'route', outcome: { status: 'routed', destination: 'KY', ruleId: 'CR01-kontanthjaelp' }, reasons: [], ruleSetVersion: 'v2', ruleId: 'CR01-kontanthjaelp' },
        });
        expect(routed.committed).toBe(true);
      }
      const usage = await ruleUsage(database.db, { tenantId: 'norrea' }, new Date('2026-11-01T00:00:00Z'));
      expect(usage).toEqual([{ ruleId: 'CR01-kontanthjaelp', ruleSetVersion: 'v2', total: 3, lastMatch: days[2], perDay: { '2026-11-29': 1, '2026-11-30': 2 } }]);
      expect(await ruleUsage(database.db, { tenantId: 'sydby' }, new Date('2026-11-01T00:00:00Z'))).toEqual([]);
    } finally {
      await database.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
