import { describe, expect, it } from 'vitest';
import { canTransition, ITEM_STATES, REST_MAILBOX_STATES, type ItemState } from '../lifecycle.js';
import { parseOutcome } from '../outcomes.js';
import { mayRedistribute, planRedistribution, type RedistributionRequest } from './redistribute.js';

const at = new Date('2026-12-01T09:00:00Z');
const ITEM = '3f2b8c1e-0a4d-4c5e-9f00-1234567890ab';

const request = (state: ItemState, overrides: Partial<RedistributionRequest> = {}): RedistributionRequest => ({
  item: { id: ITEM, state, round: 1, destination: 'KSD' },
  toDestination: 'DUBU',
  by: 'jens.hansen@noerreaa.dk',
  via: 'api',
  kleNr: '27.24.00',
  at,
  ...overrides,
});

describe('re-distribution', () => {
  it('refuses items still on their first way through the pipeline, or being handed over', () => {
    for (const state of ['received', 'extracted', 'classified', 'routed'] as const) {
      expect(mayRedistribute(state)).toBe(false);
      expect(planRedistribution(request(state))).toMatchObject({ kind: 'refused', reason: 'in_progress', message: expect.stringContaining(`(${state})`) });
    }
  });

  it('places items from the rest mailbox (parked and rejected) and delivered, accepted or failed ones', () => {
    for (const state of [...REST_MAILBOX_STATES, 'delivered', 'accepted', 'failed'] as const) expect(mayRedistribute(state), state).toBe(true);
  });

  it('starts the next round in routed with a manual route decision and the person as the reason', () => {
    const plan = planRedistribution(request('rejected'));
    if (plan.kind !== 'commit') throw new Error('expected a commit');
    expect(plan).toMatchObject({ round: 2, fromDestination: 'KSD' });
    expect(plan.commit).toMatchObject({
      itemId: ITEM,
      from: 'rejected',
      to: 'routed',
      nextRound: true,
      patch: { destination: 'DUBU', error: null },
      event: { stage: 'route', type: 'redistributed', at, data: { from: 'KSD', to: 'DUBU', by: 'jens.hansen@noerreaa.dk', via: 'api', round: 2, kle: '27.24.00' } },
    });
    expect(plan.commit.decision?.reasons).toEqual([expect.objectContaining({ code: 'route.redistributed', message: 'Re-distributed to DUBU by jens.hansen@noerreaa.dk (api), from KSD' })]);
    expect(parseOutcome('route', plan.commit.decision?.outcome)).toMatchObject({ v: 1, status: 'routed', destination: 'DUBU', manual: true, kle: '27.24.00', by: 'jens.hansen@noerreaa.dk' });
  });

  it('names no earlier destination for an item that was never routed, and no KLE when none was confirmed', () => {
    const plan = planRedistribution(request('parked', { item: { id: ITEM, state: 'parked', round: 3, destination: null }, kleNr: null }));
    if (plan.kind !== 'commit') throw new Error('expected a commit');
    expect(plan.round).toBe(4);
    expect(plan.commit.event.data).toEqual({ from: null, to: 'DUBU', by: 'jens.hansen@noerreaa.dk', via: 'api', round: 4 });
    expect(plan.commit.decision?.reasons[0]?.message).toBe('Re-distributed to DUBU by jens.hansen@noerreaa.dk (api)');
  });

  it('marks an emne inferred from the destination as inferred, in the decision and the event; a given one is not', () => {
    const plan = planRedistribution(request('parked', { kleInferred: true }));
    if (plan.kind !== 'commit') throw new Error('expected a commit');
    expect(parseOutcome('route', plan.commit.decision?.outcome)).toMatchObject({ kle: '27.24.00', kleInferred: true });
    expect(plan.commit.event.data).toMatchObject({ kle: '27.24.00', kleInferred: true });
    const given = planRedistribution(request('parked'));
    if (given.kind !== 'commit') throw new Error('expected a commit');
    expect(parseOutcome('route', given.commit.decision?.outcome)).not.toHaveProperty('kleInferred');
  });

  it('only ever proposes moves the lifecycle allows', () => {
    for (const state of ITEM_STATES) {
      const plan = planRedistribution(request(state));
      if (plan.kind === 'commit') expect(canTransition(plan.commit.from, plan.commit.to), state).toBe(true);
    }
  });
});
