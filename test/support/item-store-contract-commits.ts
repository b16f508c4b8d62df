// The ItemStore's one write path, as every implementation must behave: a stage commit is all-or-nothing
// with compare-and-set on the state, illegal moves are refused before anything is written, one decision
// per (item, stage, round), keyed events are written once, and a store sees only its own tenant's items.
import { expect, it } from 'vitest';
import { IllegalTransitionError } from '../../core/lifecycle.js';
import type { KleCandidate } from '../../core/model.js';
import type { ItemStore, StageCommit } from '../../core/ports.js';
import type { ItemQueries } from '../../db/item-queries.js';
import { ItemNotFoundError } from '../../db/item-store.js';
import { extractedEmail, type FakeClock, newEmail, walk } from './item-fixtures.js';

interface Fresh {
  clock: FakeClock;
  store: ItemStore;
  queries: ItemQueries;
  forTenant(tenantId: string): { store: ItemStore; queries: ItemQueries };
}

/** What a repeated step must leave untouched. */
async function snapshot(store: ItemStore, queries: ItemQueries, itemId: string) {
  return {
    item: await store.getItem(itemId),
    summary: await queries.findItem(itemId),
    events: await queries.listEvents(itemId),
    decisions: await queries.listDecisions(itemId),
    attachments: await queries.listAttachments(itemId),
    content: await store.getExtracted(itemId),
  };
}

function extractCommit(itemId: string, at: Date): StageCommit {
  return {
    itemId,
    from: 'received',
    to: 'extracted',
    content: extractedEmail(),
    patch: { subject: 'Ansøgning om boligstøtte' },
    event: { stage: 'extract', type: 'extracted', at, data: { bodyChars: 97 } },
    decision: { stage: 'extract', outcome: { bodySource: 'plain' }, reasons: [{ code: 'extract.charset_guessed', message: 'Tegnsæt gættet' }] },
  };
}

const candidates: KleCandidate[] = Array.from({ length: 12 }, (_, i) => ({
  nr: `32.06.${String(i).padStart(2, '0')}`,
  ...(i === 0 ? { title: 'Boligstøtte' } : {}),
  score: Math.round((0.9 - i * 0.05) * 1000) / 1000,
  reasons: [{ code: 'classify.term', message: `term ${i}`, data: { term: `ord-${i}`, weight: i } }],
}));

