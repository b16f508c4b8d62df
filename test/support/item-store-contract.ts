// One behaviour for every ItemStore: run against the in-memory fake, PGlite and PostgreSQL so the fast
// pipeline tests and production agree. Items, events and content here; the stage commit (compare-and-set,
// decisions per round, keyed events, tenant scoping) in item-store-contract-commits.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtractedContent } from '../../core/model.js';
import type { Clock, ItemStore } from '../../core/ports.js';
import type { ItemQueries } from '../../db/item-queries.js';
import { ItemNotFoundError } from '../../db/item-store.js';
import { CONTRACT_TENANT, extractedEmail, FakeClock, newEmail, SHA_B, SHA_PDF, walk } from './item-fixtures.js';
import { commitContract } from './item-store-contract-commits.js';

export interface ContractSubject {
  /** Bound to tenant `norrea`. */
  store: ItemStore;
  queries: ItemQueries;
  /** The store and queries of another tenant on the same database. */
  forTenant(tenantId: string): { store: ItemStore; queries: ItemQueries };
}

export interface ContractTarget {
  setup?(): Promise<void>;
  teardown?(): Promise<void>;
  /** An empty database for one test, reading time from `clock`. */
  fresh(clock: Clock): Promise<ContractSubject>;
}

export { CONTRACT_TENANT, extractedEmail, FakeClock, newEmail, SHA_PDF, walk } from './item-fixtures.js';

