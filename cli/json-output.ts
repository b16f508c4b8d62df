// What the CLI prints as JSON passes the project's one CPR masker: subjects, file names, reasons and
// extracted text may quote a CPR number, and `--json` output ends up in scripts, tickets and terminals.
// The birth date stays readable (`010190-XXXX`, as staff-facing displays show it); the serial never leaves.
import { maskCprSerial, mayHoldCpr } from '../classifiers/entities/cpr.js';

/** JSON.stringify with every string masked. */
export function maskedJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, (_key, entry: unknown) => (typeof entry === 'string' && mayHoldCpr(entry) ? maskCprSerial(entry) : entry), indent);
}
