// The webhook signature against the Standard Webhooks reference vector (what a receiver's library
// computes), the raw-secret form, and verification refusing a changed body, id, timestamp or secret.
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhook, webhookHeaders, webhookKey } from './webhook-signature.js';

const vector = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

describe('webhook signature', () => {
  it('reproduces the Standard Webhooks reference vector', () => {
    expect(signWebhook(vector.secret, vector.id, vector.timestamp, vector.body)).toBe(vector.signature);
  });

  it('uses a secret without the whsec_ prefix as its UTF-8 bytes', () => {
    expect(webhookKey('plain secret').toString('utf8')).toBe('plain secret');
    expect(signWebhook('plain secret', 'a', 1, '{}')).not.toBe(signWebhook('plain secreT', 'a', 1, '{}'));
  });

  it('puts id, timestamp and signature in the headers', () => {
    const headers = webhookHeaders(vector.secret, vector.id, vector.timestamp, vector.body);
    expect(headers).toEqual({ 'content-type': 'application/json', 'webhook-id': vector.id, 'webhook-timestamp': '1614265330', 'webhook-signature': vector.signature });
  });

  it('verifies the right signature among several and refuses any change', () => {
    const { secret, id, body, signature } = vector;
    const ts = String(vector.timestamp);
    expect(verifyWebhook(secret, id, ts, body, `v1,bm9wZQ== ${signature}`)).toBe(true);
    expect(verifyWebhook(secret, id, ts, `${body} `, signature)).toBe(false);
    expect(verifyWebhook(secret, `${id}x`, ts, body, signature)).toBe(false);
    expect(verifyWebhook(secret, id, '1614265331', body, signature)).toBe(false);
    expect(verifyWebhook('whsec_bm90IHRoZSBzZWNyZXQ=', id, ts, body, signature)).toBe(false);
    expect(verifyWebhook(secret, id, '16x', body, signature)).toBe(false);
  });
});
