import { describe, expect, it } from 'vitest';
import { calibrate, fitCalibration, fitPlatt } from './calibration.js';

describe('calibration', () => {
  it('fits a rising curve: higher raw scores are more often right', () => {
    const points = [
      ...Array.from({ length: 40 }, (_, i) => ({ raw: 0.5 + i / 100, correct: true })),
      ...Array.from({ length: 10 }, (_, i) => ({ raw: 0.05 + i / 100, correct: i > 7 })),
    ];
    const { a, b } = fitPlatt(points);
    expect(a).toBeGreaterThan(0);
    const p = (raw: number) => 1 / (1 + Math.exp(-(a * raw + b)));
    expect(p(0.8)).toBeGreaterThan(0.9);
    expect(p(0.1)).toBeLessThan(0.5);
  });

  it('never promises certainty from a sample without errors', () => {
    const { a, b } = fitPlatt(Array.from({ length: 30 }, (_, i) => ({ raw: i / 30, correct: true })));
    const p = (raw: number) => 1 / (1 + Math.exp(-(a * raw + b)));
    expect(p(1)).toBeLessThan(0.99);
  });

  it('calibrates per source and leaves sources without a curve unchanged', () => {
    const points = Array.from({ length: 20 }, (_, i) => ({ source: 'classifier' as const, raw: i / 20, correct: i >= 6 }));
    const calibration = fitCalibration(points, 'test corpus, 20 items');
    expect(Object.keys(calibration.curves)).toEqual(['classifier']);
    expect(calibrate(calibration, 'classifier', 0.9)).toBeGreaterThan(calibrate(calibration, 'classifier', 0.2));
    expect(calibrate(calibration, 'metadata', 0.95)).toBe(0.95);
    expect(calibrate(undefined, 'classifier', 0.42)).toBe(0.42);
  });
});
