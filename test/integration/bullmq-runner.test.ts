// The stage-runner contract on a real Redis with BullMQ; each run uses its own key prefix.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll } from 'vitest';
import { createBullmqRunner } from '../../worker/runtime/queue/bullmq-runner.js';
import { stageRunnerContract } from '../support/stage-runner-contract.js';

const redisUrl = process.env.FORDELER_TEST_REDIS_URL || 'redis://127.0.0.1:6379';
const prefix = `fordeler-test-${randomBytes(4).toString('hex')}`;

stageRunnerContract('BullMQ', (options) => createBullmqRunner({ ...options, redisUrl, prefix, lockDurationMs: 5_000 }));

afterAll(async () => {
  const redis = new Redis(redisUrl);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});
