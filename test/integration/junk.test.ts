// Junk and machine mail end to end, as a user runs it: `fordeler process` on generated auto-replies,
// delivery reports, newsletters, gateway-flagged spam and phishing (test/support/junk-mails.ts) with the dev
// routing table, whose content routes match many of their subjects. None may be routed: each is parked
// under `route.junk` with the detector's reasons. Citizen mails on the same topics are routed or parked as
// usual, never as junk.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemReport } from '../../core/report-contract.js';
import { citizenMails, junkMails, mail } from '../support/junk-mails.js';

const root = resolve(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'fordeler-junk-'));
const rulesPath = join(root, 'test/fixtures/dev/rules.json');
const junk = junkMails();
const citizens = [
  ...citizenMails(),
  { name: 'control-kontanthjaelp', eml: mail({ from: 'Hanne Bak <hanne.bak@example.dk>', subject: 'Ansøgning om kontanthjælp', text: 'Jeg har mistet mit arbejde og vil gerne søge om kontanthjælp fra næste måned.' }) },
];

describe('fordeler process: junk and machine mail is never routed', () => {
  let reports: ItemReport[];
  let status: number | null;
  let stderr: string;

  beforeAll(() => {
    const post = join(work, 'post');
    mkdirSync(post);
    for (const m of [...junk.map((j) => ({ name: `junk-${j.name}`, eml: j.eml })), ...citizens.map((c) => ({ name: `citizen-${c.name}`, eml: c.eml }))]) {
      writeFileSync(join(post, `${m.name}.eml`), m.eml);
    }
    const run = spawnSync(process.execPath, [join(root, 'bin/fordeler.js'), 'process', post, '--rules', rulesPath, '--json'], {
      cwd: root,
      env: { ...process.env, FORDELER_DATA_DIR: join(work, 'data'), DATABASE_URL: '' },
      encoding: 'utf8',
      timeout: 10 * 60 * 1000,
    });
    status = run.status;
    stderr = run.stderr;
    reports = run.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as ItemReport);
  }, 11 * 60 * 1000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  const byName = (prefix: string) => reports.filter((r) => r.source.split('/').pop()!.startsWith(prefix));

  it('reads every mail', () => {
    expect(status, stderr.slice(-2000)).toBe(0);
    expect(junk.length).toBeGreaterThanOrEqual(30);
    expect(reports).toHaveLength(junk.length + citizens.length);
  });

  it('uses a routing table that would route many of the junk mails by their subject', () => {
    const table = JSON.parse(readFileSync(rulesPath, 'utf8')) as { contentRoutes: { subjectContains: string[] }[] };
    const words = table.contentRoutes.flatMap((route) => route.subjectContains.map((w) => w.toLowerCase()));
    const subjects = byName('junk-').map((r) => (r.subject ?? '').toLowerCase());
    expect(subjects.filter((s) => words.some((w) => s.includes(w))).length).toBeGreaterThanOrEqual(10);
  });

  it('parks every junk mail under route.junk with the detector\'s reasons, none routed', () => {
    const items = byName('junk-');
    expect(items).toHaveLength(junk.length);
    for (const report of items) {
      expect(report.decision.status, report.source).toBe('parked');
      expect(report.decision.destination, report.source).toBeNull();
      const reason = report.decision.reasons.find((r) => r.code === 'route.junk');
      expect(reason, report.source).toBeDefined();
      const expected = junk.find((j) => report.source.endsWith(`junk-${j.name}.eml`))!.kind;
      expect(reason!.data?.kinds, report.source).toContain(expected);
    }
  });

  it('does not treat citizen mail as junk, and routes the control mail by its subject', () => {
    const items = byName('citizen-');
    expect(items).toHaveLength(citizens.length);
    for (const report of items) expect(report.decision.reasons.map((r) => r.code), report.source).not.toContain('route.junk');
    const control = items.find((r) => r.source.endsWith('citizen-control-kontanthjaelp.eml'))!;
    expect(control.decision).toMatchObject({ status: 'routed', destination: 'KY' });
  });
});
