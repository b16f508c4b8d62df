// One behaviour for every ItemStore: run against the in-memory fake, PGlite and PostgreSQL so the fast
// pipeline tests and production agree.
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import type { ExtractedContent } from '../../core/model.js';
import type { Clock, ItemStore, NewItem } from '../../core/ports.js';
import type { ItemQueries } from '../../db/item-queries.js';
import { ItemNotFoundError } from '../../db/item-store.js';

export interface ContractSubject {
  store: ItemStore;
  queries: ItemQueries;
}

export interface ContractTarget {
  setup?(): Promise<void>;
  teardown?(): Promise<void>;
  /** An empty store for one test, reading time from `clock`. */
  fresh(clock: Clock): Promise<ContractSubject>;
}

export class FakeClock implements Clock {
  private t = Date.parse('2026-03-02T08:15:00.000Z');
  now(): Date {
    return new Date(this.t);
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

const SHA_A = 'a'.repeat(63) + '1';
const SHA_B = 'b'.repeat(63) + '2';
const SHA_PDF = 'c'.repeat(63) + '3';

export function newEmail(overrides: Partial<NewItem> = {}): NewItem {
  return {
    tenantId: 'norrea',
    channel: 'email',
    source: 'imap://post@norrea.dk/INBOX;UIDVALIDITY=7;UID=4711',
    fileName: 'ansøgning-boligstøtte.eml',
    contentSha256: SHA_A,
    size: 48_213,
    receivedAt: new Date('2026-03-02T07:59:12.345Z'),
    ...overrides,
  };
}

export function extractedEmail(): ExtractedContent {
  return {
    channel: 'email',
    subject: 'Ansøgning om boligstøtte – Søren Ærø',
    sender: { email: 'soeren.aeroe@example.dk', name: 'Søren Ærø', idType: 'EMAIL' },
    recipients: [{ email: 'post@norrea.dk' }],
    body: 'Kære Nørreå Kommune\n\nJeg søger om boligstøtte, da min søn flytter hjemmefra.\n\nVenlig hilsen\nSøren',
    bodySource: 'plain',
    attachments: [
      {
        name: 'lejekontrakt.pdf',
        mimeType: 'application/pdf',
        blob: { sha256: SHA_PDF, size: 120_044 },
        size: 120_044,
        text: 'Lejekontrakt for lejlighed, Algade 12, 1. tv.',
        textSource: 'ocr',
        ocr: { pages: 2, meanConfidence: 81.5 },
      },
      { name: 'besked.txt', mimeType: 'text/plain', size: 17, text: 'Se vedhæftet fil', textSource: 'plain' },
    ],
    metadata: { messageId: '<7f3a@example.dk>', date: '2026-03-02T07:59:00Z', cpr: ['0101701234'] },
    warnings: [{ code: 'extract.charset_guessed', message: 'Tegnsæt ukendt, læst som windows-1252' }],
  };
}

export function itemStoreContract(label: string, target: ContractTarget): void {
  describe(`ItemStore contract: ${label}`, () => {
    if (target.setup) beforeAll(() => target.setup?.());
    if (target.teardown) afterAll(() => target.teardown?.());

    async function fresh() {
      const clock = new FakeClock();
      return { clock, ...(await target.fresh(clock)) };
    }

    it('creates an item in state received and reads it back', async () => {
      const { store } = await fresh();
      const { item, created } = await store.createItem(newEmail({ sidecarSha256: SHA_B }));
      expect(created).toBe(true);
      expect(item.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(item).toEqual({ id: item.id, state: 'received', ...newEmail({ sidecarSha256: SHA_B }) });
      expect(await store.getItem(item.id)).toEqual(item);
      expect(await store.getItem(item.id.toUpperCase())).toEqual(item);
      const { item: plain } = await store.createItem(newEmail({ source: 'scan/2026-03-02/brev-001.pdf' }));
      expect(plain).not.toHaveProperty('sidecarSha256');
    });

    it('is idempotent per tenant + content hash + source', async () => {
      const { store, queries } = await fresh();
      const first = await store.createItem(newEmail());
      await store.setState(first.item.id, 'extracted');
      const again = await store.createItem(newEmail({ fileName: 'andet-navn.eml', receivedAt: new Date() }));
      expect(again.created).toBe(false);
      expect(again.item).toEqual({ ...first.item, state: 'extracted' });
      const otherSource = await store.createItem(newEmail({ source: 'imap://post@norrea.dk/INBOX;UIDVALIDITY=7;UID=4712' }));
      const otherTenant = await store.createItem(newEmail({ tenantId: 'sydby' }));
      expect(otherSource.created && otherTenant.created).toBe(true);
      expect(new Set([first.item.id, otherSource.item.id, otherTenant.item.id]).size).toBe(3);
      expect((await queries.countByState('norrea')).received).toBe(1);
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
      expect((await queries.countByState('norrea')).received).toBe(3);
    });

    it('creates exactly one item when the same input arrives concurrently', async () => {
      const { store, queries } = await fresh();
      const results = await Promise.all(Array.from({ length: 6 }, () => store.createItem(newEmail())));
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(new Set(results.map((r) => r.item.id)).size).toBe(1);
      expect((await queries.countByState('norrea')).received).toBe(1);
    });

    it('reports unknown items as absent on reads and as ItemNotFoundError on writes', async () => {
      const { store, queries } = await fresh();
      const missing = '3f2b8c1e-0a4d-4c5e-9f00-1234567890ab';
      for (const id of [missing, 'ikke-et-id', "x'; drop table items; --"]) {
        expect(await store.getItem(id)).toBeUndefined();
        expect(await store.getExtracted(id)).toBeUndefined();
        expect(await queries.listEvents(id)).toEqual([]);
        await expect(store.setState(id, 'parked')).rejects.toBeInstanceOf(ItemNotFoundError);
        await expect(store.appendEvent(id, { stage: 'ingest', type: 'received', at: new Date() })).rejects.toBeInstanceOf(ItemNotFoundError);
        await expect(store.saveDecision(id, { stage: 'route', outcome: {}, reasons: [] })).rejects.toBeInstanceOf(ItemNotFoundError);
        await expect(store.saveExtracted(id, extractedEmail())).rejects.toBeInstanceOf(ItemNotFoundError);
      }
    });

    it('sets state and patch columns; "state changed at" moves only when the state changes', async () => {
      const { store, queries, clock } = await fresh();
      const { item } = await store.createItem(newEmail());
      clock.advance(60_000);
      await store.setState(item.id, 'classified', { subject: 'Ansøgning om boligstøtte', kleNr: '32.06.08', kleConfidence: 0.87 });
      const changedAt = clock.now();
      clock.advance(5_000);
      await store.setState(item.id, 'classified', { destination: 'Borgerservice' });
      let [row] = await queries.listItems('norrea');
      expect(row).toMatchObject({
        state: 'classified',
        subject: 'Ansøgning om boligstøtte',
        kleNr: '32.06.08',
        kleConfidence: 0.87,
        destination: 'Borgerservice',
        error: null,
        stateChangedAt: changedAt,
        updatedAt: clock.now(),
      });
      clock.advance(1_000);
      const error = { code: 'route.no_rule', message: 'Ingen regel matchede', data: { kle: '32.06.08' } };
      await store.setState(item.id, 'parked', { destination: null, kleNr: null, error });
      [row] = await queries.listItems('norrea');
      expect(row).toMatchObject({ state: 'parked', destination: null, kleNr: null, subject: 'Ansøgning om boligstøtte', error });
      expect(row?.stateChangedAt).toEqual(clock.now());
      expect((await store.getItem(item.id))?.state).toBe('parked');
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

    it('saves decisions with reasons, rule id and rule set version', async () => {
      const { store, queries, clock } = await fresh();
      const { item } = await store.createItem(newEmail());
      const reasons = [{ code: 'classify.metadata_kle', message: 'KLE fra formularens metadata', data: { nr: '32.06.08' } }];
      await store.saveDecision(item.id, { stage: 'classify', outcome: { nr: '32.06.08', confidence: 0.95 }, reasons });
      clock.advance(10);
      await store.saveDecision(item.id, {
        stage: 'route',
        outcome: { status: 'routed', destination: 'Ydelse' },
        reasons: [{ code: 'route.rule_matched', message: 'Regel kle-32-06 matchede' }],
        ruleSetVersion: '2026-03-01.1',
        ruleId: 'kle-32-06',
      });
      const [classify, route] = await queries.listDecisions(item.id);
      expect(classify).toEqual({ stage: 'classify', outcome: { nr: '32.06.08', confidence: 0.95 }, reasons, ruleId: null, createdAt: new Date(clock.now().getTime() - 10) });
      expect(route).toMatchObject({ stage: 'route', ruleSetVersion: '2026-03-01.1', ruleId: 'kle-32-06', createdAt: clock.now() });
    });

    it('round-trips extracted content and records its attachments', async () => {
      const { store, queries } = await fresh();
      const { item } = await store.createItem(newEmail());
      expect(await store.getExtracted(item.id)).toBeUndefined();
      await store.saveExtracted(item.id, extractedEmail());
      expect(await store.getExtracted(item.id)).toEqual(extractedEmail());
      const withDate = { ...extractedEmail(), metadata: { scan: { scanDate: new Date('2026-02-27T10:00:00Z') as unknown as string } } };
      await store.saveExtracted(item.id, withDate);
      expect((await store.getExtracted(item.id))?.metadata.scan?.scanDate).toBe('2026-02-27T10:00:00.000Z');
      expect(await queries.listAttachments(item.id)).toEqual([
        { role: 'source', name: 'ansøgning-boligstøtte.eml', mimeType: null, blobSha256: SHA_A, textSource: null, size: 48_213 },
        { role: 'attachment', name: 'lejekontrakt.pdf', mimeType: 'application/pdf', blobSha256: SHA_PDF, textSource: 'ocr', size: 120_044 },
        { role: 'attachment', name: 'besked.txt', mimeType: 'text/plain', blobSha256: null, textSource: 'plain', size: 17 },
      ]);
    });

    it('records thousands of attachments (more rows than one SQL statement can bind)', async () => {
      const { store, queries } = await fresh();
      const { item } = await store.createItem(newEmail());
      const attachment = extractedEmail().attachments[0]!;
      const many = Array.from({ length: 9_000 }, (_, i) => ({ ...attachment, name: `side-${i}.pdf` }));
      await store.saveExtracted(item.id, { ...extractedEmail(), attachments: many });
      const listed = await queries.listAttachments(item.id);
      expect(listed).toHaveLength(9_001);
      expect(listed.at(-1)).toMatchObject({ name: 'side-8999.pdf', blobSha256: SHA_PDF });
    });

    it('stores text PostgreSQL would reject (NUL, lone surrogates) with U+FFFD instead of failing', async () => {
      const { store, queries } = await fresh();
      const { item } = await store.createItem(newEmail({ fileName: 'brev\u0000.eml' }));
      expect(item.fileName).toBe('brev\uFFFD.eml');
      await store.setState(item.id, 'extracted', { subject: 'Klage\u0000 over \uD83D afgørelse' });
      const hostile = { ...extractedEmail(), body: 'Tekst\u0000med nul og \uDE00 halv emoji 😀', metadata: { 'nøgle\u0000': 'værdi' } };
      await store.saveExtracted(item.id, hostile as ExtractedContent);
      await store.appendEvent(item.id, { stage: 'extract', type: 'extracted', at: new Date(), data: { note: '\u0000' } });
      expect((await queries.listItems('norrea'))[0]?.subject).toBe('Klage\uFFFD over \uFFFD afgørelse');
      const back = await store.getExtracted(item.id);
      expect(back?.body).toBe('Tekst\uFFFDmed nul og \uFFFD halv emoji 😀');
      expect(back?.metadata).toEqual({ 'nøgle\uFFFD': 'værdi' });
      expect((await queries.listEvents(item.id))[0]?.data).toEqual({ note: '\uFFFD' });
    });

    it('counts and lists items per tenant and state, oldest state change first', async () => {
      const { store, queries, clock } = await fresh();
      const ids: string[] = [];
      for (let i = 0; i < 4; i++) {
        const { item } = await store.createItem(newEmail({ source: `scan/batch-17/brev-${i}.pdf`, channel: 'scan' }));
        ids.push(item.id);
        clock.advance(1_000);
      }
      await store.createItem(newEmail({ tenantId: 'sydby' }));
      const cutoff = clock.now();
      clock.advance(1_000);
      await store.setState(ids[0]!, 'parked');
      clock.advance(1_000);
      await store.setState(ids[2]!, 'routed');
      expect(await queries.countByState('norrea')).toEqual({
        received: 2, extracted: 0, classified: 0, routed: 1, delivered: 0, accepted: 0, rejected: 0, parked: 1, failed: 0,
      });
      expect((await queries.countByState('ukendt')).received).toBe(0);
      expect((await queries.listItems('norrea')).map((i) => i.id)).toEqual([ids[1], ids[3], ids[0], ids[2]]);
      expect((await queries.listItems('norrea', { state: 'received', changedBefore: cutoff })).map((i) => i.id)).toEqual([ids[1], ids[3]]);
      expect((await queries.listItems('norrea', { limit: 1 })).map((i) => i.id)).toEqual([ids[1]]);
      expect(await queries.listItems('norrea', { state: 'failed' })).toEqual([]);
    });

    it('returns snapshots: changing a returned value does not change the store', async () => {
      const { store } = await fresh();
      const { item } = await store.createItem(newEmail());
      await store.saveExtracted(item.id, extractedEmail());
      item.receivedAt.setFullYear(1999);
      (await store.getExtracted(item.id))!.attachments.length = 0;
      expect((await store.getItem(item.id))?.receivedAt).toEqual(newEmail().receivedAt);
      expect((await store.getExtracted(item.id))?.attachments).toHaveLength(2);
    });
  });
}
