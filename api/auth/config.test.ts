// The auth settings: defaults, and errors that name the field (never a secret's value).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAuthConfig, readAuthSecrets } from './config.js';

const oidc = { issuer: 'https://login.microsoftonline.com/tenant/v2.0', clientId: 'fordeler' };
const hash = 'scrypt$16384$8$1$c2FsdA==$aGFzaA==';

describe('parseAuthConfig', () => {
  it('fills the defaults', () => {
    const config = parseAuthConfig({ publicUrl: 'https://fordeler.kommune.dk', oidc, groups: { g: { roles: ['staff'] } } });
    expect(config.oidc).toMatchObject({ scopes: ['openid', 'profile'], groupsClaim: 'groups' });
    expect(config.session).toEqual({ ttlMinutes: 480, idleMinutes: 60 });
    expect(config.groups.g).toEqual({ roles: ['staff'], destinations: [], kleGroups: [], sensitive: false });
    expect(config.localLogin).toBe(false);
  });

  it.each([
    [{ publicUrl: 'https://f.dk', oidc: { ...oidc, issuer: 'http://idp.kommune.dk' } }, 'auth.oidc.issuer: an https URL'],
    [{ oidc }, 'auth.publicUrl: required with oidc'],
    [{ publicUrl: 'https://f.dk/app', oidc }, 'auth.publicUrl: the origin only'],
    [{ publicUrl: 'https://f.dk', oidc: { ...oidc, clientSecret: 'x', clientSecretEnv: 'X' } }, 'auth.oidc.clientSecretEnv: set at most one'],
    [{ publicUrl: 'https://f.dk', oidc: { ...oidc, scopes: ['profile'] } }, 'auth.oidc.scopes: must include "openid"'],
    [{ publicUrl: 'https://f.dk', oidc, groups: { g: { roles: ['boss'] } } }, 'auth.groups.g.roles.0'],
    [{ publicUrl: 'https://f.dk', oidc, groups: { g: { roles: ['staff'], kleGroups: ['27'] } } }, 'auth.groups.g.kleGroups'],
    [{ publicUrl: 'https://f.dk', oidc, session: { ttlMinutes: 30, idleMinutes: 60 } }, 'auth.session.idleMinutes: must not exceed ttlMinutes'],
    [{ bearer: { issuer: 'i', audience: 'a', jwksUri: 'https://k', jwks: { keys: [{}] } } }, 'auth.bearer.jwks: set at most one'],
    [{}, 'auth: configure at least one of oidc, bearer and localLogin'],
    [{ localLogin: true }, 'auth.localUsers: localLogin needs at least one user'],
    [{ localLogin: true, localUsers: [{ username: 'u', displayName: 'U', passwordHash: 'hemmelig', groups: ['g'] }] }, 'auth.localUsers.0.passwordHash: a scrypt hash'],
    [{ localLogin: true, groups: {}, localUsers: [{ username: 'u', displayName: 'U', passwordHash: hash, groups: ['g'] }] }, 'auth.localUsers.0.groups.0: "g" is not in auth.groups'],
  ])('names the field: %j', (raw, expected) => {
    expect(() => parseAuthConfig(raw)).toThrow(expected);
  });

  it('never repeats a wrong password hash in the error', () => {
    expect(() => parseAuthConfig({ localLogin: true, groups: { g: { roles: ['staff'] } }, localUsers: [{ username: 'u', displayName: 'U', passwordHash: 'Hemmelig123', groups: ['g'] }] })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('Hemmelig123') }),
    );
  });
});

describe('readAuthSecrets', () => {
  const config = (extra: object) => parseAuthConfig({ publicUrl: 'https://f.dk', oidc: { ...oidc, ...extra } });

  it('reads the client secret from the environment or a file, and says where it was missing', () => {
    expect(readAuthSecrets(config({ clientSecretEnv: 'OIDC_SECRET' }), { OIDC_SECRET: ' s3cret \n' })).toEqual({ clientSecret: 's3cret' });
    expect(() => readAuthSecrets(config({ clientSecretEnv: 'OIDC_SECRET' }), {})).toThrow('auth.oidc.clientSecretEnv: the environment variable OIDC_SECRET is not set');
    const dir = mkdtempSync(join(tmpdir(), 'auth-secret-'));
    writeFileSync(join(dir, 'secret'), 'from-file\n');
    expect(readAuthSecrets(config({ clientSecretFile: 'secret' }), {}, dir)).toEqual({ clientSecret: 'from-file' });
    expect(() => readAuthSecrets(config({ clientSecretFile: 'missing' }), {}, dir)).toThrow(/auth\.oidc\.clientSecretFile: cannot read .*missing \(ENOENT\)/);
  });

  it('refuses a short cookie secret without showing it', () => {
    const short = parseAuthConfig({ publicUrl: 'https://f.dk', oidc, cookieSecretEnv: 'COOKIE' });
    expect(() => readAuthSecrets(short, { COOKIE: 'kort-hemmelighed' })).toThrow(expect.objectContaining({ message: expect.not.stringContaining('kort-hemmelighed') }));
    expect(readAuthSecrets(short, { COOKIE: 'x'.repeat(32) })).toEqual({ cookieSecret: 'x'.repeat(32) });
  });
});
