// The rows of an ESDH export for `fordeler learn import`: CSV (header row; `;` or `,` detected, quoted
// fields may hold the separator, quotes and line breaks) or JSON Lines, read into records that know their
// line, then checked field by field. A bad row is kept out with an error naming its line and field; a value
// is echoed only CPR-masked and shortened, since an export is full of personal data. No I/O here.
import { createHash } from 'node:crypto';
import { maskCprFully } from '../../classifiers/entities/cpr.js';
import { looksLikeCpr } from '../../classifiers/entities/identifiers.js';
import { parseCvr } from '../../classifiers/entities/cvr.js';
import type { Party } from '../../core/model.js';
import { parse } from 'csv-parse/sync';

export type ExportFormat = 'csv' | 'jsonl';

/** One record of the export, before it is checked: the line it starts on and its fields by lower-case name. */
export interface RawRecord {
  line: number;
  fields: Record<string, unknown>;
}

export interface RowError {
  line: number;
  /** The field at fault, or null for the row as a whole (bad JSON, too many cells). */
  field: string | null;
  message: string;
}

export interface ImportRow {
  line: number;
  externalId: string;
  kleNr: string;
  destination: string | null;
  occurredAt: Date | null;
  /** The sender the row names; null: none given (a file's own sender is used then). */
  sender: Party | null;
  source: { text: string } | { file: string };
}

export const KNOWN_FIELDS = ['id', 'text', 'file', 'kle', 'destination', 'date', 'sender'] as const;

/** How a value is shown in an error: CPR numbers masked, at most 40 characters. */
export function shown(value: string): string {
  const masked = maskCprFully(value.replace(/\s+/g, ' ').trim());
  return JSON.stringify(masked.length > 40 ? `${masked.slice(0, 39)}…` : masked);
}

/** `csv` for .csv/.txt, `jsonl` for .jsonl/.ndjson/.json; otherwise the caller must say. */
export function formatOf(fileName: string, given?: string): ExportFormat {
  if (given !== undefined) {
    if (given === 'csv' || given === 'jsonl') return given;
    throw new Error(`--format must be csv or jsonl, not ${JSON.stringify(given)}`);
  }
  if (/\.(csv|txt)$/i.test(fileName)) return 'csv';
  if (/\.(jsonl|ndjson|json)$/i.test(fileName)) return 'jsonl';
  throw new Error(`cannot tell the format of ${fileName} from its name: give --format csv or --format jsonl`);
}

export function readRecords(text: string, format: ExportFormat): { records: RawRecord[]; errors: RowError[]; ignoredColumns: string[] } {
  const clean = text.replace(/^\uFEFF/, '');
  return format === 'csv' ? readCsv(clean) : { ...readJsonLines(clean), ignoredColumns: [] };
}

function readJsonLines(text: string): { records: RawRecord[]; errors: RowError[] } {
  const records: RawRecord[] = [];
  const errors: RowError[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    if (!raw.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      errors.push({ line, field: null, message: `not valid JSON (${error instanceof Error ? error.message.slice(0, 80) : 'parse error'})` });
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      errors.push({ line, field: null, message: 'a line must be one JSON object' });
      return;
    }
    records.push({ line, fields: Object.fromEntries(Object.entries(value).map(([key, v]) => [key.trim().toLowerCase(), v])) });
  });
  return { records, errors };
}

/** The separator of the header row: the more frequent of `;` and `,` outside quotes. */
export function detectSeparator(headerLine: string): ';' | ',' {
  let semicolons = 0, commas = 0, quoted = false;
  for (const char of headerLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === ';') semicolons++;
    else if (!quoted && char === ',') commas++;
  }
  if (semicolons === 0 && commas === 0) throw new Error('the header row has neither ; nor , between its columns (it needs at least kle and text or file)');
  return semicolons >= commas ? ';' : ',';
}

/**
 * RFC 4180 cells (csv-parse): each record with the line it starts on. csv-parse counts the line a record
 * ends on; a record starts that many line breaks earlier as its quoted cells hold.
 */
export function parseCsv(text: string, separator: string): { line: number; cells: string[] }[] {
  const rows = parse(text, {
    delimiter: separator,
    record_delimiter: ['\r\n', '\n', '\r'],
    info: true,
    skip_empty_lines: true,
    relax_column_count: true,
    relax_quotes: true,
    bom: true,
  }) as unknown as { record: string[]; info: { lines: number } }[];
  return rows.map(({ record, info }) => ({ line: info.lines - record.reduce((breaks, cell) => breaks + (cell.match(/\r\n|\r|\n/g)?.length ?? 0), 0), cells: record }));
}

