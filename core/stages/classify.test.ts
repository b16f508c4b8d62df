import { describe, expect, it } from 'vitest';
import type { ExtractedContent, Item, KleCandidate } from '../model.js';
import { parseOutcome } from '../outcomes.js';
import { classifyStage, MAX_STORED_CANDIDATES } from './classify.js';

const item: Item = { id: '3f2b8c1e-0a4d-4c5e-9f00-1234567890ab', tenantId: 'norrea', channel: 'email', state: 'extracted', source: 'imap:post/INBOX', contentSha256: 'a'.repeat(64), size: 900, fileName: '17.eml', receivedAt: new Date(), round: 1 };
const underretning: ExtractedContent = {
  channel: 'email',
  subject: 'Underretning vedr. elev i 4.b',
  sender: { email: 'skoleleder@noerreaa-skole.dk' },
  recipients: [],
  body: 'Vi underretter hermed om en elev, CPR-nr. 010116-1234, som igen er kommet i skole med blå mærker. Jeres ref. 2026-004211.',
  bodySource: 'plain',
  attachments: [],
  metadata: {},
  warnings: [],
};
const candidate = (i: number): KleCandidate => ({ nr: `27.${String(i).padStart(4, '0')}`, score: 1 / (i + 1), reasons: [{ code: 'classify.term', message: `term ${i}` }] });
const portsWith = (candidates: KleCandidate[]) => ({
  clock: { now: () => new Date('2026-12-01T09:00:00Z') },
  classify: () => ({ nr: candidates[0]?.nr ?? null, confidence: 0.93, source: 'classifier' as const, candidates, reasons: [] }),
});
const ports = portsWith([{ nr: '34.10.30', score: 0.93, reasons: [] }]);

describe('classify stage', () => {
  const { commit } = classifyStage(item, underretning, ports);

  it('commits extracted → classified and flags a child-welfare letter as sensitive on the item', () => {
    expect(commit).toMatchObject({ itemId: item.id, from: 'extracted', to: 'classified' });
    expect(commit.patch?.sensitive).toContain('children');
    expect(commit.event.data).toMatchObject({ sensitive: expect.arrayContaining(['children']) });
  });

  it('stores the entities with the CPR serial masked, never the full number', () => {
    expect(commit.decision?.stage).toBe('classify');
    if (commit.decision?.stage !== 'classify') return;
    const entities = commit.decision.outcome.entities as { cpr: { value: string }[]; caseNumbers: { value: string }[] };
    expect(entities.cpr.map((c) => c.value)).toEqual(['010116-XXXX']);
    expect(entities.caseNumbers.map((c) => c.value)).toEqual(['2026-004211']);
    expect(JSON.stringify(commit)).not.toContain('010116-1234');
  });

  it('stores every candidate the classifier returned, and returns exactly what it stores', () => {
    const twelve = Array.from({ length: 12 }, (_, i) => candidate(i));
    const { classification, commit: many } = classifyStage(item, underretning, portsWith(twelve));
    if (many.decision?.stage !== 'classify') throw new Error('no classify decision');
    expect(many.decision.outcome.candidates).toEqual(twelve);
    expect(classification.candidates).toEqual(twelve);
    expect(classification.reasons).toEqual(many.decision.reasons);
  });

  it('stores the handlingsfacet with the classification, readable through the versioned outcome schema', () => {
    const aktindsigt: ExtractedContent = { ...underretning, subject: 'Anmodning om aktindsigt i byggesag', body: 'Jeg beder om aktindsigt i byggesagen for Skovvej 14.' };
    const { classification, commit: stored } = classifyStage(item, aktindsigt, ports);
    expect(classification.facet).toMatchObject({ kind: 'aktindsigt', code: 'A53' });
    if (stored.decision?.stage !== 'classify') throw new Error('no classify decision');
    expect(parseOutcome('classify', JSON.parse(JSON.stringify(stored.decision.outcome))).facet).toMatchObject({ kind: 'aktindsigt', code: 'A53' });
    expect(stored.event.data).toMatchObject({ facet: 'aktindsigt' });
    expect(classifyStage(item, underretning, ports).classification.facet).toBeUndefined();
    expect(parseOutcome('classify', { nr: '34.10.30' }).facet).toBeUndefined();
  });

  it('cuts a runaway candidate list to a sane size and says so', () => {
    const runaway = Array.from({ length: MAX_STORED_CANDIDATES + 50 }, (_, i) => candidate(i));
    const { classification, commit: cut } = classifyStage(item, underretning, portsWith(runaway));
    expect(classification.candidates).toHaveLength(MAX_STORED_CANDIDATES);
    expect(cut.decision?.reasons.map((r) => r.code)).toContain('classify.candidates_cut');
  });
});
