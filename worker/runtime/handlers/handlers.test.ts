import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { Classification, ExtractedContent } from '../../../core/model.js';
import type { ContentExtractor, DeliveryRecord, DeliveryStore, ExtractionInput, ExtractOptions, HandoverRequest, NeedsOcr, Router } from '../../../core/ports.js';
import { createMemoryItemStore } from '../../../test/fakes/memory-item-store.js';
import { extractedEmail, FakeClock, newEmail, walk } from '../../../test/support/item-fixtures.js';
import { createStageHandlers, markExhausted, type HandlerDeps } from './index.js';

const attempt = { number: 1, last: false };

function candidates(n: number): Classification['candidates'] {
  return Array.from({ length: n }, (_, i) => ({ nr: `32.06.${String(i).padStart(2, '0')}`, score: 1 - i / 100, reasons: [{ code: 'classify.term', message: `ord ${i}` }] }));
}

/** A delivery ledger like db/delivery-store.ts: one row per item and round, the id fixed before the call. */
function memoryDeliveries(destination: string): DeliveryStore & { rows: DeliveryRecord[] } {
  const rows: DeliveryRecord[] = [];
  const find = (itemId: string) => rows.filter((r) => r.itemId === itemId).at(-1);
  return {
    rows,
    async begin(itemId) {
      const row = find(itemId) ?? rows[rows.push({ itemId, round: 1, destination, transactionId: randomUUID(), status: 'pending', attempts: 0 }) - 1]!;
      row.attempts += 1;
      return { ...row };
    },
    async markSent(transactionId, receipt) {
      const row = rows.find((r) => r.transactionId === transactionId);
      if (row) Object.assign(row, { status: 'sent', sentAt: receipt.at });
    },
    async current(itemId) {
      const row = find(itemId);
      return row ? { ...row } : undefined;
    },
    async findByTransaction(transactionId) {
      return rows.find((r) => r.transactionId === transactionId);
    },
  };
}

function world(options: { needsOcr?: boolean; classify?: () => Classification } = {}) {
  const clock = new FakeClock();
  const items = createMemoryItemStore({ tenantId: 'norrea', clock });
  const deliveries = memoryDeliveries('Ydelse');
  const calls: HandoverRequest[] = [];
  const extractCalls: (boolean | undefined)[] = [];
  function extract(input: ExtractionInput): Promise<ExtractedContent>;
  function extract(input: ExtractionInput, extractOptions: ExtractOptions): Promise<ExtractedContent | NeedsOcr>;
  async function extract(_input: ExtractionInput, extractOptions: ExtractOptions = {}): Promise<ExtractedContent | NeedsOcr> {
    extractCalls.push(extractOptions.ocr);
    if (options.needsOcr && extractOptions.ocr === false) return { needsOcr: true, pages: 2 };
    return extractedEmail();
  }
  const extractor: ContentExtractor = { extract };
  const routedOn: Classification[] = [];
  const router: Router = {
    version: 'v1',
    destinations: ['Ydelse'],
    async route(_content, classification) {
      routedOn.push(classification);
      return { status: 'routed', destination: 'Ydelse', ruleId: 'r1', ruleSetVersion: 'v1', reasons: [], trace: [] };
    },
    destinationForKle: () => ({ destination: 'Ydelse', ruleId: 'r1' }),
  };
  const deps: HandlerDeps = {
    // The database marks the delivery sent in the commit's transaction; the fake ledger is told here.
    items: {
      ...items,
      async commit(step) {
        const result = await items.commit(step);
        if (result.committed && step.deliverySent) await deliveries.markSent(step.deliverySent.transactionId, step.deliverySent.receipt);
        return result;
      },
    },
    queries: items,
    blobs: { put: async () => ({ sha256: '', size: 0 }), read: async function* () {}, has: async () => true, pathOf: () => '' },
    clock,
    classify: options.classify ?? (() => ({ nr: '32.06.00', confidence: 0.9, source: 'classifier', candidates: candidates(12), reasons: [] })),
    router,
    extractor,
    deliveries,
    handover: { deliver: async (request) => (calls.push(request), { code: 'MODTAGET', at: clock.now() }) },
    extractTimeoutMs: 5_000,
    logger: pino({ level: 'silent' }),
  };
  return { clock, items, deliveries, calls, extractCalls, routedOn, deps, handlers: createStageHandlers(deps) };
}

