// `fordeler process` end to end on the samples, as a user runs it: a separate process on the embedded
// database. Checks the JSON Lines contract, one line per item, and the track & trace left in the database.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ItemReportSchema, type ItemReport } from '../../core/report-contract.js';
import { openDatabase } from '../../db/connect.js';
import { createItemQueries } from '../../db/item-queries.js';

const root = resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(join(tmpdir(), 'fordeler-cli-'));
const fordeler = (...args: string[]) =>
  spawnSync(process.execPath, [join(root, 'bin/fordeler.js'), ...args], {
    cwd: root,
    env: { ...process.env, FORDELER_DATA_DIR: dataDir, DATABASE_URL: '' },
    encoding: 'utf8',
    timeout: 10 * 60 * 1000,
  });

/** 15 files: 13 items, since two scans come with a NordScan sidecar. */
const SAMPLE_ITEMS = 13;
const MESSAGE_ID_D0055 = '<DB9PR07MB6216E3104902@DB9PR07MB6216.eurprd04.prod.outlook.com>';

describe('fordeler process samples/post --json', () => {
  let reports: ItemReport[];
  let run: ReturnType<typeof fordeler>;

  beforeAll(() => {
    run = fordeler('process', 'samples/post', '--rules', 'samples/rules.json', '--json');
    reports = run.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as ItemReport);
  }, 11 * 60 * 1000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('prints exactly one contract-valid JSON line per item', () => {
    expect(run.status, run.stderr.slice(-2000)).toBe(0);
    expect(reports).toHaveLength(SAMPLE_ITEMS);
    for (const report of reports) expect(ItemReportSchema.safeParse(report).error, report.source).toBeUndefined();
    expect(new Set(reports.map((r) => r.itemId)).size).toBe(SAMPLE_ITEMS);
    expect(run.stderr).toMatch(/13 items in .* routed, .* parked/);
  });

  it('routes the clear cases and explains the decision', () => {
    const by = (file: string) => reports.find((r) => r.source.endsWith(file));
    // Subject "Ansøgning om kontanthjælp": the content rule wins over KLE rules.
    expect(by('d0026.xml')?.decision).toMatchObject({ status: 'routed', destination: 'KY', ruleId: 'CR01-kontanthjaelp' });
    // MeMo carrying a current KLE emne: trusted metadata.
    expect(by('d0021.xml')?.kle).toMatchObject({ nr: '09.13.01', source: 'metadata' });
    expect(by('d0021.xml')?.decision.destination).toBe('ESDH-BYG');
    // A scanned (image-only) PDF with a sidecar is OCR'd and classified by its content: the sick-pay emne is
    // among the top suggestions. (Routed or parked depends on the out-of-sample confidence, not on OCR.)
    expect(by('d0051.pdf')?.channel).toBe('scan');
    expect(by('d0051.pdf')?.kle.candidates.slice(0, 3).map((c) => c.nr)).toContain('32.30.04');
    const matched = by('d0055.eml')?.decision.reasons.find((r) => r.code === 'route.rule_matched');
    expect(matched?.message).toMatch(/32\.30/);
  });

  it('parks what no rule places, with KLE suggestions', () => {
    const parked = reports.filter((r) => r.decision.status === 'parked');
    expect(parked.length).toBeGreaterThan(0);
    for (const report of parked) {
      expect(report.decision.destination).toBeNull();
      if (report.kle.candidates.length > 0) expect(report.suggestions.length).toBeGreaterThan(0);
    }
  });

  it('leaves track & trace in the database: events and decisions per stage', async () => {
    const database = await openDatabase({ dataDir: join(dataDir, 'pglite') });
    try {
      const queries = createItemQueries(database.db, { tenantId: 'default' });
      const routed = reports.find((r) => r.decision.status === 'routed') as ItemReport;
      expect((await queries.listEvents(routed.itemId)).map((e) => e.type)).toEqual(['received', 'extracted', 'classified', 'routed']);
      const decisions = await queries.listDecisions(routed.itemId);
      const route = decisions.find((d) => d.stage === 'route');
      expect(route?.ruleId).toBe(routed.decision.ruleId);
      expect(route?.outcome.trace).toBeInstanceOf(Array);
      expect((await queries.countByState()).routed).toBe(reports.filter((r) => r.decision.status === 'routed').length);
      // Files enter through the Intake like mailbox messages: an e-mail carries its Message-ID.
      const mail = reports.find((r) => r.source.endsWith('d0055.eml'))!;
      expect((await queries.findItem(mail.itemId))?.messageId).toBe(MESSAGE_ID_D0055);
    } finally {
      await database.close();
    }
  });

  it('prints a readable routing report without --json', () => {
    const table = fordeler('process', 'samples/post/d0026.xml', '--rules', 'samples/rules.json');
    expect(table.status, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/d0026\.xml\s+digitalpost\s+32\.24\.04.*routed\s+KY/);
    expect(table.stdout).toMatch(/1 item in/);
  });

  it('explains a broken rule file and exits non-zero', () => {
    const broken = fordeler('process', 'samples/post/d0026.xml', '--rules', 'test/fixtures/rules/unknown-destination.json');
    expect(broken.status).not.toBe(0);
    expect(broken.stderr).toMatch(/unknown destination "KYY"/);
  });

  it('explains a stored item: the rules tried and what their conditions saw', () => {
    const routed = reports.find((r) => r.decision.status === 'routed')!;
    const explained = fordeler('explain', routed.itemId);
    expect(explained.status, explained.stderr).toBe(0);
    expect(explained.stdout).toContain(`routed to ${routed.decision.destination} by rule ${routed.decision.ruleId}`);
    expect(explained.stdout).toMatch(/saw .+ → true/);
  });

  it('shows track & trace for an item, stage by stage with times', () => {
    const routed = reports.find((r) => r.decision.status === 'routed')!;
    const traced = fordeler('trace', routed.itemId);
    expect(traced.status, traced.stderr).toBe(0);
    const types = traced.stdout.trim().split('\n').map((line) => line.split(/\s+/)[3]);
    expect(types).toEqual(['received', 'extracted', 'classified', 'routed']);
    expect(traced.stdout).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d {2}ingest/);
  });
});
