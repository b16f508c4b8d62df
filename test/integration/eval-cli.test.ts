// `fordeler eval` and `fordeler classify` as a user runs them (separate processes, embedded database):
// eval prints out-of-sample figures by default and labels the in-sample one; classify loads the tenant's
// learned model the way process does, so both give the same emne and confidence for the same letter.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HELD_OUT_LETTERS, TRAINING } from '../../classifiers/learned/letters.fixture.js';
import type { Classification } from '../../core/model.js';
import type { ItemReport } from '../../core/report-contract.js';
import { openDatabase } from '../../db/connect.js';
import { createItemStore } from '../../db/item-store.js';
import { createLearningStore } from '../../db/learning-store.js';
import { confirmKle } from '../../worker/actions/learning.js';

const root = resolve(import.meta.dirname, '../..');
const TENANT = 'norrea';
const dir = mkdtempSync(join(tmpdir(), 'fordeler-eval-cli-'));
const dataDir = join(dir, 'data');
const fordeler = (...args: string[]) =>
  spawnSync(process.execPath, [join(root, 'bin/fordeler.js'), ...args], {
    cwd: root,
    env: { ...process.env, FORDELER_DATA_DIR: dataDir, FORDELER_TENANT: TENANT, DATABASE_URL: '' },
    encoding: 'utf8',
    timeout: 10 * 60 * 1000,
  });

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fordeler eval', () => {
  const corpus = join(dir, 'corpus');
  beforeAll(() => {
    // 12 Digital Post letters of the dev corpus (no OCR, so the test is quick), with their gold lines.
    const dev = join(root, 'test/fixtures/dev');
    const lines = readFileSync(join(dev, 'gold.jsonl'), 'utf8').split('\n').filter((line) => line.includes('"digitalpost"')).slice(0, 12);
    mkdirSync(join(corpus, 'items'), { recursive: true });
    for (const line of lines) {
      const file = (JSON.parse(line) as { file: string }).file;
      copyFileSync(join(dev, file), join(corpus, file));
    }
    writeFileSync(join(corpus, 'gold.jsonl'), `${lines.join('\n')}\n`);
    copyFileSync(join(dev, 'rules.json'), join(corpus, 'rules.json'));
  });

  it('prints cross-validated and leave-gruppe-out figures by default, and what the calibration was fitted on', () => {
    const run = fordeler('eval', corpus, '--folds', '3');
    expect(run.status, run.stderr.slice(-2000)).toBe(0);
    expect(run.stdout).toContain('OUT-OF-SAMPLE: 12 items, 3 folds');
    expect(run.stdout).toMatch(/routable recall [\d.]+ % of \d+ items with a destination; misroute rate [\d.]+ %/);
    expect(run.stdout).toMatch(/Leave-gruppe-out: \d+ KLE gruppes/);
    expect(run.stdout).toContain('Shipped calibration (classifiers/data/calibration.json): fitted on dev: 81 items');
    expect(run.stdout).toContain('no refit command');
    expect(run.stdout).not.toContain('IN-SAMPLE');
  }, 600_000);

  it('gives per-gruppe counts in --json, and labels --in-sample as such', () => {
    const run = fordeler('eval', corpus, '--folds', '3', '--json');
    expect(run.status, run.stderr.slice(-2000)).toBe(0);
    const report = JSON.parse(run.stdout) as { mode: string; folds: number; crossValidated: { total: { items: number } }; leaveGruppeOut: { perGruppe: Record<string, { items: number }>; items: number } };
    expect(report.mode).toBe('out-of-sample');
    expect(report.folds).toBe(3);
    expect(report.crossValidated.total.items).toBe(12);
    const counts = Object.values(report.leaveGruppeOut.perGruppe).map((g) => g.items);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(report.leaveGruppeOut.items);
    const inSample = fordeler('eval', corpus, '--in-sample');
    expect(inSample.status, inSample.stderr.slice(-2000)).toBe(0);
    expect(inSample.stdout).toMatch(/^IN-SAMPLE/);
  }, 600_000);
});

describe('fordeler classify and fordeler process', () => {
  it('give the same emne and confidence after confirmations have trained the learned model', async () => {
    const database = await openDatabase({ dataDir: join(dataDir, 'pglite') });
    try {
      const items = createItemStore(database.db, { tenantId: TENANT });
      const store = createLearningStore(database.db, { tenantId: TENANT });
      for (const [index, example] of TRAINING.entries()) {
        const { item } = await items.createItem({ channel: 'email', source: 'test:eval-cli', fileName: `${index}.eml`, contentSha256: index.toString(16).padStart(64, '0'), size: 1, receivedAt: new Date() });
        await items.commit({ itemId: item.id, from: 'received', to: 'extracted', content: example.content, event: { stage: 'extract', type: 'extracted', at: new Date() } });
        await confirmKle({ items, store }, { itemId: item.id, kleNr: example.nr, source: 'manual', confirmedBy: 'journal' });
      }
    } finally {
      await database.close();
    }
    const letter = HELD_OUT_LETTERS[0];
    if (!letter) throw new Error('no held-out letter');
    const eml = join(dir, 'letter.eml');
    writeFileSync(
      eml,
      ['From: Borger <borger@example.dk>', 'To: post@norrea.dk', `Subject: ${letter.content.subject ?? ''}`, 'Date: Mon, 7 Dec 2026 09:00:00 +0100', 'Message-ID: <eval-cli-1@example.dk>', 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', letter.content.body, ''].join('\r\n'),
    );

    const classified = fordeler('classify', eml, '--json');
    expect(classified.status, classified.stderr.slice(-2000)).toBe(0);
    const c = JSON.parse(classified.stdout) as Classification;
    // The learned model took part: some candidate carries its reason.
    expect(JSON.stringify(c.candidates)).toContain('classify.learned_features');

    const processed = fordeler('process', eml, '--rules', 'test/fixtures/dev/rules.json', '--json');
    expect(processed.status, processed.stderr.slice(-2000)).toBe(0);
    const report = JSON.parse(processed.stdout.split('\n').filter(Boolean)[0] ?? '{}') as ItemReport;
    expect(report.kle.nr).toBe(c.nr);
    expect(report.kle.confidence).toBe(c.confidence);
    // The report lists the first few candidates only.
    expect(report.kle.candidates.length).toBeGreaterThan(1);
    expect(report.kle.candidates.map((x) => x.nr)).toEqual(c.candidates.slice(0, report.kle.candidates.length).map((x) => x.nr));
  }, 600_000);
});
