// The Regler page's read-only parts as pure views: the versions with their status and a "Rul tilbage"
// button on each retired one, the draft's rules as a table (one row per content, KLE and custom rule, with
// its receiver), and the configuration audit with its diff summaries. Values are escaped by html``.
import type { RuleSetSummarySchema, DiffSummarySchema } from '../../api/rule-set-schemas.js';
import { parseRuleFile, type RuleSet } from '../../rules/schema.js';
import { html, type Html } from '../html.js';
import { timeElement } from '../time.js';
import { csrfField } from './rules-editor.js';
import type { z } from 'zod';

type Summary = z.infer<typeof RuleSetSummarySchema>;

export const STATUS_TEXT: Record<Summary['status'], string> = { draft: 'Kladde', published: 'Offentliggjort', retired: 'Trukket tilbage' };
const STATUS_BADGE: Record<Summary['status'], string> = { draft: 'badge-info', published: 'badge-success', retired: '' };

const ACTION_TEXT: Record<string, string> = {
  'rule_set.draft_created': 'Kladde oprettet',
  'rule_set.draft_updated': 'Kladde ændret',
  'rule_set.published': 'Offentliggjort',
  'rule_set.rolled_back': 'Rullet tilbage',
};
export const actionText = (action: string): string => ACTION_TEXT[action] ?? action;



/** The versions, oldest first as the store lists them; a retired version can be published again. */
export function versionsTable(versions: readonly Summary[], csrfToken: string | undefined): Html {
  if (versions.length === 0) return html`<p>Der er endnu ingen versioner af regelsættet.</p>`;
  const rows = versions.map(
    (v) => html`<tr>
<th scope="row">${v.version}</th><td>${v.name}</td>
<td><span class="badge ${STATUS_BADGE[v.status]}">${STATUS_TEXT[v.status]}</span></td>
<td>${timeElement(new Date(v.createdAt))}${v.createdBy ? html`<br>${v.createdBy}` : ''}</td>
<td>${v.publishedAt ? html`${timeElement(new Date(v.publishedAt))}${v.publishedBy ? html`<br>${v.publishedBy}` : ''}` : '–'}</td>
<td>${
      v.status === 'retired'
        ? html`<form method="post" action="/regler/rul-tilbage">${csrfField(csrfToken)}<input type="hidden" name="version" value="${v.version}"><button type="submit" class="button button-secondary" aria-label="Rul tilbage til ${v.version}">Rul tilbage</button></form>`
        : ''
    }</td>
</tr>`,
  );
  return html`<div class="table--responsive-scroll"><table class="table table--compact">
<caption class="sr-only">Regelsættets versioner</caption>
<thead><tr><th scope="col">Version</th><th scope="col">Navn</th><th scope="col">Status</th><th scope="col">Oprettet</th><th scope="col">Offentliggjort</th><th scope="col">Handling</th></tr></thead>
<tbody>${rows}</tbody></table></div>`;
}

export interface RuleRow {
  kind: string;
  id: string;
  condition: string;
  destination: string;
}

/** One row per rule of a rule file, in the order the file lists them; undefined when the file cannot be read. */
export function ruleRows(body: unknown): RuleRow[] | undefined {
  let set: RuleSet;
  try {
    set = parseRuleFile(body);
  } catch {
    return undefined;
  }
  const names = new Map(set.destinations.map((d) => [d.id, `${d.name} (${d.id})`]));
  const to = (id: string): string => names.get(id) ?? id;
  return [
    ...set.contentRoutes.map((r) => ({ kind: 'Emne', id: r.id, condition: `Emnet indeholder ${r.subjectContains.map((s) => `»${s}«`).join(' eller ')}`, destination: to(r.destination) })),
    ...set.kleRoutes.map((r) => ({ kind: 'KLE', id: r.id, condition: `KLE-emne ${r.pattern}`, destination: to(r.destination) })),
    ...set.rules.map((r) => ({
      kind: 'Regel',
      id: r.id,
      condition: `${r.name ? `${r.name}: ` : ''}betingelser i JSON (prioritet ${r.priority})`,
      destination: r.event.type === 'route' ? to(r.event.params.destination) : 'Restpostkassen',
    })),
  ];
}

export function rulesTable(body: unknown): Html {
  const rows = ruleRows(body);
  if (!rows) return html`<p>Kladden kan ikke læses som regelfil; se fejlene ved editoren.</p>`;
  if (rows.length === 0) return html`<p>Kladden har ingen regler.</p>`;
  return html`<div class="table--responsive-scroll"><table class="table table--compact table--zebra">
<caption class="sr-only">Kladdens regler</caption>
<thead><tr><th scope="col">Type</th><th scope="col">Id</th><th scope="col">Betingelse</th><th scope="col">Modtager</th></tr></thead>
<tbody>${rows.map((r) => html`<tr><td>${r.kind}</td><th scope="row">${r.id}</th><td>${r.condition}</td><td>${r.destination}</td></tr>`)}</tbody></table></div>`;
}

export interface AuditRow {
  at: string;
  actor: string;
  action: string;
  subject: string;
  diff: z.infer<typeof DiffSummarySchema> | null;
}

const names = (label: string, ids: readonly string[]): string | null => (ids.length ? `${label}: ${ids.join(', ')}` : null);

/** The configuration audit, newest first: who changed which version, and the difference counted and named. */
export function auditTable(entries: readonly AuditRow[], caption = 'Konfigurationsloggen'): Html {
  if (entries.length === 0) return html`<p>Konfigurationsloggen er tom.</p>`;
  const rows = entries.map((e) => {
    const details = e.diff
      ? [names('Tilføjet', e.diff.rulesAdded), names('Fjernet', e.diff.rulesRemoved), names('Ændret', e.diff.rulesChanged)].filter((x): x is string => x !== null)
      : [];
    return html`<tr><td>${timeElement(new Date(e.at))}</td><td>${e.actor}</td><td>${actionText(e.action)}</td><td>${e.subject}</td>
<td>${e.diff ? html`${e.diff.text}${details.length ? html`<br><span class="form-hint">${details.join('; ')}</span>` : ''}` : '–'}</td></tr>`;
  });
  return html`<div class="table--responsive-scroll"><table class="table table--compact">
<caption class="sr-only">${caption}</caption>
<thead><tr><th scope="col">Tidspunkt</th><th scope="col">Hvem</th><th scope="col">Handling</th><th scope="col">Version</th><th scope="col">Forskel</th></tr></thead>
<tbody>${rows}</tbody></table></div>`;
}
