import { describe, expect, it } from 'vitest';
import { canTransition, ITEM_STATES, type ItemState } from '../lifecycle.js';
import { parseOutcome } from '../outcomes.js';
import { decideReceipt, type ReceiptInput } from './receipt.js';

const at = new Date('2026-12-01T09:00:00Z');
const ITEM = '3f2b8c1e-0a4d-4c5e-9f00-1234567890ab';
const TX = '6f2d1c1e-7c1b-4c9a-9a36-2f1f6c0d5a01';

function input(overrides: { state?: ItemState; round?: number; deliveryRound?: number; status?: 'pending' | 'sent'; code?: string; reason?: string } = {}): ReceiptInput {
  return {
    item: { id: ITEM, state: overrides.state ?? 'delivered', round: overrides.round ?? 1 },
    delivery: { round: overrides.deliveryRound ?? 1, status: overrides.status ?? 'sent', destination: 'KSD', transactionId: TX },
    code: overrides.code ?? 'ACCEPTERET',
    ...(overrides.reason ? { reason: overrides.reason } : {}),
    at,
  };
}

describe('decideReceipt', () => {
  it('ACCEPTERET closes a delivered item with a typed receipt decision', () => {
    const decision = decideReceipt(input());
    expect(decision).toMatchObject({ kind: 'commit', effect: 'accepted', commit: { itemId: ITEM, from: 'delivered', to: 'accepted', patch: { error: null }, event: { stage: 'receipt', type: 'accepted' } } });
    if (decision.kind !== 'commit') throw new Error('expected a commit');
    expect(decision.commit.deliverySent).toBeUndefined();
    expect(decision.commit.decision?.stage).toBe('receipt');
    expect(parseOutcome('receipt', decision.commit.decision?.outcome)).toEqual({ v: 1, status: 'accepted', code: 'ACCEPTERET', destination: 'KSD', transactionId: TX });
  });

  it('AFVIST sends the item to the rest mailbox as rejected, with the receiver reason', () => {
    const decision = decideReceipt(input({ code: 'AFVIST', reason: 'hører ikke til her' }));
    expect(decision).toMatchObject({ kind: 'commit', effect: 'returned_to_rest', commit: { from: 'delivered', to: 'rejected', event: { type: 'rejected' } } });
    if (decision.kind !== 'commit') throw new Error('expected a commit');
    expect(decision.commit.patch?.error).toMatchObject({ code: 'deliver.rejected_by_receiver', message: 'KSD answered AFVIST: hører ikke til her', data: { reason: 'hører ikke til her' } });
    expect(parseOutcome('receipt', decision.commit.decision?.outcome)).toMatchObject({ status: 'rejected', code: 'AFVIST', reason: 'hører ikke til her' });
  });

  it('FEJLET makes it a failed shipment', () => {
    const decision = decideReceipt(input({ code: 'FEJLET', reason: 'Modtagersystemet svarer ikke' }));
    expect(decision).toMatchObject({ kind: 'commit', effect: 'failed', commit: { to: 'failed', event: { stage: 'receipt', type: 'failed' }, patch: { error: { code: 'deliver.receiver_failed' } } } });
  });

  it('settles an item whose deliver job still retries (routed) and marks its delivery sent in the same commit', () => {
    const decision = decideReceipt(input({ state: 'routed', status: 'pending' }));
    expect(decision).toMatchObject({ kind: 'commit', commit: { from: 'routed', to: 'accepted', deliverySent: { transactionId: TX, receipt: { code: 'ACCEPTERET', at } } } });
  });

  it('records a receipt for an earlier round once and moves nothing', () => {
    const decision = decideReceipt(input({ state: 'delivered', round: 2, deliveryRound: 1 }));
    expect(decision).toEqual({
      kind: 'event',
      effect: 'noted',
      event: { stage: 'receipt', type: 'receipt_ignored', at, key: `receipt:${TX}:ACCEPTERET`, data: { transactionId: TX, code: 'ACCEPTERET', destination: 'KSD', round: 1, currentRound: 2 } },
    });
  });

  it('never moves a closed or hand-placed item back: a repeat is the same keyed event', () => {
    for (const state of ['accepted', 'rejected', 'parked', 'failed'] as const) {
      const first = decideReceipt(input({ state, code: 'AFVIST' }));
      expect(first).toMatchObject({ kind: 'event', event: { type: 'receipt_ignored', key: `receipt:${TX}:AFVIST`, data: { state } } });
      expect(decideReceipt(input({ state, code: 'AFVIST' }))).toEqual(first);
    }
  });

  it('notes other receipts (AFLEVERET) without moving the item', () => {
    expect(decideReceipt(input({ code: 'AFLEVERET' }))).toMatchObject({ kind: 'event', event: { stage: 'receipt', type: 'receipt', key: `receipt:${TX}:AFLEVERET` } });
  });

  it('only ever proposes moves the lifecycle allows', () => {
    for (const state of ITEM_STATES) {
      for (const code of ['ACCEPTERET', 'AFVIST', 'FEJLET', 'AFLEVERET']) {
        const decision = decideReceipt(input({ state, code }));
        if (decision.kind === 'commit') expect(canTransition(decision.commit.from, decision.commit.to), `${state} on ${code}`).toBe(true);
      }
    }
  });
});
