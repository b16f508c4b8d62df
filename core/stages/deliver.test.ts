import { describe, expect, it } from 'vitest';
import { assertTransition } from '../lifecycle.js';
import type { Classification, Item } from '../model.js';
import type { DeliveryRecord, StoredDecisionOf } from '../ports.js';
import { deliveredCommit, handoverKle, MAX_RESENDS, overdueAction, refusedCommit, resentCommit } from './deliver.js';

const at = new Date('2026-12-01T09:00:00Z');
const item: Item = { id: '3f2b8c1e-0a4d-4c5e-9f00-1234567890ab', tenantId: 'norrea', channel: 'email', state: 'routed', source: 'imap:post/INBOX', contentSha256: 'a'.repeat(64), size: 900, fileName: '17.eml', receivedAt: at, round: 1 };
const delivery: DeliveryRecord = { itemId: item.id, round: 1, destination: 'KY', transactionId: '7d1e2f3a-0b4c-4d5e-8f60-123456789abc', status: 'sent', attempts: 2 };
const receipt = { code: 'MODTAGET', reference: 'KY-17', at };
const classification: Classification = { nr: '32.18.02', confidence: 0.8, source: 'classifier', candidates: [{ nr: '32.18.02', score: 0.8, reasons: [] }, { nr: '32.18.00', score: 0.3, reasons: [] }], reasons: [] };
const placed = (manual: boolean, kle: string | null): StoredDecisionOf<'route'> => ({
  stage: 'route',
  round: 2,
  outcome: { v: 1, status: 'routed', destination: 'KSD', ruleId: null, trace: [], suggestions: [], manual, kle },
  reasons: [],
  ruleSetVersion: null,
  ruleId: null,
  createdAt: at,
});

