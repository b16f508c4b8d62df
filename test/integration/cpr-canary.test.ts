// The CPR canary (issue 13, point 5): a citizen's CPR number written with a dash, a space, an en-dash or no
// separator, in file names, subjects and bodies, goes through `fordeler process --json` and `fordeler trace
// --json` — the real CLI in a child process, logging at debug level — and its serial never reaches stdout or
// stderr. The birth date may show (010190-XXXX); the number may not. What `process` stored is checked too:
// items.subject and decisions.reasons hold the number masked (items.extracted keeps the letter in clear).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connect.js';
import { decisions, items } from '../../db/schema.js';

const root = resolve(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'fordeler-cpr-canary-'));
const post = join(work, 'post');
mkdirSync(post);
const SPELLINGS = ['010190-1009', '010190 1009', '010190–1009', '0101901009'];
const SERIAL = /010190\D?1009/;
SPELLINGS.forEach((cpr, i) => {
  const mail = [
    'From: Borger <borger@example.dk>',
    'To: post@kommune.dk',
    `Subject: =?utf-8?Q?Klage_over_afg=C3=B8relse_cpr_${encodeURIComponent(cpr).replace(/%/g, '=').replace(/ /g, '_')}?=`,
    `Message-ID: <canary-${i}@example.dk>`,
    'Date: Sun, 06 Dec 2026 10:00:00 +0100',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Mit cpr-nummer er ${cpr}. Jeg klager over afgørelsen om min boligstøtte.`,
  ].join('\r\n');
  writeFileSync(join(post, `klage ${cpr}.eml`), mail);
});
const rulesFile = join(work, 'rules.json');
writeFileSync(rulesFile, JSON.stringify({ destinations: [{ id: 'KY', name: 'KY' }], rest: { id: 'rest', name: 'Restpostkasse' }, contentRoutes: [] }));
const run = (...args: string[]) =>
  spawnSync(process.execPath, [join(root, 'bin/fordeler.js'), ...args], {
    cwd: root,
    env: { ...process.env, FORDELER_DATA_DIR: join(work, 'data'), DATABASE_URL: '', LOG_LEVEL: 'debug' },
    encoding: 'utf8',
    timeout: 5 * 60 * 1000,
  });

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the CPR canary', () => {
  it('never lets a CPR number out through process --json, trace --json or the logs, in any spelling', () => {
    const processed = run('process', post, '--rules', rulesFile, '--json');
    expect(processed.status, processed.stderr.slice(-2000)).toBe(0);
    const reports = processed.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { itemId: string; subject: string | null });
    expect(reports).toHaveLength(SPELLINGS.length);
    // The canary is alive: the subjects were read (with the birth date), only the serial is gone.
    expect(reports.every((r) => r.subject?.includes('010190-XXXX'))).toBe(true);
    expect(processed.stdout).not.toMatch(SERIAL);
    expect(processed.stderr).not.toMatch(SERIAL);
    for (const report of reports) {
      const traced = run('trace', report.itemId, '--json');
      expect(traced.status, traced.stderr.slice(-2000)).toBe(0);
      expect(traced.stdout).not.toMatch(SERIAL);
      expect(traced.stderr).not.toMatch(SERIAL);
    }
  }, 6 * 60 * 1000);

  it('is stored masked by process: subjects and decision reasons, while the extracted text keeps the letter', async () => {
    const database = await openDatabase({ dataDir: join(work, 'data', 'pglite') });
    try {
      const rows = await database.db.select({ subject: items.subject, extracted: items.extracted }).from(items);
      expect(rows).toHaveLength(SPELLINGS.length);
      for (const row of rows) {
        expect(row.subject).toContain('010190-XXXX');
        expect(row.subject).not.toMatch(SERIAL);
        expect(row.extracted?.subject).toMatch(SERIAL);
      }
      const reasons = await database.db.select({ reasons: decisions.reasons }).from(decisions);
      expect(reasons.length).toBeGreaterThan(0);
      expect(JSON.stringify(reasons)).toContain('010190-XXXX');
      expect(JSON.stringify(reasons)).not.toMatch(SERIAL);
    } finally {
      await database.close();
    }
  }, 60_000);
});
