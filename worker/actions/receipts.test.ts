import { describe, expect, it } from 'vitest';
import { assertTransition, type ItemState } from '../../core/lifecycle.js';
import type { Item } from '../../core/model.js';
import type { DeliveryRecord, ItemEvent, ItemStore, StageCommit } from '../../core/ports.js';
import type { LearningStore } from '../../db/learning-store.js';
import { createLogger } from '../runtime/logger.js';
import { NS, receiptCallbackRequest, transportFault, v2, type ReceiptCode } from '../../sf2900/index.js';
import { ReceiptCallbackError, parseReceiptCallback, recordBusinessReceipt } from './receipts.js';

const ID = '3f2b8c1e-0a4d-4c5e-9f00-1234567890ab';
const TX = '6f2d1c1e-7c1b-4c9a-9a36-2f1f6c0d5a01';
const clock = { now: () => new Date('2026-12-01T10:00:00Z') };

/** An item and its delivery; `beforeCommit` lets a test move the item between the read and the write. */
function world(state: ItemState, options: { round?: number; deliveryRound?: number } = {}) {
  const item = { id: ID, tenantId: 'norrea', state, round: options.round ?? 1 } as Item;
  const events: ItemEvent[] = [];
  const commits: StageCommit[] = [];
  const hooks: { beforeCommit?: () => void } = {};
  const items = {
    getItem: async (id: string) => (id === ID ? { ...item } : undefined),
    async commit(step: StageCommit) {
      hooks.beforeCommit?.();
      hooks.beforeCommit = undefined;
      assertTransition(step.from, step.to);
      if (item.state !== step.from) return { committed: false as const, state: item.state };
      item.state = step.to;
      commits.push(step);
      events.push(step.event);
      return { committed: true as const, item: { ...item } };
    },
    appendEvent: async (_id: string, event: ItemEvent) => {
      if (!event.key || !events.some((e) => e.key === event.key)) events.push(event);
    },
  } as unknown as ItemStore;
  const delivery: DeliveryRecord = { itemId: ID, round: options.deliveryRound ?? 1, destination: 'KSD', transactionId: TX, status: 'sent', attempts: 1 };
  const deliveries = { findByTransaction: async (tx: string) => (tx === TX ? delivery : undefined) };
  return { item, events, commits, hooks, deps: { items, deliveries, clock, logger: createLogger('silent') } };
}

describe('recording a business receipt', () => {
  it('closes a delivered item, refuses unknown transactions, and notes a repeat once', async () => {
    const w = world('delivered');
    expect(await recordBusinessReceipt(w.deps, '00000000-0000-4000-8000-000000000000', 'ACCEPTERET')).toBe('unknown_transaction');
    expect(await recordBusinessReceipt(w.deps, TX, 'ACCEPTERET')).toBe('accepted');
    expect(w.item.state).toBe('accepted');
    expect(await recordBusinessReceipt(w.deps, TX, 'ACCEPTERET')).toBe('noted');
    expect(await recordBusinessReceipt(w.deps, TX, 'ACCEPTERET')).toBe('noted');
    expect(w.events.map((e) => e.type)).toEqual(['accepted', 'receipt_ignored']);
  });

  it('AFVIST puts the item in the rest mailbox as rejected', async () => {
    const w = world('delivered');
    expect(await recordBusinessReceipt(w.deps, TX, 'AFVIST', 'hører ikke til her')).toBe('returned_to_rest');
    expect(w.item.state).toBe('rejected');
    expect(w.commits[0]?.patch?.error).toMatchObject({ code: 'deliver.rejected_by_receiver' });
  });

  it('decides once more when it loses a race: the deliver job committed delivered meanwhile', async () => {
    const w = world('routed');
    w.hooks.beforeCommit = () => void (w.item.state = 'delivered');
    expect(await recordBusinessReceipt(w.deps, TX, 'ACCEPTERET')).toBe('accepted');
    expect(w.commits).toEqual([expect.objectContaining({ from: 'delivered', to: 'accepted' })]);
  });

  it('a person who placed the item meanwhile wins: the receipt is noted, the item stays', async () => {
    const w = world('delivered');
    w.hooks.beforeCommit = () => void (w.item.state = 'accepted');
    expect(await recordBusinessReceipt(w.deps, TX, 'FEJLET')).toBe('noted');
    expect(w.item.state).toBe('accepted');
    expect(w.events.at(-1)).toMatchObject({ type: 'receipt_ignored', data: { state: 'accepted' } });
  });

  it('a receipt for an earlier round moves nothing', async () => {
    const w = world('delivered', { round: 2, deliveryRound: 1 });
    expect(await recordBusinessReceipt(w.deps, TX, 'AFVIST')).toBe('noted');
    expect(w.item.state).toBe('delivered');
    expect(w.events).toEqual([expect.objectContaining({ type: 'receipt_ignored', data: expect.objectContaining({ round: 1, currentRound: 2 }) })]);
  });
});

