// The in-process pipeline: extract → classify → route → (deliver | park), one item at a time.
// Each stage's result is written before the next starts, so a crash leaves the item in a known state.
import { describeError } from './errors.js';
import type { Classification, Item, Reason, Stage, Suggestion } from './model.js';
import type { PipelinePorts } from './ports.js';
import { classifyStage } from './stages/classify.js';
import { extractStage } from './stages/extract.js';
import { routeStage } from './stages/route.js';
import { applyStageResult } from './stages/stage-result.js';

/** One line of `fordeler process --json`: the contract other tools rely on (architecture guide). */
export interface ItemReport {
  source: string;
  itemId: string;
  channel: Item['channel'];
  kle: {
    nr: string | null;
    confidence: number;
    source: Classification['source'];
    candidates: { nr: string; score: number }[];
  };
  decision: {
    status: 'routed' | 'parked' | 'failed';
    destination: string | null;
    ruleId: string | null;
    reasons: Reason[];
  };
  suggestions: Suggestion[];
  /** Special-category topics found (`children`, `health`, `criminal`). */
  sensitive: string[];
  subject?: string;
}

export interface PipelineOptions {
  /** Upper bound for extracting one item (parsing, PDF rendering, OCR). */
  extractTimeoutMs: number;
}

export const DEFAULT_PIPELINE_OPTIONS: PipelineOptions = { extractTimeoutMs: 120_000 };

const NO_KLE: ItemReport['kle'] = { nr: null, confidence: 0, source: 'none', candidates: [] };

export async function processItem(
  item: Item,
  ports: PipelinePorts,
  options: PipelineOptions = DEFAULT_PIPELINE_OPTIONS,
): Promise<ItemReport> {
  const base = { source: item.source, itemId: item.id, channel: item.channel };
  let stage: Stage = 'extract';
  try {
    const extracted = await extractStage(item, ports, { timeoutMs: options.extractTimeoutMs });
    if (!extracted.ok) {
      await applyStageResult(ports.items, extracted.result);
      const status = extracted.result.state === 'failed' ? 'failed' : 'parked';
      return { ...base, kle: NO_KLE, decision: { status, destination: null, ruleId: null, reasons: [extracted.reason] }, suggestions: [], sensitive: [] };
    }
    const { content } = extracted;
    // Content before state: an item marked `extracted` always has its content.
    await ports.items.saveExtracted(item.id, content);
    await applyStageResult(ports.items, extracted.result);

    stage = 'classify';
    const { classification, result: classified } = classifyStage(item, content, ports);
    await applyStageResult(ports.items, classified);

    stage = 'route';
    const routed = await routeStage(item, content, classification, ports);
    await applyStageResult(ports.items, routed.result);

    return {
      ...base,
      ...(content.subject ? { subject: content.subject } : {}),
      kle: {
        nr: classification.nr,
        confidence: round(classification.confidence),
        source: classification.source,
        candidates: classification.candidates.slice(0, 5).map((c) => ({ nr: c.nr, score: round(c.score) })),
      },
      decision: {
        status: routed.decision.status,
        destination: routed.decision.destination,
        ruleId: routed.decision.ruleId,
        reasons: [...classification.reasons.slice(0, 3), ...routed.decision.reasons],
      },
      suggestions: routed.suggestions,
      sensitive: classified.patch?.sensitive ?? [],
    };
  } catch (error) {
    // A defect or an unavailable store: the item is marked failed (visible), never lost.
    const reason: Reason = { code: `${stage}.unexpected_error`, message: describeError(error) };
    await markFailed(item, stage, ports, reason);
    return { ...base, kle: NO_KLE, decision: { status: 'failed', destination: null, ruleId: null, reasons: [reason] }, suggestions: [], sensitive: [] };
  }
}

async function markFailed(item: Item, stage: Stage, ports: PipelinePorts, reason: Reason): Promise<void> {
  try {
    await applyStageResult(ports.items, {
      itemId: item.id,
      state: 'failed',
      patch: { error: reason },
      event: { stage, type: 'failed', at: ports.clock.now(), data: { reason: reason.code } },
    });
  } catch {
    // The store itself is failing; the caller still reports the item as failed.
  }
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
