// A Redis server of the test's own on a free loopback port, for tests that FLUSHALL or restart Redis
// without touching the shared server other tests use. redis-server comes with the machine's Redis.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { until } from './stage-runner-contract.js';

export interface PrivateRedis {
  url: string;
  flushAll(): Promise<void>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const spawned = new Promise<void>((_, reject) => child.once('error', (error) => reject(new Error(`redis-server could not be started: ${error.message}`))));
  const url = `redis://127.0.0.1:${port}`;
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => 100 });
  client.on('error', () => {}); // refused until the server listens; ping() below reports what matters
  await Promise.race([spawned, until(async () => (await client.ping().catch(() => '')) === 'PONG', 'the private redis-server', 10_000)]);
  return {
    url,
    async flushAll() {
      await client.flushall();
    },
    async stop() {
      client.disconnect();
      child.kill('SIGTERM');
      await new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.once('exit', resolve)));
    },
  };
}
