import { describe, expect, it } from 'vitest';
import type { Classification, ExtractedContent, Item } from '../../core/model.js';
import type { DecisionStage, OutcomeOf } from '../../core/outcomes.js';
import { parseOutcome } from '../../core/outcomes.js';
import type { ItemStore, StoredDecisionOf } from '../../core/ports.js';
import { ItemReportSchema } from '../../core/report-contract.js';
import { buildItemReport } from './item-report.js';

type Stored = { [S in DecisionStage]?: StoredDecisionOf<S> };

function decision<S extends DecisionStage>(stage: S, outcome: unknown, reasons: { code: string; message: string }[], at: number, ruleId: string | null = null): StoredDecisionOf<S> {
  return { stage, round: 1, outcome: parseOutcome(stage, outcome) as OutcomeOf<S>, reasons, ruleSetVersion: null, ruleId, createdAt: new Date(at) };
}

function store(state: Item['state'], decisions: Stored, classification?: Classification, subject?: string): ItemStore {
  const item = { id: 'i1', tenantId: 't', channel: 'email', state, source: 'file:/x.eml', contentSha256: 'a', size: 1, fileName: 'x.eml', receivedAt: new Date(0), round: 1 } satisfies Item;
  return {
    getItem: async () => item,
    getExtracted: async () => (subject ? ({ subject } as ExtractedContent) : undefined),
    latestClassification: async () => classification,
    latestDecision: async (_id: string, stage: DecisionStage) => decisions[stage],
  } as unknown as ItemStore;
}

const classification: Classification = {
  nr: '32.30.04',
  confidence: 0.91234,
  source: 'classifier',
  candidates: [
    { nr: '32.30.04', score: 0.91234, reasons: [] },
    { nr: '32.30.02', score: 0.05, reasons: [] },
  ],
  reasons: ['a', 'b', 'c', 'd'].map((code) => ({ code: `classify.${code}`, message: `reason ${code}` })),
};

describe('a process report from the stored decisions', () => {
  it('reports a routed item: KLE rounded, top classifier reasons then the route reasons, subject and sensitivity', async () => {
    const items = store(
      'routed',
      {
        classify: decision('classify', { nr: '32.30.04', confidence: 0.91234, source: 'classifier', sensitive: ['health'] }, classification.reasons, 2),
        route: decision('route', { status: 'routed', destination: 'KSD', ruleId: 'kle:32.30.*' }, [{ code: 'route.rule_matched', message: 'matched 32.30.*' }], 3, 'kle:32.30.*'),
      },
      classification,
      'Sygedagpenge',
    );
    const report = await buildItemReport(items, 'i1', 'post/x.eml');
    expect(ItemReportSchema.safeParse(report).error).toBeUndefined();
    expect(report).toMatchObject({
      source: 'post/x.eml',
      subject: 'Sygedagpenge',
      kle: { nr: '32.30.04', confidence: 0.912, source: 'classifier', candidates: [{ nr: '32.30.04', score: 0.912 }, { nr: '32.30.02', score: 0.05 }] },
      decision: { status: 'routed', destination: 'KSD', ruleId: 'kle:32.30.*' },
      sensitive: ['health'],
    });
    expect(report.decision.reasons.map((r) => r.code)).toEqual(['classify.a', 'classify.b', 'classify.c', 'route.rule_matched']);
  });

  it('reports an item parked at extraction with the extractor’s reason and no KLE', async () => {
    const reason = { code: 'extract.pdf_encrypted', message: 'The PDF is encrypted' };
    const items = store('parked', { extract: decision('extract', { status: 'parked' }, [reason], 1) });
    const report = await buildItemReport(items, 'i1', 'x.pdf');
    expect(report.kle).toEqual({ nr: null, confidence: 0, source: 'none', candidates: [] });
    expect(report.decision).toEqual({ status: 'parked', destination: null, ruleId: null, reasons: [reason] });
  });

  it('reports a failed item with the newest failing decision, not an earlier stage’s', async () => {
    const items = store(
      'failed',
      {
        extract: decision('extract', { status: 'parked' }, [{ code: 'extract.old', message: 'an earlier round' }], 1),
        route: decision('route', { status: 'failed' }, [{ code: 'route.retries_exhausted', message: 'route failed after all retries' }], 5),
      },
      classification,
    );
    const report = await buildItemReport(items, 'i1', 'x.eml');
    expect(report.decision).toMatchObject({ status: 'failed', reasons: [{ code: 'route.retries_exhausted' }] });
  });

  it('says so when the item stopped before it was routed', async () => {
    const report = await buildItemReport(store('extracted', {}), 'i1', 'x.eml');
    expect(report.decision).toMatchObject({ status: 'failed', reasons: [{ code: 'process.unfinished' }] });
  });
});
