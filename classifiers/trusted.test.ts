import { describe, expect, it } from 'vitest';
import type { Classification, ExtractedContent } from '../core/model.js';
import type { Calibration } from './calibration.js';
import { withTrustThreshold } from './trusted.js';

const content = { channel: 'email', body: 'Jeg har været syg siden mandag', bodySource: 'plain', attachments: [], sender: {}, recipients: [], metadata: {}, warnings: [] } as unknown as ExtractedContent;
const fixed = (classification: Classification) => () => classification;
const sick: Classification = {
  nr: '32.30.04',
  confidence: 0.4,
  source: 'classifier',
  candidates: [
    { nr: '32.30.04', score: 0.4, reasons: [] },
    { nr: '15.17.06', score: 0.2, reasons: [] },
  ],
  reasons: [],
};
const calibration: Calibration = { version: 1, fittedOn: 'test', curves: { classifier: { a: 10, b: -3, n: 50 } } };

describe('trust threshold', () => {
  it('keeps a classification whose calibrated confidence reaches the threshold', () => {
    const result = withTrustThreshold(fixed(sick), { calibration, threshold: 0.7 })(content);
    expect(result.nr).toBe('32.30.04');
    expect(result.confidence).toBeCloseTo(1 / (1 + Math.exp(-1)), 3);
  });

  it('parks one below the threshold with its candidates and a reason', () => {
    const result = withTrustThreshold(fixed(sick), { calibration, threshold: 0.9 })(content);
    expect(result.nr).toBeNull();
    expect(result.candidates.map((c) => c.nr)).toEqual(['32.30.04', '15.17.06']);
    expect(result.reasons.at(-1)).toMatchObject({ code: 'classify.below_threshold', data: { nr: '32.30.04', threshold: 0.9 } });
  });

  it('passes an abstention through unchanged', () => {
    const none: Classification = { nr: null, confidence: 0, source: 'none', candidates: [], reasons: [] };
    expect(withTrustThreshold(fixed(none))(content)).toEqual(none);
  });
});
