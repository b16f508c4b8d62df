// Filudveksling (SFTP) against the real OpenSSH server from test/services/sftp.sh, and the Overdragelse
// handover with it against the FK emulator: uploads appear only when complete, repeats are safe, wrong
// settings are configuration errors, a dropped connection is re-opened, and a 200 MB scanned PDF is
// handed over by reference in a child process whose peak RSS stays below the size of the file.
import { createHash, randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { chown, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readPdfText } from '../../worker/adapters/pdf/pdf-child-runner.js';
import { createFileBlobStore } from '../../worker/adapters/blob-store.js';
import { FiludvekslingConfigError, createFiludveksling, type Filudveksling } from '../../worker/adapters/filudveksling/index.js';
import { createOverdragelseHandover } from '../../worker/adapters/handover/overdragelse-handover.js';
import { createOverdragelseClient } from '../../worker/adapters/overdragelse/client.js';
import { startFkEmulator, type FkEmulator } from '../../tools/fk-emulator/emulator.js';
import { SCANNED_LETTER, runLargeHandoverChild, storeScannedLetter } from '../../tools/testbed/large-handover.js';
import { sftpTestServer, testFiludvekslingOptions } from '../../tools/testbed/sftp-test-server.js';

const MB = 1024 * 1024;
const CVR = '65916169';
const SYSTEM = '5d0a2c1b-8e7f-4a6b-9c3d-1e2f3a4b5c6d';
const ESDH_SKOLE = { uuid: '2b7e4c1d-9a3f-4d8e-b6c5-1a0f9e8d7c6b', name: 'ESDH Skole' };
/** The scanned letter with its enclosures: 200 MiB, well above any inline limit. */
const LARGE_BYTES = 200 * MB;
/**
 * The hand-over child's whole-life peak RSS must stay below the file it uploads: holding the document
 * (let alone its base64) would put it above baseline + 200 MiB. Measured ~110 MiB, most of it Node and
 * tsx start-up (~80 MiB).
 */
const PEAK_RSS_LIMIT_MB = 200;

const uploaded = (name: string) => join(sftpTestServer.uploadDir, name);
const sha256File = async (path: string) => {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
};
const bytes = (text: string, repeat = 1) => Buffer.from(text.repeat(repeat), 'utf8');

let work: string;
const made: string[] = [];
beforeAll(async () => {
  if (!existsSync(sftpTestServer.privateKeyFile)) throw new Error('The test SFTP server is not set up: run `bash test/services/sftp.sh start`');
  work = await mkdtemp(join(tmpdir(), 'fordeler-filudveksling-'));
});
afterAll(async () => {
  await Promise.all(made.map((name) => rm(uploaded(name), { force: true })));
  await rm(work, { recursive: true, force: true });
});
const uniqueName = (extension = '.pdf') => {
  const name = `${randomUUID()}${extension}`;
  made.push(name, `${name}.part`);
  return name;
};

describe('Filudveksling over SFTP', () => {
  let sftp: Filudveksling;
  beforeAll(() => {
    sftp = createFiludveksling(testFiludvekslingOptions());
  });
  afterAll(() => sftp.close());

  it('uploads to <name>.part and renames it, so the name appears only when the file is complete', async () => {
    const name = uniqueName();
    const letter = bytes('Kære Nørreå Kommune. Jeg søger om byggetilladelse til en carport på Kirkevej 59. ', 4_000);
    const seen: { final: boolean; part: boolean }[] = [];
    async function* slowly() {
      for (let at = 0; at < letter.length; at += 64 * 1024) {
        yield letter.subarray(at, at + 64 * 1024);
        // Halfway, look at the server's folder: only the .part file may be there.
        if (at === 128 * 1024) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          seen.push({ final: existsSync(uploaded(name)), part: existsSync(uploaded(`${name}.part`)) });
        }
      }
    }
    expect(await sftp.exists(name)).toBe(false);
    expect(await sftp.put(name, () => Readable.from(slowly()), letter.length)).toEqual({ remoteName: name });
    expect(seen).toEqual([{ final: false, part: true }]);
    expect((await readFile(uploaded(name))).equals(letter)).toBe(true);
    expect(existsSync(uploaded(`${name}.part`))).toBe(false);
    expect(await sftp.exists(name)).toBe(true);
  });

  it('keeps a complete file on a repeated put, and replaces what a crash left behind', async () => {
    const name = uniqueName();
    const letter = bytes('Partshøring vedr. ejendomsskat 2026, ejendomsnr. 751-123456. ', 1_000);
    await sftp.put(name, () => Readable.from([letter]), letter.length);
    const before = await stat(uploaded(name));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const again = await sftp.put(name, () => {
      throw new Error('a complete file must not be uploaded again');
    }, letter.length);
    expect(again).toEqual({ remoteName: name });
    expect((await stat(uploaded(name))).mtimeMs).toBe(before.mtimeMs);

    // A crash mid-upload: a stale half .part, and a final file of the wrong size from an older attempt,
    // both owned by the SFTP user as its own uploads would be.
    const crashed = uniqueName();
    const owner = await stat(sftpTestServer.uploadDir);
    for (const [path, length] of [[uploaded(`${crashed}.part`), 100], [uploaded(crashed), 2_000]] as const) {
      await writeFile(path, letter.subarray(0, length));
      await chown(path, owner.uid, owner.gid);
    }
    await sftp.put(crashed, () => Readable.from([letter]), letter.length);
    expect((await readFile(uploaded(crashed))).equals(letter)).toBe(true);
    expect(existsSync(uploaded(`${crashed}.part`))).toBe(false);
  });

  it('refuses a source that is shorter than announced, and never names the half file', async () => {
    const name = uniqueName();
    const error = await sftp.put(name, () => Readable.from([bytes('kun halvdelen')]), 10_000).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/read 13 bytes of .*, expected 10000/);
    expect(error).not.toBeInstanceOf(FiludvekslingConfigError);
    expect(existsSync(uploaded(name))).toBe(false);
  });

  it('reports a missing remote folder, a refused key and a wrong host key as configuration errors, never the key', async () => {
    const missing = join(sftpTestServer.uploadDir, 'findes-ikke');
    const noFolder = createFiludveksling(testFiludvekslingOptions({ remoteDir: missing }));
    const folderError = await noFolder.put('brev.pdf', () => Readable.from([bytes('x')]), 1).catch((e: unknown) => e);
    await noFolder.close();
    expect(folderError).toBeInstanceOf(FiludvekslingConfigError);
    expect((folderError as Error).message).toBe(`Filudveksling 127.0.0.1:${sftpTestServer.port}: the remote folder ${missing} does not exist`);

    const otherKey = join(work, 'not_authorized_ed25519');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', otherKey]);
    const refused = createFiludveksling(testFiludvekslingOptions({ privateKeyFile: otherKey }));
    const authError = await refused.exists('brev.pdf').catch((e: unknown) => e);
    await refused.close();
    expect(authError).toBeInstanceOf(FiludvekslingConfigError);
    expect((authError as Error).message).toBe(`Filudveksling 127.0.0.1:${sftpTestServer.port}: user fordeler-sftp was refused (key authentication failed); check username and privateKeyFile`);
    const keyBody = readFileSync(otherKey, 'utf8').split('\n').slice(1, -2).join('');
    expect(JSON.stringify({ message: (authError as Error).message, stack: (authError as Error).stack })).not.toContain(keyBody.slice(0, 40));

    const spoofed = createFiludveksling(testFiludvekslingOptions({ hostKeySha256: 'SHA256:2xYq0bL0cDq3rU1Hh0m1n2o3p4q5r6s7t8u9v0w1x2y' }));
    const hostError = await spoofed.exists('brev.pdf').catch((e: unknown) => e);
    await spoofed.close();
    expect(hostError).toBeInstanceOf(FiludvekslingConfigError);
    expect((hostError as Error).message).toMatch(/the server's host key is SHA256:\S+, not the configured hostKeySha256/);
  });

  it('reports an unreachable server as a plain (retryable) error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const down = createFiludveksling({ ...testFiludvekslingOptions(), port });
    const error = await down.exists('brev.pdf').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(FiludvekslingConfigError);
    expect((error as Error).message).toMatch(new RegExp(`Filudveksling 127.0.0.1:${port}: cannot connect .*ECONNREFUSED`));
  });

  describe('through a proxy that can cut the line', () => {
    let proxy: Server;
    const sockets = new Set<Socket>();
    beforeAll(async () => {
      proxy = createServer((inbound) => {
        const outbound = connect(sftpTestServer.port, sftpTestServer.host);
        for (const s of [inbound, outbound]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s)).on('error', () => undefined);
        }
        inbound.pipe(outbound).pipe(inbound);
      });
      await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    });
    afterAll(() => new Promise((resolve) => proxy.close(resolve)));
    const cut = () => sockets.forEach((s) => s.destroy());

    it('opens a new connection after the old one was dropped', async () => {
      const viaProxy = createFiludveksling({ ...testFiludvekslingOptions(), port: (proxy.address() as AddressInfo).port });
      const first = uniqueName();
      await viaProxy.put(first, () => Readable.from([bytes('Første brev')]), bytes('Første brev').length);
      cut();
      const second = uniqueName();
      await viaProxy.put(second, () => Readable.from([bytes('Andet brev')]), bytes('Andet brev').length);
      expect(await readFile(uploaded(second), 'utf8')).toBe('Andet brev');
      await viaProxy.close();
    });
  });
});

