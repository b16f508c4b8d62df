// One attempt at one webhook: POST the planned body to the subscriber's URL, signed for this attempt
// (worker/follow-ups/webhook-signature.ts). Any 2xx is delivered; any other answer, a redirect (not
// followed: the configured URL is the receiver), a timeout or a network error is a failed attempt. What
// comes back says only a status or an error code, never the URL, so it can be logged and stored.
import type { ClaimedDelivery } from '../../db/webhook-store.js';
import { webhookHeaders } from './webhook-signature.js';

/** Bounded: a receiver that does not answer holds one attempt this long at most. */
export const WEBHOOK_TIMEOUT_MS = 10_000;

export interface SendOutcome {
  ok: boolean;
  /** The HTTP status (`200`, `500`) or what went wrong (`timeout`, `ECONNREFUSED`, `network`). */
  status: string;
}

export interface SendOptions {
  url: string;
  secret: string;
  /** This attempt's time, for `webhook-timestamp`. */
  now: Date;
  timeoutMs?: number;
}

export async function sendWebhook(delivery: ClaimedDelivery, options: SendOptions): Promise<SendOutcome> {
  const id = `${delivery.subscriber}:${delivery.eventId}`;
  const timestamp = Math.floor(options.now.getTime() / 1000);
  try {
    const response = await fetch(options.url, {
      method: 'POST',
      headers: { ...webhookHeaders(options.secret, id, timestamp, delivery.payload), 'user-agent': 'fordeler-webhooks' },
      body: delivery.payload,
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs ?? WEBHOOK_TIMEOUT_MS),
    });
    // The answer's body is not needed: let the connection go back to the pool.
    await response.body?.cancel().catch(() => {});
    return { ok: response.status >= 200 && response.status < 300, status: String(response.status) };
  } catch (error) {
    return { ok: false, status: failureCode(error) };
  }
}

function failureCode(error: unknown): string {
  const e = error as { name?: string; code?: unknown; cause?: { code?: unknown; name?: string } };
  if (e?.name === 'TimeoutError' || e?.cause?.name === 'TimeoutError') return 'timeout';
  const code = e?.cause?.code ?? e?.code;
  return typeof code === 'string' && /^[A-Z0-9_]{2,40}$/.test(code) ? code : 'network';
}
