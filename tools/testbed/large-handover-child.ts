// The measured process for a large hand-over (test/integration/filudveksling.test.ts and the bench):
// `node bin/run-ts.js tools/testbed/large-handover-child.ts '<LargeHandoverRequest JSON>'` hands one
// stored document over with the real Overdragelse handover — Filudveksling to the test SFTP server,
// then FordelingsobjektAfsend to the emulator the parent runs — and prints one JSON line
// (LargeHandoverReport). A process of its own, so its peak RSS (the kernel's VmHWM) is the handover's
// and not the test runner's.
import { readFileSync } from 'node:fs';
import type { ExtractedContent, Item } from '../../core/model.js';
import { createFileBlobStore } from '../../worker/adapters/blob-store.js';
import { createFiludveksling } from '../../worker/adapters/filudveksling/index.js';
import { createOverdragelseHandover } from '../../worker/adapters/handover/overdragelse-handover.js';
import { createOverdragelseClient } from '../../worker/adapters/overdragelse/client.js';
import { testFiludvekslingOptions } from './sftp-test-server.js';

export interface LargeHandoverRequest {
  blobDir: string;
  item: Item;
  transactionId: string;
  kle: string;
  subject: string;
  endpoint: string;
  municipalityCvr: string;
  systemUuid: string;
  inlineLimitBytes: number;
}

export interface LargeHandoverReport {
  code?: string;
  error?: string;
  seconds: number;
  /** RSS after start-up (modules loaded), before the hand-over. */
  baselineRssMb: number;
  /** The process's peak RSS over its whole life (VmHWM), start-up included. */
  peakRssMb: number;
}

const MB = 1024 * 1024;

function vmHwmBytes(): number {
  const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
  if (!match) throw new Error('no VmHWM in /proc/self/status (Linux only)');
  return Number(match[1]) * 1024;
}

async function main(request: LargeHandoverRequest): Promise<LargeHandoverReport> {
  const client = createOverdragelseClient({ endpoint: request.endpoint, municipalityCvr: request.municipalityCvr, systemUuid: request.systemUuid, timeoutMs: 30_000 });
  const filudveksling = createFiludveksling({ ...testFiludvekslingOptions(), timeoutMs: 30_000 });
  const handover = createOverdragelseHandover({
    client,
    blobs: createFileBlobStore(request.blobDir),
    filudveksling,
    inlineLimitBytes: request.inlineLimitBytes,
    checkReceivers: true,
    destination: () => ({}),
  });
  const content: ExtractedContent = {
    channel: 'scan', subject: request.subject, sender: { name: 'Ahmed Ahmadi' }, recipients: [], body: '', bodySource: 'ocr', attachments: [], metadata: {}, warnings: [],
  };
  const item = { ...request.item, receivedAt: new Date(request.item.receivedAt) };
  const baselineRssMb = process.memoryUsage().rss / MB;
  const started = performance.now();
  try {
    const receipt = await handover.deliver({ transactionId: request.transactionId, destination: 'ESDH-SKOLE', item, content, kle: { nr: request.kle, confidence: 0.9 } });
    return { ...(receipt.code ? { code: receipt.code } : {}), seconds: (performance.now() - started) / 1000, baselineRssMb, peakRssMb: vmHwmBytes() / MB };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error), seconds: (performance.now() - started) / 1000, baselineRssMb, peakRssMb: vmHwmBytes() / MB };
  } finally {
    client.close();
    await filudveksling.close();
  }
}

const report = await main(JSON.parse(process.argv[2] ?? '{}') as LargeHandoverRequest);
process.stdout.write(`${JSON.stringify(report)}\n`);
