// The Fejlede forsendelser page's views: the failed items with the stage that failed, when and the (masked)
// error, a "Prøv igen" button per row (htmx, or a plain form) and "Prøv alle igen", the pagination, and the
// fragment that replaces a row once it is retried. Pure: rows in, escaped Html out.
import { html, query, type Html } from '../html.js';
import { timeElement } from '../time.js';
import { alert, channelLabel, csrfField } from './common.js';

export interface FailedRow {
  id: string;
  channel: string;
  subject: string | null;
  fileName: string;
  receivedAt: Date;
  stage: string | null;
  failedAt: Date | null;
  error: { code: string; message: string } | null;
}

export interface FailedPageInput {
  rows: readonly FailedRow[];
  csrfToken: string | undefined;
  next: string | null;
  paged: boolean;
  notice?: Html;
}

const STAGES: Record<string, string> = { ingest: 'Modtagelse', extract: 'Tekstudtræk', classify: 'Klassifikation', route: 'Fordeling', deliver: 'Aflevering' };
export const stageLabel = (stage: string | null): string => (stage ? (STAGES[stage] ?? stage) : 'Ukendt');
export const failedRowId = (id: string): string => `failed-${id}`;

export function failedRowView(row: FailedRow, csrfToken: string | undefined): Html {
  const action = `/fejlede/${row.id}/retry`;
  const label = row.subject ?? row.fileName;
  return html`<tr id="${failedRowId(row.id)}">
<td>${timeElement(row.receivedAt)}</td>
<td>${channelLabel(row.channel)}</td>
<td><a href="/forsendelser/${row.id}">${label}</a></td>
<td>${stageLabel(row.stage)}</td>
<td>${row.failedAt ? timeElement(row.failedAt) : '–'}</td>
<td>${row.error ? html`<code>${row.error.code}</code> ${row.error.message}` : '–'}</td>
<td><form method="post" action="${action}" hx-post="${action}" hx-target="#${failedRowId(row.id)}" hx-swap="outerHTML">${csrfField(csrfToken)}<button class="button button-secondary button-small" type="submit" aria-label="Prøv igen: ${label}">Prøv igen</button></form></td>
</tr>`;
}

export const failedRowOutcome = (id: string, message: Html): Html => html`<tr id="${failedRowId(id)}"><td colspan="7">${message}</td></tr>`;

export function failedBody({ rows, csrfToken, next, paged, notice }: FailedPageInput): Html {
  const table =
    rows.length === 0
      ? alert('info', 'Der er ingen fejlede forsendelser.')
      : html`<form method="post" action="/fejlede/retry-all" hx-boost="true">${csrfField(csrfToken)}<button class="button button-primary" type="submit">Prøv alle igen</button></form>
<div class="table--responsive-scroll"><table class="table table--dense table--zebra">
<caption class="sr-only">Fejlede forsendelser</caption>
<thead><tr><th scope="col">Modtaget</th><th scope="col">Kanal</th><th scope="col">Emne</th><th scope="col">Fejlet trin</th><th scope="col">Fejlet</th><th scope="col">Fejl</th><th scope="col"><span class="sr-only">Handling</span></th></tr></thead>
<tbody>${rows.map((row) => failedRowView(row, csrfToken))}</tbody>
</table></div>`;
  const pages =
    next || paged
      ? html`<nav class="pagination" aria-label="Sider"><ul class="pagination__items">${paged ? html`<li class="pagination-item"><a class="button button-secondary" href="/fejlede">Første side</a></li>` : ''}${next ? html`<li class="pagination-item"><a class="button button-secondary" href="/fejlede?${query({ cursor: next })}">Næste side</a></li>` : ''}</ul></nav>`
      : html``;
  return html`${notice ?? ''}${table}${pages}`;
}