export function commitContract(fresh: () => Promise<Fresh>): void {
  it('commits content, attachments, patch, decision (version stamped) and event in one step', async () => {
    const { store, queries, clock } = await fresh();
    const { item } = await store.createItem(newEmail());
    clock.advance(60_000);
    const result = await store.commit(extractCommit(item.id, clock.now()));
    expect(result).toEqual({ committed: true, item: { ...item, state: 'extracted' } });
    expect(await store.getExtracted(item.id)).toEqual(extractedEmail());
    expect((await queries.listAttachments(item.id)).map((a) => a.name)).toEqual(['ansøgning-boligstøtte.eml', 'lejekontrakt.pdf', 'besked.txt']);
    expect(await queries.findItem(item.id)).toMatchObject({ state: 'extracted', subject: 'Ansøgning om boligstøtte', stateChangedAt: clock.now(), updatedAt: clock.now() });
    expect(await queries.listEvents(item.id)).toEqual([{ stage: 'extract', type: 'extracted', at: clock.now(), data: { bodyChars: 97 } }]);
    const decision = await store.latestDecision(item.id, 'extract');
    expect(decision).toEqual({
      stage: 'extract',
      round: 1,
      outcome: { v: 1, status: 'extracted', bodySource: 'plain', attachments: [] },
      reasons: [{ code: 'extract.charset_guessed', message: 'Tegnsæt gættet' }],
      ruleSetVersion: null,
      ruleId: null,
      createdAt: clock.now(),
    });
  });

  it('compare-and-set: a second commit from the same state is refused and writes nothing', async () => {
    const { store, queries, clock } = await fresh();
    const { item } = await store.createItem(newEmail());
    expect((await store.commit(extractCommit(item.id, clock.now()))).committed).toBe(true);
    const before = await snapshot(store, queries, item.id);
    clock.advance(1_000);
    const again = { ...extractCommit(item.id, clock.now()), content: { ...extractedEmail(), body: 'en anden tekst', attachments: [] }, patch: { subject: 'Andet' } };
    expect(await store.commit(again)).toEqual({ committed: false, state: 'extracted' });
    expect(await snapshot(store, queries, item.id)).toEqual(before);
  });

  it('lets exactly one of two concurrent commits from the same state through', async () => {
    const { store, queries, clock } = await fresh();
    const { item } = await store.createItem(newEmail());
    const results = await Promise.all([store.commit(extractCommit(item.id, clock.now())), store.commit(extractCommit(item.id, clock.now()))]);
    expect(results.filter((r) => r.committed)).toHaveLength(1);
    expect(await queries.listEvents(item.id)).toHaveLength(1);
    expect(await queries.listDecisions(item.id)).toHaveLength(1);
  });

  it('throws on a move the lifecycle does not allow, and an outcome its schema refuses, writing nothing', async () => {
    const { store, queries, clock } = await fresh();
    const { item } = await store.createItem(newEmail());
    const before = await snapshot(store, queries, item.id);
    const illegal = { ...extractCommit(item.id, clock.now()), to: 'delivered' as const };
    await expect(store.commit(illegal)).rejects.toBeInstanceOf(IllegalTransitionError);
    // A lie about the start state is refused by the lifecycle too: accepted → extracted is no move.
    await expect(store.commit({ ...extractCommit(item.id, clock.now()), from: 'accepted' })).rejects.toBeInstanceOf(IllegalTransitionError);
    const badOutcome = { ...extractCommit(item.id, clock.now()), decision: { stage: 'route' as const, outcome: { status: 'lost' as 'routed' }, reasons: [] } };
    await expect(store.commit(badOutcome)).rejects.toThrow();
    expect(await snapshot(store, queries, item.id)).toEqual(before);
  });

  it('keeps one decision per item, stage and round: a repeat in the round replaces it, a new round adds one', async () => {
    const { store, queries, clock } = await fresh();
    const { item } = await store.createItem(newEmail());
    const failed: StageCommit = {
      itemId: item.id,
      from: 'received',
      to: 'failed',
      event: { stage: 'extract', type: 'failed', at: clock.now() },
      decision: { stage: 'extract', outcome: { status: 'failed' }, reasons: [{ code: 'extract.unexpected_error', message: 'disk' }] },
    };
    await store.commit(failed);
    await walk(store, item.id, ['received']);
    clock.advance(1_000);
    await store.commit(extractCommit(item.id, clock.now()));
    let decisions = await queries.listDecisions(item.id);
    expect(decisions.map((d) => [d.stage, d.round, d.outcome.status])).toEqual([['extract', 1, 'extracted']]);
    await walk(store, item.id, ['classified']);
    const route = (status: 'routed' | 'parked', destination: string | null, from: 'classified' | 'delivered', extra: Partial<StageCommit> = {}): StageCommit => ({
      itemId: item.id,
      from,
      to: 'routed',
      event: { stage: 'route', type: 'routed', at: clock.now() },
      decision: { stage: 'route', outcome: { status, destination }, reasons: [], ruleSetVersion: 'v7', ruleId: 'kle-32' },
      ...extra,
    });
    await store.commit(route('routed', 'Ydelse', 'classified'));
    await walk(store, item.id, ['delivered']);
    // A person re-distributes: the next round, with its own route decision.
    clock.advance(1_000);
    const placed = await store.commit(route('routed', 'Borgerservice', 'delivered', { nextRound: true }));
    expect(placed.committed && placed.item.round).toBe(2);
    decisions = await queries.listDecisions(item.id);
    expect(decisions.filter((d) => d.stage === 'route').map((d) => [d.round, d.outcome.status === 'routed' && d.outcome.destination])).toEqual([
      [1, 'Ydelse'],
      [2, 'Borgerservice'],
    ]);
    expect(await store.latestDecision(item.id, 'route')).toMatchObject({ round: 2, ruleSetVersion: 'v7', ruleId: 'kle-32', outcome: { v: 1, destination: 'Borgerservice' } });
    expect((await store.getItem(item.id))?.round).toBe(2);
  });

  it('writes a keyed event once, whether appended or committed again', async () => {
    const { store, queries, clock } = await fresh();
    const { item } = await store.createItem(newEmail());
    const queued = { stage: 'extract' as const, type: 'ocr_queued', at: clock.now(), key: 'ocr_queued:1' };
    await store.appendEvent(item.id, queued);
    await store.appendEvent(item.id, { ...queued, at: new Date(clock.now().getTime() + 5) });
    await walk(store, item.id, ['extracted', 'classified', 'routed', 'delivered']);
    const resent: StageCommit = { itemId: item.id, from: 'delivered', to: 'delivered', event: { stage: 'deliver', type: 'resent', at: clock.now(), key: 'resent:t1:2' } };
    const stateSince = (await queries.findItem(item.id))?.stateChangedAt;
    clock.advance(60_000);
    expect((await store.commit(resent)).committed).toBe(true);
    expect((await store.commit(resent)).committed).toBe(true);
    const events = await queries.listEvents(item.id);
    expect(events.filter((e) => e.type === 'ocr_queued')).toEqual([{ stage: 'extract', type: 'ocr_queued', at: queued.at, key: 'ocr_queued:1' }]);
    expect(events.filter((e) => e.type === 'resent')).toHaveLength(1);
    // Staying in a state is no state change: "in this state since" does not move.
    expect((await queries.findItem(item.id))?.stateChangedAt).toEqual(stateSince);
  });

  it('sees only its own tenant: another tenant cannot read, commit or append to the item', async () => {
    const { store, queries, clock, forTenant } = await fresh();
    const { item } = await store.createItem(newEmail());
    await store.commit(extractCommit(item.id, clock.now()));
    const before = await snapshot(store, queries, item.id);
    const other = forTenant('sydby');
    expect(other.store.tenantId).toBe('sydby');
    expect(await other.store.getItem(item.id)).toBeUndefined();
    expect(await other.store.getExtracted(item.id)).toBeUndefined();
    expect(await other.store.latestDecision(item.id, 'extract')).toBeUndefined();
    const move: StageCommit = { itemId: item.id, from: 'extracted', to: 'failed', event: { stage: 'classify', type: 'failed', at: clock.now() } };
    expect(await other.store.commit(move)).toEqual({ committed: false, state: undefined });
    await expect(other.store.appendEvent(item.id, { stage: 'ingest', type: 'duplicate', at: clock.now() })).rejects.toBeInstanceOf(ItemNotFoundError);
    expect(await other.queries.listEvents(item.id)).toEqual([]);
    expect(await other.queries.findItem(item.id)).toBeUndefined();
    // The same bytes from the same source are a separate item in the other tenant.
    expect((await other.store.createItem(newEmail())).created).toBe(true);
    expect(await snapshot(store, queries, item.id)).toEqual(before);
  });

  it('reads the classification back with every stored candidate and the reasons behind each', async () => {
    const { store, clock } = await fresh();
    const { item } = await store.createItem(newEmail());
    await store.commit(extractCommit(item.id, clock.now()));
    expect(await store.latestClassification(item.id)).toBeUndefined();
    const reasons = [{ code: 'classify.terms', message: 'Ord fra OS2KLE', data: { terms: ['boligstøtte'] } }];
    await store.commit({
      itemId: item.id,
      from: 'extracted',
      to: 'classified',
      patch: { kleNr: '32.06.00', kleConfidence: 0.9 },
      event: { stage: 'classify', type: 'classified', at: clock.now() },
      decision: { stage: 'classify', outcome: { status: 'classified', nr: '32.06.00', confidence: 0.9, source: 'classifier', candidates }, reasons },
    });
    expect(await store.latestClassification(item.id)).toEqual({ nr: '32.06.00', confidence: 0.9, source: 'classifier', candidates, reasons });
  });

  it('reads the detected handlingsfacet back with the classification', async () => {
    const { store, clock } = await fresh();
    const { item } = await store.createItem(newEmail());
    await store.commit(extractCommit(item.id, clock.now()));
    const facet = { kind: 'aktindsigt' as const, code: 'A53', name: 'Aktindsigt', confidence: 0.9, reasons: [{ code: 'classify.facet', message: 'aktindsigt i emnet' }] };
    await store.commit({
      itemId: item.id,
      from: 'extracted',
      to: 'classified',
      event: { stage: 'classify', type: 'classified', at: clock.now() },
      decision: { stage: 'classify', outcome: { status: 'classified', nr: '02.34.02', confidence: 0.9, source: 'classifier', candidates: [], facet }, reasons: [] },
    });
    expect((await store.latestClassification(item.id))?.facet).toEqual(facet);
  });
}
