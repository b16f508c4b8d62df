// `fordeler learn import` on the embedded database: an ESDH export as CSV (`;`, quoted cells, a document
// given as a file beside the export, read as `process` reads it) and as JSON Lines. Bad rows are kept out
// with their line and field; importing twice adds nothing; only features are stored, never the text; another
// tenant sees none of it; the retrained model and the sender history include the imports. The command itself
// is run once as a user runs it (separate process), for its report, exit code and CPR masking.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKleCatalog } from '../../classifiers/kle-catalog.js';
import { deserialize } from '../../classifiers/learned/model.js';
import { openDatabase, type Database } from '../../db/connect.js';
import { createImportedExamplesStore } from '../../db/imported-examples-store.js';
import { createLearningStore } from '../../db/learning-store.js';
import { importedExamples } from '../../db/schema.js';
import { loadKleData } from '../../worker/adapters/kle-data.js';
import { importExport, type ImportDeps } from '../../worker/actions/learn-import.js';
import { openFileExtractor, type FileExtractor } from '../../worker/actions/learn-import-files.js';
import { loadKnowledge } from '../../worker/actions/learning.js';

const root = resolve(import.meta.dirname, '../..');
const TENANT = 'norrea';
const OTHER = 'kommune-b';
const dir = mkdtempSync(join(tmpdir(), 'fordeler-learn-import-'));
const exportDir = join(dir, 'export');
const catalog = createKleCatalog(loadKleData());

/** A sentence that must never be found in the database: only features are stored. */
const SECRET_SENTENCE = 'Vores carport skal stå ved skellet mod Bøgevej nummer 17';

const CSV = [
  'id;text;file;kle;destination;date;sender',
  `A1;"${SECRET_SENTENCE}; se vedlagte tegninger\nmed venlig hilsen";;02.00.00;ESDH-BYG;2024-03-01;arkitekt@tegnestue.dk`,
  'A2;Ansøgning om byggetilladelse til tilbygning og carport;;02.00.00;ESDH-BYG;02-03-2024;DK 6591 6169',
  'A3;;docs/d0005.eml;09.11.00;ESDH-BYG;;',
  'A4;;docs/escape.eml;09.11.00;;;',
  'A5;Sygemelding;;99.99.99;;2024-02-30;010180-1234',
  'A6;;;32.30.04;;;',
  'A7;Sygemelding fra arbejdsgiver, sygedagpenge;;32.30.04;KSD;;',
  'A8;;../outside.eml;09.11.00;;;',
].join('\n');

const JSONL = [
  JSON.stringify({ id: 'J1', text: 'Refusion af sygedagpenge for medarbejder, sygemeldt fra 1. marts', kle: '32.30.04', destination: 'KSD', sender: 'loen@firma.dk' }),
  JSON.stringify({ text: 'Sygedagpenge: arbejdsgivers anmodning om refusion', kle: '32.30.04', date: '2024-03-05T10:00:00+01:00' }),
  '{ not json',
  JSON.stringify({ id: 'J3', text: 'Forespørgsel om affaldsspand', kle: '07.00.00', sender: ['a@b.dk'] }),
].join('\n');

let database: Database;
let extractor: FileExtractor;

function deps(tenantId: string): ImportDeps {
  return {
    imported: createImportedExamplesStore(database.db, { tenantId }),
    learning: createLearningStore(database.db, { tenantId }),
    isCurrentEmne: (nr) => catalog.isCurrentEmne(nr),
    extract: (path) => extractor.extract(path),
  };
}

beforeAll(async () => {
  mkdirSync(join(exportDir, 'docs'), { recursive: true });
  copyFileSync(join(root, 'samples/post/d0005.eml'), join(exportDir, 'docs/d0005.eml'));
  writeFileSync(join(dir, 'outside.eml'), 'From: a@b.dk\nSubject: hemmelig\n\nuden for eksporten\n');
  symlinkSync(join(dir, 'outside.eml'), join(exportDir, 'docs/escape.eml'));
  writeFileSync(join(exportDir, 'esdh.csv'), CSV);
  writeFileSync(join(exportDir, 'esdh.jsonl'), JSONL);
  database = await openDatabase({ dataDir: join(dir, 'pglite') });
  extractor = await openFileExtractor({ folder: exportDir, ocrWorkers: 1, timeoutMs: 60_000 });
}, 60_000);

