// Talking to `fordeler work`'s ops listener in tests the way real callers do: a write token from the
// environment (as the work file names it), and POSTs over http or https with a trusted CA and an optional
// client certificate (Node's fetch cannot take a private CA, so this uses node:https).
import http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTestPki, type TestCert, type TestPki } from './certificates.js';

/** A write token as the work file names it, the environment that holds it, and the header that shows it. */
export const testWriteToken = {
  config: { name: 'test', env: 'FORDELER_TEST_OPS_TOKEN' },
  env: { FORDELER_TEST_OPS_TOKEN: 'test-token-0123456789abcdef0123456789abcdef' },
  header: { authorization: 'Bearer test-token-0123456789abcdef0123456789abcdef' },
  caller: 'token:test',
};

let shared: TestPki | undefined;
/** One PKI per test process (made on first use). */
export function sharedTestPki(): TestPki {
  shared ??= makeTestPki(join(tmpdir(), `fordeler-pki-${process.pid}`));
  return shared;
}

/**
 * Receipts over mutual TLS with FK's certificate pinned: the work file's `http.tls` and
 * `overdragelse.receiptCallerSha256`, and the FK emulator's `callbackTls` and callback URL.
 */
export function pinnedReceipts(pki: TestPki = sharedTestPki()) {
  return {
    httpTls: { certFile: pki.server.certFile, keyFile: pki.server.keyFile, clientCaFile: pki.ca.certFile },
    receiptCallerSha256: [pki.fkCallback.fingerprint256],
    callbackTls: { cert: pki.fkCallback.cert, key: pki.fkCallback.key, ca: pki.ca.cert },
    callbackUrl: (port: number) => `https://127.0.0.1:${port}/fk/kvittering`,
  };
}

export interface PostOptions {
  headers?: Record<string, string>;
  /** For https: the CA to trust (default: the shared test CA) and the client certificate to present. */
  ca?: string;
  clientCert?: TestCert;
}

export function postTo(url: string, body: string, options: PostOptions = {}): Promise<{ status: number; contentType: string; body: string }> {
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const request = (secure ? https : http).request(target, {
      method: 'POST',
      agent: false,
      headers: { 'content-length': Buffer.byteLength(body), ...options.headers },
      ...(secure ? { ca: options.ca ?? sharedTestPki().ca.cert, ...(options.clientCert ? { cert: options.clientCert.cert, key: options.clientCert.key } : {}) } : {}),
      timeout: 30_000,
    }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, contentType: String(response.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error('no answer within 30 s')));
    request.on('error', reject);
    request.end(body);
  });
}

