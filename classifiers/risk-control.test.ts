import { describe, expect, it } from 'vitest';
import { chooseThreshold, decisionsNeeded, type ScoredDecision } from './risk-control.js';

const right = (probability: number): ScoredDecision => ({ probability, wrong: false });
const wrong = (probability: number): ScoredDecision => ({ probability, wrong: true });

describe('chooseThreshold (conformal risk control)', () => {
  it('keeps the default, and says why, while there are too few decisions for the target', () => {
    expect(decisionsNeeded(0.01)).toBe(99);
    const choice = chooseThreshold(Array.from({ length: 98 }, () => right(0.99)), { target: 0.01, fallback: 0.8 });
    expect(choice).toMatchObject({ threshold: 0.8, method: 'default', decisions: 98, bound: null });
    expect(choice.note).toMatch(/98 confirmed decisions; at least 99/);
  });

  it('chooses the lowest probability at which (misroutes + 1) / (n + 1) stays within the target', () => {
    // 199 decisions: 1 wrong at 0.6, 1 wrong at 0.95, the rest right between 0.55 and 0.99.
    const decisions = [wrong(0.6), wrong(0.95), ...Array.from({ length: 197 }, (_, i) => right(0.55 + (i % 45) / 100))];
    const choice = chooseThreshold(decisions, { target: 0.01, fallback: 0.8 });
    // Above 0.6 one misroute is left: (1 + 1) / 200 = 1 %; at 0.6 it would be 1.5 %.
    expect(choice.method).toBe('conformal');
    expect(choice.bound).toBe(0.01);
    expect(choice.threshold).toBeGreaterThan(0.6);
    expect(decisions.filter((d) => d.wrong && d.probability >= choice.threshold)).toHaveLength(1);
  });

  it('never goes below the floor, however clean the sample', () => {
    const decisions = Array.from({ length: 500 }, (_, i) => right((i % 100) / 100));
    expect(chooseThreshold(decisions, { target: 0.01, fallback: 0.8, floor: 0.5 }).threshold).toBe(0.5);
  });

  it('routes nothing on the classifier when even its surest decisions miss the target', () => {
    const decisions = Array.from({ length: 200 }, (_, i) => (i % 10 === 0 ? wrong(0.99) : right(0.99)));
    const choice = chooseThreshold(decisions, { target: 0.01, fallback: 0.8 });
    expect(choice.threshold).toBeGreaterThan(1);
    expect(choice.note).toMatch(/nothing is routed/);
  });

  it('refuses a target that is not a rate', () => {
    expect(() => chooseThreshold([], { target: 0, fallback: 0.8 })).toThrow(/between 0 and 1/);
  });
});
