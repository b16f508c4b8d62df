// extract: bytes → text and metadata. Bad input parks the item with a specific reason; it is never dropped.
// Without OCR (the cheap `extract` queue) an item whose text needs OCR is reported as such, by the
// extractor's result: the handler passes it to the `ocr` queue without writing anything.
import { describeError, isBadInput } from '../errors.js';
import type { ExtractedContent, Item, Reason } from '../model.js';
import type { Clock, ContentExtractor, StageCommit } from '../ports.js';
import { reasonCodes } from './stage-result.js';

export type ExtractStageResult =
  | { kind: 'extracted'; content: ExtractedContent; commit: StageCommit }
  | { kind: 'needs-ocr'; pages: number }
  | { kind: 'refused'; reason: Reason; commit: StageCommit };

export async function extractStage(
  item: Item,
  ports: { extractor: ContentExtractor; clock: Clock },
  options: { timeoutMs: number; ocr: boolean },
): Promise<ExtractStageResult> {
  try {
    const input = {
      channel: item.channel,
      fileName: item.fileName,
      blob: { sha256: item.contentSha256, size: item.size },
      ...(item.sidecarSha256 ? { sidecar: { sha256: item.sidecarSha256, size: 0 } } : {}),
    };
    const result = await withTimeout(ports.extractor.extract(input, { ocr: options.ocr }), options.timeoutMs);
    if ('needsOcr' in result) return { kind: 'needs-ocr', pages: result.pages };
    return { kind: 'extracted', content: result, commit: extractedCommit(item, result, ports.clock.now()) };
  } catch (error) {
    const reason = toReason(error, options.timeoutMs);
    return { kind: 'refused', reason, commit: refusedCommit(item, reason, ports.clock.now()) };
  }
}

/** Bad input cannot be fixed by retrying: park it for a person. Anything else is a failure to look at. */
export function refusedCommit(item: Item, reason: Reason, at: Date): StageCommit {
  const state = reason.code.startsWith('extract.unexpected') ? 'failed' : 'parked';
  return {
    itemId: item.id,
    from: item.state,
    to: state,
    patch: { error: reason },
    event: { stage: 'extract', type: state, at, data: { reason: reason.code } },
    decision: { stage: 'extract', outcome: { status: state }, reasons: [reason] },
  };
}

function extractedCommit(item: Item, content: ExtractedContent, at: Date): StageCommit {
  const attachmentSummary = content.attachments.map((a) => ({
    mimeType: a.mimeType,
    size: a.size,
    textSource: a.textSource,
    chars: a.text.length,
    ...(a.problem ? { problem: a.problem.code } : {}),
  }));
  const ocrPages = (content.bodyOcr?.pages ?? 0) + content.attachments.reduce((sum, a) => sum + (a.ocr?.pages ?? 0), 0);
  return {
    itemId: item.id,
    from: item.state,
    to: 'extracted',
    content,
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
        ...(ocrPages > 0 ? { ocrPages } : {}),
      },
    },
    decision: {
      stage: 'extract',
      outcome: { status: 'extracted', bodySource: content.bodySource, attachments: attachmentSummary, ...(ocrPages > 0 ? { ocrPages } : {}) },
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