describe('deliver decisions', () => {
  it('tells the receiver the emne a person gave, else the classifier’s, with its best candidate as suggestion', () => {
    expect(handoverKle(placed(true, '32.30.04'), classification)).toEqual({ kle: { nr: '32.30.04', confidence: 1 }, kleSuggestion: '32.18.02' });
    expect(handoverKle(placed(false, '32.30.04'), classification)).toEqual({ kle: { nr: '32.18.02', confidence: 0.8 }, kleSuggestion: '32.18.02' });
    expect(handoverKle(undefined, undefined)).toEqual({ kle: { nr: null, confidence: null }, kleSuggestion: null });
  });

  it('hands over an emne inferred from the chosen destination first, with the classifier\'s score for it, never certainty', () => {
    const inferred = (kle: string): StoredDecisionOf<'route'> => { const p = placed(true, kle); return { ...p, outcome: { ...p.outcome, kleInferred: true } }; };
    expect(handoverKle(inferred('32.18.00'), classification)).toEqual({ kle: { nr: '32.18.00', confidence: 0.3 }, kleSuggestion: '32.18.02' });
    expect(handoverKle(inferred('02.34.02'), classification)).toEqual({ kle: { nr: '02.34.02', confidence: null }, kleSuggestion: '32.18.02' });
  });

  it('hands over the emne the routing-safety gate inferred for a parked item as a guess, with its score', () => {
    // The classifier abstained (no emne sure enough); the gate routed by destination probability.
    const abstained: Classification = { ...classification, nr: null, confidence: 0.4 };
    const gated: StoredDecisionOf<'route'> = { ...placed(false, '32.18.00'), round: 1, outcome: { ...placed(false, '32.18.00').outcome, ruleId: 'kle-32.18', kleInferred: true } };
    expect(handoverKle(gated, abstained)).toEqual({ kle: { nr: '32.18.00', confidence: 0.3 }, kleSuggestion: '32.18.02' });
    // A rule's route without an inferred emne hands over the classifier's (here: none).
    expect(handoverKle(placed(false, null), abstained).kle).toEqual({ nr: null, confidence: 0.4 });
  });

  it('delivers in one step: routed → delivered, the delivery marked sent, decision and event with the transaction id', () => {
    const commit = deliveredCommit(item, delivery, receipt, at);
    expect(commit).toMatchObject({ from: 'routed', to: 'delivered', deliverySent: { transactionId: delivery.transactionId, receipt } });
    expect(commit.decision).toMatchObject({ stage: 'deliver', outcome: { status: 'delivered', transactionId: delivery.transactionId, reference: 'KY-17' } });
    expect(commit.event.data).toMatchObject({ transactionId: delivery.transactionId, round: 1, attempt: 2 });
  });

  it('re-sends the same round: delivered → delivered, an event keyed by the attempt, no new decision', () => {
    const commit = resentCommit({ ...item, state: 'delivered' }, { ...delivery, attempts: 5 }, receipt, 2, at);
    expect(commit).toMatchObject({ from: 'delivered', to: 'delivered', deliverySent: { transactionId: delivery.transactionId } });
    expect(commit.decision).toBeUndefined();
    expect(commit.event).toMatchObject({ type: 'resent', key: `resent:${delivery.transactionId}:5`, data: { resend: 2 } });
    expect(() => assertTransition(commit.from, commit.to)).not.toThrow();
  });

  it('waits while the round was sent less than the overdue limit ago: a repeated job sends nothing', () => {
    const delivered = { ...item, state: 'delivered' as const };
    const policy = { maxResends: MAX_RESENDS, overdueMs: 600_000 };
    const sentAt = new Date(at.getTime() - 599_999);
    expect(overdueAction(delivered, { ...delivery, sentAt }, 0, at, policy)).toEqual({ action: 'wait' });
    expect(overdueAction(delivered, { ...delivery, sentAt: new Date(at.getTime() - 600_000) }, 0, at, policy)).toEqual({ action: 'resend', resend: 1 });
  });

  it('re-sends an overdue round a bounded number of times, then fails it with a clear reason', () => {
    const delivered = { ...item, state: 'delivered' as const };
    const policy = { maxResends: MAX_RESENDS, overdueMs: 600_000 };
    const overdue = { ...delivery, sentAt: new Date(at.getTime() - 3_600_000) };
    for (let sent = 0; sent < MAX_RESENDS; sent++) expect(overdueAction(delivered, overdue, sent, at, policy)).toEqual({ action: 'resend', resend: sent + 1 });
    const last = overdueAction(delivered, overdue, MAX_RESENDS, at, policy);
    expect(last.action).toBe('fail');
    if (last.action !== 'fail') return;
    expect(last.commit).toMatchObject({ from: 'delivered', to: 'failed', patch: { error: { code: 'deliver.receipt_missing' } } });
    expect(last.commit.patch?.error?.message).toContain(delivery.transactionId);
    expect(overdueAction(delivered, overdue, 1, at, { ...policy, maxResends: 1 }).action).toBe('fail');
  });

  it('sends a refused item back to the rest mailbox, or fails it; only allowed moves', () => {
    const noReceiver = refusedCommit(item, 'KY', { code: 'deliver.overdragelse_no_receiver', message: 'Ingen modtager' }, at);
    expect(noReceiver).toMatchObject({ from: 'routed', to: 'parked', event: { type: 'returned_to_rest' } });
    const contract = refusedCommit(item, 'KY', { code: 'deliver.overdragelse_contract', message: 'Ugyldig KLE' }, at);
    expect(contract).toMatchObject({ from: 'routed', to: 'failed' });
    const resendRefused = refusedCommit({ ...item, state: 'delivered' }, 'KY', { code: 'deliver.overdragelse_no_receiver', message: 'Ingen modtager' }, at);
    expect(resendRefused).toMatchObject({ from: 'delivered', to: 'failed' });
    for (const commit of [noReceiver, contract, resendRefused]) expect(() => assertTransition(commit.from, commit.to)).not.toThrow();
  });
});
