// The work file's `junk` section: park by default, keep only with a number of days, errors that name the field.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { loadWorkConfig } from './work-config.js';

const samples = resolve(import.meta.dirname, '../../samples');
const app = loadConfig({});

async function load(file: Record<string, unknown>) {
  const path = join(await mkdtemp(join(tmpdir(), 'fordeler-junk-config-')), 'work.json');
  await writeFile(path, JSON.stringify({ rules: join(samples, 'rules.json'), ...file }));
  return loadWorkConfig(app, path, {}).then((config) => config.file.junk, (error: Error) => error.message);
}

describe('the work file: junk', () => {
  it('parks junk unless told otherwise', async () => {
    expect(await load({})).toEqual({ action: 'park' });
    expect(await load({ junk: { action: 'keep', keepDays: 30, spamScoreHeader: 'X-Spam-Score', spamScoreThreshold: 6 } })).toEqual({ action: 'keep', keepDays: 30, spamScoreHeader: 'X-Spam-Score', spamScoreThreshold: 6 });
  });

  it('names the field when the section is wrong', async () => {
    expect(await load({ junk: { action: 'keep' } })).toMatch(/junk\.keepDays: .*required with action "keep"/);
    expect(await load({ junk: { action: 'delete' } })).toMatch(/junk\.action: junk\.action must be "park" or "keep"/);
    expect(await load({ junk: { action: 'keep', keepDays: 1000 } })).toMatch(/junk\.keepDays/);
    expect(await load({ junk: { action: 'park', keepDays: 3 } })).toMatch(/junk: Unrecognized key: "keepDays"/);
    expect(await load({ junk: { action: 'park', spamScoreHeader: 'X Spam' } })).toMatch(/junk\.spamScoreHeader/);
  });
});