describe('stage handlers', () => {
  it('extract hands an item that needs OCR to the ocr queue without a commit; ocr then extracts with OCR', async () => {
    const { items, handlers, extractCalls } = world({ needsOcr: true });
    const { item } = await items.createItem(newEmail());
    expect(await handlers.extract(item.id, attempt)).toEqual({ next: 'ocr' });
    expect(await handlers.extract(item.id, attempt)).toEqual({ next: 'ocr' });
    expect((await items.getItem(item.id))?.state).toBe('received');
    expect(await items.listDecisions(item.id)).toEqual([]);
    expect((await items.listEvents(item.id)).map((e) => e.type)).toEqual(['ocr_queued']);
    expect(await handlers.ocr(item.id, attempt)).toEqual({ next: 'classify' });
    expect(extractCalls).toEqual([false, false, true]);
    expect((await items.getItem(item.id))?.state).toBe('extracted');
    expect(await items.getExtracted(item.id)).toEqual(extractedEmail());
  });

  it('classify stores every candidate, and route runs on the stored classification, not on a classifier that changed', async () => {
    let current = 12;
    const { items, handlers, routedOn } = world({ classify: () => ({ nr: '32.06.00', confidence: 0.9, source: 'classifier', candidates: candidates(current), reasons: [] }) });
    const { item } = await items.createItem(newEmail());
    await handlers.extract(item.id, attempt);
    expect(await handlers.classify(item.id, attempt)).toEqual({ next: 'route' });
    current = 1;
    expect(await handlers.route(item.id, attempt)).toEqual({ next: 'deliver' });
    expect(routedOn[0]?.candidates).toEqual(candidates(12));
    expect((await items.latestClassification(item.id))?.candidates).toHaveLength(12);
  });

  it('two runs of one step: one commit, the other resumes from the state the item is in now', async () => {
    const { items, handlers } = world();
    const { item } = await items.createItem(newEmail());
    await handlers.extract(item.id, attempt);
    const results = await Promise.all([handlers.classify(item.id, attempt), handlers.classify(item.id, attempt)]);
    expect(results).toEqual([{ next: 'route' }, { next: 'route' }]);
    expect((await items.listDecisions(item.id)).filter((d) => d.stage === 'classify')).toHaveLength(1);
    expect((await items.listEvents(item.id)).filter((e) => e.type === 'classified')).toHaveLength(1);
  });

  it('two deliver runs of a routed item: one transaction id, and the refused one does not queue a re-send', async () => {
    const { items, handlers, calls, deliveries } = world();
    const { item } = await items.createItem(newEmail());
    await handlers.extract(item.id, attempt);
    await handlers.classify(item.id, attempt);
    await handlers.route(item.id, attempt);
    expect(await Promise.all([handlers.deliver(item.id, attempt), handlers.deliver(item.id, attempt)])).toEqual([{}, {}]);
    expect(new Set(calls.map((c) => c.transactionId))).toEqual(new Set([deliveries.rows[0]!.transactionId]));
    expect((await items.listEvents(item.id)).filter((e) => e.type === 'delivered')).toHaveLength(1);
    expect(calls[0]).toMatchObject({ destination: 'Ydelse', kle: { nr: '32.06.00', confidence: 0.9 }, kleSuggestion: '32.06.00' });
  });

  it('an overdue receipt re-sends the same round with the same transaction id a bounded number of times, then fails', async () => {
    const { items, handlers, calls, deliveries, deps, clock } = world();
    const { item } = await items.createItem(newEmail());
    for (const stage of ['extract', 'classify', 'route', 'deliver'] as const) await handlers[stage](item.id, attempt);
    expect((await items.getItem(item.id))?.state).toBe('delivered');
    deps.maxResends = 2;
    deps.receiptOverdueMs = 600_000;
    // The job that delivered it, run again at once: the receipt is not overdue, nothing is sent.
    expect(await handlers.deliver(item.id, attempt)).toEqual({});
    expect(calls).toHaveLength(1);
    for (let resend = 1; resend <= 2; resend++) {
      clock.advance(600_000);
      expect(await handlers.deliver(item.id, attempt)).toEqual({});
      expect(calls).toHaveLength(1 + resend);
    }
    expect(new Set(calls.map((c) => c.transactionId)).size).toBe(1);
    expect(deliveries.rows).toHaveLength(1);
    expect((await items.listEvents(item.id)).filter((e) => e.type === 'resent').map((e) => e.data?.resend)).toEqual([1, 2]);
    expect((await items.getItem(item.id))?.state).toBe('delivered');
    clock.advance(600_000);
    expect(await handlers.deliver(item.id, attempt)).toEqual({});
    expect(calls).toHaveLength(3);
    expect(await items.findItem(item.id)).toMatchObject({ state: 'failed', error: { code: 'deliver.receipt_missing' } });
  });

  it('marks an item failed only while it still waits for the stage that gave up', async () => {
    const { items, deps } = world();
    const exhausted = markExhausted(deps);
    const { item } = await items.createItem(newEmail());
    await walk(items, item.id, ['extracted']);
    await exhausted('extract', item.id, new Error('late job'));
    expect((await items.getItem(item.id))?.state).toBe('extracted');
    await exhausted('classify', item.id, new Error('classifier crashed'));
    expect(await items.findItem(item.id)).toMatchObject({ state: 'failed', error: { code: 'classify.retries_exhausted' } });
    expect(await items.latestDecision(item.id, 'classify')).toMatchObject({ outcome: { status: 'failed' } });
  });
});
