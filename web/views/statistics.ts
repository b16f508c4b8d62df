// The Statistik page's body as a pure view of the API's statistics (api/statistics-view.ts): the period
// form and the CSV export link, then each figure as a server-rendered chart with its numbers in a table
// beside it (the text alternative), and the top senders as a table. Danish labels throughout.
import { addDays } from '../../api/copenhagen-time.js';
import type { StatisticsView } from '../../api/statistics-view.js';
import { html, query, type Html } from '../html.js';
import { chartSvg, type ChartSpec } from './statistics-charts.js';

const CHANNELS = [
  { id: 'email', name: 'E-mail' },
  { id: 'digitalpost', name: 'Digital Post' },
  { id: 'scan', name: 'Scanning' },
] as const;

const percent = (rate: number | null): number | null => (rate === null ? null : Math.round(rate * 1000) / 10);
const percentText = (rate: number | null): string => (rate === null ? '–' : `${String(percent(rate)).replace('.', ',')} %`);

/** "2 t 5 min", "45 s": a duration in seconds as staff read it. */
export function durationText(seconds: number | null): string {
  if (seconds === null) return '–';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} t ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} t`;
}

/** Every day of the period, so a day without post is a zero and not a gap. */
export function periodDays(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to && days.length <= 366; day = addDays(day, 1)) days.push(day);
  return days;
}

/** A table of the numbers a chart draws: its text alternative. */
function numbersTable(caption: string, head: readonly string[], rows: readonly (readonly (string | number)[])[]): Html {
  return html`<details class="details"><summary class="details-summary"><span class="details-summary-text">Vis tallene</span></summary><div class="details-text">
