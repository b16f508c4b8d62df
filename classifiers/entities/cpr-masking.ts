// The one CPR masker every output and every stored text uses: logs (worker/runtime/log-masking.ts), CLI
// JSON (cli/json-output.ts) and the subjects and reasons the item store writes (db/item-store.ts). It
// wraps cpr.ts's maskCprFully / maskCprSerial — which catch a dash, a space, an en-dash or no separator
// and leave numbers that cannot be CPR numbers (no valid birth date) alone — behind the cheap mayHoldCpr
// gate, for a single string or every string in a value. Pure: no I/O.
import { maskCprFully, maskCprSerial, mayHoldCpr } from './cpr.js';

/** `nothing`: `XXXXXX-XXXX` (logs); `birthDate`: `DDMMYY-XXXX` (staff-facing text, stored subjects). */
export type CprMaskStyle = 'nothing' | 'birthDate';

const MAX_DEPTH = 8;

/** The text with every CPR-shaped, date-valid number masked in the given style. */
export function maskCpr(text: string, keep: CprMaskStyle = 'nothing'): string {
  if (!mayHoldCpr(text)) return text;
  return keep === 'birthDate' ? maskCprSerial(text) : maskCprFully(text);
}

export interface MaskDeepOptions {
  keep?: CprMaskStyle;
  /** Strings left as they are (e.g. whole UUIDs in stored data, which are ids and never CPR numbers). */
  leave?: (text: string) => boolean;
}

/** A copy of `value` with every string masked, at any depth; other values as they are, cycles and deep nesting cut. */
export function maskCprDeep(value: unknown, options: MaskDeepOptions = {}, depth = 0, seen = new WeakSet<object>()): unknown {
  const keep = options.keep ?? 'nothing';
  if (typeof value === 'string') return options.leave?.(value) ? value : maskCpr(value, keep);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH || seen.has(value)) return '[…]';
  seen.add(value);
  const inner = (entry: unknown): unknown => maskCprDeep(entry, options, depth + 1, seen);
  if (Array.isArray(value)) return value.map(inner);
  if (value instanceof Error) return { type: value.name, message: maskCpr(value.message, keep), ...(value.stack ? { stack: maskCpr(value.stack, keep) } : {}) };
  if (value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) out[key] = inner(entry);
  return out;
}
