// The alerts as `fordeler work` runs them (embedded default): a receiving system that does not exist
// answers FEJLET, the items become failed shipments, and the functional mailbox gets ONE mail about all
// of them from a real SMTP sink on loopback.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFkEmulator, type FkEmulator } from '../../tools/fk-emulator/emulator.js';
import { freePort } from '../support/private-redis.js';
import { pinnedReceipts } from '../support/ops-client.js';
import { smtpSink } from '../support/smtp-sink.js';
import { until } from '../support/stage-runner-contract.js';
import { repoRoot, startTestWork, type TestWork } from '../support/work-harness.js';

const post = (name: string) => join(repoRoot, 'samples/post', name);

describe('alerts from fordeler work', () => {
  let t: TestWork | undefined;
  let fk: FkEmulator | undefined;
  let sink: ReturnType<typeof smtpSink> | undefined;
  afterEach(async () => {
    await t?.stop();
    await fk?.close();
    await sink?.stop();
  });

  it('mails one batch to the functional mailbox for a burst of failed shipments', async () => {
    const [smtpPort, opsPort] = [await freePort(), await freePort()];
    sink = smtpSink(smtpPort);
    await sink.start();
    const receipts = pinnedReceipts();
    fk = await startFkEmulator({ receivers: [], delays: { acceptMs: 20 }, receiptCallbackUrl: receipts.callbackUrl(opsPort), callbackTls: receipts.callbackTls, log: () => {} });
    t = await startTestWork({
      work: { httpPort: opsPort },
      file: {
        http: { port: opsPort, tls: receipts.httpTls },
        overdragelse: { endpoint: fk.endpoint, municipalityCvr: '65916169', systemUuid: randomUUID(), timeoutSeconds: 5, receiptCallerSha256: receipts.receiptCallerSha256 },
        // KSD names a receiving system Fordelingskomponenten does not know: every hand-over ends FEJLET.
        destinations: { KSD: { kind: 'overdragelse', receiverSystemUuid: randomUUID() } },
        smtp: { host: '127.0.0.1', port: smtpPort, from: 'Fordeler <fordeler@noerreaa.test>' },
        // The batch window is wide enough for the whole burst even on a loaded machine.
        alerts: { to: 'it-drift@noerreaa.test', batchSeconds: 20, minIntervalSeconds: 3600 },
      },
    });
    for (let i = 0; i < 5; i++) {
      async function* copy() {
        yield Buffer.from(`X-Fordeler-Test: alert-${i}\r\n`);
        yield* createReadStream(post('d0055.eml'));
      }
      await t.work.intake.receive({ channel: 'email', source: 'imap:test/INBOX', fileName: i === 0 ? 'klage fra 0101801234.eml' : `${i}.eml`, bytes: copy() });
    }
    await until(async () => (await t!.allItems()).filter((i) => i.state === 'failed').length === 5, 'five failed shipments', 120_000);
    await until(async () => sink!.received.length >= 1, 'an alert mail', 120_000);
    // More rounds of the loop pass; the same alerts are not mailed again.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(sink.received).toHaveLength(1);
    const [mail] = sink.received;
    expect(mail!.subject).toBe('Fordeler: 5 fejlede forsendelser');
    expect(mail!.to).toMatchObject({ text: 'it-drift@noerreaa.test' });
    for (const item of await t.allItems()) expect(mail!.text).toContain(item.id);
    expect(mail!.text).not.toContain('0101801234');

    // The failed-shipments list from the command line names them all, a CPR number only as DDMMYY-XXXX.
    const items = await t.allItems();
    await t.work.stop();
    const listed = spawnSync(process.execPath, [join(repoRoot, 'bin/fordeler.js'), 'failed'], { env: { ...process.env, FORDELER_DATA_DIR: t.dataDir, DATABASE_URL: '', REDIS_URL: '' }, encoding: 'utf8' });
    expect(listed.status, listed.stderr).toBe(0);
    for (const item of items) expect(listed.stdout).toContain(item.id);
    expect(listed.stdout).toContain('klage fra 010180-XXXX.eml');
    expect(listed.stdout).not.toContain('0101801234');
  }, 240_000);
});
