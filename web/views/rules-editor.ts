// The Regler page's working parts as pure views: the JSON editor of the draft (validated as one types, by
// htmx posting the text to /regler/kladde/valider), the validation problems with their JSON path and Danish
// text, the simulation form and its result (per rule the changed items the person may read), and the
// publish button. Values are escaped by html``; forms carry the session's CSRF token.
import type { z } from 'zod';
import type { RuleProblemView, SimulationSchema } from '../../api/rule-set-schemas.js';
import { html, type Html } from '../html.js';

type Simulation = z.infer<typeof SimulationSchema>;

export const csrfField = (csrfToken: string | undefined): Html => (csrfToken ? html`<input type="hidden" name="_csrf" value="${csrfToken}">` : html``);

/** What the validator found, or that the text is not JSON at all. */
export type Checked = { kind: 'json'; message: string } | { kind: 'checked'; ok: boolean; errors: readonly RuleProblemView[]; warnings: readonly RuleProblemView[] };

const problemItem = (p: RuleProblemView): Html =>
  html`<li><strong>${p.path || 'regelfilen'}</strong>: ${p.message}${p.detail ? html` <span class="form-hint">(${p.detail})</span>` : ''}</li>`;

/** The validation result, for the live region under the editor. */
export function validationResult(checked: Checked | undefined): Html {
  if (!checked) return html``;
  if (checked.kind === 'json')
    return html`<div class="alert alert-error" role="alert"><div class="alert-body"><p class="alert-heading">Teksten er ikke gyldig JSON</p><p class="alert-text">${checked.message}</p></div></div>`;
  const errors = checked.errors.length
    ? html`<div class="alert alert-error" role="alert"><div class="alert-body"><p class="alert-heading">Regelfilen har ${checked.errors.length} ${checked.errors.length === 1 ? 'fejl' : 'fejl'}</p><ul class="alert-text">${checked.errors.map(problemItem)}</ul></div></div>`
    : html`<div class="alert alert-success" role="status"><div class="alert-body"><p class="alert-text">Regelfilen er gyldig.</p></div></div>`;
  const warnings = checked.warnings.length
    ? html`<div class="alert alert-warning" role="status"><div class="alert-body"><p class="alert-heading">${checked.warnings.length} ${checked.warnings.length === 1 ? 'advarsel' : 'advarsler'}</p><ul class="alert-text">${checked.warnings.map(problemItem)}</ul></div></div>`
    : '';
  return html`${errors}${warnings}`;
}

/** The draft's JSON in a textarea; htmx validates it 500 ms after the last key. A new draft gets a name field. */
export function editorForm(input: { text: string; newDraft: boolean; csrfToken: string | undefined; checked?: Checked | undefined }): Html {
  return html`<form method="post" action="/regler/kladde">
${csrfField(input.csrfToken)}
${input.newDraft ? html`<div class="form-group"><label class="form-label" for="kladde-navn">Navn på den nye kladde</label><input class="form-input" type="text" id="kladde-navn" name="name" value="Kladde" maxlength="200"></div>` : ''}
<div class="form-group">
<label class="form-label" for="regelfil">Regelfil (JSON)</label>
<span class="form-hint" id="regelfil-hint">Regelfilen valideres, mens du skriver; fejl vises under feltet med deres JSON-sti.</span>
<textarea class="form-input rule-editor" style="max-width:none;width:100%;font-family:monospace" id="regelfil" name="body" rows="22" spellcheck="false" aria-describedby="regelfil-hint validering"
 hx-post="/regler/kladde/valider" hx-trigger="keyup changed delay:500ms" hx-target="#validering" hx-swap="innerHTML">${input.text}</textarea>
</div>
<div id="validering" aria-live="polite">${validationResult(input.checked)}</div>
<button type="submit" class="button button-primary">Gem kladde</button>
</form>`;
}

/** Simulate the saved draft on the post received in a period (default the last 30 days). */
export function simulateForm(input: { from: string; to: string; csrfToken: string | undefined }): Html {
  return html`<form method="post" action="/regler/kladde/simuler" hx-post="/regler/kladde/simuler" hx-target="#simulering" hx-swap="innerHTML">
${csrfField(input.csrfToken)}
<div class="form-group"><label class="form-label" for="sim-fra">Modtaget fra (dato)</label><input class="form-input" type="date" id="sim-fra" name="from" value="${input.from}"></div>
<div class="form-group"><label class="form-label" for="sim-til">Modtaget før (dato; tom: til nu)</label><input class="form-input" type="date" id="sim-til" name="to" value="${input.to}"></div>
<button type="submit" class="button button-secondary">Simulér</button>
</form>`;
}

const KIND_TEXT: Record<string, string> = { newly_routed: 'Fordeles nu', routed_elsewhere: 'Anden modtager', newly_parked: 'Parkeres nu' };
export const kindText = (kind: string): string => KIND_TEXT[kind] ?? kind;
const target = (t: { destination: string | null; ruleId: string | null }): string => `${t.destination ?? 'Restpostkassen'}${t.ruleId ? ` (${t.ruleId})` : ''}`;

/** The simulation: the totals, then per rule the number of changed items and those the person may read. */
export function simulationResult(s: Simulation): Html {
  const changed = Object.values(s.counts).reduce((a, b) => a + b, 0);
  const counts = Object.entries(s.counts).map(([kind, n]) => html`<li>${kindText(kind)}: ${n}</li>`);
  const rows = s.byRule.map(
    (rule) => html`<tr><th scope="row">${rule.ruleId === '(no rule)' ? 'Ingen regel' : rule.ruleId}</th><td>${rule.changes}</td>
<td>${Object.entries(rule.kinds).map(([kind, n]) => `${kindText(kind)} ${n}`).join(', ')}</td>
<td>${rule.items.length ? html`<ul class="nobullet-list">${rule.items.map((i) => html`<li><a href="/forsendelser/${i.itemId}">${i.fileName}</a>: ${target(i.from)} → ${target(i.to)}</li>`)}</ul>` : '–'}</td></tr>`,
  );
  return html`<h3>Resultat for ${s.version}</h3>
<p>${s.items} forsendelser i perioden blev rutet igen med kladden: ${changed} ville skifte modtager, ${s.unchanged} er uændrede.</p>
<ul>${counts}</ul>
${s.byRule.length ? html`<div class="table--responsive-scroll"><table class="table table--compact">
<caption class="sr-only">Ændringer pr. regel</caption>
<thead><tr><th scope="col">Regel</th><th scope="col">Ændrede forsendelser</th><th scope="col">Art</th><th scope="col">Forsendelser, du må se</th></tr></thead>
<tbody>${rows}</tbody></table></div>` : html`<p>Ingen forsendelser ville skifte modtager.</p>`}
${s.notShown ? html`<p class="form-hint">${s.notShown} ændrede forsendelser ligger uden for din adgang og er talt med, men ikke vist.</p>` : ''}`;
}

/** Publish the saved draft (the published version is retired in the same step). */
export function publishForm(version: string, csrfToken: string | undefined): Html {
  return html`<form method="post" action="/regler/kladde/udgiv">${csrfField(csrfToken)}<button type="submit" class="button button-primary">Udgiv ${version}</button></form>`;
}
