// Every store bound to one tenant, on one embedded database holding items of two: what tenant `default`
// sees of its own item, tenant `kommune-b` does not see at all, and the writes that name another tenant's
// item are refused (or, for alerts, keep no link to it) without changing any row.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemStore, StageCommit } from '../../core/ports.js';
import { createAlertStore } from '../../db/alert-store.js';
import { createCheckpointStore } from '../../db/checkpoint-store.js';
import { openDatabase, type Database } from '../../db/connect.js';
import { createItemQueries } from '../../db/item-queries.js';
import { createItemStore, ItemNotFoundError } from '../../db/item-store.js';
import { createLearningStore } from '../../db/learning-store.js';
import { createRestPostingStore } from '../../db/rest-posting-store.js';
import { ruleUsage } from '../../db/rule-stats.js';
import { simulationItems } from '../../db/simulation-queries.js';
import { suggestionHistory } from '../../db/suggestion-history.js';
import { dumpAllTables } from '../../db/table-dump.js';
import { TenantError } from '../../db/tenant-scope.js';
import { confirmKle } from '../../worker/actions/learning.js';
import { extractedEmail, newEmail } from '../support/item-fixtures.js';

const OWNER = { tenantId: 'default' };
const OTHER = { tenantId: 'kommune-b' };
const at = new Date('2026-03-02T08:00:00Z');
const since = new Date('2026-01-01T00:00:00Z');
const router = { destinationForKle: () => ({ destination: 'KY', ruleId: 'R1' }) };

let database: Database;
let itemId: string;

/** A routed item with content, decisions and a confirmation: something of every kind to leak. */
async function seed(items: ItemStore): Promise<string> {
  const { item } = await items.createItem(newEmail());
  const steps: Omit<StageCommit, 'itemId'>[] = [
    { from: 'received', to: 'extracted', content: extractedEmail(), event: { stage: 'extract', type: 'extracted', at } },
    { from: 'extracted', to: 'classified', event: { stage: 'classify', type: 'classified', at }, decision: { stage: 'classify', outcome: { nr: '32.30.04', confidence: 0.9, source: 'classifier' }, reasons: [] } },
    { from: 'classified', to: 'routed', event: { stage: 'route', type: 'routed', at }, decision: { stage: 'route', outcome: { status: 'routed', destination: 'KY', ruleId: 'R1' }, reasons: [], ruleId: 'R1' } },
  ];
  for (const step of steps) expect((await items.commit({ itemId: item.id, ...step })).committed).toBe(true);
  return item.id;
}

beforeAll(async () => {
  database = await openDatabase({ dataDir: 'memory://' });
  itemId = await seed(createItemStore(database.db, OWNER));
  await createLearningStore(database.db, OWNER).confirm({ itemId, kleNr: '32.30.04', source: 'manual', senderKeys: ['domain:example.dk'], caseNumbers: [] });
  await createRestPostingStore(database.db, OWNER).record({ itemId, round: 1, mailbox: 'Restpost', messageId: '<r1@fordeler.invalid>' });
}, 60_000);
afterAll(async () => database?.close());

