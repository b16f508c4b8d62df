// Acceptance: `fordeler rules simulate` shows a correct diff for a changed rule set. The oracle is
// independent of the simulation: the same dev-corpus items processed for real with the changed rules.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemReport } from '../../core/report-contract.js';
import type { SimulationReport } from '../../rules/simulate.js';

const root = resolve(import.meta.dirname, '../..');
const dev = join(root, 'test/fixtures/dev');
const work = mkdtempSync(join(tmpdir(), 'fordeler-simulate-'));
// A mixed slice of the dev corpus (mail, Digital Post, scans with and without sidecars): processing all
// 81 items twice would spend minutes on OCR without testing anything more.
const SLICE = ['d0001.xml', 'd0002.xml', 'd0004.meta.xml', 'd0004.pdf', 'd0009.eml', 'd0013.eml', 'd0014.eml', 'd0016.eml', 'd0017.png', 'd0018.xml', 'd0029.tif', 'd0042.eml', 'd0045.eml', 'd0052.eml', 'd0075.xml', 'd0077.eml'];
const corpus = join(work, 'items');
mkdirSync(corpus);
for (const name of SLICE) copyFileSync(join(dev, 'items', name), join(corpus, name));
const run = (dataDir: string, ...args: string[]) =>
  spawnSync(process.execPath, [join(root, 'bin/fordeler.js'), ...args], { cwd: root, env: { ...process.env, FORDELER_DATA_DIR: dataDir, DATABASE_URL: '' }, encoding: 'utf8', timeout: 10 * 60 * 1000 });
const reportsOf = (stdout: string) => new Map(stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as ItemReport).map((r) => [r.source.split('/').pop()!, r]));

describe('fordeler rules simulate', () => {
  let simulation: SimulationReport;
  let before: Map<string, ItemReport>;
  let after: Map<string, ItemReport>;

  beforeAll(() => {
    // The change: invoices no longer go by subject, and environment (09.*) goes to KY instead of ESDH-BYG.
    const changed = JSON.parse(readFileSync(join(dev, 'rules.json'), 'utf8')) as { contentRoutes: { id: string }[]; kleRoutes: { pattern: string; destination: string }[] };
    changed.contentRoutes = changed.contentRoutes.filter((r) => r.id !== 'CR02-faktura');
    changed.kleRoutes = changed.kleRoutes.map((r) => (r.pattern === '09.*' ? { ...r, destination: 'KY' } : r));
    const changedPath = join(work, 'changed-rules.json');
    writeFileSync(changedPath, JSON.stringify(changed));

    const live = join(work, 'live');
    const processed = run(live, 'process', corpus, '--rules', join(dev, 'rules.json'), '--json');
    expect(processed.status, processed.stderr.slice(-2000)).toBe(0);
    before = reportsOf(processed.stdout);
    const simulated = run(live, 'rules', 'simulate', changedPath, '--days', '1', '--json');
    expect(simulated.status, simulated.stderr.slice(-2000)).toBe(0);
    simulation = JSON.parse(simulated.stdout) as SimulationReport;

    const oracle = run(join(work, 'oracle'), 'process', corpus, '--rules', changedPath, '--json');
    expect(oracle.status, oracle.stderr.slice(-2000)).toBe(0);
    after = reportsOf(oracle.stdout);
  }, 15 * 60 * 1000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('reports exactly the items whose route the change alters, with from and to', () => {
    const expected = [...before.entries()]
      .filter(([, r]) => r.decision.status !== 'failed' && !r.decision.reasons.some((x) => x.code.startsWith('extract.')))
      .flatMap(([file, r]) => {
        const next = after.get(file)!;
        return r.decision.destination === next.decision.destination ? [] : [{ file, from: r.decision.destination, to: next.decision.destination }];
      })
      .sort((a, b) => a.file.localeCompare(b.file));
    const reported = simulation.changes.map((c) => ({ file: c.fileName, from: c.from.destination, to: c.to.destination })).sort((a, b) => a.file.localeCompare(b.file));
    expect(expected.length).toBeGreaterThan(0);
    expect(reported).toEqual(expected);
  });

  it('attributes the changes to the rules that cause them', () => {
    const ids = simulation.byRule.map((r) => r.ruleId);
    expect(ids).toContain('kle:09.*');
    expect(simulation.changes.filter((c) => c.kind === 'routed_elsewhere' && c.to.destination === 'KY').length).toBeGreaterThan(0);
    expect(simulation.unchanged + simulation.changes.length).toBe(simulation.items);
  });
});
