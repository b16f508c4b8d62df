// Server-rendered HTML as typed template literals: html`<p>${text}</p>` escapes every interpolated value,
// so a subject or a sender can never become markup; raw() marks HTML we built ourselves. Hand-written on
// purpose: ~40 lines that are safe by default, where the JSX/template libraries we looked at either escape
// only when asked (an easy XSS to miss in review) or need a build step the rest of the project does not have.
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Trusted HTML: the result of html`…` or raw(). */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export const escapeHtml = (text: string): string => text.replace(/[&<>"'`]/g, (c) => ESCAPES[c]!);

/** HTML we wrote ourselves (never a value from a letter or a person). */
export const raw = (trusted: string): Html => new Html(trusted);

type Value = Html | string | number | boolean | null | undefined | readonly Value[];

function render(value: Value): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** The template with every interpolation escaped (Html values and arrays of them are kept as they are). */
export function html(strings: TemplateStringsArray, ...values: Value[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new Html(out);
}

/** `a=b&c=d` for links, each part encoded. */
export const query = (params: Record<string, string | number | undefined>): string =>
  Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
