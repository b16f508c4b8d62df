// CSV as RFC 4180 writes it, for the item export: fields separated by commas, records by CRLF, a field
// quoted when it holds a comma, a quote, CR or LF, and quotes doubled inside. `csv-stringify` is not among
// the dependencies (only csv-parse is), and this is all the export needs, so it is written here.
// A text cell that starts with = + - @ (or a tab or CR) would be run as a formula by Excel and other
// spreadsheets (CSV injection: a sender controls the subject line); such a cell gets a leading apostrophe.
// UTF8_BOM goes first in the file, so Excel reads the Danish letters as UTF-8.
export const UTF8_BOM = '\uFEFF';

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;

/** One field, quoted when RFC 4180 asks for it; null and undefined are empty. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Free text from outside (a subject, a sender): defused so a spreadsheet shows it and never evaluates it. */
export function csvText(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** One record, ending in CRLF. */
export function csvRecord(fields: readonly (string | number | null | undefined)[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}
