// Runs every file of the hostile-input corpus through `fordeler process` in a separate process with the
// network blocked, and checks item by item: exactly one outcome, a specific reason for every rejection,
// no crash, no network attempt, no local file read through XML entities.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemReport } from '../../core/report-contract.js';
import { hostileFile, hostileFiles } from '../support/hostile-files.js';

const root = resolve(import.meta.dirname, '../..');
const GROUPS = ['mime', 'pdf', 'xml', 'images', 'archives'];

const canUnshare = spawnSync('unshare', ['-n', 'true']).status === 0;

/** Expected outcomes for files made to break a specific thing (codes are stable API). */
const EXPECTED_CODES: Record<string, RegExp> = {
  'pdf/pdfjs__pr6531_1.pdf': /^extract\.pdf_encrypted$/,
  'xml/payloads__classic-xxe-etc-passwd.xml': /^extract\.xml_doctype_forbidden$/,
  'xml/defusedxml__xmlbomb.xml': /^extract\.xml_doctype_forbidden$/,
  'xml/memo-ours/memo_06_wrong_namespace_MeMo-2.xml': /^extract\.not_memo$/,
  'images/sharp__65536-uint32-limit.png': /^extract\.image_pixel_limit$/,
};
/** Valid but extreme: must be processed (routed or parked by the rules), not rejected. */
const MUST_PROCESS = ['mime/postalmime__mimetorture.eml', 'mime/mimetools__frag.msg', 'mime/rubymail__attachment_message_rfc822.eml'];

describe('hostile-input corpus through `fordeler process`', () => {
  const files = GROUPS.flatMap((group) => hostileFiles(group));
  const dataDir = mkdtempSync(join(tmpdir(), 'fordeler-hostile-'));
  let run: ReturnType<typeof spawnSync>;
  let reports: ItemReport[] = [];
  const byFile = new Map<string, ItemReport>();

  beforeAll(() => {
    const command = [
      ...(canUnshare ? ['unshare', '-n'] : []),
      process.execPath,
      '--import',
      join(root, 'test/support/deny-network.mjs'),
      join(root, 'bin/fordeler.js'),
      'process',
      ...files,
      '--rules',
      join(root, 'samples/rules.json'),
      '--json',
    ];
    run = spawnSync(command[0] as string, command.slice(1), {
      cwd: root,
      env: { ...process.env, FORDELER_DATA_DIR: dataDir, FORDELER_ITEM_TIMEOUT_SECONDS: '60', DATABASE_URL: '' },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      timeout: 30 * 60 * 1000,
    });
    reports = String(run.stdout).split('\n').filter(Boolean).map((line) => JSON.parse(line) as ItemReport);
    for (const report of reports) byFile.set(resolve(report.source), report);
  }, 31 * 60 * 1000);

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('finishes without crashing, network attempts or leaked local files', () => {
    expect(run.error, String(run.stderr).slice(-2000)).toBeUndefined();
    expect(run.status, String(run.stderr).slice(-2000)).toBe(0);
    const output = `${String(run.stdout)}\n${String(run.stderr)}`;
    expect(output).not.toContain('FORDELER-NETWORK-ATTEMPT');
    expect(output).not.toMatch(/root:x:0:0/);
  });

  it('gives exactly one outcome per file', () => {
    expect(files.length).toBeGreaterThanOrEqual(170);
    expect(reports).toHaveLength(files.length);
    for (const file of files) expect(byFile.has(resolve(file)), file).toBe(true);
  });

  it('rejects only with a specific, named cause', () => {
    for (const report of reports) {
      expect(['routed', 'parked', 'failed'], report.source).toContain(report.decision.status);
      for (const reason of report.decision.reasons) {
        expect(reason.code, `${report.source}: ${reason.message}`).not.toMatch(/unexpected_error$/);
        expect(reason.message.length, report.source).toBeGreaterThan(10);
      }
      if (report.decision.status === 'failed') expect(report.decision.reasons.length, report.source).toBeGreaterThan(0);
    }
  });

  it.each(Object.entries(EXPECTED_CODES))('%s ends with %s', (file, code) => {
    const report = byFile.get(hostileFile(file));
    expect(report, file).toBeDefined();
    expect(report?.decision.reasons.map((r) => r.code)).toContainEqual(expect.stringMatching(code));
  });

  it.each(MUST_PROCESS)('%s is processed, not rejected', (file) => {
    const report = byFile.get(hostileFile(file));
    expect(report?.decision.reasons.filter((r) => r.code.startsWith('extract.'))).toEqual([]);
  });
});
