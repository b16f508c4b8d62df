// Decision rows read back through the outcome schemas: typed by stage, older rows upgraded, and a row no
// schema accepts refused instead of being used.
import { describe, expect, it } from 'vitest';
import { InvalidOutcomeError } from '../core/outcomes.js';
import { toStoredDecision, type DecisionRow } from './stored-decision.js';

const row = (overrides: Partial<DecisionRow>): DecisionRow => ({
  stage: 'route',
  round: 1,
  outcome: { v: 1, status: 'routed', destination: 'KY', ruleId: 'R1' },
  reasons: [{ code: 'route.rule_matched', message: 'R1' }],
  ruleSetVersion: 'v3',
  ruleId: 'R1',
  createdAt: new Date('2026-03-02T08:00:00Z'),
  ...overrides,
});

describe('toStoredDecision', () => {
  it('reads a route row as a typed route decision with its defaults filled in', () => {
    const decision = toStoredDecision(row({}));
    expect(decision.stage).toBe('route');
    if (decision.stage !== 'route') throw new Error('not a route decision');
    expect(decision.outcome).toEqual({ v: 1, status: 'routed', destination: 'KY', ruleId: 'R1', trace: [], suggestions: [] });
    expect(decision).toMatchObject({ round: 1, ruleSetVersion: 'v3', ruleId: 'R1', reasons: [{ code: 'route.rule_matched', message: 'R1' }] });
  });

  it('reads a row written before versioning (no v) as version 1', () => {
    const decision = toStoredDecision(row({ stage: 'classify', outcome: { nr: '32.30.04', confidence: 0.9, source: 'classifier' }, round: 2 }));
    if (decision.stage !== 'classify') throw new Error('not a classify decision');
    expect(decision.outcome).toMatchObject({ v: 1, nr: '32.30.04', candidates: [], sensitive: [] });
    expect(decision.round).toBe(2);
  });

  it('refuses an outcome no schema version accepts, and reasons that are not reasons', () => {
    expect(() => toStoredDecision(row({ outcome: { status: 'teleported' } }))).toThrow(InvalidOutcomeError);
    expect(() => toStoredDecision(row({ outcome: { v: 1, status: 'routed', destination: 42 } }))).toThrow(InvalidOutcomeError);
    expect(() => toStoredDecision(row({ reasons: [{ code: 'x' }] as unknown as DecisionRow['reasons'] }))).toThrow();
  });
});
