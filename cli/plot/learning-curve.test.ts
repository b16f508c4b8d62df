import { describe, expect, it } from 'vitest';
import type { CurvePoint, LearningCurve } from '../../classifiers/online-replay.js';
import { learningCurveSvg, SERIES } from './learning-curve.js';

const point = (from: number, to: number, top1: number, routableRecall: number | null): CurvePoint => ({ from, to, items: to - from + 1, top1, automation: top1 / 2, misroute: 0.1, routable: routableRecall === null ? 0 : 3, routableRecall });
const curve: LearningCurve = {
  windowSize: 5,
  windows: [point(1, 5, 0.2, null), point(6, 10, 0.8, 0.5)],
  cumulative: [point(1, 5, 0.2, null), point(1, 10, 0.5, 0.5)],
  steps: [],
};

describe('learningCurveSvg', () => {
  it('draws every series with Danish axis labels and a title naming the corpus and the number of items', () => {
    const svg = learningCurveSvg(curve, { corpus: 'dev', baseline: curve });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    for (const name of Object.values(SERIES)) expect(svg).toContain(name);
    expect(svg).toContain('Online genafspilning af dev, 10 breve');
    expect(svg).toContain('Breve behandlet');
    expect(svg).toContain('Andel (%)');
    // The per-window series are dashed, the cumulative ones solid.
    expect(svg).toContain('stroke-dasharray');
  });

  it('leaves the baseline out of the legend when there is none', () => {
    expect(learningCurveSvg(curve, { corpus: 'dev' })).not.toContain(SERIES.top1Baseline);
  });
});
