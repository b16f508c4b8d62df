// extract: bytes → text and metadata. Bad input parks the item with a specific reason; it is never dropped.
import { describeError, isBadInput } from '../errors.js';
import type { ExtractedContent, Item, Reason } from '../model.js';
import type { Clock, ContentExtractor } from '../ports.js';
import type { StageResult } from './stage-result.js';
import { reasonCodes } from './stage-result.js';

export type ExtractOutcome =
  | { ok: true; content: ExtractedContent; result: StageResult }
  | { ok: false; reason: Reason; result: StageResult };

export async function extractStage(
  item: Item,
  ports: { extractor: ContentExtractor; clock: Clock },
  options: { timeoutMs: number },
): Promise<ExtractOutcome> {
  try {
    const content = await withTimeout(
      ports.extractor.extract({
        channel: item.channel,
        fileName: item.fileName,
        blob: { sha256: item.contentSha256, size: item.size },
        ...(item.sidecarSha256 ? { sidecar: { sha256: item.sidecarSha256, size: 0 } } : {}),
      }),
      options.timeoutMs,
    );
    return { ok: true, content, result: extractedResult(item, content, ports.clock.now()) };
  } catch (error) {
    const reason = toReason(error, options.timeoutMs);
    // Bad input cannot be fixed by retrying: park it for a person. Anything else is a failure to look at.
    const state = reason.code.startsWith('extract.unexpected') ? 'failed' : 'parked';
    return {
      ok: false,
      reason,
      result: {
        itemId: item.id,
        state,
        patch: { error: reason },
        event: { stage: 'extract', type: state, at: ports.clock.now(), data: { reason: reason.code } },
        decision: { stage: 'extract', outcome: { status: state }, reasons: [reason] },
      },
    };
  }
}

function extractedResult(item: Item, content: ExtractedContent, at: Date): StageResult {
  const attachmentSummary = content.attachments.map((a) => ({
    mimeType: a.mimeType,
    size: a.size,
    textSource: a.textSource,
    chars: a.text.length,
    ...(a.problem ? { problem: a.problem.code } : {}),
  }));
  return {
    itemId: item.id,
    state: 'extracted',
    patch: { subject: content.subject ?? null },
    event: {
      stage: 'extract',
      type: 'extracted',
      at,
      data: {
        bodySource: content.bodySource,
        bodyChars: content.body.length,
        attachments: attachmentSummary,
        warnings: reasonCodes(content.warnings),
      },
    },
    decision: {
      stage: 'extract',
      outcome: { bodySource: content.bodySource, attachments: attachmentSummary },
      reasons: content.warnings,
    },
  };
}

export class StageTimeoutError extends Error {}

function toReason(error: unknown, timeoutMs: number): Reason {
  if (isBadInput(error)) return error.toReason('extract');
  if (error instanceof StageTimeoutError) {
    return { code: 'extract.timeout', message: `Extraction took longer than ${timeoutMs / 1000} s and was stopped`, data: { timeoutMs } };
  }
  return { code: 'extract.unexpected_error', message: `Unexpected error during extraction: ${describeError(error)}` };
}

/** Bounds a stage in time; adapters kill their own child processes, this guards the pipeline. */
export async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StageTimeoutError(`timeout after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
