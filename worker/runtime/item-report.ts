// A `fordeler process` report line, built from what the stages stored — the classification, the route
// decision, the decision of the stage that parked or failed the item — so the report says exactly what
// the database says, whichever process ran the stages.
import { isInputState } from '../../core/lifecycle.js';
import type { Classification, Reason } from '../../core/model.js';
import type { DecisionStage } from '../../core/outcomes.js';
import type { ItemStore, StoredDecision } from '../../core/ports.js';
import type { ItemReport } from '../../core/report-contract.js';

const NO_KLE: ItemReport['kle'] = { nr: null, confidence: 0, source: 'none', candidates: [] };
/** Reported candidates and classifier reasons (the contract's size, as before). */
const REPORTED_CANDIDATES = 5;
const REPORTED_CLASSIFY_REASONS = 3;
const SENSITIVE = new Set(['children', 'health', 'criminal']);
/** Stages whose decision may have parked or failed an item, in the order they run. */
const DECIDING_STAGES: readonly DecisionStage[] = ['ingest', 'extract', 'classify', 'route'];

export async function buildItemReport(items: ItemStore, itemId: string, source: string): Promise<ItemReport> {
  const item = await items.getItem(itemId);
  if (!item) return failedReport({ source, itemId, channel: 'scan' }, { code: 'process.item_missing', message: `Item ${itemId} is not in the database` });
  const base = { source, itemId, channel: item.channel };
  const [content, classification, classified, route] = await Promise.all([
    items.getExtracted(itemId),
    items.latestClassification(itemId),
    items.latestDecision(itemId, 'classify'),
    items.latestDecision(itemId, 'route'),
  ]);
  const common = {
    ...base,
    ...(content?.subject ? { subject: content.subject } : {}),
    kle: classification ? reportedKle(classification) : NO_KLE,
    sensitive: (classified?.outcome.sensitive ?? []).filter((flag) => SENSITIVE.has(flag)),
  };
  if (isInputState('extract', item.state) || isInputState('classify', item.state) || isInputState('route', item.state)) {
    return { ...common, decision: failed({ code: 'process.unfinished', message: `Processing stopped before the item was routed (state ${item.state})` }), suggestions: [] };
  }
  if (route && route.outcome.status !== 'failed' && item.state !== 'failed') {
    return {
      ...common,
      decision: {
        status: route.outcome.status,
        destination: route.outcome.destination,
        ruleId: route.outcome.ruleId,
        reasons: [...(classification?.reasons ?? []).slice(0, REPORTED_CLASSIFY_REASONS), ...route.reasons],
      },
      suggestions: route.outcome.suggestions,
    };
  }
  // Parked by bad input or failed: the newest decision that said so carries the reason.
  const stopped = await stoppingDecision(items, itemId);
  const status = item.state === 'parked' ? 'parked' : 'failed';
  const reasons = stopped?.reasons.length ? stopped.reasons : [{ code: `process.${status}`, message: `The item was ${status} without a stored reason` }];
  return { ...common, decision: { status, destination: null, ruleId: null, reasons }, suggestions: [] };
}

/** The report for a file that never became an item (it could not be read or stored). */
export function failedReport(base: Pick<ItemReport, 'source' | 'itemId' | 'channel'>, reason: Reason): ItemReport {
  return { ...base, kle: NO_KLE, decision: failed(reason), suggestions: [], sensitive: [] };
}

function failed(reason: Reason): ItemReport['decision'] {
  return { status: 'failed', destination: null, ruleId: null, reasons: [reason] };
}

function reportedKle(classification: Classification): ItemReport['kle'] {
  return {
    nr: classification.nr,
    confidence: round(classification.confidence),
    source: classification.source,
    candidates: classification.candidates.slice(0, REPORTED_CANDIDATES).map((c) => ({ nr: c.nr, score: round(c.score) })),
  };
}

async function stoppingDecision(items: ItemStore, itemId: string): Promise<StoredDecision | undefined> {
  const decisions = await Promise.all(DECIDING_STAGES.map((stage) => items.latestDecision(itemId, stage)));
  // Newest first; on the same instant the later stage wins.
  return decisions
    .reverse()
    .filter((d): d is StoredDecision => d !== undefined && (d.outcome.status === 'failed' || d.outcome.status === 'parked'))
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
