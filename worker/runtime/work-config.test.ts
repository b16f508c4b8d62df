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