describe('the Overdragelse handover with Filudveksling', () => {
  let fk: FkEmulator;
  beforeAll(async () => {
    fk = await startFkEmulator({
      receivers: [{ kle: '17.*', system: ESDH_SKOLE }],
      delays: { acceptMs: 20 },
      filudvekslingDir: sftpTestServer.uploadDir,
      log: () => {},
    });
  });
  afterEach(() => fk.reset());
  afterAll(() => fk.close());

  async function businessReceipt(transactionId: string) {
    for (let i = 0; i < 300; i++) {
      const last = fk.receipts().filter((r) => r.transactionId === transactionId && r.kind === 'Forretning').at(-1);
      if (last && last.code !== 'AFLEVERET') return last;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`no business receipt for ${transactionId}`);
  }

  it('generates a real scanned PDF: image pages only, the letter first', async () => {
    const blobs = createFileBlobStore(join(work, 'small-blobs'));
    const item = await storeScannedLetter(blobs, 3 * MB);
    const layer = await readPdfText(blobs.pathOf(item.contentSha256), 10, { timeoutMs: 20_000, heapMb: 256 });
    expect(layer.total).toBe(2);
    expect(layer.pages.map((p) => p.text.trim())).toEqual(['', '']);
    expect(layer.pages[0]).toMatchObject({ width: 595.28, height: 841.89 });
  });

  it('carries a small scan inside the request and a 200 MB one by Filudveksling, in bounded memory', async () => {
    const blobDir = join(work, 'blobs');
    const blobs = createFileBlobStore(blobDir);

    // Small: the letter alone travels inline (in this process: it is small).
    const small = await storeScannedLetter(blobs, 0, 'ansoegning-fri-fra-skole.pdf');
    const client = createOverdragelseClient({ endpoint: fk.endpoint, municipalityCvr: CVR, systemUuid: SYSTEM, timeoutMs: 10_000 });
    const sftp = createFiludveksling(testFiludvekslingOptions());
    const handover = createOverdragelseHandover({ client, blobs, filudveksling: sftp, inlineLimitBytes: 10 * MB, checkReceivers: true, destination: () => ({}) });
    const smallId = randomUUID();
    const content = { channel: 'scan' as const, subject: SCANNED_LETTER.subject, sender: { name: 'Ahmed Ahmadi' }, recipients: [], body: '', bodySource: 'ocr' as const, attachments: [], metadata: {}, warnings: [] };
    expect((await handover.deliver({ transactionId: smallId, destination: 'ESDH-SKOLE', item: small, content, kle: { nr: SCANNED_LETTER.kle, confidence: 0.9 } })).code).toBe('MODTAGET');
    client.close();
    await sftp.close();
    expect(fk.stats().documents[smallId]).toEqual({ name: 'ansoegning-fri-fra-skole.pdf', size: small.size, via: 'inline' });
    expect((await businessReceipt(smallId)).code).toBe('ACCEPTERET');

    // Large: 200 MiB, streamed into the blob store, handed over in a child process that measures itself.
    const large = await storeScannedLetter(blobs, LARGE_BYTES);
    expect(large.size).toBeGreaterThan(LARGE_BYTES - MB);
    const transactionId = randomUUID();
    made.push(`${transactionId}.pdf`, `${transactionId}.pdf.part`);
    const report = await runLargeHandoverChild({
      blobDir, item: large, transactionId, kle: SCANNED_LETTER.kle, subject: SCANNED_LETTER.subject,
      endpoint: fk.endpoint, municipalityCvr: CVR, systemUuid: SYSTEM, inlineLimitBytes: 10 * MB,
    });
    console.log(`filudveksling evidence: ${(large.size / MB).toFixed(1)} MiB handed over in ${report.seconds.toFixed(1)} s (${(large.size / MB / report.seconds).toFixed(0)} MiB/s), child peak RSS ${report.peakRssMb.toFixed(0)} MiB (baseline ${report.baselineRssMb.toFixed(0)} MiB)`);
    expect(report.error).toBeUndefined();
    expect(report.code).toBe('MODTAGET');
    expect(await businessReceipt(transactionId)).toMatchObject({ code: 'ACCEPTERET' });
    expect(fk.stats().documents[transactionId]).toEqual({ name: `${transactionId}.pdf`, size: large.size, via: 'filudveksling' });
    expect(await sha256File(uploaded(`${transactionId}.pdf`))).toBe(large.contentSha256);
    expect(report.peakRssMb).toBeLessThan(PEAK_RSS_LIMIT_MB);
    expect(report.peakRssMb).toBeLessThan(large.size / MB);
  }, 90_000);
});
