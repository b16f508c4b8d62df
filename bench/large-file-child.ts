// The measured process of the large-file benchmark (bench/large-file.ts starts one per phase with
// `node --expose-gc bin/run-ts.js bench/large-file-child.ts '<request JSON>'`). It runs one phase on
// the big e-mail and prints one JSON line (ChildReport) on stdout; logs go to stderr. A process of
// its own, so the parent's heap (the corpus benchmark, the message it APPENDed) is not in the numbers.
import { createReadStream, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { isBadInput } from '../core/errors.js';
import type { BlobRef } from '../core/model.js';
import type { CheckpointStore, Ocr, SourceCheckpoint } from '../core/ports.js';
import { testImapAccount } from '../tools/testbed/imap-test-server.js';
import { createBenchItemStore } from './large-file-items.js';
import { createFileBlobStore } from '../worker/adapters/blob-store.js';
import { createDocumentTextExtractor } from '../worker/adapters/documents.js';
import { createContentExtractor } from '../worker/adapters/extract/index.js';
import { createLogger } from '../worker/runtime/logger.js';
import { createImapSources, parseImapAccount } from '../worker/sources/imap/index.js';
import { createIntake } from '../worker/sources/intake.js';

export type ChildRequest =
  | { phase: 'imap'; blobDir: string; warmupPath: string; accountId: string; mailbox: string; processedFolder: string; timeoutMs: number }
  | { phase: 'extract'; blobDir: string; warmupPath: string; email: BlobRef; maxEmailBytes?: number };

export interface Measurement {
  seconds: number;
  baselineRssMb: number;
  /** Highest `process.memoryUsage().rss` seen (every 50 ms) minus the baseline. */
  peakRssGrowthMb: number;
  /** The kernel's high-water mark (VmHWM, reset at the baseline) minus the baseline: catches peaks between samples. */
  hwmGrowthMb?: number;
  /** Highest summed RSS of the child processes started meanwhile (the pdf.js text child), not in the numbers above. */
  childProcessesPeakRssMb?: number;
  samples: number;
}

export interface ExtractedAttachmentSummary {
  name: string;
  mimeType: string;
  textSource: string;
  textChars: number;
  problem?: string;
  blob?: BlobRef;
  /** Size of the attachment's file in the blob store. */
  blobFileBytes?: number;
}

export type ChildReport = { measurement: Measurement } & (
  | { phase: 'imap'; stored?: BlobRef; items: number }
  | { phase: 'extract'; refused?: { code: string; message: string }; subject?: string; bodyChars?: number; attachments: ExtractedAttachmentSummary[]; warnings: string[] }
);

const MB = 1024 * 1024;
const SAMPLE_MS = 50;
const TENANT = 'bench';

const forceGc = (globalThis as { gc?: () => void }).gc;

/** Linux-only extras: VmHWM and children's RSS. Elsewhere they are left out (undefined), not faked. */
function statusKb(path: string, field: string): number | undefined {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(path, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

function childPids(): string[] | undefined {
  try {
    return readdirSync('/proc/self/task').flatMap((tid) => readFileSync(`/proc/self/task/${tid}/children`, 'utf8').split(/\s+/).filter(Boolean));
  } catch {
    return undefined;
  }
}

/** Summed RSS of the children started since `before` was listed (tsx's esbuild service is older). */
function newChildrenRss(before: ReadonlySet<string>): number | undefined {
  const pids = childPids()?.filter((pid) => !before.has(pid));
  // A child that exits between listing and reading simply counts 0.
  return pids?.reduce((sum, pid) => sum + (statusKb(`/proc/${pid}/status`, 'VmRSS') ?? 0), 0);
}

async function settle(): Promise<void> {
  // Two rounds: finalizers freed by the first collection are reclaimed by the second.
  for (let round = 0; round < 2; round++) {
    forceGc?.();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Starts sampling after a GC; stop() returns the peaks over the baseline taken here. */
async function startSampler(): Promise<{ stop(): Measurement }> {
  await settle();
  try {
    // "5" resets VmHWM to the current RSS (Linux ≥ 4.0), so the high-water mark is this phase's alone.
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    // not Linux, or not permitted: hwmGrowthMb is then left out below
  }
  const baseline = process.memoryUsage().rss;
  const hwmBaseline = statusKb('/proc/self/status', 'VmHWM');
  const hwmUsable = hwmBaseline !== undefined && hwmBaseline <= baseline + 4 * MB;
  const olderChildren = new Set(childPids() ?? []);
  let peak = baseline;
  let childrenPeak = newChildrenRss(olderChildren);
  let samples = 0;
  const sample = (): void => {
    peak = Math.max(peak, process.memoryUsage().rss);
    const children = newChildrenRss(olderChildren);
    if (children !== undefined) childrenPeak = Math.max(childrenPeak ?? 0, children);
    samples++;
  };
  const timer = setInterval(sample, SAMPLE_MS);
  const started = performance.now();
  return {
    stop() {
      const seconds = (performance.now() - started) / 1000;
      clearInterval(timer);
      sample();
      const hwm = hwmUsable ? statusKb('/proc/self/status', 'VmHWM') : undefined;
      return {
        seconds,
        baselineRssMb: baseline / MB,
        peakRssGrowthMb: (peak - baseline) / MB,
        ...(hwm !== undefined ? { hwmGrowthMb: (hwm - baseline) / MB } : {}),
        ...(childrenPeak !== undefined ? { childProcessesPeakRssMb: childrenPeak / MB } : {}),
        samples,
      };
    },
  };
}

async function imapPhase(request: Extract<ChildRequest, { phase: 'imap' }>): Promise<ChildReport> {
  const blobs = createFileBlobStore(request.blobDir);
  const items = createBenchItemStore(TENANT);
  const intake = createIntake({ blobs, items, clock: { now: () => new Date() }, startPipeline: async () => undefined });
  // Warm-up outside the measurement: the first blob write, hashing and item row allocate once.
  await intake.receive({ channel: 'email', source: 'bench:warmup', fileName: 'warmup.eml', bytes: createReadStream(request.warmupPath) });

  // The source moves a message and only then advances the checkpoint past it: so the first
  // checkpoint above UID 0 says "stored and moved", without a second IMAP connection in this process.
  let settled!: () => void;
  const movedAndCheckpointed = new Promise<void>((resolve) => (settled = resolve));
  const saved = new Map<string, SourceCheckpoint>();
  const checkpoints: CheckpointStore = {
    async get(tenantId, source) {
      return saved.get(`${tenantId} ${source}`);
    },
    async set(tenantId, source, checkpoint) {
      saved.set(`${tenantId} ${source}`, { ...checkpoint });
      if (checkpoint.lastUid > 0) settled();
    },
  };
  const account = parseImapAccount({ ...testImapAccount(request.accountId, [request.mailbox], request.processedFolder), pollSeconds: 60 });
  const [source] = createImapSources([account], { intake, checkpoints, tenantId: TENANT, logger: createLogger(process.env.LOG_LEVEL ?? 'warn') });
  if (!source) throw new Error('no IMAP source was created');

  const sampler = await startSampler();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the message was not stored and moved within ${request.timeoutMs / 1000} s`)), request.timeoutMs);
  });
  try {
    await source.start();
    await Promise.race([movedAndCheckpointed, timedOut]);
  } finally {
    clearTimeout(timer);
  }
  const measurement = sampler.stop();
  await source.stop();
  const stored = items.created().filter((item) => item.source === source.name);
  const first = stored[0];
  return { phase: 'imap', measurement, items: stored.length, ...(first ? { stored: { sha256: first.contentSha256, size: first.size } } : {}) };
}

async function extractPhase(request: Extract<ChildRequest, { phase: 'extract' }>): Promise<ChildReport> {
  const blobs = createFileBlobStore(request.blobDir);
  // No OCR: the PDF has a text layer, and a page that wanted OCR anyway should show up as a failure.
  const ocr: Ocr = {
    recognize: async () => {
      throw new Error('OCR is switched off in the large-file benchmark');
    },
  };
  const limits = request.maxEmailBytes === undefined ? {} : { maxEmailBytes: request.maxEmailBytes };
  const extractor = createContentExtractor({ blobs, documents: createDocumentTextExtractor({ ocr }), limits });
  // Warm-up outside the measurement: mailparser, the PDF text child and their first allocations.
  const warmup = await blobs.put(createReadStream(request.warmupPath));
  await extractor.extract({ channel: 'email', fileName: 'warmup.eml', blob: warmup });

  const sampler = await startSampler();
  try {
    const content = await extractor.extract({ channel: 'email', fileName: 'large.eml', blob: request.email });
    const measurement = sampler.stop();
    const attachments = await Promise.all(
      content.attachments.map(async (attachment): Promise<ExtractedAttachmentSummary> => ({
        name: attachment.name,
        mimeType: attachment.mimeType,
        textSource: attachment.textSource,
        textChars: attachment.text.length,
        ...(attachment.problem ? { problem: attachment.problem.code } : {}),
        ...(attachment.blob ? { blob: attachment.blob, blobFileBytes: (await stat(blobs.pathOf(attachment.blob.sha256))).size } : {}),
      })),
    );
    return {
      phase: 'extract',
      measurement,
      ...(content.subject ? { subject: content.subject } : {}),
      bodyChars: content.body.length,
      attachments,
      warnings: content.warnings.map((warning) => warning.code),
    };
  } catch (error) {
    // A refusal (a limit, malformed input) is a result of this phase, not a crash of the benchmark.
    if (!isBadInput(error)) throw error;
    return { phase: 'extract', measurement: sampler.stop(), refused: { code: error.code, message: error.message }, attachments: [], warnings: [] };
  }
}

const request = JSON.parse(process.argv[2] ?? '{}') as ChildRequest;
if (!forceGc) console.error('large-file-child: run with --expose-gc for a settled baseline');
const report = request.phase === 'imap' ? await imapPhase(request) : await extractPhase(request);
process.stdout.write(`${JSON.stringify(report)}\n`);
// Open handles (a pdf.js child finishing, imapflow timers) must not keep the benchmark waiting.
process.exit(0);
