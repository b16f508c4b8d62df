import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { loadWorkConfig } from './work-config.js';

const samples = resolve(import.meta.dirname, '../samples');
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
