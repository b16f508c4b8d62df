// The ensemble: one ranked list from every signal that has something to say — trusted metadata and
// the OS2KLE/everyday terms (the base classifier), the learned model, the sender's history, and a case
// number quoted from earlier post. Signals that agree on an emne strengthen each other (noisy-OR of
// their weighted support); the winner's combined support is the raw confidence that calibration turns
// into a probability. With no learned model and no history this is exactly the base classifier.
// A signal's support for an emne is weight × score × reliability: the reliability is the signal's own
// statement of how much it knows of that emne (the learned model: n/(n+k) for n confirmed items, see
// learned/learned-signal.ts), so a model that has seen an emne twice only breaks ties. The reason names
// what each signal counted for the winner and whether it decided the emne (the winner without it).
// A signal that is not fairly sure on its own breaks ties within the gruppe the evidence points at; it does
// not move the item to another gruppe (keepGruppeAgainstWeakSignals).
import type { ExtractedContent, KleCandidate, Reason } from '../core/model.js';
import type { KleClassifier } from '../core/ports.js';
import { groupOf } from './kle-catalog.js';

export interface SignalResult {
  candidates: KleCandidate[];
  reasons: Reason[];
  /** Per emne, 0–1: how much the signal's score may count (absent: fully). */
  reliability?: Readonly<Record<string, number>>;
}

export type Signal = (content: ExtractedContent) => SignalResult;

export interface EnsembleSignal {
  name: 'learned' | 'sender' | 'case';
  /** How far this signal alone may be trusted: its support is `weight × score × reliability`. */
  weight: number;
  signal: Signal;
}

export interface EnsembleOptions {
  maxCandidates?: number;
}

const round = (value: number): number => Math.round(value * 1000) / 1000;
/** A signal this sure on its own decides the emne; below it, it breaks ties. */
export const DECISIVE_SUPPORT = 0.5;

export function createEnsembleClassifier(base: KleClassifier, signals: readonly EnsembleSignal[], options: EnsembleOptions = {}): KleClassifier {
  const maxCandidates = options.maxCandidates ?? 10;
  return (content) => {
    const baseResult = base(content);
    const results = signals.map((s) => ({ ...s, result: s.signal(content) })).filter((s) => s.result.candidates.length > 0);
    // Valid MeMo metadata is the sender's own statement; other signals only inform the suggestions.
    if (results.length === 0 || baseResult.source === 'metadata') return baseResult;

    const support = new Map<string, { doubt: number; parts: Record<string, number>; title?: string; reasons: Reason[] }>();
    const add = (candidate: KleCandidate, name: string, value: number) => {
      const entry = support.get(candidate.nr) ?? { doubt: 1, parts: {}, reasons: [] };
      entry.doubt *= 1 - Math.min(0.99, Math.max(0, value));
      entry.parts[name] = round(value);
      entry.title ??= candidate.title;
      entry.reasons.push(...candidate.reasons.slice(0, 3));
      support.set(candidate.nr, entry);
    };
    // The base classifier's confidence belongs to its top emne; the others keep their share of its score.
    const baseTop = baseResult.candidates[0]?.score ?? 0;
    for (const [index, candidate] of baseResult.candidates.entries()) {
      const share = baseTop > 0 ? candidate.score / baseTop : 0;
      add(candidate, 'terms', index === 0 && baseResult.nr !== null ? baseResult.confidence : Math.min(baseResult.confidence || 0.3, 0.3) * share);
    }
    for (const { name, weight, result } of results) {
      for (const candidate of result.candidates) add(candidate, name, weight * candidate.score * (result.reliability?.[candidate.nr] ?? 1));
    }

    const { ranked, kept } = keepGruppeAgainstWeakSignals(
      [...support.entries()].map(([nr, s]) => ({ nr, confidence: 1 - s.doubt, ...s })).sort((a, b) => b.confidence - a.confidence || a.nr.localeCompare(b.nr)),
      results.map(({ name }) => name),
    );
    const top = ranked[0]!;
    const candidates: KleCandidate[] = ranked.slice(0, maxCandidates).map((r) => ({
      nr: r.nr,
      ...(r.title ? { title: r.title } : {}),
      score: round(r.confidence),
      reasons: r.reasons,
    }));
    const counted = results.map(({ name }) => countedFor(name, top, ranked));
    const reasons: Reason[] = [
      ...baseResult.reasons,
      ...results.flatMap((r) => r.result.reasons),
      ...(kept
        ? [{
            code: 'classify.weak_signal_other_gruppe',
            message: `the ${kept.signal} signal alone (support ${kept.support}, below ${DECISIVE_SUPPORT}) would have made ${kept.nr} of another gruppe the winner; a tie-break does not move the item out of the gruppe the evidence points at`,
            data: { ...kept, kept: top.nr },
          }]
        : []),
      {
        code: 'classify.ensemble',
        message: `${top.nr} has the strongest combined evidence (${Object.entries(top.parts).map(([k, v]) => `${k} ${v}`).join(', ')}); ${counted.map(describeCounted).join('; ')}`,
        data: { nr: top.nr, support: top.parts, counted },
      },
    ];
    // A base abstention for lack of evidence stands unless another signal alone is fairly sure.
    const enough = baseResult.nr !== null || Object.entries(top.parts).some(([k, v]) => k !== 'terms' && v >= DECISIVE_SUPPORT);
    return enough
      ? { nr: top.nr, confidence: round(top.confidence), source: 'classifier', candidates, reasons }
      : { nr: null, confidence: round(top.confidence), source: baseResult.source, candidates, reasons };
  };
}

