// Signs an outbound webhook the Standard Webhooks way (standardwebhooks.com): `webhook-id`,
// `webhook-timestamp` and `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, so a
// receiver can verify it with any Standard Webhooks library or the ten lines in docs/webhooks.md.
// node:crypto does it in a few lines; a library would add a dependency (and its own HTTP and retry
// opinions) for one HMAC. A secret written `whsec_<base64>` is used as the library convention says (the
// decoded bytes); any other secret is used as its UTF-8 bytes.
import { createHmac, timingSafeEqual } from 'node:crypto';

const PREFIX = 'whsec_';

/** The HMAC key a secret stands for. */
export function webhookKey(secret: string): Buffer {
  return secret.startsWith(PREFIX) ? Buffer.from(secret.slice(PREFIX.length), 'base64') : Buffer.from(secret, 'utf8');
}

/** `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`. */
export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): string {
  const mac = createHmac('sha256', webhookKey(secret)).update(`${id}.${timestampSeconds}.${body}`, 'utf8').digest('base64');
  return `v1,${mac}`;
}

/** The headers of one attempt: the id stays the same on every retry, the timestamp and signature are the attempt's. */
export function webhookHeaders(secret: string, id: string, timestampSeconds: number, body: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': signWebhook(secret, id, timestampSeconds, body),
  };
}

/** True when one of the space-separated `v1,` signatures in `header` is the body's (constant-time compare). */
export function verifyWebhook(secret: string, id: string, timestamp: string, body: string, header: string): boolean {
  const seconds = Number(timestamp);
  if (!/^\d{1,12}$/.test(timestamp) || !Number.isSafeInteger(seconds)) return false;
  const expected = Buffer.from(signWebhook(secret, id, seconds, body));
  return header.split(' ').some((candidate) => {
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
