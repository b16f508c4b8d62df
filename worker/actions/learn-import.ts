// `fordeler learn import`: teach the classifier from the municipality's ESDH history before go-live. The
// export's rows are checked (every bad row kept out with its line and field), their documents read (text
// in the row, or a file beside the export, extracted as `process` would), and only the features, emne,
// destination, sender keys and date are stored — never the text. Rows the tenant already has are skipped,
// so importing a file twice adds nothing. Then the learned model is rebuilt from confirmations + imports.
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { maskCprFully } from '../../classifiers/entities/cpr.js';
import { featuresOf } from '../../classifiers/learned/features.js';
import { senderKeys } from '../../classifiers/sender-history.js';
import type { ExtractedContent } from '../../core/model.js';
import type { ImportedExample, ImportedExamplesStore } from '../../db/imported-examples-store.js';
import type { LearningStore } from '../../db/learning-store.js';
import { ExportPathError, resolveInside } from './learn-import-files.js';
import { checkRecord, formatOf, readRecords, shown, type ExportFormat, type ImportRow, type RowError } from './learn-import-rows.js';
import { retrain } from './learning.js';

export interface ImportDeps {
  imported: ImportedExamplesStore;
  learning: LearningStore;
  isCurrentEmne(nr: string): boolean;
  /** Extracts a file already resolved inside the export's folder (learn-import-files.ts). */
  extract(realPath: string): Promise<ExtractedContent>;
}

export interface ImportOptions {
  format?: string;
  /** Check and read everything, store nothing, retrain nothing. */
  dryRun?: boolean;
}

export interface ImportReport {
  file: string;
  format: ExportFormat;
  dryRun: boolean;
  /** Records read (good and bad). */
  rows: number;
  /** New examples stored (or, in a dry run, that would be). */
  imported: number;
  alreadyThere: number;
  rejected: RowError[];
  /** New examples per KLE emne. */
  perEmne: Record<string, number>;
  ignoredColumns: string[];
  retrained?: { versionId: number; examples: number; confirmed: number; imported: number };
}

export async function importExport(path: string, deps: ImportDeps, options: ImportOptions = {}): Promise<ImportReport> {
  if (deps.imported.tenantId !== deps.learning.tenantId) throw new Error(`the imported examples (${deps.imported.tenantId}) and the learning store (${deps.learning.tenantId}) belong to different tenants`);
  const format = formatOf(path, options.format);
  const { records, errors, ignoredColumns } = readRecords(await readFile(path, 'utf8'), format);
  const rejected: RowError[] = [...errors];
  const rows: ImportRow[] = [];
  const firstLineOf = new Map<string, number>();
  for (const record of records) {
    const checked = checkRecord(record, deps);
    if ('errors' in checked) {
      rejected.push(...checked.errors);
      continue;
    }
    const earlier = firstLineOf.get(checked.row.externalId);
    if (earlier !== undefined) {
      rejected.push({ line: record.line, field: record.fields.id !== undefined ? 'id' : null, message: `the same ${record.fields.id !== undefined ? 'id' : 'row'} as line ${earlier}: kept out` });
      continue;
    }
    firstLineOf.set(checked.row.externalId, record.line);
    rows.push(checked.row);
  }

  const existing = await deps.imported.existing(rows.map((row) => row.externalId));
  const fresh = rows.filter((row) => !existing.has(row.externalId));
  const examples: ImportedExample[] = [];
  for (const row of fresh) {
    const content = await contentOf(row, dirname(path), deps).catch((error: unknown) => {
      rejected.push({ line: row.line, field: 'file', message: error instanceof ExportPathError ? error.message : `could not be read: ${maskCprFully(error instanceof Error ? error.message : String(error)).slice(0, 160)}` });
      return undefined;
    });
    if (!content) continue;
    const features = featuresOf(content);
    if (features.size === 0) {
      rejected.push({ line: row.line, field: 'file' in row.source ? 'file' : 'text', message: 'no words to learn from' });
      continue;
    }
    examples.push({
      externalId: row.externalId,
      kleNr: row.kleNr,
      destination: row.destination,
      senderKeys: senderKeys(row.sender ?? content.sender),
      features,
      occurredAt: row.occurredAt,
      sourceFile: basename(path),
    });
  }

  const added = options.dryRun ? new Set(examples.map((e) => e.externalId)) : await deps.imported.add(examples);
  const perEmne: Record<string, number> = {};
  for (const example of examples) if (added.has(example.externalId)) perEmne[example.kleNr] = (perEmne[example.kleNr] ?? 0) + 1;
  const report: ImportReport = {
    file: basename(path),
    format,
    dryRun: options.dryRun === true,
    rows: records.length + errors.length,
    imported: added.size,
    // Rows stored before, and rows another import stored between our look-up and our insert.
    alreadyThere: existing.size + (examples.length - added.size),
    rejected: rejected.sort((a, b) => a.line - b.line),
    perEmne: Object.fromEntries(Object.entries(perEmne).sort(([a], [b]) => a.localeCompare(b))),
    ignoredColumns,
  };
  if (!options.dryRun && added.size > 0) report.retrained = await retrain(deps.learning, deps.imported);
  return report;
}

async function contentOf(row: ImportRow, folder: string, deps: ImportDeps): Promise<ExtractedContent> {
  if ('text' in row.source) {
    return { channel: 'digitalpost', sender: row.sender ?? {}, recipients: [], body: row.source.text, bodySource: 'plain', attachments: [], metadata: {}, warnings: [] };
  }
  return deps.extract(await resolveInside(folder, row.source.file));
}

/** The report as staff read it: counts, per emne, and every rejected row with its line and field. */
export function formatImportReport(report: ImportReport): string {
  const lines = [
    `${report.dryRun ? 'DRY RUN (nothing stored): ' : ''}${report.file} (${report.format}): ${report.rows} rows — ${report.imported} ${report.dryRun ? 'would be imported' : 'imported'}, ${report.alreadyThere} already there, ${report.rejected.length ? new Set(report.rejected.map((e) => e.line)).size : 0} rejected`,
  ];
  if (report.ignoredColumns.length) lines.push(`ignored columns: ${report.ignoredColumns.map(shown).join(', ')}`);
  const emner = Object.entries(report.perEmne);
  if (emner.length) {
    lines.push(`${report.dryRun ? 'would be imported' : 'imported'} per emne:`);
    for (const [nr, n] of emner) lines.push(`  ${nr}  ${n}`);
  }
  if (report.rejected.length) {
    lines.push('rejected rows:');
    for (const error of report.rejected) lines.push(`  line ${error.line}${error.field ? `, field ${error.field}` : ''}: ${error.message}`);
  }
  if (report.retrained) {
    lines.push(`learned model version ${report.retrained.versionId} trained on ${report.retrained.examples} examples (${report.retrained.confirmed} confirmed items, ${report.retrained.imported} imported)`);
  } else if (!report.dryRun) lines.push('nothing new: the learned model is unchanged');
  return lines.join('\n');
}
