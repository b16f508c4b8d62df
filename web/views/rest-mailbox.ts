// The Restpostkasse page's views: the filter form, the dense table of parked and rejected items with their
// top-3 suggestions (each an "Accepter" button posting through htmx, or as a plain form), the "Vælg
// modtager" form, a checkbox per row for "Accepter forslag 1 for valgte", the pagination, and the fragment
// that replaces a row once it is placed. Pure: rows in (already CPR-masked by api/item-views.ts), Html out.
import { html, query, type Html } from '../html.js';
import { timeElement } from '../time.js';
import { alert, CHANNEL_OPTIONS, channelLabel, csrfField, placeForm, type DestinationOption } from './common.js';

export interface RestSuggestion {
  rank: number;
  kle: string;
  title?: string;
  score: number;
  destination: string | null;
}

export interface RestRow {
  id: string;
  channel: string;
  subject: string | null;
  fileName: string;
  sender: string | null;
  receivedAt: Date;
  suggestions: readonly RestSuggestion[];
}

export interface RestFilters {
  channel?: string;
  kle?: string;
  q?: string;
}

export interface RestMailboxInput {
  rows: readonly RestRow[];
  filters: RestFilters;
  destinations: readonly DestinationOption[];
  csrfToken: string | undefined;
  next: string | null;
  /** This is not the first page. */
  paged: boolean;
  notice?: Html;
}

const RETURN_TO = '/restpostkasse';
export const rowId = (id: string): string => `row-${id}`;
const percent = (score: number): string => `${Math.round(score * 100)} %`;

export const suggestionText = (s: RestSuggestion): string => `${s.kle}${s.title ? ` ${s.title}` : ''} → ${s.destination ?? 'ingen modtager'} (${percent(s.score)})`;

function suggestionItem(row: RestRow, s: RestSuggestion, csrfToken: string | undefined): Html {
  const action = `/restpostkasse/${row.id}/accept`;
  const button = s.destination
    ? html`<form method="post" action="${action}" hx-post="${action}" hx-target="#${rowId(row.id)}" hx-swap="outerHTML" class="inline-form">${csrfField(csrfToken)}<input type="hidden" name="suggestion" value="${s.rank}"><input type="hidden" name="returnTo" value="${RETURN_TO}"><button class="button button-primary button-small" type="submit" aria-label="Accepter forslag ${s.rank}: ${suggestionText(s)}">Accepter</button></form>`
    : html``;
  return html`<li>${suggestionText(s)} ${button}</li>`;
}

export function restRowView(row: RestRow, destinations: readonly DestinationOption[], csrfToken: string | undefined): Html {
  const label = row.subject ?? row.fileName;
  return html`<tr id="${rowId(row.id)}">
<td><div class="form-group-checkbox"><input class="form-checkbox" type="checkbox" name="ids" value="${row.id}" form="bulk-form" id="select-${row.id}"><label for="select-${row.id}"><span class="sr-only">Vælg ${label}</span></label></div></td>
<td>${timeElement(row.receivedAt)}</td>
<td>${channelLabel(row.channel)}</td>
<td><a href="/forsendelser/${row.id}">${label}</a></td>
<td>${row.sender ?? '–'}</td>
<td>${row.suggestions.length > 0 ? html`<ol class="suggestions">${row.suggestions.map((s) => suggestionItem(row, s, csrfToken))}</ol>` : 'Ingen forslag'}</td>
<td><details><summary>Vælg modtager</summary>${placeForm({ itemId: row.id, destinations, csrfToken, returnTo: RETURN_TO, htmxTarget: `#${rowId(row.id)}` })}</details></td>
</tr>`;
}

/** What replaces a row after an htmx accept or place: the Danish confirmation (or why not). */
export const rowOutcome = (id: string, message: Html): Html => html`<tr id="${rowId(id)}"><td colspan="7">${message}</td></tr>`;

function filterForm(filters: RestFilters): Html {
  return html`<form method="get" action="/restpostkasse" class="filters d-flex flex-wrap align-items-end" role="search" aria-label="Filtrér restpostkassen">
<div class="form-group mr-4"><label class="form-label" for="filter-channel">Kanal</label><select class="form-select" id="filter-channel" name="channel"><option value="">Alle</option>${CHANNEL_OPTIONS.map(([value, text]) => html`<option value="${value}"${filters.channel === value ? html` selected` : ''}>${text}</option>`)}</select></div>
<div class="form-group mr-4"><label class="form-label" for="filter-kle">KLE (begyndelse)</label><input class="form-input input-width-s" id="filter-kle" name="kle" value="${filters.kle ?? ''}" placeholder="NN.NN" maxlength="8"></div>
<div class="form-group mr-4"><label class="form-label" for="filter-q">Søg</label><input class="form-input" id="filter-q" name="q" type="search" value="${filters.q ?? ''}" maxlength="200"></div>
<button class="button button-secondary" type="submit">Filtrér</button>
</form>`;
}

function pagination(filters: RestFilters, next: string | null, paged: boolean): Html {
  if (!next && !paged) return html``;
  return html`<nav class="pagination" aria-label="Sider"><ul class="pagination__items">
${paged ? html`<li class="pagination-item"><a class="button button-secondary" href="/restpostkasse?${query({ ...filters })}">Første side</a></li>` : ''}
${next ? html`<li class="pagination-item"><a class="button button-secondary" href="/restpostkasse?${query({ ...filters, cursor: next })}">Næste side</a></li>` : ''}
</ul></nav>`;
}

export function restMailboxBody(input: RestMailboxInput): Html {
  const { rows, filters, destinations, csrfToken, next, paged, notice } = input;
  const table =
    rows.length === 0
      ? alert('info', 'Der er ingen forsendelser i restpostkassen med de valgte filtre.')
      : html`<form id="bulk-form" method="post" action="/restpostkasse/bulk" hx-boost="true" class="mt-5 mb-5">${csrfField(csrfToken)}<button class="button button-secondary" type="submit">Accepter forslag 1 for valgte</button></form>
<div class="table--responsive-scroll"><table class="table table--dense table--zebra">
<caption class="sr-only">Forsendelser i restpostkassen</caption>
<thead><tr><th scope="col"><span class="sr-only">Vælg</span></th><th scope="col">Modtaget</th><th scope="col">Kanal</th><th scope="col">Emne</th><th scope="col">Afsender</th><th scope="col">Forslag</th><th scope="col">Vælg modtager</th></tr></thead>
<tbody>${rows.map((row) => restRowView(row, destinations, csrfToken))}</tbody>
</table></div>`;
  return html`${notice ?? ''}${filterForm(filters)}${table}${pagination(filters, next, paged)}`;
}