afterAll(async () => {
  await extractor?.close();
  await database?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('fordeler learn import', () => {
  it('imports the good rows of a CSV export, a file among them, and keeps every bad row out with its line and field', async () => {
    const report = await importExport(join(exportDir, 'esdh.csv'), deps(TENANT));
    expect(report).toMatchObject({ file: 'esdh.csv', format: 'csv', rows: 8, imported: 4, alreadyThere: 0, perEmne: { '02.00.00': 2, '09.11.00': 1, '32.30.04': 1 } });
    // Line numbers are the file's: A1's quoted text spans lines 2–3.
    expect(report.rejected.map((e) => `${e.line} ${e.field}: ${e.message}`)).toEqual([
      "6 file: leads out of the export's folder (.. or a symlink): refused",
      '7 kle: 99.99.99 is not a current KLE emne',
      '7 date: "2024-02-30" is not a date (ISO 2024-03-01 or 01-03-2024)',
      '7 sender: a CPR number is not a sender key (give an e-mail address or a CVR number); the value is not shown',
      '8 text: missing: give the document as text or as file',
      "10 file: leads out of the export's folder (..): refused",
    ]);
    expect(report.retrained).toMatchObject({ examples: 4, confirmed: 0, imported: 4 });
  }, 60_000);

  it('imports JSON Lines the same way', async () => {
    const report = await importExport(join(exportDir, 'esdh.jsonl'), deps(TENANT));
    expect(report).toMatchObject({ format: 'jsonl', rows: 4, imported: 2, perEmne: { '32.30.04': 2 } });
    expect(report.rejected.map((e) => `${e.line} ${e.field}`)).toEqual(['3 null', '4 sender']);
    expect(report.rejected[1]?.message).toBe('must be text, not a list');
  });

  it('adds nothing when the same file is imported again, and writes no new model version', async () => {
    const learning = createLearningStore(database.db, { tenantId: TENANT });
    const before = await learning.latestModelId();
    const report = await importExport(join(exportDir, 'esdh.csv'), deps(TENANT));
    expect(report).toMatchObject({ imported: 0, alreadyThere: 4, perEmne: {} });
    expect(report.retrained).toBeUndefined();
    expect(await learning.latestModelId()).toBe(before);
    expect(await createImportedExamplesStore(database.db, { tenantId: TENANT }).count()).toBe(6);
  });

  it('stores features, never the text', async () => {
    const rows = await database.db.select().from(importedExamples).where(eq(importedExamples.tenantId, TENANT));
    expect(rows).toHaveLength(6);
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain('carport skal stå');
    expect(stored).not.toContain('Bøgevej');
    const a1 = rows.find((row) => row.externalId === 'A1');
    expect(a1).toMatchObject({ kleNr: '02.00.00', destination: 'ESDH-BYG', senderKeys: ['email:arkitekt@tegnestue.dk', 'domain:tegnestue.dk'], sourceFile: 'esdh.csv' });
    expect(a1?.occurredAt?.toISOString()).toBe('2024-03-01T00:00:00.000Z');
    expect(Object.keys(a1?.features ?? {}).length).toBeGreaterThan(5);
  });

  it('retrains the model from confirmations and imports, and the sender history includes the imports', async () => {
    const learning = createLearningStore(database.db, { tenantId: TENANT });
    const imported = createImportedExamplesStore(database.db, { tenantId: TENANT });
    const knowledge = await loadKnowledge(learning, imported);
    const model = knowledge.model ?? deserialize('{}');
    expect(model.examples).toBe(6);
    expect(Object.keys(model.classes).sort()).toEqual(['02.00.00', '09.11.00', '32.30.04']);
    expect(model.classes['32.30.04']?.docs).toBe(3);
    expect(knowledge.senders.get('cvr:65916169')?.get('02.00.00')).toBe(1);
    // The e-mail file's own sender, since its row names none.
    expect(knowledge.senders.get('email:charlotte_bach@live.dk')?.get('09.11.00')).toBe(1);
  });

  it("keeps each tenant's imports to itself", async () => {
    const other = createImportedExamplesStore(database.db, { tenantId: OTHER });
    expect(await other.count()).toBe(0);
    expect(await other.trainingExamples()).toEqual([]);
    expect((await other.senderHistory()).size).toBe(0);
    expect(await other.existing(['A1', 'A2'])).toEqual(new Set());
    expect((await loadKnowledge(createLearningStore(database.db, { tenantId: OTHER }), other)).model).toBeUndefined();
    // The same export for the other tenant is new there; it does not touch the first tenant's examples.
    const report = await importExport(join(exportDir, 'esdh.jsonl'), deps(OTHER));
    expect(report.imported).toBe(2);
    expect(await createImportedExamplesStore(database.db, { tenantId: TENANT }).count()).toBe(6);
  });

  it('reports as a user runs it: counts, rejected rows, exit code 1, and no CPR number printed; --dry-run stores nothing', () => {
    const dataDir = join(dir, 'cli-data');
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [join(root, 'bin/fordeler.js'), 'learn', 'import', ...args], {
        cwd: root,
        env: { ...process.env, FORDELER_DATA_DIR: dataDir, FORDELER_TENANT: TENANT, DATABASE_URL: '' },
        encoding: 'utf8',
        timeout: 120_000,
      });
    const dry = run(join(exportDir, 'esdh.csv'), '--dry-run');
    expect(dry.status, dry.stderr.slice(-2000)).toBe(1);
    expect(dry.stdout).toContain('DRY RUN (nothing stored): esdh.csv (csv): 8 rows — 4 would be imported, 0 already there, 4 rejected');
    const real = run(join(exportDir, 'esdh.csv'));
    expect(real.status, real.stderr.slice(-2000)).toBe(1);
    expect(real.stdout).toContain('esdh.csv (csv): 8 rows — 4 imported, 0 already there, 4 rejected');
    expect(real.stdout).toMatch(/^ {2}02\.00\.00 {2}2$/m);
    expect(real.stdout).toContain('line 7, field kle: 99.99.99 is not a current KLE emne');
    expect(real.stdout).toMatch(/learned model version \d+ trained on 4 examples \(0 confirmed items, 4 imported\)/);
    expect(`${dry.stdout}${dry.stderr}${real.stdout}${real.stderr}`).not.toMatch(/010180-?1234/);
  }, 240_000);
});