describe('tenant-bound stores', () => {
  it('show the owner its item and another tenant nothing', async () => {
    const mine = createItemQueries(database.db, OWNER);
    const theirs = createItemQueries(database.db, OTHER);
    expect((await mine.findItem(itemId))?.state).toBe('routed');
    expect((await mine.listEvents(itemId)).map((e) => e.type)).toEqual(['extracted', 'classified', 'routed']);
    const route = (await mine.listDecisions(itemId)).find((d) => d.stage === 'route');
    expect(route?.stage === 'route' && route.outcome.destination).toBe('KY');
    expect((await mine.listAttachments(itemId)).length).toBeGreaterThan(0);

    expect(await theirs.findItem(itemId)).toBeUndefined();
    expect(await theirs.listEvents(itemId)).toEqual([]);
    expect(await theirs.listDecisions(itemId)).toEqual([]);
    expect(await theirs.listAttachments(itemId)).toEqual([]);
    expect(await theirs.listItems()).toEqual([]);
    expect(Object.values(await theirs.countByState()).every((n) => n === 0)).toBe(true);
  });

  it('keep rule analytics and learning apart', async () => {
    expect(await simulationItems(database.db, OWNER, since)).toHaveLength(1);
    expect(await simulationItems(database.db, OTHER, since)).toEqual([]);
    expect(await suggestionHistory(database.db, OWNER, router)).toHaveLength(1);
    expect(await suggestionHistory(database.db, OTHER, router)).toEqual([]);
    expect(await ruleUsage(database.db, OWNER, since)).toHaveLength(1);
    expect(await ruleUsage(database.db, OTHER, since)).toEqual([]);
    expect((await createLearningStore(database.db, OWNER).senderHistory()).size).toBe(1);
    expect((await createLearningStore(database.db, OTHER).senderHistory()).size).toBe(0);
    expect(await createLearningStore(database.db, OTHER).trainingExamples()).toEqual([]);
    expect(await createRestPostingStore(database.db, OTHER).forItem(itemId)).toEqual([]);
    expect(await createRestPostingStore(database.db, OWNER).forItem(itemId)).toHaveLength(1);
  });

  it('refuse writes for another tenant’s item and change no row', async () => {
    const before = await dumpAllTables(database.db);
    const items = createItemStore(database.db, OTHER);
    const learning = createLearningStore(database.db, OTHER);
    await expect(learning.confirm({ itemId, kleNr: '02.00.00', source: 'manual', senderKeys: [], caseNumbers: [] })).rejects.toThrow(ItemNotFoundError);
    await expect(confirmKle({ items, store: learning }, { itemId, kleNr: '02.00.00', source: 'manual' })).rejects.toThrow(ItemNotFoundError);
    const postings = createRestPostingStore(database.db, OTHER);
    await expect(postings.record({ itemId, round: 2, mailbox: 'Restpost', messageId: '<r2@fordeler.invalid>' })).rejects.toThrow(ItemNotFoundError);
    await postings.remove(itemId, 1);
    const checkpoints = createCheckpointStore(database.db, OTHER);
    await expect(checkpoints.set('default', 'imap:post/INBOX', { uidValidity: '7', lastUid: 9 })).rejects.toThrow(TenantError);
    await expect(checkpoints.get('default', 'imap:post/INBOX')).rejects.toThrow(TenantError);
    expect(await dumpAllTables(database.db)).toEqual(before);
  });

  it('raise an alert naming another tenant’s item without linking it, and never mark another tenant’s alerts', async () => {
    const mine = createAlertStore(database.db, OWNER);
    const theirs = createAlertStore(database.db, OTHER);
    expect(await mine.raise({ kind: 'failed', key: 'failed:mine', itemId, message: 'Forsendelse fejlet' })).toBe(true);
    expect(await theirs.raise({ kind: 'failed', key: 'failed:theirs', itemId, message: 'Forsendelse fejlet' })).toBe(true);
    const [own] = await mine.recent(10);
    const [foreign] = await theirs.recent(10);
    expect(own).toMatchObject({ key: 'failed:mine', itemId, tenantId: 'default' });
    expect(foreign).toMatchObject({ key: 'failed:theirs', itemId: null, tenantId: 'kommune-b' });
    expect(await theirs.markMailed([own!.id], at)).toBe(0);
    expect((await mine.pending(10)).map((a) => a.key)).toEqual(['failed:mine']);
  });

  it('cannot be made without a tenant', () => {
    for (const tenantId of ['', ' default', 'a b', undefined]) {
      expect(() => createItemQueries(database.db, { tenantId: tenantId as unknown as string })).toThrow(TenantError);
      expect(() => createLearningStore(database.db, { tenantId: tenantId as unknown as string })).toThrow(TenantError);
    }
  });
});
