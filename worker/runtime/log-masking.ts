// Every log line passes through the one CPR masker (classifiers/entities/cpr-masking.ts, full masking):
// messages and every string in the logged object, at any depth. The logger's `redact` list keeps out fields
// that are personal by name (body, subject); this catches a CPR number wherever else it turns up — a file
// name, an error quoting a path, a receiver's fault text — in any spelling (dash, space, en-dash or none).
import { maskCpr, maskCprDeep } from '../../classifiers/entities/cpr-masking.js';

export function maskString(text: string): string {
  return maskCpr(text, 'nothing');
}

/** A copy of `value` with every string masked; other values as they are, cycles and deep nesting cut. */
export function maskDeep(value: unknown): unknown {
  return maskCprDeep(value, { keep: 'nothing' });
}
