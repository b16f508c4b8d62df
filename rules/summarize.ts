// Bounded copies of fact values for traces: a decision row must not hold a whole letter.

const STRING_LIMIT = 200;
const LIST_LIMIT = 20;
const KEY_LIMIT = 30;
const DEPTH_LIMIT = 4;

/** JSON-safe, size-bounded copy of a value; undefined becomes null. */
export function summarize(value: unknown, depth = 0): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') {
    return value.length > STRING_LIMIT ? `${value.slice(0, STRING_LIMIT)}… (+${value.length - STRING_LIMIT} tegn)` : value;
  }
  if (typeof value !== 'object') return typeof value === 'bigint' ? String(value) : value;
  if (depth >= DEPTH_LIMIT) return Array.isArray(value) ? '[…]' : '{…}';
  if (Array.isArray(value)) {
    const shown = value.slice(0, LIST_LIMIT).map((v) => summarize(v, depth + 1));
    return value.length > LIST_LIMIT ? [...shown, `… (+${value.length - LIST_LIMIT})`] : shown;
  }
  const entries = Object.entries(value).slice(0, KEY_LIMIT);
  return Object.fromEntries(entries.map(([k, v]) => [k, summarize(v, depth + 1)]));
}
