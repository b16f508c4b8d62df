// A large scanned letter in a blob store, and the child process that hands it over (large-handover-child.ts):
// shared by test/integration/filudveksling.test.ts and the benchmark (so it lives in tools/, not test/).
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import type { Item } from '../../core/model.js';
import type { BlobStore } from '../../core/ports.js';
import type { LargeHandoverReport, LargeHandoverRequest } from './large-handover-child.js';
import { readGreyPng, scannedLetterPdf } from './scanned-pdf.js';

export type { LargeHandoverReport, LargeHandoverRequest } from './large-handover-child.js';

const repoRoot = resolve(import.meta.dirname, '../..');

/** Samples' scanned letter ("Ansøgning om fri fra skole", KLE 17.20.03), the first page of the big PDF. */
export const SCANNED_LETTER = { png: join(repoRoot, 'samples/post/d0017.png'), kle: '17.20.03', subject: 'Ansøgning om fri fra skole' };

/** Writes the scanned letter padded to about `bytes` into the blob store, streaming, and returns its item. */
export async function storeScannedLetter(blobs: BlobStore, bytes: number, fileName = 'ansoegning-fri-fra-skole-med-bilag.pdf'): Promise<Item> {
  const blob = await blobs.put(Readable.from(scannedLetterPdf(readGreyPng(SCANNED_LETTER.png), bytes)));
  return {
    id: randomUUID(), tenantId: 'noerreaa', channel: 'scan', state: 'routed', round: 1, source: 'scan:nordscan', contentSha256: blob.sha256, size: blob.size,
    fileName, receivedAt: new Date(),
  };
}

/** Runs the hand-over in `node bin/run-ts.js tools/testbed/large-handover-child.ts`; its last stdout line is the report. */
export function runLargeHandoverChild(request: LargeHandoverRequest, timeoutMs = 120_000): Promise<LargeHandoverReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin/run-ts.js'), join(repoRoot, 'tools/testbed/large-handover-child.ts'), JSON.stringify(request)], {
      cwd: repoRoot,
      // Not 'inherit': a child left running must not hold the test runner's stderr (and `x=$(npm test)`).
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderrTail = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderrTail = `${stderrTail}${chunk}`.slice(-4000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const last = stdout.trim().split('\n').pop();
      if (code !== 0 || !last) return reject(new Error(`the hand-over child stopped (${signal ?? `exit ${code}`}) without a report; its stderr ended:\n${stderrTail}`));
      try {
        resolve(JSON.parse(last) as LargeHandoverReport);
      } catch (error) {
        reject(new Error(`the hand-over child's report is not JSON: ${last.slice(0, 200)}`, { cause: error }));
      }
    });
  });
}
