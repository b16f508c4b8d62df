// When a failed webhook delivery is tried again: exponential backoff with jitter, capped. Pure, so the
// schedule is tested beside it and the store (db/webhook-store.ts) and docs/webhooks.md share one rule.
// Jitter spreads the retries of many deliveries that failed together (a receiver that was down) so they
// do not all come back in the same second.

/** The first retry after ~15 s, doubling each time, never more than 6 hours apart. */
export const WEBHOOK_BACKOFF = { baseMs: 15_000, capMs: 6 * 60 * 60 * 1000, jitter: 0.25 } as const;

export interface BackoffSettings {
  baseMs: number;
  capMs: number;
  /** ± this share of the delay, drawn uniformly. */
  jitter: number;
}

/**
 * The wait after failed attempt number `attempt` (1 = the first try failed): base · 2^(attempt−1), capped,
 * then scaled by a factor in [1 − jitter, 1 + jitter] from `random` (0 ≤ random() < 1), and capped again.
 */
export function webhookRetryDelayMs(attempt: number, random: () => number = Math.random, settings: BackoffSettings = WEBHOOK_BACKOFF): number {
  const exponent = Math.max(0, Math.min(Math.floor(attempt) - 1, 40));
  const plain = Math.min(settings.capMs, settings.baseMs * 2 ** exponent);
  const factor = 1 - settings.jitter + 2 * settings.jitter * clamp01(random());
  return Math.round(Math.min(settings.capMs, plain * factor));
}

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0.5;
}
