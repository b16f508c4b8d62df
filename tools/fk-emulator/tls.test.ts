// The emulator over TLS, with real certificates from openssl: HTTPS with mutual TLS as Serviceplatformen
// demands it (a client without a certificate from the trusted CA is refused in the handshake; an accepted
// one is logged by CN and fingerprint), and receipt callbacks posted over HTTPS with FK's client certificate.
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOverdragelseClient, type SendRequest } from '../../worker/adapters/overdragelse/client.js';
import { makeTestPki, type TestPki } from '../../test/support/certificates.js';
import { validateEnvelope } from '../../test/support/xsd.js';
import { startFkEmulator, type FkEmulator } from './emulator.js';

const CVR = '29189404';
const KSD = { uuid: '6f2d1c1e-7c1b-4c9a-9a36-2f1f6c0d5a01', name: 'KSD' };
const sygedagpenge = (): SendRequest => ({
  transactionId: randomUUID(), kle: '32.30.04', title: 'Udbetaling af sygedagpenge', scanned: false, documentType: 'eMail',
  documentId: randomUUID(), documentFileName: 'mail-0042.eml',
});

let dir: string;
let pki: TestPki;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'fk-tls-'));
  pki = makeTestPki(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A bare HTTPS POST to the endpoint with the given client identity (or none); resolves to the status. */
function post(url: string, identity: { cert?: string; key?: string }): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method: 'POST', ca: pki.ca.cert, agent: false, ...identity }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end('<x/>');
  });
}

describe('the emulator with mutual TLS', () => {
  let emulator: FkEmulator;
  beforeAll(async () => {
    emulator = await startFkEmulator({
      receivers: [{ kle: '32.30.*', system: KSD }], delays: { acceptMs: 5 },
      tls: { cert: pki.server.cert, key: pki.server.key, ca: pki.ca.cert, requireClientCert: true },
    });
  });
  afterAll(() => emulator.close());

  it('serves https and logs the client certificate of each accepted request', async () => {
    expect(emulator.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(emulator.endpoint.startsWith(emulator.url)).toBe(true);
    const client = createOverdragelseClient({
      endpoint: emulator.endpoint, municipalityCvr: CVR, systemUuid: randomUUID(), timeoutMs: 5_000,
      tls: { cert: pki.focesClient.cert, key: pki.focesClient.key, ca: pki.ca.cert },
    });
    try {
      expect((await client.listReceivers({ kle: '32.30.04' })).systems.map((s) => s.name)).toEqual(['KSD']);
      expect((await client.send(sygedagpenge())).receipt.code).toBe('MODTAGET');
    } finally {
      client.close();
    }
    const identity = { subjectCn: 'fordeler-foces', fingerprint256: pki.focesClient.fingerprint256 };
    expect(emulator.received().map((r) => [r.operation, r.client])).toEqual([
      ['FordelingsmodtagerListRequest', identity], ['FordelingsobjektAfsendRequest', identity],
    ]);
  });

  it('refuses a client without a certificate, and one whose certificate another CA signed', async () => {
    emulator.reset();
    await expect(post(emulator.endpoint, {})).rejects.toThrow();
    await expect(post(emulator.endpoint, { cert: pki.stranger.cert, key: pki.stranger.key })).rejects.toThrow();
    expect(emulator.received()).toEqual([]);
    // The same request with a trusted certificate gets through (to the schema fault, as <x/> deserves).
    expect(await post(emulator.endpoint, { cert: pki.focesClient.cert, key: pki.focesClient.key })).toBe(500);
    expect(emulator.received()).toHaveLength(1);
  });
});

describe('the emulator with server TLS only', () => {
  it('accepts a client without a certificate and logs no client', async () => {
    const emulator = await startFkEmulator({ receivers: [], tls: { cert: pki.server.cert, key: pki.server.key } });
    try {
      expect(await post(emulator.endpoint, {})).toBe(500);
      expect(emulator.received()).toEqual([expect.objectContaining({ operation: '' })]);
      expect(emulator.received()[0]).not.toHaveProperty('client');
    } finally {
      await emulator.close();
    }
  });
});

describe('receipt callbacks over https', () => {
  it('presents the callbackTls certificate to a listener that demands one, with schema-valid receipts', async () => {
    const received: { cn: unknown; body: string }[] = [];
    const sink = https.createServer({ cert: pki.server.cert, key: pki.server.key, ca: pki.ca.cert, requestCert: true, rejectUnauthorized: true }, (req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        received.push({ cn: (req.socket as TLSSocket).getPeerCertificate().subject?.CN, body });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
    const emulator = await startFkEmulator({
      receivers: [{ kle: '32.30.*', system: KSD }], delays: { acceptMs: 5 }, log: () => {},
      receiptCallbackUrl: `https://127.0.0.1:${(sink.address() as AddressInfo).port}/fk/kvittering`,
      callbackTls: { cert: pki.fkCallback.cert, key: pki.fkCallback.key, ca: pki.ca.cert },
    });
    const client = createOverdragelseClient({ endpoint: emulator.endpoint, municipalityCvr: CVR, systemUuid: randomUUID() });
    try {
      await client.send(sygedagpenge());
      for (let i = 0; i < 300 && emulator.stats().callbacks.sent + emulator.stats().callbacks.failed < 2; i++) await new Promise((r) => setTimeout(r, 10));
      expect(emulator.stats().callbacks).toMatchObject({ sent: 2, failed: 0 });
      expect(received.map((r) => r.cn)).toEqual(['fk-callback', 'fk-callback']);
      for (const { body } of received) expect(await validateEnvelope(body)).toEqual({ valid: true, errors: [] });
    } finally {
      client.close();
      await emulator.close();
      sink.closeAllConnections();
      await new Promise((resolve) => sink.close(resolve));
    }
  });

  it('counts a failed callback when the listener refuses the emulator\'s certificate (signed by another CA)', async () => {
    const sink = https.createServer({ cert: pki.server.cert, key: pki.server.key, ca: pki.ca.cert, requestCert: true, rejectUnauthorized: true }, (_req, res) => res.end());
    await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
    const problems: string[] = [];
    const emulator = await startFkEmulator({
      receivers: [{ kle: '32.30.*', system: KSD }], delays: { acceptMs: 5 }, log: (message) => problems.push(message),
      receiptCallbackUrl: `https://127.0.0.1:${(sink.address() as AddressInfo).port}/fk/kvittering`,
      callbackTls: { cert: pki.stranger.cert, key: pki.stranger.key, ca: pki.ca.cert },
    });
    const client = createOverdragelseClient({ endpoint: emulator.endpoint, municipalityCvr: CVR, systemUuid: randomUUID() });
    try {
      await client.send(sygedagpenge());
      for (let i = 0; i < 300 && emulator.stats().callbacks.failed < 2; i++) await new Promise((r) => setTimeout(r, 10));
      expect(emulator.stats().callbacks).toMatchObject({ sent: 0, failed: 2 });
      expect(problems).toEqual(['receipt callback failed', 'receipt callback failed']);
    } finally {
      client.close();
      await emulator.close();
      await new Promise((resolve) => sink.close(resolve));
    }
  });
});