<div class="table--responsive-scroll"><table class="table table--compact"><caption>${caption}</caption>
<thead><tr>${head.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
<tbody>${rows.length ? rows.map(([first, ...rest]) => html`<tr><th scope="row">${first}</th>${rest.map((cell) => html`<td>${cell}</td>`)}</tr>`) : html`<tr><td colspan="${head.length}">Ingen data i perioden</td></tr>`}</tbody></table></div>
</div></details>`;
}

function figure(id: string, title: string, spec: Omit<ChartSpec, 'label'>, table: Html): Html {
  return html`<section class="statistics-figure" aria-labelledby="${id}"><h2 id="${id}">${title}</h2>${chartSvg({ ...spec, label: title })}${table}</section>`;
}

export function periodForm(period: { from: string; to: string }, error?: string): Html {
  return html`<form method="get" action="/statistik" class="statistics-period">
${error ? html`<div class="alert alert-error" role="alert"><div class="alert-body"><p class="alert-text">${error}</p></div></div>` : ''}
<div class="form-group"><label class="form-label" for="stat-fra">Fra (dato)</label><input class="form-input" type="date" id="stat-fra" name="from" value="${period.from}"></div>
<div class="form-group"><label class="form-label" for="stat-til">Til og med (dato)</label><input class="form-input" type="date" id="stat-til" name="to" value="${period.to}"></div>
<button type="submit" class="button button-secondary">Vis</button>
<a class="button button-tertiary" href="/api/v1/items/export?${query({ format: 'csv', from: period.from, to: addDays(period.to, 1) })}" download>Eksportér CSV</a>
</form>`;
}

export function statisticsBody(s: StatisticsView): Html {
  const days = periodDays(s.period.from, s.period.to);
  const volume = (day: string, channel: string) => s.volume.find((v) => v.day === day && v.channel === channel)?.count ?? 0;
  const perDay = new Map(s.automation.perDay.map((d) => [d.day, d]));
  const ruleName = (r: StatisticsView['rules'][number]) => `${r.ruleId}${r.ruleSetVersion ? ` (${r.ruleSetVersion})` : ''}`;
  const t = s.timeToPlacement;
  return html`<p>Periode ${s.period.from} til og med ${s.period.to} (Europe/Copenhagen). Modtaget: <strong>${s.received}</strong>. Fordelt: ${s.automation.placed}, heraf automatisk ${s.automation.automatic} (${percentText(s.automation.rate)}).</p>
${figure('volumen', 'Modtaget pr. kanal og dag', { kind: 'bar', categories: days, valueName: 'Forsendelser', series: CHANNELS.map((c) => ({ name: c.name, stack: 'kanal', values: days.map((d) => volume(d, c.id)) })) },
    numbersTable('Modtaget pr. kanal og dag', ['Dag', ...CHANNELS.map((c) => c.name)], days.filter((d) => CHANNELS.some((c) => volume(d, c.id) > 0)).map((d) => [d, ...CHANNELS.map((c) => volume(d, c.id))])))}
<section aria-labelledby="afsendere"><h2 id="afsendere">Flest forsendelser fra</h2>
<div class="table--responsive-scroll"><table class="table table--compact"><caption class="sr-only">Afsendere med flest forsendelser (CPR-numre maskeret)</caption>
<thead><tr><th scope="col">Navn</th><th scope="col">E-mail</th><th scope="col">Id</th><th scope="col">Forsendelser</th></tr></thead>
<tbody>${s.topSenders.length ? s.topSenders.map((r) => html`<tr><th scope="row">${r.name ?? '–'}</th><td>${r.email ?? '–'}</td><td>${r.id ?? '–'}</td><td>${r.count}</td></tr>`) : html`<tr><td colspan="4">Ingen data i perioden</td></tr>`}</tbody></table></div></section>
${figure('modtagere', 'Forsendelser pr. modtager', { kind: 'horizontal-bar', categories: s.destinations.map((d) => d.destination), valueName: 'Forsendelser', series: [{ name: 'Forsendelser', values: s.destinations.map((d) => d.count) }] },
    numbersTable('Forsendelser pr. modtager', ['Modtager', 'Forsendelser'], s.destinations.map((d) => [d.destination, d.count])))}
${figure('automatisering', 'Automatiseringsgrad pr. dag', { kind: 'line', categories: days, valueName: 'Andel (%)', max: 100, series: [{ name: 'Automatisk fordelt', values: days.map((d) => percent(perDay.get(d)?.rate ?? null)) }] },
    numbersTable('Automatiseringsgrad pr. dag', ['Dag', 'Fordelt', 'Automatisk', 'Andel'], s.automation.perDay.map((d) => [d.day, d.placed, d.automatic, percentText(d.rate)])))}
${figure('regler', 'Hits pr. regel', { kind: 'horizontal-bar', categories: s.rules.map(ruleName), valueName: 'Beslutninger', series: [{ name: 'Hits', values: s.rules.map((r) => r.hits) }] },
    numbersTable('Hits pr. regel', ['Regel (version)', 'Hits'], s.rules.map((r) => [ruleName(r), r.hits])))}
${figure('omfordelinger', 'Omfordelt efter automatisk fordeling', {
      kind: 'bar',
      categories: s.redistributedAfterRouting.map((m) => m.destination),
      valueName: 'Forsendelser',
      series: [
        { name: 'Automatisk fordelt', values: s.redistributedAfterRouting.map((m) => m.routedAutomatically) },
        { name: 'Siden omfordelt', values: s.redistributedAfterRouting.map((m) => m.redistributed) },
      ],
    },
    numbersTable('Omfordelt efter automatisk fordeling', ['Modtager', 'Automatisk fordelt', 'Siden omfordelt', 'Andel'], s.redistributedAfterRouting.map((m) => [m.destination, m.routedAutomatically, m.redistributed, percentText(m.rate)])))}
${figure('tid', 'Tid til fordeling', { kind: 'horizontal-bar', categories: ['Median', '90 %-fraktil'], valueName: 'Minutter', series: [{ name: 'Minutter', values: [t.medianSeconds, t.p90Seconds].map((x) => (x === null ? null : Math.round(x / 6) / 10)) }] },
    numbersTable(`Tid fra modtagelse til første fordeling (${t.placed} fordelte)`, ['Mål', 'Tid'], [['Median', durationText(t.medianSeconds)], ['90 %-fraktil', durationText(t.p90Seconds)]]))}`;
}
