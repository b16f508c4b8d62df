// The work file's `routing` section: a 1 % target misroute rate by default, a fixed threshold as an
// override, and errors that name the field.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { loadReadingSections, loadWorkConfig, processWorkConfig } from './work-config.js';

const samples = resolve(import.meta.dirname, '../../samples');
const app = loadConfig({});

async function load(file: Record<string, unknown>) {
  const path = join(await mkdtemp(join(tmpdir(), 'fordeler-routing-config-')), 'work.json');
  await writeFile(path, JSON.stringify({ rules: join(samples, 'rules.json'), ...file }));
  return loadWorkConfig(app, path, {}).then((config) => config.file.routing, (error: Error) => error.message);
}

describe('the work file: routing', () => {
  it('aims at a 1 % misroute rate unless told otherwise', async () => {
    expect(await load({})).toEqual({ targetMisroute: 0.01 });
    expect(await load({ routing: { targetMisroute: 0.02, closeRatio: 0.6, sensitiveTightening: 0.7 } })).toEqual({ targetMisroute: 0.02, closeRatio: 0.6, sensitiveTightening: 0.7 });
    expect(await load({ routing: { threshold: 0.9 } })).toEqual({ targetMisroute: 0.01, threshold: 0.9 });
  });

  it('names the field when the section is wrong', async () => {
    expect(await load({ routing: { targetMisroute: 0 } })).toMatch(/routing\.targetMisroute: /);
    expect(await load({ routing: { targetMisroute: 0.9 } })).toMatch(/routing\.targetMisroute: /);
    expect(await load({ routing: { threshold: 0.2 } })).toMatch(/routing\.threshold: /);
    expect(await load({ routing: { threshold: 1.5 } })).toMatch(/routing\.threshold: /);
    expect(await load({ routing: { closeRatio: 0 } })).toMatch(/routing\.closeRatio: /);
    expect(await load({ routing: { sensitiveTightening: -1 } })).toMatch(/routing\.sensitiveTightening: /);
    expect(await load({ routing: { target: 0.01 } })).toMatch(/routing: Unrecognized key: "target"/);
  });

  it('goes with the reading sections, so `process --config` gates routes as `work` does', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'fordeler-routing-config-')), 'work.json');
    await writeFile(path, JSON.stringify({ rules: 'rules.json', routing: { threshold: 0.9 } }));
    const reading = await loadReadingSections(path);
    expect(processWorkConfig(app, join(samples, 'rules.json'), reading).file.routing).toEqual({ targetMisroute: 0.01, threshold: 0.9 });
    expect(processWorkConfig(app, join(samples, 'rules.json')).file.routing).toEqual({ targetMisroute: 0.01 });
  });
});
