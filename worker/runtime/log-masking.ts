// Every log line passes through the one CPR masker (classifiers/entities/cpr.ts maskCprFully): messages
// and every string in the logged object, at any depth. The logger's `redact` list keeps out fields that are
// personal by name (body, subject); this catches a CPR number wherever else it turns up — a file name, an
// error quoting a path, a receiver's fault text — in any spelling (dash, space, en-dash or none).
// Hand-written because it is a dozen lines over pino's formatter hook; no library masks Danish CPR numbers.
import { maskCprFully, mayHoldCpr } from '../../classifiers/entities/cpr.js';

const MAX_DEPTH = 8;
export function maskString(text: string): string {
  return mayHoldCpr(text) ? maskCprFully(text) : text;
}

/** A copy of `value` with every string masked; other values as they are, cycles and deep nesting cut. */
export function maskDeep(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return maskString(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH || seen.has(value)) return '[…]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((entry) => maskDeep(entry, depth + 1, seen));
  if (value instanceof Error) return { type: value.name, message: maskString(value.message), ...(value.stack ? { stack: maskString(value.stack) } : {}) };
  if (value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) out[key] = maskDeep(entry, depth + 1, seen);
  return out;
}
