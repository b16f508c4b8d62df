// Alerting for `fordeler work`: each round scans the database for new alerts, then mails the waiting
// ones as one batch when the policy says so. Rounds never overlap; a failing round is logged and the
// next one tries again. Run it in one process per tenant (the one with sources): two processes would
// each send the same batch.
import type { Clock } from '../../../core/ports.js';
import { createAlertStore } from '../../../db/alert-store.js';
import type { Db } from '../../../db/connect.js';
import type { AlertsConfig } from '../../adapters/handover/destination-config.js';
import type { Logger } from '../../runtime/logger.js';
import { createAlertMailer, type AlertTransport } from './mailer.js';
import { createAlertScanner } from './scanner.js';

export interface AlertingDeps {
  db: Db;
  tenantId: string;
  alerts: AlertsConfig;
  /** The sender address (`smtp.from`). */
  from: string;
  transport: AlertTransport;
  clock: Clock;
  logger: Pick<Logger, 'info' | 'warn'>;
  /** Destinations that send business receipts (kind `overdragelse`); unset: every destination. */
  receiptDestinations?: readonly string[];
}

export interface Alerting {
  /** One scan and one mail decision. `mailed` counts alerts marked mailed, not mails. */
  runOnce(): Promise<{ raised: number; mailed: number }>;
  /** Rounds every `intervalMs` (default min(batchSeconds, 60) s); the timer does not keep the process alive. */
  start(intervalMs?: number): void;
  /** Stops the timer and waits for a running round. */
  stop(): Promise<void>;
}

export function createAlerting(deps: AlertingDeps): Alerting {
  const { alerts, clock, logger, tenantId } = deps;
  const store = createAlertStore(deps.db, { tenantId, clock });
  const scanner = createAlertScanner(deps.db, store, clock, {
    tenantId,
    receiptDeadlineMinutes: alerts.receiptDeadlineMinutes,
    ...(deps.receiptDestinations ? { receiptDestinations: deps.receiptDestinations } : {}),
  });
  const mailer = createAlertMailer(
    { store, transport: deps.transport, clock, logger },
    { tenantId, to: alerts.to, from: deps.from, batchSeconds: alerts.batchSeconds, minIntervalSeconds: alerts.minIntervalSeconds, receiptDeadlineMinutes: alerts.receiptDeadlineMinutes },
  );
  let running: Promise<unknown> = Promise.resolve();
  let inFlight = 0;
  let timer: NodeJS.Timeout | undefined;

  async function round(): Promise<{ raised: number; mailed: number }> {
    const found = await scanner.scan();
    const raised = found.failed + found.receiptMissing;
    if (raised > 0) logger.info({ code: 'alerts.raised', failed: found.failed, receiptMissing: found.receiptMissing }, 'alerts raised');
    const { mailed } = await mailer.run();
    return { raised, mailed };
  }

  /** Queued behind a running round, so a manual runOnce and the timer never scan at the same time. */
  function runOnce(): Promise<{ raised: number; mailed: number }> {
    inFlight += 1;
    const next = running.then(round).finally(() => (inFlight -= 1));
    running = next.catch(() => {});
    return next;
  }

  return {
    runOnce,
    start(intervalMs = Math.min(alerts.batchSeconds, 60) * 1000) {
      if (timer) return;
      timer = setInterval(() => {
        // A slow round (SMTP timeouts) is not stacked up behind: this tick is skipped.
        if (inFlight > 0) return;
        runOnce().catch((error: unknown) => {
          const code = (error as { code?: unknown })?.code;
          logger.warn({ code: 'alerts.round_failed', cause: typeof code === 'string' ? code : error instanceof Error ? error.name : 'unknown' }, 'alert round failed; the next one tries again');
        });
      }, intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}

export type { AlertTransport } from './mailer.js';
