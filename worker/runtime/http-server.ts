// /healthz and /metrics for `fordeler work`. Plain node:http: two read-only endpoints need no framework.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';

export interface HealthCheck {
  name: string;
  check(): Promise<void>;
}

/** A POST endpoint beside the read-only ones (e.g. SF2900 receipt callbacks); answers with status + body. */
export interface PostRoute {
  path: string;
  handle(body: string): Promise<{ status: number; body: string; contentType?: string }>;
}

const MAX_POST_BYTES = 1024 * 1024;

export async function startOpsServer(options: { host: string; port: number; registry: Registry; checks: HealthCheck[]; posts?: PostRoute[] }): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const server = createServer((request, response) => {
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
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    server,
    url: `http://${options.host}:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
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

function handlePost(route: PostRoute, request: IncomingMessage, response: ServerResponse): void {
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
      .handle(Buffer.concat(chunks).toString('utf8'))
      .then((answer) => response.writeHead(answer.status, { 'content-type': answer.contentType ?? 'text/plain; charset=utf-8' }).end(answer.body))
      .catch((error: unknown) => response.writeHead(400).end(`${error instanceof Error ? error.message : 'bad request'}\n`));
  });
}
