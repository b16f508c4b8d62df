// PostgreSQL rejects NUL characters in text and jsonb, and lone UTF-16 surrogates in jsonb. Hostile input
// (encoded-word subjects, OCR text, MeMo fields) can carry both, so values are cleaned before they reach
// the database: the item is stored with a visible U+FFFD instead of failing on an SQL error.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function storableText(text: string): string {
  return text.replaceAll('\u0000', '\uFFFD').replace(LONE_SURROGATE, '\uFFFD');
}

export function storableTextOrNull(text: string | null | undefined): string | null {
  return text == null ? null : storableText(text);
}

/**
 * The value as jsonb will give it back: a JSON round trip (Dates become ISO strings, undefined
 * properties disappear) with every string and key made storable. Typed as T for convenience; callers
 * accept that Dates inside come back as strings.
 */
export function storableJson<T>(value: T): T {
  return clean(JSON.parse(JSON.stringify(value))) as T;
}

function clean(value: unknown): unknown {
  if (typeof value === 'string') return storableText(value);
  if (Array.isArray(value)) return value.map(clean);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [storableText(key), clean(inner)]));
  }
  return value;
}
