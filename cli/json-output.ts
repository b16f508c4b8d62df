// What the CLI prints as JSON passes the project's one CPR masker (classifiers/entities/cpr-masking.ts):
// subjects, file names, reasons and extracted text may quote a CPR number, and `--json` output ends up in
// scripts, tickets and terminals. The birth date stays readable (`010190-XXXX`, as staff-facing displays
// show it); the serial never leaves.
import { maskCpr } from '../classifiers/entities/cpr-masking.js';

/** JSON.stringify with every string masked. */
export function maskedJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, (_key, entry: unknown) => (typeof entry === 'string' ? maskCpr(entry, 'birthDate') : entry), indent);
}
