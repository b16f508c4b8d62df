// `fordeler serve`'s own parsing: the --listen address, and where the login settings come from (--auth wins
// over the work file's `auth` section; neither stops the start, saying both ways; relative secret files start
// at the folder of the file the settings came from).
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAuthConfig, readAuthSecrets } from '../../api/auth/config.js';
import { loadConfig } from '../../worker/runtime/config.js';
import { loadWorkConfig } from '../../worker/runtime/work-config.js';
import { authSettingsFor, parseListen } from './serve.js';

describe('parseListen', () => {
  it('reads host:port, [v6]:port and :port, and refuses the rest', () => {
    expect(parseListen('127.0.0.1:8080')).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(parseListen('[::1]:0')).toEqual({ host: '::1', port: 0 });
    expect(parseListen(':9000')).toEqual({ host: '0.0.0.0', port: 9000 });
    for (const bad of ['8080', 'localhost', 'a:b', '1.2.3.4:70000', '::1:80']) expect(() => parseListen(bad), bad).toThrow(/--listen/);
  });
});

describe('authSettingsFor', () => {
  const rules = resolve(import.meta.dirname, '../../samples/rules.json');
  const bearer = (issuer: string) => ({ bearer: { issuer, audience: 'api://fordeler', jwks: { keys: [{ kty: 'EC' }] } }, groups: { esdh: { roles: ['journal'] } } });

  /** A work file in its own folder, with a cookie secret file beside it; `cwd` stays elsewhere. */
  async function workFile(auth?: unknown) {
    const dir = await mkdtemp(join(tmpdir(), 'fordeler-serve-'));
    await mkdir(join(dir, 'secrets'));
    await writeFile(join(dir, 'secrets', 'cookie'), `${'w'.repeat(40)}\n`);
    const path = join(dir, 'work.json');
    await writeFile(path, JSON.stringify({ rules, ...(auth !== undefined ? { auth } : {}) }));
    return { dir, config: await loadWorkConfig(loadConfig({}), path, {}) };
  }

  it('reads the work file\'s auth section, with relative secret files beside the work file', async () => {
    const { dir, config } = await workFile({ ...bearer('https://idp.work'), cookieSecretFile: 'secrets/cookie' });
    const found = await authSettingsFor(undefined, config);
    expect(found).toMatchObject({ from: 'work-file', baseDir: dir, settings: { bearer: { issuer: 'https://idp.work' } } });
    expect(process.cwd()).not.toBe(dir);
    expect(readAuthSecrets(parseAuthConfig(found.settings), {}, found.baseDir)).toEqual({ cookieSecret: 'w'.repeat(40) });
  });

  it('lets --auth win over the work file, relative to the auth file', async () => {
    const { config } = await workFile(bearer('https://idp.work'));
    const other = await mkdtemp(join(tmpdir(), 'fordeler-serve-auth-'));
    await writeFile(join(other, 'cookie'), 'a'.repeat(32));
    await writeFile(join(other, 'auth.json'), JSON.stringify({ ...bearer('https://idp.file'), cookieSecretFile: 'cookie' }));
    const found = await authSettingsFor(join(other, 'auth.json'), config);
    expect(found).toMatchObject({ from: 'auth-file', baseDir: other, settings: { bearer: { issuer: 'https://idp.file' } } });
    expect(readAuthSecrets(parseAuthConfig(found.settings), {}, found.baseDir)).toEqual({ cookieSecret: 'a'.repeat(32) });
  });

  it('refuses neither, naming both ways, and says which auth file it could not read', async () => {
    const { dir, config } = await workFile();
    await expect(authSettingsFor(undefined, config)).rejects.toThrow('fordeler serve needs login settings: an `auth` section in the work file, or --auth <file>');
    await expect(authSettingsFor(join(dir, 'missing.json'), config)).rejects.toThrow(`cannot read the auth settings ${join(dir, 'missing.json')}`);
    await writeFile(join(dir, 'broken.json'), '{ "bearer": ');
    await expect(authSettingsFor(join(dir, 'broken.json'), config)).rejects.toThrow('are not JSON');
  });

  it('leaves checking the section to the auth settings, which name the field', async () => {
    const { config } = await workFile({ oidc: { issuer: 'http://idp.kommune.dk', clientId: 'f' } });
    const found = await authSettingsFor(undefined, config);
    expect(() => parseAuthConfig(found.settings)).toThrow('auth.oidc.issuer: an https URL');
  });
});
