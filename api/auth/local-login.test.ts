// Local passwords: scrypt hashes that verify only the right password, and the production-mode refusal
// that says why.
import { describe, expect, it } from 'vitest';
import { SCRYPT_HASH } from './config.js';
import { assertLocalLoginAllowed, hashPassword, LocalLoginRefusedError, verifyPassword } from './local-login.js';

describe('local passwords', () => {
  it('hash with a fresh salt and verify only the right password', async () => {
    const [one, two] = [await hashPassword('prøv-fordeler'), await hashPassword('prøv-fordeler')];
    expect(one).toMatch(SCRYPT_HASH);
    expect(one).not.toBe(two);
    expect(await verifyPassword('prøv-fordeler', one)).toBe(true);
    expect(await verifyPassword('prøv-fordeleR', one)).toBe(false);
    expect(await verifyPassword('prøv-fordeler', 'bcrypt$x')).toBe(false);
  });
});

describe('assertLocalLoginAllowed', () => {
  it('allows the embedded default and refuses production mode, naming the signal', () => {
    expect(() => assertLocalLoginAllowed({ env: {}, databaseKind: 'pglite' })).not.toThrow();
    expect(() => assertLocalLoginAllowed({ env: { NODE_ENV: 'production' } })).toThrow(/production mode \(NODE_ENV=production\)/);
    expect(() => assertLocalLoginAllowed({ env: { DATABASE_URL: 'postgres://x' } })).toThrow(/DATABASE_URL is set/);
    expect(() => assertLocalLoginAllowed({ env: {}, databaseKind: 'postgres' })).toThrow(LocalLoginRefusedError);
  });
});
