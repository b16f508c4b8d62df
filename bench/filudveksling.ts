// Filudveksling benchmark: one 200 MiB scanned PDF handed over through the real Overdragelse handover —
// SFTP upload to the test server (test/services/sftp.sh) and FordelingsobjektAfsend naming it — in a child
// process of its own (tools/testbed/large-handover-child.ts) that reports its peak RSS. Skipped when the
// SFTP server is not running.
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileBlobStore } from '../worker/adapters/blob-store.js';
import { startFkEmulator } from '../tools/fk-emulator/emulator.js';
import { SCANNED_LETTER, runLargeHandoverChild, storeScannedLetter } from '../tools/testbed/large-handover.js';
import { sftpTestServer } from '../tools/testbed/sftp-test-server.js';
import { markdownTable } from './table.js';

const MB = 1024 * 1024;
export const FILUDVEKSLING_BYTES = 200 * MB;

export interface FiludvekslingBenchResult {
  status: 'ok' | 'failed' | 'skipped';
  detail: string;
  bytes?: number;
  seconds?: number;
  baselineRssMb?: number;
  peakRssMb?: number;
}

export async function benchFiludveksling(bytes = FILUDVEKSLING_BYTES): Promise<FiludvekslingBenchResult> {
  if (!existsSync(sftpTestServer.privateKeyFile) || !(await sshAnswers(sftpTestServer.host, sftpTestServer.port))) {
    return { status: 'skipped', detail: 'SFTP test server not running: run bash test/services/sftp.sh start' };
  }
  const work = await mkdtemp(join(tmpdir(), 'fordeler-bench-sftp-'));
  const fk = await startFkEmulator({
    receivers: [{ kle: '17.*', system: { uuid: randomUUID(), name: 'ESDH Skole' } }],
    delays: { acceptMs: 20 },
    filudvekslingDir: sftpTestServer.uploadDir,
    log: () => {},
  });
  const transactionId = randomUUID();
  const remote = join(sftpTestServer.uploadDir, `${transactionId}.pdf`);
  try {
    const blobDir = join(work, 'blobs');
    const item = await storeScannedLetter(createFileBlobStore(blobDir), bytes);
    const report = await runLargeHandoverChild({
      blobDir, item, transactionId, kle: SCANNED_LETTER.kle, subject: SCANNED_LETTER.subject,
      endpoint: fk.endpoint, municipalityCvr: '65916169', systemUuid: randomUUID(), inlineLimitBytes: 10 * MB,
    });
    const measured = { bytes: item.size, seconds: report.seconds, baselineRssMb: report.baselineRssMb, peakRssMb: report.peakRssMb };
    if (report.error) return { status: 'failed', detail: report.error.slice(0, 200), ...measured };
    const document = fk.stats().documents[transactionId];
    const problems = [
      ...(report.code === 'MODTAGET' ? [] : [`answer ${report.code}`]),
      ...(document?.size === item.size && document.via === 'filudveksling' ? [] : ['the emulator did not find the uploaded file']),
      ...((await sha256File(remote)) === item.contentSha256 ? [] : ['uploaded bytes differ']),
    ];
    return { status: problems.length ? 'failed' : 'ok', detail: problems.join('; ') || 'uploaded byte-identical, named in DokumentFilNavn', ...measured };
  } finally {
    await fk.close();
    await rm(remote, { force: true });
    await rm(work, { recursive: true, force: true });
  }
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** True when something on host:port greets like an SSH server. */
function sshAnswers(host: string, port: number, timeoutMs = 2_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (answers: boolean) => {
      socket.destroy();
      resolve(answers);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('data', (banner) => done(banner.toString('latin1').startsWith('SSH-2.0-')));
    socket.once('error', () => done(false));
  });
}

export function formatFiludvekslingBench(result: FiludvekslingBenchResult): string {
  const fixed = (value: number | undefined, digits = 0) => (value === undefined ? '–' : value.toFixed(digits));
  const table = markdownTable(
    ['document', 'status', 's', 'MiB/s', 'baseline RSS MB', 'peak RSS (VmHWM) MB', 'detail'],
    [[
      result.bytes ? `${(result.bytes / MB).toFixed(1)} MiB scanned PDF` : '–',
      result.status,
      fixed(result.seconds, 1),
      result.bytes && result.seconds ? (result.bytes / MB / result.seconds).toFixed(0) : '–',
      fixed(result.baselineRssMb),
      fixed(result.peakRssMb),
      result.detail,
    ]],
  );
  return [
    'Filudveksling: one scanned PDF handed over to the FK emulator by SFTP (OpenSSH on loopback) and named in DokumentFilNavn, in a',
    'child process of its own; peak RSS is its whole-life VmHWM, start-up included; the seconds include FordelingsmodtagerList and FordelingsobjektAfsend.',
    '',
    table,
  ].join('\n');
}
