// `fordeler eval --online` as a user runs it (separate process) on a slice of the dev corpus: 12 Digital
// Post letters (no OCR, so the test is quick) replayed from nothing learned. It prints the learning curve
// per window and cumulative, and writes the plot: a well-formed SVG with the expected series. With a `date`
// on every gold line the replay follows the dates instead of the gold order.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERIES } from '../../cli/plot/learning-curve.js';

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'fordeler-eval-online-'));
const corpus = join(dir, 'dev-slice');
const fordeler = (...args: string[]) =>
  spawnSync(process.execPath, [join(root, 'bin/fordeler.js'), 'eval', '--online', ...args], {
    cwd: dir,
    env: { ...process.env, FORDELER_DATA_DIR: join(dir, 'data'), FORDELER_TENANT: 'norrea', DATABASE_URL: '' },
    encoding: 'utf8',
    timeout: 5 * 60 * 1000,
  });

let lines: string[] = [];

beforeAll(() => {
  const dev = join(root, 'test/fixtures/dev');
  lines = readFileSync(join(dev, 'gold.jsonl'), 'utf8').split('\n').filter((line) => line.includes('"digitalpost"')).slice(0, 12);
  mkdirSync(join(corpus, 'items'), { recursive: true });
  for (const line of lines) {
    const file = (JSON.parse(line) as { file: string }).file;
    copyFileSync(join(dev, file), join(corpus, file));
  }
  writeFileSync(join(corpus, 'gold.jsonl'), `${lines.join('\n')}\n`);
  copyFileSync(join(dev, 'rules.json'), join(corpus, 'rules.json'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fordeler eval --online', () => {
  it('prints the learning curve per window and cumulative, and writes the plot as SVG', () => {
    const run = fordeler(corpus, '--window', '5');
    expect(run.status, run.stderr.slice(-2000)).toBe(0);
    expect(run.stdout).toContain('ONLINE REPLAY: 12 items of dev-slice in gold order, starting from nothing learned');
    const rows = run.stdout.split('\n').filter((line) => /^\d+–\d+ /.test(line));
    expect(rows.map((row) => row.split(' ')[0])).toEqual(['1–5', '6–10', '11–12']);
    for (const row of rows) expect(row.match(/\d+\.\d %/g)?.length ?? 0).toBeGreaterThanOrEqual(6);
    expect(run.stdout).toMatch(/In all: top-1 [\d.]+ %, automation [\d.]+ %, misroutes [\d.]+ %, routable recall [\d.]+ % of \d+ items with a destination\./);
    expect(run.stdout).toMatch(/Without learning \(the same items, nothing learned\): top-1 [\d.]+ %, automation [\d.]+ %/);
    expect(run.stdout).toMatch(/Staff: \d+ placed, \d+ confirmed, \d+ re-distributed; \d+ emner learned on the way\./);

    // Default: eval-online.svg in the current directory.
    const plot = join(dir, 'eval-online.svg');
    expect(run.stdout).toContain(`Plot written to ${plot}`);
    const svg = readFileSync(plot, 'utf8');
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    for (const name of Object.values(SERIES)) expect(svg).toContain(name);
    expect(svg).toContain('Online genafspilning af dev-slice, 12 breve');
    expect(svg).toContain('Breve behandlet');
  }, 300_000);

  it('replays in date order when every line has a date, and gives every step in --json', () => {
    // Six letters whose dates run backwards, so date order is the gold order reversed.
    const six = lines.slice(0, 6);
    const dated = six.map((line, i) => JSON.stringify({ ...(JSON.parse(line) as object), date: new Date(Date.UTC(2024, 0, 31 - i)).toISOString().slice(0, 10) }));
    const datedCorpus = join(dir, 'dated');
    mkdirSync(datedCorpus, { recursive: true });
    writeFileSync(join(datedCorpus, 'gold.jsonl'), `${dated.join('\n')}\n`);
    copyFileSync(join(corpus, 'rules.json'), join(datedCorpus, 'rules.json'));
    mkdirSync(join(datedCorpus, 'items'));
    for (const line of six) {
      const file = (JSON.parse(line) as { file: string }).file;
      copyFileSync(join(corpus, file), join(datedCorpus, file));
    }
    const plot = join(dir, 'dated.svg');
    const run = fordeler(datedCorpus, '--json', '--plot', plot, '--window', '4');
    expect(run.status, run.stderr.slice(-2000)).toBe(0);
    const report = JSON.parse(run.stdout) as { order: string; items: number; windows: unknown[]; cumulative: { to: number }[]; steps: { file: string; action: string }[] };
    expect(report.order).toBe('date');
    expect(report.items).toBe(6);
    expect(report.windows).toHaveLength(2);
    expect(report.cumulative.map((point) => point.to)).toEqual([4, 6]);
    expect(report.steps.map((step) => step.file)).toEqual(six.map((line) => (JSON.parse(line) as { file: string }).file).reverse());
    for (const step of report.steps) expect(['placed', 'confirmed', 'redistributed']).toContain(step.action);
    expect(existsSync(plot)).toBe(true);
  }, 300_000);
});
