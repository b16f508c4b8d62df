// The Forsendelse page's views: metadata, the document beside its extracted text (a split view: an e-mail's
// own text, or a link to the original PDF/scan), the "Vis CPR-numre" button, entities, the classification
// with its reasons, the rule explanation, the timeline and the re-distribute form. Pure: the API's item
// detail (already CPR-masked) and the text to show (masked unless the person chose to see CPR numbers) in,
// escaped Html out; never markup from a letter.
import type { z } from 'zod';
import type { ItemDetailSchema } from '../../api/schemas.js';
import { html, type Html } from '../html.js';
import { timeElement } from '../time.js';
import { alert, channelLabel, placeForm, type DestinationOption } from './common.js';
import { stageLabel } from './failed.js';

export type ItemDetail = z.infer<typeof ItemDetailSchema>;

export interface ItemText {
  subject: string | null;
  body: string | null;
  bodySource: string | null;
  attachments: readonly { name: string; mimeType: string | null; text: string | null }[];
  entities: readonly { label: string; values: readonly string[] }[];
}

export interface ItemPageInput {
  detail: ItemDetail;
  text: ItemText;
  cprShown: boolean;
  /** The item waits in the rest mailbox, so it can be placed from here. */
  placeable: boolean;
  destinations: readonly DestinationOption[];
  csrfToken: string | undefined;
}

const STATES: Record<string, string> = {
  received: 'Modtaget', extracted: 'Tekst udtrukket', classified: 'Klassificeret', routed: 'Fordelt', delivered: 'Afleveret',
  accepted: 'Kvitteret', rejected: 'Afvist af modtager', parked: 'I restpostkassen', failed: 'Fejlet',
};
export const stateLabel = (state: string): string => STATES[state] ?? state;
const EVENTS: Record<string, string> = {
  received: 'Modtaget', extracted: 'Tekst udtrukket', classified: 'Klassificeret', routed: 'Fordelt', parked: 'Lagt i restpostkassen',
  delivered: 'Afleveret', accepted: 'Kvitteret', rejected: 'Afvist af modtager', receipt: 'Kvittering', receipt_ignored: 'Kvittering ignoreret',
  failed: 'Fejlet', retry_requested: 'Prøvet igen', resent: 'Sendt igen', redistributed: 'Fordelt igen', returned_to_rest: 'Tilbage i restpostkassen',
};
export const eventLabel = (type: string): string => EVENTS[type] ?? type;
const percent = (x: number): string => `${Math.round(x * 100)} %`;

function metadata({ item }: ItemDetail): Html {
  const rows: [string, Html | string][] = [
    ['Status', stateLabel(item.state)],
    ['Kanal', channelLabel(item.channel)],
    ['Modtaget', timeElement(new Date(item.receivedAt))],
    ['Afsender', item.sender ?? '–'],
    ['Filnavn', item.fileName],
    ['KLE-emne', item.kleNr ? `${item.kleNr}${item.kleConfidence !== null ? ` (${percent(item.kleConfidence)})` : ''}` : '–'],
    ['Modtager', item.destination ?? '–'],
    ['Følsomt', item.sensitive.length > 0 ? item.sensitive.join(', ') : 'Nej'],
    ['Runde', String(item.round)],
  ];
  return html`<h2>Oplysninger</h2><table class="table table--dense table--borderless item-metadata"><tbody>${rows.map(([k, v]) => html`<tr><th scope="row">${k}</th><td>${v}</td></tr>`)}</tbody></table>${item.error ? alert('error', `Fejl: ${item.error.message}`) : ''}`;
}

function documentPane(detail: ItemDetail, text: ItemText): Html {
  const id = detail.item.id;
  const original = html`<p><a href="/api/v1/items/${id}/original">Hent originalen (${detail.item.fileName})</a></p>`;
  if (detail.item.channel === 'email' && text.body !== null) {
    return html`<h2>Dokument</h2><p>E-mailens tekst${text.bodySource === 'html' ? ' (renset for HTML)' : ''}:</p><div class="document-text" tabindex="0" role="region" aria-label="E-mailens tekst">${text.body}</div>${original}`;
  }
  return html`<h2>Dokument</h2><p>Brevet er ${detail.item.channel === 'scan' ? 'et scannet brev' : 'en fil'}; se originalen.</p>${original}`;
}

