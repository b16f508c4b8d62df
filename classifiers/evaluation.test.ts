import { describe, expect, it } from 'vitest';
import { evaluate, formatEvalReport, type EvalPrediction, type GoldLabel } from './evaluation.js';

const gold: GoldLabel[] = [
  { file: 'items/a.eml', channel: 'email', kle: '32.30.04', kle_ok: ['32.30.00'] },
  { file: 'items/b.eml', channel: 'email', kle: '09.13.01' },
  { file: 'items/c.xml', channel: 'digitalpost', kle: '02.34.02' },
  { file: 'items/d.pdf', channel: 'scan', kle: null }, // a newsletter: no emne fits
];
const p = (file: string, nr: string | null, confidence: number, candidates: string[]): EvalPrediction => ({ file, channel: '', nr, confidence, source: 'classifier', candidates });

describe('evaluate', () => {
  const report = evaluate(gold, [
    p('items/a.eml', '32.30.00', 0.95, ['32.30.00', '32.30.04']), // right through kle_ok, covered
    p('items/b.eml', null, 0.6, ['09.13.00', '09.13.01']), // parked; best guess wrong emne, right group, top-3 right
    p('items/c.xml', '02.34.24', 0.85, ['02.34.24', '02.34.02']), // covered and wrong
    p('items/d.pdf', null, 0.2, ['00.14.00']), // abstained: right for post without an emne
  ]);

  it('scores the best guess, also of parked items, and abstention on post without an emne', () => {
    expect(report.total).toEqual({ items: 4, emneTop1: 0.5, emneTop3: 1, group: 1, coverage: 0.5, precision: 0.5 });
    expect(report.errors.map((e) => e.file)).toEqual(['items/b.eml', 'items/c.xml']);
  });

  it('breaks down by channel and counts missing predictions as wrong', () => {
    expect(report.byChannel.email).toMatchObject({ items: 2, emneTop1: 0.5, coverage: 0.5 });
    const missing = evaluate(gold.slice(0, 1), []);
    expect(missing.total).toMatchObject({ emneTop1: 0, coverage: 0 });
  });

  it('puts every item into one reliability bin', () => {
    expect(report.reliability.reduce((n, b) => n + b.items, 0)).toBe(4);
    expect(report.reliability.find((b) => b.from === 0.9)).toMatchObject({ items: 1, accuracy: 1 });
    expect(formatEvalReport(report, 0.8)).toContain('| **all** | 4 | 50.0 % | 100.0 % | 100.0 % | 50.0 % | 50.0 % |');
  });
});
