// The text of a batch mail: a Danish subject with counts by kind, and a plain-text body with the counts,
// the first alerts (time, kind, item id, destination, reason code) and the commands that show the rest.
// Only ids, destination ids and reason codes are used — never an alert's message or an item's error
// text — and free-text fields are CPR-masked once more, because a mailbox is not access-controlled.
import { maskCprFully } from '../../../classifiers/entities/cpr.js';
import { ALERT_KIND, KIND_LABELS, KIND_NOUNS, OTHER_NOUNS } from './kinds.js';

export interface MailAlert {
  kind: string;
  itemId: string | null;
  createdAt: Date;
  data: Record<string, unknown>;
}

export interface MailTextOptions {
  tenantId: string;
  receiptDeadlineMinutes: number;
  /** How many alerts are listed one by one; the counts always cover all of them. */
  listLimit?: number;
  /** More alerts were waiting than one mail carries; they follow in the next one. */
  morePending?: boolean;
}

export interface AlertMailText {
  subject: string;
  text: string;
}

export const LIST_LIMIT = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Copenhagen',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** Counts by kind, the known kinds first in a fixed order, then the others by name. */
export function countByKind(alerts: readonly Pick<MailAlert, 'kind'>[]): [kind: string, count: number][] {
  const counts = new Map<string, number>();
  for (const alert of alerts) counts.set(alert.kind, (counts.get(alert.kind) ?? 0) + 1);
  const known = Object.keys(KIND_NOUNS);
  const rank = (kind: string) => (known.includes(kind) ? known.indexOf(kind) : known.length);
  return [...counts.entries()].sort((a, b) => rank(a[0]) - rank(b[0]) || a[0].localeCompare(b[0]));
}

/** "37 fejlede forsendelser, 2 manglende kvitteringer"; other kinds are summed as "andre advarsler". */
export function countPhrase(counts: readonly [string, number][]): string {
  const parts: string[] = [];
  let others = 0;
  for (const [kind, n] of counts) {
    const known = noun(kind, n);
    if (known) parts.push(`${n} ${known}`);
    else others += n;
  }
  if (others > 0) parts.push(`${others} ${others === 1 ? OTHER_NOUNS[0] : OTHER_NOUNS[1]}`);
  return parts.join(', ');
}

function noun(kind: string, n: number): string | undefined {
  const nouns = KIND_NOUNS[kind];
  return nouns ? nouns[n === 1 ? 0 : 1] : undefined;
}

export function composeAlertMail(alerts: readonly MailAlert[], options: MailTextOptions): AlertMailText {
  const counts = countByKind(alerts);
  const listLimit = options.listLimit ?? LIST_LIMIT;
  const listed = pickListed(alerts, counts, listLimit);
  const total = alerts.length;
  const lines = [
    `Fordeler har ${total} ${total === 1 ? 'ny advarsel' : 'nye advarsler'} siden sidste mail (kommune: ${safe(options.tenantId)}).`,
    '',
    ...counts.map(([kind, n]) => `  ${String(n).padStart(6)}  ${noun(kind, n) ?? `advarsler af typen ${safe(kind)}`}`),
    '',
    listed.length < total ? `${listed.length} af de ${total}, ældste først for hver type (dansk tid):` : 'Alle, ældste først for hver type (dansk tid):',
    '',
    row('Tid', 'Type', 'Forsendelse', 'Modtager', 'Årsag'),
    ...listed.map(listingLine),
  ];
  if (listed.length < total) lines.push(`… og ${total - listed.length} til.`);
  if (options.morePending) lines.push('', 'Der venter flere advarsler end én mail kan bære; de kommer med næste mail.');
  lines.push(
    '',
    'Sådan ser I resten:',
    '  fordeler failed          alle fejlede forsendelser med trin og årsag',
    '  fordeler trace <id>      alt der er sket med én forsendelse, med tider',
    '  fordeler alerts          alle advarsler, også dem der allerede er mailet',
    '',
    'En fejlet forsendelse sendes igen med: fordeler failed --retry <id|all>',
  );
  if (counts.some(([kind]) => kind === ALERT_KIND.receiptMissing)) {
    lines.push(`En manglende kvittering: modtageren har ikke svaret ACCEPTERET, AFVIST eller FEJLET inden for ${options.receiptDeadlineMinutes} minutter.`);
  }
  lines.push('', 'Denne mail er sendt automatisk af Fordeler. Den indeholder kun id\'er, modtagere og årsagskoder, aldrig postens indhold.');
  return { subject: `Fordeler: ${countPhrase(counts)}`, text: `${lines.join('\n')}\n` };
}

/**
 * Up to `limit` alerts, shared fairly between the kinds so two missing receipts are not hidden behind a
 * thousand failures: small kinds are listed whole, the rest of the room goes to the large ones.
 */
export function pickListed<T extends Pick<MailAlert, 'kind'>>(alerts: readonly T[], counts: readonly [string, number][], limit: number): T[] {
  const quota = new Map<string, number>();
  let room = limit;
  const bySize = [...counts].sort((a, b) => a[1] - b[1]);
  bySize.forEach(([kind, n], i) => {
    const share = Math.min(n, Math.floor(room / (bySize.length - i)));
    quota.set(kind, share);
    room -= share;
  });
  return counts.flatMap(([kind]) => alerts.filter((alert) => alert.kind === kind).slice(0, quota.get(kind) ?? 0));
}

function listingLine(alert: MailAlert): string {
  const at = typeof alert.data.at === 'string' && !Number.isNaN(Date.parse(alert.data.at)) ? new Date(alert.data.at) : alert.createdAt;
  const itemId = alert.itemId && UUID.test(alert.itemId) ? alert.itemId : '-';
  return row(formatTime(at), KIND_LABELS[alert.kind] ?? safe(alert.kind), itemId, field(alert.data.destination), field(alert.data.reason));
}

function row(time: string, kind: string, itemId: string, destination: string, reason: string): string {
  return `${time.padEnd(16)}  ${kind.padEnd(18)}  ${itemId.padEnd(36)}  ${destination.padEnd(14)}  ${reason}`.trimEnd();
}

function field(value: unknown): string {
  return typeof value === 'string' && value !== '' ? safe(value) : '-';
}

function safe(value: string): string {
  return maskCprFully(value.slice(0, 100).replace(/[\r\n\t]+/g, ' '));
}

/** "2026-03-02 08:59" in Danish time. */
export function formatTime(at: Date): string {
  const part = Object.fromEntries(TIME.formatToParts(at).map((p) => [p.type, p.value]));
  return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}`;
}