function textPane(detail: ItemDetail, text: ItemText, cprShown: boolean): Html {
  const id = detail.item.id;
  const toggle = cprShown
    ? html`${alert('warning', 'CPR-numre vises. Din visning er logget.')}<p><a class="button button-secondary" href="/forsendelser/${id}">Skjul CPR-numre</a></p>`
    : html`<form method="get" action="/forsendelser/${id}"><input type="hidden" name="cpr" value="vis"><button class="button button-secondary" type="submit">Vis CPR-numre</button></form><p class="form-hint">CPR-numre er maskeret. At vise dem bliver logget.</p>`;
  const body = detail.item.channel === 'email' ? html`` : html`<h3>Brevets tekst</h3><div class="document-text" tabindex="0" role="region" aria-label="Brevets tekst">${text.body ?? 'Ingen tekst.'}</div>`;
  const attachments = text.attachments.map(
    (a) => html`<h3>Bilag: ${a.name}</h3><div class="document-text" tabindex="0" role="region" aria-label="Tekst fra ${a.name}">${a.text || 'Ingen tekst.'}</div>`,
  );
  return html`<h2>Udtrukket tekst</h2>${toggle}<p><strong>Emne:</strong> ${text.subject ?? '–'}</p>${body}${attachments}${
    detail.item.channel === 'email' && text.attachments.length === 0 ? html`<p>Ingen bilag.</p>` : ''
  }`;
}

function entities(text: ItemText): Html {
  if (text.entities.length === 0) return html``;
  return html`<h2>Fundne oplysninger</h2><dl>${text.entities.map((e) => html`<dt>${e.label}</dt><dd>${e.values.join(', ')}</dd>`)}</dl>`;
}

function classification({ classification: c }: ItemDetail): Html {
  if (!c) return html`<h2>Klassifikation</h2><p>Forsendelsen er ikke klassificeret endnu.</p>`;
  return html`<h2>Klassifikation</h2>
<p>KLE-emne <strong>${c.nr ?? 'intet'}</strong> med sikkerhed ${percent(c.confidence)} (kilde: ${c.source})${c.facet ? html`; handlingsfacet ${c.facet.name}${c.facet.code ? ` (${c.facet.code})` : ''}` : ''}.</p>
${c.reasons.length > 0 ? html`<h3>Begrundelser</h3><ul>${c.reasons.map((r) => html`<li>${r.message}</li>`)}</ul>` : ''}
${c.candidates.length > 0 ? html`<h3>Kandidater</h3><table class="table table--dense"><thead><tr><th scope="col">KLE</th><th scope="col">Titel</th><th scope="col">Score</th><th scope="col">Begrundelse</th></tr></thead><tbody>${c.candidates.slice(0, 10).map((k) => html`<tr><td>${k.nr}</td><td>${k.title ?? ''}</td><td>${percent(k.score)}</td><td>${k.reasons.map((r) => r.message).join('; ')}</td></tr>`)}</tbody></table>` : ''}`;
}

function route({ route: r }: ItemDetail): Html {
  if (!r) return html`<h2>Regelforklaring</h2><p>Forsendelsen er ikke fordelt af reglerne endnu.</p>`;
  const status = r.status === 'routed' ? `Fordelt til ${r.destination ?? '–'}` : r.status === 'parked' ? 'Lagt i restpostkassen' : r.status;
  return html`<h2>Regelforklaring</h2>
<p>${status}${r.ruleId ? ` af regel ${r.ruleId}` : ''}${r.ruleSetVersion ? ` (regelsæt ${r.ruleSetVersion})` : ''}${r.manual ? html`, fordelt manuelt${r.by ? ` af ${r.by}` : ''}` : ''}.</p>
${r.reasons.length > 0 ? html`<ul>${r.reasons.map((x) => html`<li>${x.message}</li>`)}</ul>` : ''}
<pre class="document-text" tabindex="0" role="region" aria-label="Regelforklaring">${r.explanation}</pre>`;
}

function timeline({ timeline: events }: ItemDetail): Html {
  return html`<h2>Tidslinje</h2><table class="table table--dense"><thead><tr><th scope="col">Tid</th><th scope="col">Trin</th><th scope="col">Hændelse</th><th scope="col">Detaljer</th></tr></thead>
<tbody>${events.map((e) => html`<tr><td>${timeElement(new Date(e.at))}</td><td>${stageLabel(e.stage)}</td><td>${eventLabel(e.type)}</td><td>${e.data ? JSON.stringify(e.data) : ''}</td></tr>`)}</tbody></table>`;
}

function redistribute(input: ItemPageInput): Html {
  const id = input.detail.item.id;
  if (!input.placeable) return html`<h2>Fordel igen</h2><p>Forsendelsen kan fordeles herfra, mens den ligger i restpostkassen.</p>`;
  return html`<h2>Fordel igen</h2>${placeForm({ itemId: id, destinations: input.destinations, csrfToken: input.csrfToken, returnTo: `/forsendelser/${id}` })}`;
}

export function itemPageBody(input: ItemPageInput): Html {
  const { detail, text, cprShown } = input;
  return html`${metadata(detail)}
<div class="split-view"><section aria-label="Dokument">${documentPane(detail, text)}</section><section aria-label="Udtrukket tekst">${textPane(detail, text, cprShown)}</section></div>
${entities(text)}${classification(detail)}${route(detail)}${timeline(detail)}${redistribute(input)}`;
}
