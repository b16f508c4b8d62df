import { describe, expect, it } from 'vitest';
import { scorePredictions, type GoldItem, type Prediction } from './scoring.js';

const gold: GoldItem[] = [
  { file: 'items/a.eml', channel: 'email', kle: '32.30.04', kle_ok: ['32.30.00'], group: '32.30', route: 'KSD', difficulty: 'easy' },
  { file: 'items/b.xml', channel: 'digitalpost', kle: '28.09.40', group: '28.09', route: 'rest', difficulty: 'easy' },
  { file: 'items/c.pdf', channel: 'scan', kle: null, group: null, route: 'rest', difficulty: 'hard' },
  { file: 'items/d.eml', channel: 'email', kle: '09.13.01', group: '09.13', route: 'ESDH-BYG', difficulty: 'medium' },
];

const predict = (source: string, nr: string | null, status: string, destination: string | null, candidates: string[] = []): Prediction => ({
  source,
  kle: { nr, candidates: candidates.map((c, i) => ({ nr: c, score: 1 - i / 10 })) },
  decision: { status, destination },
});

describe('scorePredictions', () => {
  it('counts kle_ok, groups, routes, rest precision and missing items', () => {
    const report = scorePredictions(gold, [
      predict('/x/a.eml', '32.30.00', 'routed', 'KSD', ['32.30.00']),
      predict('b.xml', '28.09.12', 'parked', null, ['28.09.12', '28.09.40']),
      predict('c.pdf', null, 'parked', null),
    ]);
    const t = report.total;
    expect(t.items).toBe(4);
    expect(t.missing).toBe(1);
    expect(t.emneTop1).toBeCloseTo(2 / 4);
    expect(t.emneTop3).toBeCloseTo(3 / 4);
    expect(t.group).toBeCloseTo(3 / 4);
    expect(t.correctRoute).toBeCloseTo(3 / 4);
    expect(t.misrouted).toBe(0);
    expect(t.restPrecision).toBe(1);
    expect(t.restRecall).toBe(1);
    expect(report.byChannel.email?.items).toBe(2);
  });

  it('counts a route to the wrong destination as a misroute and failures as such', () => {
    const report = scorePredictions(gold.slice(0, 1), [predict('a.eml', '32.24.04', 'routed', 'KY')]);
    expect(report.total.misrouted).toBe(1);
    expect(report.total.correctRoute).toBe(0);
    const failed = scorePredictions(gold.slice(3), [predict('d.eml', null, 'failed', null)]);
    expect(failed.total.failed).toBe(1);
    expect(failed.total.group).toBe(0);
  });
});
