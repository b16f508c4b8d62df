// A reply quoting a case number inherits that case's KLE: "Jeres ref. 2026-004211" in a citizen's
// answer points at the case the municipality wrote from. Two sources: case numbers of earlier,
// confirmed items (the case index), and case numbers that carry their KLE themselves (27.36.04-G01-…).
import type { ExtractedContent, KleCandidate, Reason } from '../core/model.js';
import { extractEntities } from './entities/index.js';
import type { KleCatalog } from './kle-catalog.js';

/** Case number → the emne items quoting it were confirmed as. */
export type CaseIndex = ReadonlyMap<string, string>;

export function caseCandidates(index: CaseIndex, catalog: Pick<KleCatalog, 'isCurrentEmne' | 'title'>, content: ExtractedContent): { candidates: KleCandidate[]; reasons: Reason[] } {
  const seen = new Map<string, KleCandidate>();
  for (const reference of extractEntities(content).caseNumbers) {
    const known = index.get(reference.value);
    const nr = known ?? reference.kle;
    if (!nr || !catalog.isCurrentEmne(nr) || seen.has(nr)) continue;
    const how = known ? 'earlier post on this case was confirmed as' : 'the case number itself carries KLE';
    seen.set(nr, {
      nr,
      ...(catalog.title(nr) ? { title: catalog.title(nr) } : {}),
      // A known case is strong evidence; a KLE-shaped number someone typed is a little less.
      score: known ? 0.9 : 0.75,
      reasons: [{ code: 'classify.case_reference', message: `${reference.cue} ${reference.value}: ${how} ${nr}`, data: { kind: reference.kind, nr, known: Boolean(known) } }],
    });
  }
  return { candidates: [...seen.values()], reasons: [] };
}