describe('an accepted receipt teaches the destination', () => {
  /** The receipt world with a learning store that records what it was asked to confirm. */
  function learningWorld(source: 'classifier' | 'metadata') {
    const w = world('delivered');
    const confirmed: Record<string, unknown>[] = [];
    const models: number[] = [];
    const classification = { nr: '27.24.00', confidence: 0.9, source, candidates: [{ nr: '27.24.00', score: 0.9, reasons: [] }], reasons: [] };
    const content = { channel: 'email', sender: {}, recipients: [], body: 'x', bodySource: 'plain', attachments: [], metadata: {}, warnings: [] };
    Object.assign(w.deps.items, { tenantId: 'norrea', latestClassification: async () => classification, getExtracted: async () => content });
    const learning = {
      tenantId: 'norrea',
      confirm: async (c: Record<string, unknown>) => void confirmed.push(c),
      latestModel: async () => undefined,
      saveModel: async () => (models.push(1), models.length),
    } as unknown as LearningStore;
    return { ...w, deps: { ...w.deps, learning }, confirmed, models };
  }

  it('records where it was handed, with no emne when the emne was the classifier\'s guess', async () => {
    const w = learningWorld('classifier');
    expect(await recordBusinessReceipt(w.deps, TX, 'ACCEPTERET')).toBe('accepted');
    expect(w.confirmed).toEqual([expect.objectContaining({ itemId: ID, destination: 'KSD', kleNr: null, source: 'accepted_receipt' })]);
    expect(w.models).toEqual([]);
    // A repeat is noted, not taught again.
    expect(await recordBusinessReceipt(w.deps, TX, 'ACCEPTERET')).toBe('noted');
    expect(w.confirmed).toHaveLength(1);
  });

  it('confirms and learns the emne the sender stated', async () => {
    const w = learningWorld('metadata');
    await recordBusinessReceipt(w.deps, TX, 'ACCEPTERET');
    expect(w.confirmed[0]).toMatchObject({ destination: 'KSD', kleNr: '27.24.00', source: 'accepted_receipt' });
    expect(w.models).toHaveLength(1);
  });

  it('teaches nothing from a rejection, and a failing store does not refuse the receipt', async () => {
    const rejected = learningWorld('classifier');
    await recordBusinessReceipt(rejected.deps, TX, 'AFVIST');
    expect(rejected.confirmed).toEqual([]);
    const failing = learningWorld('classifier');
    failing.deps.learning.confirm = async () => { throw new Error('database down'); };
    expect(await recordBusinessReceipt(failing.deps, TX, 'ACCEPTERET')).toBe('accepted');
  });
});

describe('reading a receipt callback (FordelingskvitteringModtagAnvender, v2)', () => {
  const context = { transactionId: TX, senderCvr: '65916169', routingCvr: '65916169', kle: '27.24.00' };
  const callback = (code: ReceiptCode = 'AFVIST', reason?: string) => receiptCallbackRequest({ code, kind: 'Forretning', ...(reason ? { reason } : {}) }, context);
  const refusal = (body: string) => {
    try {
      parseReceiptCallback(body);
      return 'read';
    } catch (error) {
      return error instanceof ReceiptCallbackError ? error.message : `other: ${String(error)}`;
    }
  };

  it('reads what the codec writes, masking a CPR number in the reason', () => {
    expect(parseReceiptCallback(callback('AFVIST', 'borger 010180-1234 hører ikke til her'))).toEqual({ transactionId: TX, code: 'AFVIST', reason: 'borger 010180-XXXX hører ikke til her' });
    expect(parseReceiptCallback(callback('ACCEPTERET'))).toEqual({ transactionId: TX, code: 'ACCEPTERET' });
  });

  it('takes the element by namespace, not by prefix', () => {
    const renamed = callback().replaceAll('ds2:', 'k:').replace('xmlns:ds2=', 'xmlns:k=');
    expect(parseReceiptCallback(renamed)).toMatchObject({ transactionId: TX });
  });

  it('refuses anything else, without quoting the body', () => {
    const cpr = '0101801234';
    expect(refusal(callback().replace(NS.v2, 'urn:other'))).toMatch(/must hold FordelingskvitteringModtagAnvenderRequest/);
    expect(refusal(callback().replaceAll('FordelingskvitteringModtagAnvenderRequest', 'FordelingskvitteringModtag'))).toMatch(/must hold/);
    expect(refusal(callback().replace(NS.soap, 'http://www.w3.org/2003/05/soap-envelope'))).toBe('not a SOAP 1.1 envelope');
    expect(refusal(callback().replace(TX, cpr))).toBe('AnvenderTransaktionsID is not a UUID');
    expect(refusal(callback().replace(`<ds2:AnvenderTransaktionsID>${TX}</ds2:AnvenderTransaktionsID>`, ''))).toBe('the receipt names no AnvenderTransaktionsID');
    expect(refusal(callback().replace('>AFVIST<', `>${cpr}<`))).toBe('Forretningskvittering has no known ForretningsValideringsKode');
    expect(refusal(callback().replace('>Forretning<', '>Teknisk<'))).toBe('Kvitteringstype must be Forretning');
    expect(refusal(transportFault('Client', 'nej', [], v2))).toBe('a SOAP fault is not a receipt');
    expect(refusal(`{"cpr":"${cpr}"}`)).not.toContain(cpr);
    expect(refusal('<!DOCTYPE x [<!ENTITY a "b">]><x/>')).toMatch(/DOCTYPE/);
  });
});