function readCsv(text: string): { records: RawRecord[]; errors: RowError[]; ignoredColumns: string[] } {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const [header, ...rows] = parseCsv(text, detectSeparator(firstLine));
  if (!header) return { records: [], errors: [], ignoredColumns: [] };
  const names = header.cells.map((name) => name.trim().toLowerCase());
  const duplicate = names.find((name, i) => name && names.indexOf(name) !== i);
  if (duplicate) throw new Error(`the header row names the column ${JSON.stringify(duplicate)} twice`);
  const known = new Set<string>(KNOWN_FIELDS);
  const records: RawRecord[] = [];
  const errors: RowError[] = [];
  for (const row of rows) {
    if (row.cells.every((cell) => cell.trim() === '')) continue;
    if (row.cells.length > names.length) {
      errors.push({ line: row.line, field: null, message: `${row.cells.length} cells, but the header has ${names.length} columns` });
      continue;
    }
    records.push({ line: row.line, fields: Object.fromEntries(names.map((name, i) => [name, row.cells[i] ?? ''])) });
  }
  return { records, errors, ignoredColumns: names.filter((name) => name && !known.has(name)) };
}

export interface RowChecks {
  /** A current level-3 KLE emne (the catalogue). */
  isCurrentEmne(nr: string): boolean;
}

/** Checks one record; every fault of the row is named, so one run shows all that must be fixed. */
export function checkRecord(record: RawRecord, checks: RowChecks): { row: ImportRow } | { errors: RowError[] } {
  const errors: RowError[] = [];
  const fail = (field: string, message: string) => errors.push({ line: record.line, field, message });
  const get = (field: string): string | undefined => {
    const value = record.fields[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'number' && field === 'id') return String(value);
    if (typeof value !== 'string') {
      fail(field, `must be text, not ${Array.isArray(value) ? 'a list' : typeof value}`);
      return undefined;
    }
    return value.trim() === '' ? undefined : value;
  };

  const id = get('id')?.trim();
  const text = get('text');
  const file = get('file')?.trim();
  if (text === undefined && file === undefined && !errors.some((e) => e.field === 'text' || e.field === 'file')) fail('text', 'missing: give the document as text or as file');
  if (text !== undefined && file !== undefined) fail('file', 'give text or file, not both');

  const kle = get('kle')?.trim();
  if (kle === undefined) {
    if (!errors.some((e) => e.field === 'kle')) fail('kle', 'missing: every example needs its KLE emne');
  } else if (!/^\d{2}\.\d{2}\.\d{2}$/.test(kle)) fail('kle', `${shown(kle)} is not a KLE emne (NN.NN.NN)`);
  else if (!checks.isCurrentEmne(kle)) fail('kle', `${kle} is not a current KLE emne`);

  const destination = get('destination')?.trim() ?? null;
  const dateText = get('date')?.trim();
  const occurredAt = dateText === undefined ? null : parseDate(dateText);
  if (occurredAt === undefined) fail('date', `${shown(dateText ?? '')} is not a date (ISO 2024-03-01 or 01-03-2024)`);

  const senderText = get('sender')?.trim();
  const sender = senderText === undefined ? null : parseSender(senderText);
  if (senderText !== undefined && !sender) {
    fail('sender', looksLikeCpr(senderText) ? 'a CPR number is not a sender key (give an e-mail address or a CVR number); the value is not shown' : `${shown(senderText)} is neither an e-mail address nor a valid CVR number`);
  }

  if (errors.length > 0) return { errors };
  return {
    row: {
      line: record.line,
      externalId: id ?? rowHash(record),
      kleNr: kle as string,
      destination,
      occurredAt: occurredAt ?? null,
      sender,
      source: file !== undefined ? { file } : { text: text as string },
    },
  };
}

/** The id of a row without one: a hash of its known fields, so the same row gets the same id every time. */
export function rowHash(record: RawRecord): string {
  const canonical = KNOWN_FIELDS.filter((field) => field !== 'id').map((field) => [field, typeof record.fields[field] === 'string' ? (record.fields[field] as string).trim() : (record.fields[field] ?? null)]);
  return `sha256:${createHash('sha256').update(JSON.stringify(canonical)).digest('hex').slice(0, 32)}`;
}

/** ISO (2024-03-01, 2024-03-01T10:15:00Z) or dd-mm-yyyy; undefined when it is neither or no real date. */
export function parseDate(text: string): Date | undefined {
  const dmy = /^(\d{2})-(\d{2})-(\d{4})$/.exec(text);
  const ymd = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  const [year, month, day] = dmy ? [Number(dmy[3]), Number(dmy[2]), Number(dmy[1])] : ymd ? [Number(ymd[1]), Number(ymd[2]), Number(ymd[3])] : [NaN, NaN, NaN];
  if (!Number.isInteger(year)) return undefined;
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (calendar.getUTCFullYear() !== year || calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) return undefined;
  if (!ymd || ymd[4] === undefined) return calendar;
  const at = new Date(ymd[7] ? text.replace(' ', 'T') : `${text.replace(' ', 'T')}Z`);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

const EMAIL = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]+$/;

/** An e-mail address or a CVR number as a party, so sender-history.ts makes its keys; null when neither. */
export function parseSender(text: string): Party | null {
  if (text.includes('@')) return EMAIL.test(text) ? { idType: 'EMAIL', id: text.toLowerCase(), email: text.toLowerCase() } : null;
  const cvr = parseCvr(text);
  return cvr ? { idType: 'CVR', id: cvr } : null;
}
