// Small view pieces the item pages share (rest mailbox, one item, failed): the hidden CSRF field every form
// carries (the login layer checks the X-CSRF-Token header htmx sends, so every post form here is also an
// htmx form — hx-post, or hx-boost for those answered with a redirect), Danish alerts, channel and problem texts, and the "choose destination" form used both in the
// rest mailbox and on an item's page. Pure: values in, escaped Html out.
import type { ProblemKind } from '../../api/problem.js';
import { html, type Html } from '../html.js';

export const csrfField = (token: string | undefined): Html => (token ? html`<input type="hidden" name="_csrf" value="${token}">` : html``);

export type AlertKind = 'success' | 'info' | 'warning' | 'error';
export const alert = (kind: AlertKind, text: string, role: 'status' | 'alert' = kind === 'error' ? 'alert' : 'status'): Html =>
  html`<div class="alert alert-${kind}" role="${role}"><div class="alert-body"><p class="alert-text">${text}</p></div></div>`;

const CHANNELS: Record<string, string> = { email: 'E-mail', digitalpost: 'Digital Post', scan: 'Scannet brev' };
export const channelLabel = (channel: string): string => CHANNELS[channel] ?? channel;
export const CHANNEL_OPTIONS = Object.entries(CHANNELS);

const PROBLEM_TEXTS: Partial<Record<ProblemKind, string>> = {
  not_found: 'Forsendelsen findes ikke, eller du har ikke adgang til den.',
  conflict: 'Forsendelsen er ikke længere i restpostkassen eller i en tilstand, hvor det kan lade sig gøre.',
  unknown_destination: 'Modtageren findes ikke.',
  no_suggestion: 'Forslaget findes ikke eller har ingen modtager.',
  bad_request: 'Forespørgslen er ikke gyldig.',
};
export const problemText = (kind: ProblemKind): string => PROBLEM_TEXTS[kind] ?? 'Det lykkedes ikke. Prøv igen.';

export interface DestinationOption {
  id: string;
  name?: string;
}

export interface PlaceFormInput {
  itemId: string;
  destinations: readonly DestinationOption[];
  csrfToken: string | undefined;
  /** Where a post without htmx returns to. */
  returnTo: string;
  /** The element htmx replaces with the answer (the row in the rest mailbox); absent: a plain form. */
  htmxTarget?: string;
}

/** "Vælg modtager": a destination (select from the known ones) and an optional KLE emne. */
export function placeForm({ itemId, destinations, csrfToken, returnTo, htmxTarget }: PlaceFormInput): Html {
  const action = `/restpostkasse/${itemId}/place`;
  const destId = `destination-${itemId}`;
  const kleId = `kle-${itemId}`;
  // Without a target htmx still posts it (boosted), so the session's CSRF header goes with it.
  const hx = htmxTarget ? html` hx-post="${action}" hx-target="${htmxTarget}" hx-swap="outerHTML"` : html` hx-boost="true"`;
  const chooser =
    destinations.length > 0
      ? html`<select class="form-select" id="${destId}" name="destination" required><option value="">Vælg …</option>${destinations.map((d) => html`<option value="${d.id}">${d.name && d.name !== d.id ? `${d.id} – ${d.name}` : d.id}</option>`)}</select>`
      : html`<input class="form-input" id="${destId}" name="destination" required maxlength="100">`;
  return html`<form method="post" action="${action}"${hx} class="place-form">${csrfField(csrfToken)}<input type="hidden" name="returnTo" value="${returnTo}">
<div class="form-group"><label class="form-label" for="${destId}">Modtager</label>${chooser}</div>
<div class="form-group"><label class="form-label" for="${kleId}">KLE-emne (valgfrit)</label><input class="form-input input-width-xs" id="${kleId}" name="kle" pattern="\\d\\d\\.\\d\\d\\.\\d\\d" placeholder="NN.NN.NN" maxlength="8"></div>
<button class="button button-secondary" type="submit">Fordel</button></form>`;
}
