// The Drift page's overview as a pure view: per state the number of items, the oldest one's age (since it
// was received, and since it entered the state), and the failed count called out; plus the note that the
// queue view needs Redis. Ages are measured from `now`, given by the caller's clock.
import type { ItemState } from '../../core/lifecycle.js';
import { ITEM_STATES } from '../../core/lifecycle.js';
import type { StateOverviewRow } from '../../db/state-overview.js';
import { html, type Html } from '../html.js';
import { timeElement } from '../time.js';

const STATE_TEXT: Record<ItemState, string> = {
  received: 'Modtaget', extracted: 'Tekst udtrukket', classified: 'Klassificeret', routed: 'Fordelt', delivered: 'Afleveret',
  accepted: 'Kvitteret', rejected: 'Afvist af modtager', parked: 'I restpostkassen', failed: 'Fejlet',
};

/** "3 d 4 t", "2 t 10 min", "5 min": how long ago, as staff read it. */
export function ageText(from: Date, now: Date): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - from.getTime()) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} t ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} t`;
}

export function stateOverviewBody(rows: readonly StateOverviewRow[], now: Date): Html {
  const byState = new Map(rows.map((r) => [r.state, r]));
  const failed = byState.get('failed')?.count ?? 0;
  const lines = ITEM_STATES.map((state) => {
    const row = byState.get(state);
    return html`<tr><th scope="row">${STATE_TEXT[state]}</th><td>${row?.count ?? 0}</td>
<td>${row ? html`${timeElement(row.oldestReceivedAt)} (${ageText(row.oldestReceivedAt, now)})` : '–'}</td>
<td>${row ? html`${timeElement(row.oldestStateChangeAt)} (${ageText(row.oldestStateChangeAt, now)})` : '–'}</td></tr>`;
  });
  return html`<div class="alert ${failed > 0 ? 'alert-warning' : 'alert-success'}" role="status"><div class="alert-body"><p class="alert-text">${
    failed > 0 ? html`<strong>${failed}</strong> fejlede forsendelser venter. <a href="/fejlede">Se fejlede forsendelser</a>` : 'Ingen fejlede forsendelser.'
  }</p></div></div>
<h2>Forsendelser pr. tilstand</h2>
<div class="table--responsive-scroll"><table class="table table--compact">
<caption class="sr-only">Antal forsendelser pr. tilstand med den ældste</caption>
<thead><tr><th scope="col">Tilstand</th><th scope="col">Antal</th><th scope="col">Ældste modtaget</th><th scope="col">Længst i tilstanden siden</th></tr></thead>
<tbody>${lines}</tbody></table></div>
<h2>Køer</h2>
<p>Køoversigten (bull-board) kræver, at Fordeler kører med Redis, og vises ikke her endnu.</p>`;
}
