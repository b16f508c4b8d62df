import { describe, expect, it } from 'vitest';
import type { Classification } from '../core/model.js';
import { DEFAULT_DESTINATION_SAFETY, destinationShares, judgeDestination, requiredProbability, weakTieBreak } from './destination-risk.js';

const TABLE: Record<string, string> = { '32.30.04': 'KSD', '32.30.08': 'KSD', '15.17.06': 'KSD', '27.24.00': 'KY' };
const destinationFor = (nr: string): string | null => TABLE[nr] ?? null;

function classified(confidence: number, scores: [string, number][], source: Classification['source'] = 'classifier'): Classification {
  return { nr: scores[0]![0], confidence, source, candidates: scores.map(([nr, score]) => ({ nr, score, reasons: [] })), reasons: [] };
}

describe('destinationShares', () => {
  it('adds up candidates that route to the same destination', () => {
    const shares = destinationShares(classified(0.6, [['32.30.04', 10], ['32.30.08', 6], ['27.24.00', 2], ['00.01.00', 2]]), destinationFor);
    // The top emne has 0.6; the other 0.4 is shared 6:2:2 out of all scores (20).
    expect(shares[0]).toEqual({ destination: 'KSD', probability: 0.72, emner: ['32.30.04', '32.30.08'] });
    expect(shares.find((s) => s.destination === 'KY')?.probability).toBe(0.04);
    expect(shares.find((s) => s.destination === null)?.emner).toEqual(['00.01.00']);
  });

  it('gives a MeMo metadata emne its own confidence and nothing to the guesses beside it', () => {
    const shares = destinationShares(classified(0.95, [['27.24.00', 1], ['32.30.04', 0.9]], 'metadata'), destinationFor);
    expect(shares).toEqual([{ destination: 'KY', probability: 0.95, emner: ['27.24.00'] }]);
  });

  it('has nothing to say without candidates', () => {
    expect(destinationShares({ nr: null, confidence: 0, source: 'none', candidates: [], reasons: [] }, destinationFor)).toEqual([]);
  });
});

describe('judgeDestination', () => {
  const safety = { ...DEFAULT_DESTINATION_SAFETY, threshold: 0.6 };
  it('routes a likely destination that is clearly ahead', () => {
    const verdict = judgeDestination([{ destination: 'KSD', probability: 0.7, emner: [] }, { destination: 'KY', probability: 0.2, emner: [] }], safety, false);
    expect(verdict).toMatchObject({ safe: true, destination: 'KSD', required: 0.6 });
  });
  it('parks when another destination is close behind', () => {
    const verdict = judgeDestination([{ destination: 'KSD', probability: 0.62, emner: [] }, { destination: 'KY', probability: 0.33, emner: [] }], safety, false);
    expect(verdict).toMatchObject({ safe: false, why: 'close_destinations' });
  });
  it('asks more of a sensitive item', () => {
    expect(requiredProbability(safety, true)).toBe(0.8);
    const verdict = judgeDestination([{ destination: 'KSD', probability: 0.7, emner: [] }], safety, true);
    expect(verdict).toMatchObject({ safe: false, why: 'below_threshold', required: 0.8 });
  });
  it('never routes to "no destination"', () => {
    expect(judgeDestination([{ destination: null, probability: 0.99, emner: [] }], safety, false)).toMatchObject({ safe: false, why: 'no_destination' });
  });
});

describe('weakTieBreak', () => {
  const counted = (signal: string, support: number, decided: boolean, without: string | null) => ({ code: 'classify.ensemble', message: '', data: { counted: [{ signal, support, decided, without }] } });
  const withEnsemble = (nr: string, reason: ReturnType<typeof counted>): Classification => ({ ...classified(0.9, [[nr, 1]]), reasons: [reason] });

  it('finds a weak signal that chose between emner of different destinations', () => {
    expect(weakTieBreak(withEnsemble('32.30.04', counted('learned', 0.12, true, '27.24.00')), destinationFor)).toEqual({ signal: 'learned', support: 0.12, without: '27.24.00', destination: 'KY' });
  });

  it('ignores a tie-break within one destination, a signal that is sure on its own, and one that decided nothing', () => {
    expect(weakTieBreak(withEnsemble('32.30.04', counted('learned', 0.12, true, '32.30.08')), destinationFor)).toBeUndefined();
    expect(weakTieBreak(withEnsemble('32.30.04', counted('learned', 0.6, true, '27.24.00')), destinationFor)).toBeUndefined();
    expect(weakTieBreak(withEnsemble('32.30.04', counted('learned', 0.12, false, '32.30.04')), destinationFor)).toBeUndefined();
    expect(weakTieBreak(classified(0.9, [['32.30.04', 1]]), destinationFor)).toBeUndefined();
  });
});
