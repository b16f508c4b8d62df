// Issue 11, point 7, end to end: an e-mail whose Subject and From are raw ISO-8859-1 bytes (no RFC 2047,
// written by Python's email package: test/fixtures/mail-8bit/make.py) goes through `fordeler process`, the
// real CLI in a child process on a throwaway data dir, and a content rule on "kontanthjælp" in the subject
// routes it. Before the fix the subject read "Ans�gning om kontanthj�lp" and the item was parked.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ItemReportSchema } from '../../core/report-contract.js';

const root = resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(join(tmpdir(), 'fordeler-latin1-'));
const rulesFile = join(dataDir, 'rules.json');
writeFileSync(
  rulesFile,
  JSON.stringify({
    destinations: [{ id: 'KY', name: 'Kommunernes Ydelsessystem' }],
    rest: { id: 'rest', name: 'Restpostkasse' },
    contentRoutes: [{ id: 'CR-kontanthjaelp', subjectContains: ['kontanthjælp'], destination: 'KY' }],
  }),
);

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('fordeler process on a mail with raw Latin-1 headers', () => {
  it('routes it by the content rule on the decoded subject', () => {
    const run = spawnSync(
      process.execPath,
      [join(root, 'bin/fordeler.js'), 'process', 'test/fixtures/mail-8bit/latin1-subject.eml', '--rules', rulesFile, '--json'],
      { cwd: root, env: { ...process.env, FORDELER_DATA_DIR: join(dataDir, 'data'), DATABASE_URL: '' }, encoding: 'utf8', timeout: 5 * 60 * 1000 },
    );
    expect(run.status, run.stderr.slice(-2000)).toBe(0);
    const lines = run.stdout.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    const report = ItemReportSchema.parse(JSON.parse(lines[0] as string));
    expect(report.channel).toBe('email');
    expect(report.subject).toBe('Ansøgning om kontanthjælp');
    expect(report.decision).toMatchObject({ status: 'routed', destination: 'KY', ruleId: 'CR-kontanthjaelp' });
  }, 6 * 60 * 1000);
});
