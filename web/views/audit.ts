// The Revision page's access log as pure views: the filter form (actor, item, from, to) and the lines,
// newest first, with Danish names for what was done, and a link to older lines. The log holds no item
// content (db/access-log.ts: parts named, purpose and names CPR-masked when written); values are escaped.
import type { AccessEntry } from '../../db/access-log.js';
import { html, query, type Html } from '../html.js';
import { timeElement } from '../time.js';

const ACTION_TEXT: Record<string, string> = {
  'item.read': 'Åbnet forsendelse',
  'item.text': 'Læst tekst',
  'item.original': 'Hentet original',
  'item.export': 'Eksporteret',
  'item.cpr_revealed': 'Vist CPR-numre',
};
export const accessActionText = (action: string): string => ACTION_TEXT[action] ?? action;

export interface AccessFilter {
  actor?: string | undefined;
  item?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export function accessFilterForm(filter: AccessFilter, error?: string): Html {
  const input = (id: string, name: keyof AccessFilter, label: string, type: string) =>
    html`<div class="form-group"><label class="form-label" for="${id}">${label}</label><input class="form-input" type="${type}" id="${id}" name="${name}" value="${filter[name] ?? ''}"></div>`;
  return html`<form method="get" action="/revision">
${error ? html`<div class="alert alert-error" role="alert"><div class="alert-body"><p class="alert-text">${error}</p></div></div>` : ''}
${input('log-actor', 'actor', 'Hvem (bruger-id)', 'text')}
${input('log-item', 'item', 'Forsendelse (id)', 'text')}
${input('log-from', 'from', 'Fra (dato)', 'date')}
${input('log-to', 'to', 'Til og med (dato)', 'date')}
<button type="submit" class="button button-secondary">Filtrér</button>
</form>`;
}

/** The lines, and a link to the next older page when this one is full. */
export function accessLogTable(entries: readonly AccessEntry[], filter: AccessFilter, limit: number): Html {
  if (entries.length === 0) return html`<p>Ingen linjer i adgangsloggen passer på filteret.</p>`;
  const rows = entries.map(
    (e) => html`<tr><td>${timeElement(e.at)}</td><td>${e.actorName}<br><span class="form-hint">${e.actor} (${e.via})</span></td><td>${accessActionText(e.action)}</td>
<td>${e.itemId ? html`<a href="/revision?${query({ item: e.itemId })}">${e.itemId}</a>` : '–'}</td><td>${e.shown.join(', ')}</td><td>${e.purpose ?? '–'}</td><td>${e.requestId ?? '–'}</td></tr>`,
  );
  const last = entries.at(-1)!;
  return html`<div class="table--responsive-scroll"><table class="table table--compact table--zebra">
<caption class="sr-only">Adgangsloggen, nyeste først</caption>
<thead><tr><th scope="col">Tidspunkt</th><th scope="col">Hvem</th><th scope="col">Handling</th><th scope="col">Forsendelse</th><th scope="col">Vist</th><th scope="col">Formål</th><th scope="col">Forespørgsel</th></tr></thead>
<tbody>${rows}</tbody></table></div>
${entries.length >= limit ? html`<p><a href="/revision?${query({ ...filter, before: last.id })}">Ældre linjer</a></p>` : ''}`;
}
