import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { loadConfig } from './config.js';
import { loadWorkConfig, processWorkConfig } from './work-config.js';

const samples = resolve(import.meta.dirname, '../../samples');
const app = loadConfig({});

async function configWith(file: Record<string, unknown>): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'fordeler-work-config-')), 'work.json');
  await writeFile(path, JSON.stringify({ rules: join(samples, 'rules.json'), ...file }));
  return path;
}

const account = { id: 'restpost', host: '127.0.0.1', port: 143, user: 'postfordeling@noerreaa.dk', passwordEnv: 'X' };

describe('the work file', () => {
  it('reads the shipped examples, with destinations of every kind', async () => {
    expect((await loadWorkConfig(app, join(samples, 'work.json'), {})).file.destinations).toEqual({});
    const example = await loadWorkConfig(app, join(samples, 'work.imap.example.json'), {});
    expect(new Set(Object.values(example.file.destinations).map((d) => d.kind))).toEqual(new Set(['overdragelse', 'imap-folder', 'smtp', 'folder']));
    expect(example.file.restMailbox).toMatchObject({ account: 'restpost', folder: 'Restpost', pollSeconds: 15, maxAttachmentMB: 25 });
    expect(example.imap.find((a) => a.id === 'restpost')?.mailboxes).toEqual([]);
  });

  it('names the field when a destination or a mailbox points at nothing', async () => {
    const load = async (file: Record<string, unknown>) => loadWorkConfig(app, await configWith(file), {}).then(() => 'ok', (error: Error) => error.message);
    expect(await load({ destinations: { JOBCENTER: { kind: 'imap-folder', account: 'jobcenter', mailbox: 'INBOX' } } })).toMatch(/destinations\.JOBCENTER\.account: no IMAP account "jobcenter"/);
    expect(await load({ destinations: { KSD: { kind: 'overdragelse' } } })).toMatch(/destinations\.KSD: an overdragelse destination needs the `overdragelse` section/);
    expect(await load({ destinations: { BORGERSERVICE: { kind: 'smtp', to: 'borgerservice@noerreaa.dk' } } })).toMatch(/needs the `smtp` section/);
    expect(await load({ alerts: { to: 'it-drift@noerreaa.dk' } })).toMatch(/alerts: alerts are mailed/);
    expect(await load({ restMailbox: { account: 'restpost' } })).toMatch(/restMailbox\.account: no IMAP account "restpost"/);
    expect(await load({ imap: [account], restMailbox: { account: 'restpost' } })).toBe('ok');
    expect(await load({ destinations: { 'ikke gyldig': { kind: 'folder' } } })).toMatch(/destinations\.ikke gyldig: not a destination id/);
  });

  it('refuses plain http to Fordelingskomponenten off this machine, an SFTP server without a pinned host key, and a pin without HTTPS', async () => {
    const load = async (file: Record<string, unknown>) => loadWorkConfig(app, await configWith(file), {}).then(() => 'ok', (error: Error) => error.message);
    const overdragelse = (endpoint: string, extra: Record<string, unknown> = {}) => ({ endpoint, municipalityCvr: '65916169', systemUuid: '0c7f3e2a-9d4b-4f61-8a2e-5b1c9d7e3f40', ...extra });
    expect(await load({ overdragelse: overdragelse('http://fk.example.dk/service') })).toMatch(/overdragelse\.endpoint: plain http:\/\/ is allowed only to 127\.0\.0\.1, ::1 or localhost/);
    for (const local of ['http://127.0.0.1:8080/x', 'http://[::1]:8080/x', 'http://localhost/x', 'https://fk.example.dk/x']) expect(await load({ overdragelse: overdragelse(local) })).toBe('ok');
    const sftp = { host: 'sftp.example.dk', username: 'u', privateKeyFile: 'k' };
    expect(await load({ overdragelse: overdragelse('https://fk.example.dk/'), filudveksling: sftp })).toMatch(/filudveksling\.hostKeySha256: required/);
    expect(await load({ overdragelse: overdragelse('https://fk.example.dk/'), filudveksling: { ...sftp, hostKeySha256: 'MD5:aa' } })).toMatch(/filudveksling\.hostKeySha256: the SFTP host key fingerprint/);
    expect(await load({ overdragelse: overdragelse('https://fk.example.dk/'), filudveksling: { ...sftp, hostKeySha256: `SHA256:${'A'.repeat(43)}` } })).toBe('ok');
    const pin = 'ab'.repeat(32);
    expect(await load({ overdragelse: overdragelse('https://fk.example.dk/', { receiptCallerSha256: [pin] }) })).toMatch(/overdragelse\.receiptCallerSha256: a pinned FK certificate is checked on HTTPS: it needs `http\.tls`/);
    expect(await load({ overdragelse: overdragelse('https://fk.example.dk/', { receiptCallerSha256: ['abc'] }) })).toMatch(/receiptCallerSha256\.0: a SHA-256 certificate fingerprint/);
    expect(await load({ http: { writeClientSha256: [pin] } })).toMatch(/http\.writeClientSha256: client certificates need `http\.tls`/);
    const tls = { certFile: 's.crt', keyFile: 's.key', clientCaFile: 'ca.crt' };
    const pinned = await loadWorkConfig(app, await configWith({ http: { tls }, overdragelse: overdragelse('https://fk.example.dk/', { receiptCallerSha256: [pin] }) }), {});
    expect(pinned.file.overdragelse?.receiptCallerSha256).toEqual([Array(32).fill('AB').join(':')]);
    expect(await load({ http: { writeTokens: [{ name: 'portal', env: 'lower-case' }] } })).toMatch(/http\.writeTokens\.0\.env: the name of an environment variable/);
  });
});

describe('the settings of fordeler process', () => {
  it('are a work configuration with only the rule file: no sources, no destinations, never Redis, each stage once', () => {
    // A REDIS_URL in the environment is for `fordeler work`; process runs its queues in its own process.
    vi.stubEnv('REDIS_URL', 'redis://127.0.0.1:6379');
    const config = processWorkConfig(loadConfig({ FORDELER_CONCURRENCY: '3' }), 'samples/rules.json');
    vi.unstubAllEnvs();
    expect(config.rulesPath).toBe(resolve('samples/rules.json'));
    expect(config.redisUrl).toBeUndefined();
    expect(config.imap).toEqual([]);
    expect(config.dropFolders).toEqual([]);
    expect(config.file.destinations).toEqual({});
    expect(Object.values(config.policies).map((p) => p.attempts)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(config.policies.extract.concurrency).toBe(3);
  });
});
