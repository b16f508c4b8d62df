// Mutual TLS in both directions with real certificates (made by openssl for the test): our FOCES-style
// system certificate (CN=fordeler-foces) towards a Fordelingskomponent that demands client certificates,
// and FK's certificate (CN=fk-callback) towards our receipt listener, where it is pinned by fingerprint.
// A client without our certificate gets no hand-over; a receipt from anyone but the pinned certificate —
// no certificate, a stranger CA's "fk-callback", our own CA's other certificate, the write token — is
// refused and moves nothing.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { receiptCallbackRequest, receiptCallbackResponse } from '../../sf2900/index.js';
import { startFkEmulator, type FkEmulator } from '../../tools/fk-emulator/emulator.js';
import { createOverdragelseClient, type OverdragelseClientOptions } from '../../worker/adapters/overdragelse/client.js';
import type { TestCert } from '../support/certificates.js';
import { pinnedReceipts, postTo, sharedTestPki, testWriteToken } from '../support/ops-client.js';
import { freePort } from '../support/private-redis.js';
import { until } from '../support/stage-runner-contract.js';
import { repoRoot, startTestWork, type TestWork } from '../support/work-harness.js';

const KSD = { uuid: randomUUID(), name: 'KSD' };
const CVR = '65916169';

describe('mutual TLS with Fordelingskomponenten', () => {
  const pki = sharedTestPki();
  let t: TestWork | undefined;
  let fk: FkEmulator | undefined;
  afterEach(async () => {
    await t?.stop();
    await fk?.close();
    t = fk = undefined;
  });

  /** The emulator as Serviceplatformen: HTTPS demanding a client certificate from our CA; receipts posted as `caller`. */
  async function setUp(caller: TestCert): Promise<{ t: TestWork; fk: FkEmulator; port: number }> {
    const port = await freePort();
    const receipts = pinnedReceipts(pki);
    fk = await startFkEmulator({
      receivers: [{ kle: '*', system: KSD }],
      delays: { acceptMs: 20 },
      tls: { cert: pki.server.cert, key: pki.server.key, ca: pki.ca.cert, requireClientCert: true },
      receiptCallbackUrl: receipts.callbackUrl(port),
      callbackTls: { cert: caller.cert, key: caller.key, ca: pki.ca.cert },
      log: () => {},
    });
    t = await startTestWork({
      work: { httpPort: port, env: testWriteToken.env },
      file: {
        http: { port, tls: receipts.httpTls, writeTokens: [testWriteToken.config] },
        overdragelse: {
          endpoint: fk.endpoint, municipalityCvr: CVR, systemUuid: randomUUID(), timeoutSeconds: 5,
          tls: { certFile: pki.focesClient.certFile, keyFile: pki.focesClient.keyFile, caFile: pki.ca.certFile },
          receiptCallerSha256: receipts.receiptCallerSha256,
        },
        destinations: { KSD: { kind: 'overdragelse', receiverSystemUuid: KSD.uuid } },
        reconcile: { staleSeconds: 60, intervalSeconds: 1 },
      },
    });
    return { t, fk, port };
  }

  it('hands over presenting fordeler-foces and takes the receipts FK posts as fk-callback; without our certificate nothing is handed over', async () => {
    const { t, fk } = await setUp(pki.fkCallback);
    expect(fk.endpoint).toMatch(/^https:\/\/127\.0\.0\.1:/);
    expect(t.work.opsUrl).toMatch(/^https:/);
    const { itemId } = await t.receiveFile(join(repoRoot, 'samples/post/d0055.eml'), 'email');
    await until(async () => (await t.queries.findItem(itemId))?.state === 'accepted', 'the item accepted (receipt taken over mTLS)', 60_000);
    // The emulator counts a callback after our answer arrives.
    await until(() => fk.stats().callbacks.sent >= 2, 'AFLEVERET and ACCEPTERET counted as posted', 10_000);
    expect(fk.stats().callbacks).toMatchObject({ sent: 2, failed: 0 });
    const callers = new Set(fk.received().map((r) => `${r.client?.subjectCn} ${r.client?.fingerprint256}`));
    expect(callers).toEqual(new Set([`fordeler-foces ${pki.focesClient.fingerprint256}`]));

    // The same service without our certificate, or with one FK's CA did not sign: refused in the handshake.
    const calls = fk.stats().calls;
    const base: OverdragelseClientOptions = { endpoint: fk.endpoint, municipalityCvr: CVR, systemUuid: randomUUID(), timeoutMs: 5_000 };
    const withoutCert = createOverdragelseClient({ ...base, tls: { ca: pki.ca.cert } as OverdragelseClientOptions['tls'] });
    const stranger = createOverdragelseClient({ ...base, tls: { cert: pki.stranger.cert, key: pki.stranger.key, ca: pki.ca.cert } });
    const ours = createOverdragelseClient({ ...base, tls: { cert: pki.focesClient.cert, key: pki.focesClient.key, ca: pki.ca.cert } });
    try {
      for (const client of [withoutCert, stranger]) await expect(client.listReceivers({ kle: '32.30.04' })).rejects.toMatchObject({ name: 'OverdragelseTransientError', code: 'connection' });
      expect(fk.stats().calls).toBe(calls);
      expect((await ours.listReceivers({ kle: '32.30.04' })).systems).toHaveLength(1);
    } finally {
      for (const client of [withoutCert, stranger, ours]) client.close();
    }
  }, 120_000);

  it('refuses receipts from anyone but the pinned fk-callback certificate, and the item stays delivered', async () => {
    // FK's callbacks come from a stranger CA's certificate named fk-callback: refused, so the item waits.
    const { t, fk, port } = await setUp(pki.stranger);
    const { itemId } = await t.receiveFile(join(repoRoot, 'samples/post/d0055.eml'), 'email');
    await until(async () => (await t.queries.findItem(itemId))?.state === 'delivered', 'the item handed over', 60_000);
    await until(() => fk.stats().callbacks.failed >= 2, 'AFLEVERET and ACCEPTERET refused', 30_000);
    expect(fk.stats().callbacks.sent).toBe(0);

    const transactionId = (await t.queries.listEvents(itemId)).find((e) => e.type === 'delivered')?.data?.transactionId as string;
    const receipt = receiptCallbackRequest({ code: 'AFVIST', kind: 'Forretning', reason: 'forfalsket' }, { transactionId, senderCvr: CVR, routingCvr: CVR });
    const url = `https://127.0.0.1:${port}/fk/kvittering`;
    const headers = { 'content-type': 'text/xml; charset=utf-8' };
    expect((await postTo(url, receipt, { headers })).status).toBe(403);
    expect((await postTo(url, receipt, { headers, clientCert: pki.stranger })).status).toBe(403);
    expect((await postTo(url, receipt, { headers, clientCert: pki.focesClient })).status).toBe(403);
    expect((await postTo(url, receipt, { headers: { ...headers, ...testWriteToken.header } })).status).toBe(403);
    expect((await t.queries.findItem(itemId))?.state).toBe('delivered');
    expect((await t.queries.listEvents(itemId)).some((e) => e.stage === 'receipt' || e.type === 'rejected')).toBe(false);

    // The pinned certificate is taken.
    expect(await postTo(url, receipt, { headers, clientCert: pki.fkCallback })).toMatchObject({ status: 200, body: receiptCallbackResponse() });
    expect((await t.queries.findItem(itemId))?.state).toBe('rejected');
  }, 120_000);
});
