// The ops listener of `fordeler work`: GET /healthz and /metrics, and the POST routes (SF2900 receipt
// callbacks, staff writes). Plain node:http, or node:https when the work file names a certificate — then
// client certificates are asked for (never required at the handshake, so /healthz stays reachable) and
// each POST route decides from the verified certificate or the Authorization header before its body is read.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { Registry } from 'prom-client';
import type { Admission, RequestCredentials } from './ops-auth.js';

export interface HealthCheck {
  name: string;
  check(): Promise<void>;
}

export interface PostAnswer {
  status: number;
  body: string;
  contentType?: string;
}

/** A POST endpoint: who may call it (decided before the body is read), and what it does with the body. */
export interface PostRoute {
  path: string;
  /** `contentType`: the request's media type, lower case, without parameters ('' when absent). */
  admit(credentials: RequestCredentials, contentType: string): Admission | PostAnswer;
  handle(body: string, caller: string): Promise<PostAnswer>;
}

export interface OpsTls {
  cert: Buffer | string;
  key: Buffer | string;
  /** The CA(s) client certificates must chain to. */
  clientCa: Buffer | string;
  passphrase?: string;
}

const MAX_POST_BYTES = 1024 * 1024;

export async function startOpsServer(options: { host: string; port: number; registry: Registry; checks: HealthCheck[]; posts?: PostRoute[]; tls?: OpsTls }): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const listener = (request: IncomingMessage, response: ServerResponse) => {
    const path = (request.url ?? '/').split('?')[0];
    const post = request.method === 'POST' ? options.posts?.find((route) => route.path === path) : undefined;
    if (post) return void handlePost(post, request, response);
    if (request.method !== 'GET') return void response.writeHead(405).end();
    if (path === '/metrics') {
      options.registry
        .metrics()
        .then((body) => response.writeHead(200, { 'content-type': options.registry.contentType }).end(body))
        .catch(() => response.writeHead(500).end('metrics unavailable\n'));
      return;
    }
    if (path === '/healthz') {
      void health(options.checks).then(({ ok, checks }) =>
        response.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }).end(`${JSON.stringify({ status: ok ? 'ok' : 'unavailable', checks })}\n`),
      );
      return;
    }
    response.writeHead(404).end();
  };
  const { tls } = options;
  const server: Server = tls
    ? createHttpsServer({ cert: tls.cert, key: tls.key, ca: tls.clientCa, ...(tls.passphrase ? { passphrase: tls.passphrase } : {}), requestCert: true, rejectUnauthorized: false, minVersion: 'TLSv1.2' }, listener)
    : createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    server,
    url: `${tls ? 'https' : 'http'}://${host}:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    }),
  };
}

async function health(checks: HealthCheck[]): Promise<{ ok: boolean; checks: Record<string, string> }> {
  const results = await Promise.all(
    checks.map(async (c) => {
      try {
        await withTimeout(c.check(), 3_000);
        return [c.name, 'ok'] as const;
      } catch (error) {
        return [c.name, error instanceof Error ? error.message.slice(0, 200) : 'failed'] as const;
      }
    }),
  );
  return { ok: results.every(([, status]) => status === 'ok'), checks: Object.fromEntries(results) };
}

function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  return Promise.race([promise, new Promise<void>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms).unref())]);
}

/** The Authorization header and the TLS client certificate (if any) of a request. */
export function credentialsOf(request: IncomingMessage): RequestCredentials {
  const socket = request.socket as Partial<TLSSocket>;
  const peer = typeof socket.getPeerCertificate === 'function' ? socket.getPeerCertificate() : undefined;
  const presented = peer && typeof peer.fingerprint256 === 'string' && peer.fingerprint256.length > 0;
  const cn = presented ? peer.subject?.CN : undefined;
  return {
    ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}),
    ...(presented ? { clientCert: { verified: socket.authorized === true, fingerprint256: peer.fingerprint256, cn: Array.isArray(cn) ? cn.join(',') : (cn ?? '') } } : {}),
  };
}

function handlePost(route: PostRoute, request: IncomingMessage, response: ServerResponse): void {
  const answer = (a: PostAnswer, headers: Record<string, string> = {}) =>
    response.writeHead(a.status, { 'content-type': a.contentType ?? 'text/plain; charset=utf-8', ...headers }).end(a.body);
  const contentType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const admission = route.admit(credentialsOf(request), contentType);
  if (!('ok' in admission)) {
    request.resume();
    return void answer(admission, { connection: 'close' });
  }
  if (!admission.ok) {
    // The body of a caller we cannot name is not read.
    request.resume();
    return void answer({ status: admission.status, body: `${admission.reason}\n` }, { connection: 'close', ...(admission.status === 401 ? { 'www-authenticate': 'Bearer' } : {}) });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  request.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_POST_BYTES) {
      response.writeHead(413).end();
      request.destroy();
    } else chunks.push(chunk);
  });
  request.on('end', () => {
    if (size > MAX_POST_BYTES) return;
    route
      .handle(Buffer.concat(chunks).toString('utf8'), admission.caller)
      .then((a) => answer(a))
      .catch(() => answer({ status: 500, body: 'internal error\n' }));
  });
}
