import { describe, expect, it } from 'vitest';
import { createOpsAuth, isLoopbackHost, normalizeFingerprint, readWriteTokens } from './ops-auth.js';

const SECRET = 'a'.repeat(40);
const FK = Array(32).fill('AB').join(':');
const STAFF = Array(32).fill('CD').join(':');
const cert = (fingerprint256: string, verified = true) => ({ clientCert: { verified, fingerprint256, cn: 'fk-callback' } });

describe('ops write and receipt admission', () => {
  it('writes: a configured Bearer token or a listed, verified client certificate; anything else is 401', () => {
    const auth = createOpsAuth({ listenerHost: '0.0.0.0', tls: true, tokens: [{ name: 'portal', secret: SECRET }], writeClientSha256: [STAFF.toLowerCase()], receiptCallerSha256: [FK] });
    expect(auth.writes.served).toBe(true);
    expect(auth.admitWrite({ authorization: `Bearer ${SECRET}` })).toEqual({ ok: true, caller: 'token:portal' });
    expect(auth.admitWrite({ authorization: `bearer   ${SECRET}` })).toEqual({ ok: true, caller: 'token:portal' });
    expect(auth.admitWrite(cert(STAFF))).toEqual({ ok: true, caller: `cert:fk-callback ${STAFF}` });
    for (const refused of [{}, { authorization: `Bearer ${SECRET}x` }, { authorization: `Basic ${SECRET}` }, { authorization: SECRET }, cert(STAFF, false), cert(FK)]) {
      expect(auth.admitWrite(refused)).toMatchObject({ ok: false, status: 401 });
    }
  });

  it('receipts: only the pinned FK certificate when one is pinned — not a write token, not an unverified copy', () => {
    const auth = createOpsAuth({ listenerHost: '127.0.0.1', tls: true, tokens: [{ name: 'portal', secret: SECRET }], writeClientSha256: [STAFF], receiptCallerSha256: [FK] });
    expect(auth.receipts.mode).toBe('pinned');
    expect(auth.admitReceipt(cert(FK))).toEqual({ ok: true, caller: `cert:fk-callback ${FK}` });
    for (const refused of [{}, { authorization: `Bearer ${SECRET}` }, cert(FK, false), cert(STAFF)]) expect(auth.admitReceipt(refused)).toMatchObject({ ok: false, status: 403 });
  });

  it('without a pin: receipts need the write token on a loopback listener, and are off elsewhere or without a token', () => {
    const loopback = createOpsAuth({ listenerHost: '127.0.0.1', tls: false, tokens: [{ name: 'dev', secret: SECRET }], writeClientSha256: [], receiptCallerSha256: [] });
    expect(loopback.receipts.mode).toBe('token');
    expect(loopback.admitReceipt({ authorization: `Bearer ${SECRET}` })).toEqual({ ok: true, caller: 'token:dev' });
    expect(loopback.admitReceipt({})).toMatchObject({ ok: false, status: 401 });
    const exposed = createOpsAuth({ listenerHost: '0.0.0.0', tls: false, tokens: [{ name: 'dev', secret: SECRET }], writeClientSha256: [], receiptCallerSha256: [] });
    expect(exposed.receipts.mode).toBe('off');
    expect(exposed.admitReceipt({ authorization: `Bearer ${SECRET}` })).toMatchObject({ ok: false });
    const nothing = createOpsAuth({ listenerHost: '127.0.0.1', tls: false, tokens: [], writeClientSha256: [], receiptCallerSha256: [] });
    expect(nothing.receipts.mode).toBe('off');
    expect(nothing.writes).toEqual({ served: false, why: expect.stringMatching(/no http\.writeTokens/) });
    expect(nothing.admitWrite({ authorization: 'Bearer ' })).toMatchObject({ ok: false });
  });

  it('reads each secret from its environment variable and refuses a missing or short one, naming it', () => {
    const http = { writeTokens: [{ name: 'portal', env: 'OPS_TOKEN' }] };
    expect(readWriteTokens(http, { OPS_TOKEN: SECRET })).toEqual([{ name: 'portal', secret: SECRET }]);
    expect(() => readWriteTokens(http, {})).toThrow(/http\.writeTokens "portal": the environment variable OPS_TOKEN is not set/);
    expect(() => readWriteTokens(http, { OPS_TOKEN: 'short' })).toThrow(/OPS_TOKEN holds fewer than 32 characters/);
  });

  it('knows loopback hosts and Node-style fingerprints', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost'].every(isLoopbackHost)).toBe(true);
    expect(['0.0.0.0', '::', '10.0.0.1', 'fordeler.noerreaa.dk'].some(isLoopbackHost)).toBe(false);
    expect(normalizeFingerprint('ab'.repeat(32))).toBe(FK);
  });
});