export function itemStoreContract(label: string, target: ContractTarget): void {
  describe(`ItemStore contract: ${label}`, () => {
    if (target.setup) beforeAll(() => target.setup?.());
    if (target.teardown) afterAll(() => target.teardown?.());

    async function fresh() {
      const clock = new FakeClock();
      return { clock, ...(await target.fresh(clock)) };
    }

    it('creates an item of its tenant in state received, round 1, and reads it back', async () => {
      const { store } = await fresh();
      expect(store.tenantId).toBe(CONTRACT_TENANT);
      const { item, created } = await store.createItem(newEmail({ sidecarSha256: SHA_B }));
      expect(created).toBe(true);
      expect(item.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(item).toEqual({ id: item.id, tenantId: CONTRACT_TENANT, state: 'received', round: 1, ...newEmail({ sidecarSha256: SHA_B }) });
      expect(await store.getItem(item.id)).toEqual(item);
      expect(await store.getItem(item.id.toUpperCase())).toEqual(item);
      const { item: plain } = await store.createItem(newEmail({ source: 'scan/2026-03-02/brev-001.pdf' }));
      expect(plain).not.toHaveProperty('sidecarSha256');
    });

    it('is idempotent per tenant + content hash + source', async () => {
      const { store, queries, forTenant } = await fresh();
      const first = await store.createItem(newEmail());
      await walk(store, first.item.id, ['extracted']);
      const again = await store.createItem(newEmail({ fileName: 'andet-navn.eml', receivedAt: new Date() }));
      expect(again.created).toBe(false);
      expect(again.item).toEqual({ ...first.item, state: 'extracted' });
      const otherSource = await store.createItem(newEmail({ source: 'imap://post@norrea.dk/INBOX;UIDVALIDITY=7;UID=4712' }));
      const otherTenant = await forTenant('sydby').store.createItem(newEmail());
      expect(otherSource.created && otherTenant.created).toBe(true);
      expect(otherTenant.item.tenantId).toBe('sydby');
      expect(new Set([first.item.id, otherSource.item.id, otherTenant.item.id]).size).toBe(3);
      expect((await queries.countByState()).received).toBe(1);
    });

    it('treats a second message with the same Message-ID from the same source as a duplicate', async () => {
      const { store, queries } = await fresh();
      const messageId = '<CAF=x7q9Lr2@mail.gmail.com>';
      const first = await store.createItem(newEmail({ messageId }));
      expect(first.item.messageId).toBe(messageId);
      // Re-sent by the citizen's mail client: new Received headers, so other bytes, same Message-ID.
      const resent = await store.createItem(newEmail({ messageId, contentSha256: SHA_B }));
      expect(resent).toEqual({ item: first.item, created: false, duplicate: true });
      const sameBytes = await store.createItem(newEmail({ messageId }));
      expect(sameBytes.created).toBe(false);
      expect(sameBytes.duplicate).toBeFalsy();
      const elsewhere = await store.createItem(newEmail({ messageId, contentSha256: SHA_B, source: 'imap:post/Sikker post' }));
      expect(elsewhere.created).toBe(true);
      const noId = await store.createItem(newEmail({ contentSha256: SHA_PDF }));
      expect(noId.created).toBe(true);
      expect((await queries.countByState()).received).toBe(3);
    });

    it('creates exactly one item when the same input arrives concurrently', async () => {
      const { store, queries } = await fresh();
      const results = await Promise.all(Array.from({ length: 6 }, () => store.createItem(newEmail())));
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(new Set(results.map((r) => r.item.id)).size).toBe(1);
      expect((await queries.countByState()).received).toBe(1);
    });

    it('reports unknown items as absent on reads, refused on commit and ItemNotFoundError on events', async () => {
      const { store } = await fresh();
      const missing = '3f2b8c1e-0a4d-4c5e-9f00-1234567890ab';
      for (const id of [missing, 'ikke-et-id', "x'; drop table items; --"]) {
        expect(await store.getItem(id)).toBeUndefined();
        expect(await store.getExtracted(id)).toBeUndefined();
        expect(await store.latestDecision(id, 'route')).toBeUndefined();
        expect(await store.latestClassification(id)).toBeUndefined();
        expect(await store.commit({ itemId: id, from: 'received', to: 'extracted', event: { stage: 'extract', type: 'extracted', at: new Date() } })).toEqual({
          committed: false,
          state: undefined,
        });
        await expect(store.appendEvent(id, { stage: 'ingest', type: 'received', at: new Date() })).rejects.toBeInstanceOf(ItemNotFoundError);
      }
    });

    it('appends events in order; Dates inside data come back as strings', async () => {
      const { store, queries } = await fresh();
      const { item } = await store.createItem(newEmail());
      const at = new Date('2026-03-02T08:00:00.000Z');
      await store.appendEvent(item.id, { stage: 'ingest', type: 'received', at, data: { source: 'INBOX', seenAt: at } });
      await store.appendEvent(item.id, { stage: 'extract', type: 'extracted', at: new Date(at.getTime() + 1500) });
      await store.appendEvent(item.id, { stage: 'ingest', type: 'duplicate', at: new Date(at.getTime() + 900) });
      expect(await queries.listEvents(item.id)).toEqual([
        { stage: 'ingest', type: 'received', at, data: { source: 'INBOX', seenAt: '2026-03-02T08:00:00.000Z' } },
        { stage: 'extract', type: 'extracted', at: new Date(at.getTime() + 1500) },
        { stage: 'ingest', type: 'duplicate', at: new Date(at.getTime() + 900) },
      ]);
    });

    it('records thousands of attachments (more rows than one SQL statement can bind)', async () => {
      const { store, queries } = await fresh();
      const { item } = await store.createItem(newEmail());
      const attachment = extractedEmail().attachments[0]!;
      const many = Array.from({ length: 9_000 }, (_, i) => ({ ...attachment, name: `side-${i}.pdf` }));
      const content = { ...extractedEmail(), attachments: many };
      await store.commit({ itemId: item.id, from: 'received', to: 'extracted', content, event: { stage: 'extract', type: 'extracted', at: new Date() } });
      const listed = await queries.listAttachments(item.id);
      expect(listed).toHaveLength(9_001);
      expect(listed.at(-1)).toMatchObject({ name: 'side-8999.pdf', blobSha256: SHA_PDF });
    });

    it('stores text PostgreSQL would reject (NUL, lone surrogates) with U+FFFD instead of failing', async () => {
      const { store, queries } = await fresh();
      const { item } = await store.createItem(newEmail({ fileName: 'brev\u0000.eml' }));
      expect(item.fileName).toBe('brev\uFFFD.eml');
      const hostile = { ...extractedEmail(), body: 'Tekst\u0000med nul og \uDE00 halv emoji 😀', metadata: { 'nøgle\u0000': 'værdi' } };
      await store.commit({
        itemId: item.id,
        from: 'received',
        to: 'extracted',
        content: hostile as ExtractedContent,
        patch: { subject: 'Klage\u0000 over \uD83D afgørelse' },
        event: { stage: 'extract', type: 'extracted', at: new Date(), data: { note: '\u0000' } },
      });
      expect((await queries.listItems())[0]?.subject).toBe('Klage\uFFFD over \uFFFD afgørelse');
      const back = await store.getExtracted(item.id);
      expect(back?.body).toBe('Tekst\uFFFDmed nul og \uFFFD halv emoji 😀');
      expect(back?.metadata).toEqual({ 'nøgle\uFFFD': 'værdi' });
      expect((await queries.listEvents(item.id))[0]?.data).toEqual({ note: '\uFFFD' });
    });

    it('counts and lists items of its tenant by state, oldest state change first', async () => {
      const { store, queries, clock, forTenant } = await fresh();
      const ids: string[] = [];
      for (let i = 0; i < 4; i++) {
        const { item } = await store.createItem(newEmail({ source: `scan/batch-17/brev-${i}.pdf`, channel: 'scan' }));
        ids.push(item.id);
        clock.advance(1_000);
      }
      await forTenant('sydby').store.createItem(newEmail());
      const cutoff = clock.now();
      clock.advance(1_000);
      await walk(store, ids[0]!, ['parked']);
      clock.advance(1_000);
      await walk(store, ids[2]!, ['extracted', 'classified', 'routed']);
      expect(await queries.countByState()).toEqual({ received: 2, extracted: 0, classified: 0, routed: 1, delivered: 0, accepted: 0, rejected: 0, parked: 1, failed: 0 });
      expect((await forTenant('ukendt').queries.countByState()).received).toBe(0);
      expect((await queries.listItems()).map((i) => i.id)).toEqual([ids[1], ids[3], ids[0], ids[2]]);
      expect((await queries.listItems({ state: 'received', changedBefore: cutoff })).map((i) => i.id)).toEqual([ids[1], ids[3]]);
      expect((await queries.listItems({ limit: 1 })).map((i) => i.id)).toEqual([ids[1]]);
      expect(await queries.listItems({ state: 'failed' })).toEqual([]);
    });

    it('returns snapshots: changing a returned value does not change the store', async () => {
      const { store } = await fresh();
      const { item } = await store.createItem(newEmail());
      await store.commit({ itemId: item.id, from: 'received', to: 'extracted', content: extractedEmail(), event: { stage: 'extract', type: 'extracted', at: new Date() } });
      item.receivedAt.setFullYear(1999);
      (await store.getExtracted(item.id))!.attachments.length = 0;
      expect((await store.getItem(item.id))?.receivedAt).toEqual(newEmail().receivedAt);
      expect((await store.getExtracted(item.id))?.attachments).toHaveLength(2);
    });

    commitContract(fresh);
  });
}