/**
 * A signal that is not fairly sure on its own (support below DECISIVE_SUPPORT: a learned model that has seen
 * an emne once or twice, a sender history of three letters) may reorder emner within the gruppe the
 * evidence points at, but not move the item to another gruppe: KLE's vocabulary tells grupper apart well and
 * emner within a gruppe less well, which is where a tie-break helps. If such a signal alone made an emne of
 * another gruppe the winner, the winner without it stays first with its own combined confidence (so the
 * candidate list is then not in score order).
 */
function keepGruppeAgainstWeakSignals<T extends Ranked & { confidence: number }>(ranked: T[], names: readonly string[]): { ranked: T[]; kept?: { signal: string; support: number; nr: string } } {
  const top = ranked[0];
  if (!top) return { ranked };
  for (const name of names) {
    const count = countedFor(name, top, ranked);
    if (!count.decided || count.support >= DECISIVE_SUPPORT || count.without === null || groupOf(count.without) === groupOf(top.nr)) continue;
    const kept = ranked.find((r) => r.nr === count.without);
    if (kept) return { ranked: [kept, ...ranked.filter((r) => r !== kept)], kept: { signal: name, support: count.support, nr: top.nr } };
  }
  return { ranked };
}

interface Ranked {
  nr: string;
  doubt: number;
  parts: Record<string, number>;
}

/** What one signal counted for the winner: its support, and the winner had it said nothing. */
export interface SignalCount {
  signal: string;
  support: number;
  /** The signal made `top` the winner: without it `without` would have been. */
  decided: boolean;
  without: string | null;
}

function countedFor(name: string, top: Ranked, ranked: readonly Ranked[]): SignalCount {
  // Leaving a signal out divides its factor out of each emne's doubt; an emne it alone supported drops out.
  const without = ranked
    .map((r) => {
      const part = r.parts[name] ?? 0;
      const others = Object.keys(r.parts).some((k) => k !== name);
      return { nr: r.nr, confidence: others ? 1 - r.doubt / (1 - Math.min(0.99, Math.max(0, part))) : 0 };
    })
    .filter((r) => r.confidence > 0)
    .sort((a, b) => b.confidence - a.confidence || a.nr.localeCompare(b.nr))[0];
  const winner = without?.nr ?? null;
  return { signal: name, support: top.parts[name] ?? 0, decided: winner !== top.nr, without: winner };
}

function describeCounted(c: SignalCount): string {
  if (c.decided) return `the ${c.signal} signal decided it (${c.support}; without it: ${c.without ?? 'no emne'})`;
  return c.support > 0 ? `the ${c.signal} signal added ${c.support} and did not change the emne` : `the ${c.signal} signal did not support it`;
}
