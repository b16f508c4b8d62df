// `fordeler redistribute <item-id> <destination> --config work.json`: place an item by hand. Recorded
// (who, when, from, to), taught to the classifier, and handed over: with REDIS_URL the running workers
// deliver it; on the embedded default (PGlite belongs to one process, so `fordeler work` must not be
// running) this command runs the deliver stage itself and waits for the answer. Only items of
// FORDELER_TENANT: another tenant's item is "not found" before the runtime is even opened.
import { userInfo } from 'node:os';
import { RedistributionRefused } from '../../db/redistribution-store.js';
import { loadConfig } from '../../worker/runtime/config.js';
import { createLogger } from '../../worker/runtime/logger.js';
import { loadWorkConfig } from '../../worker/runtime/work-config.js';
import { openRuntime, type Runtime } from '../../worker/runtime/compose.js';
import { requireItem, withTenant } from '../with-database.js';
import { maskedJson } from '../json-output.js';

export interface RedistributeCommandOptions {
  config: string;
  kle?: string;
  by?: string;
  json?: boolean;
}

const SETTLED = new Set(['delivered', 'accepted', 'parked', 'failed']);
const WAIT_MS = 120_000;

export async function redistributeCommand(itemId: string, destination: string, options: RedistributeCommandOptions): Promise<number> {
  if (options.kle !== undefined && !/^\d\d\.\d\d\.\d\d$/.test(options.kle)) throw new Error('--kle must be a KLE emne (NN.NN.NN)');
  const app = loadConfig();
  // Nothing is started, queued or written for an item this tenant does not have (the runtime checks again).
  await withTenant((context) => requireItem(context, itemId));
  const config = await loadWorkConfig(app, options.config);
  const logger = createLogger(app.logLevel);
  const runtime = await openRuntime(config, { logger, stages: ['deliver'] });
  try {
    // Embedded: this process is the worker for this one handover. With Redis the workers are elsewhere.
    if (!config.redisUrl) await runtime.runner.start();
    const outcome = await runtime
      .redistribute({ itemId, toDestination: destination, by: options.by ?? userInfo().username, via: 'cli', ...(options.kle ? { kleNr: options.kle } : {}) })
      .catch((error: unknown) => {
        if (error instanceof RedistributionRefused) {
          process.stderr.write(`fordeler redistribute: ${error.message}\n`);
          return undefined;
        }
        throw error;
      });
    if (!outcome) return 1;
    const state = config.redisUrl ? 'routed' : await waitForHandover(runtime, itemId);
    const result = { ...outcome, state };
    if (options.json) process.stdout.write(`${maskedJson(result)}\n`);
    else if (outcome.status === 'redistributed') {
      process.stdout.write(`item ${itemId}: ${outcome.from ?? '(restpostkasse)'} → ${outcome.to} (round ${outcome.round}${outcome.kle ? `, KLE ${outcome.kle}${outcome.kleInferred ? ' (inferred from the destination, not confirmed)' : ' confirmed'}` : ''}); now ${state}\n`);
    }
    return 0;
  } finally {
    await runtime.close();
  }
}

async function waitForHandover(runtime: Runtime, itemId: string): Promise<string> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const state = (await runtime.items.getItem(itemId))?.state ?? 'unknown';
    if (SETTLED.has(state) || Date.now() > deadline) return state;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
