// The short Danish text on top of a parked item's message in the IMAP rest folder: why it is there,
// the top KLE suggestions with where each would go, and how to re-distribute it by moving the message.
// Junk and machine mail (the route stage's `route.junk`) gets its own text for the junk folder: what kind
// of mail it is and the signals that said so, in Danish, and that it can still be placed if it is real post.
// Pure: the caller gathers the facts. Never quotes the letter itself (that is in the attached original).
import type { Channel, Item, Reason, Suggestion } from '../../../core/model.js';
import { maskCprSerial as maskCpr } from '../../../classifiers/entities/cpr.js';

export interface RestSummaryInput {
  item: Pick<Item, 'id' | 'channel' | 'fileName' | 'receivedAt'>;
  subject: string | null;
  /** Why the item is parked: the rejection, or the routing decision's reasons. */
  reasons: Reason[];
  suggestions: Suggestion[];
  destinations: readonly string[];
  refordelFolder: string;
}

/** The junk verdict of a parked item: the kinds (classifiers/junk.ts JunkKind) and the detector's reasons. */
export interface RestJunk {
  kinds: readonly string[];
  reasons: readonly Reason[];
}

/** The kinds of junk in Danish, as staff call them. */
export const JUNK_KIND_TEXT: Readonly<Record<string, string>> = {
  auto_reply: 'autosvar',
  delivery_status: 'leveringsrapport (returneret mail)',
  bulk: 'nyhedsbrev eller masseudsendelse',
  gateway_spam: 'spam (markeret af mailgatewayen)',
  phishing: 'mulig phishing',
};

const CHANNEL: Record<Channel, string> = { email: 'e-mail', digitalpost: 'Digital Post', scan: 'scannet brev' };

export function restSubject(input: Pick<RestSummaryInput, 'subject' | 'item'> & { junk?: boolean }): string {
  return `[${input.junk ? 'Junk' : 'Restpost'}] ${maskCpr(input.subject?.trim() || input.item.fileName)}`.slice(0, 200);
}

/** The junk folder's text: why Fordeler holds the mail for junk or machine mail, and that it was never handed over. */
export function junkSummary(input: Pick<RestSummaryInput, 'item' | 'destinations' | 'refordelFolder'> & { junk: RestJunk }): string {
  const kinds = input.junk.kinds.map((kind) => JUNK_KIND_TEXT[kind] ?? kind);
  const lines = [
    `Fordeler har vurderet denne mail som junk eller maskinpost: ${kinds.join(', ') || 'ukendt art'}.`,
    'Den er ikke fordelt til noget fagsystem og bliver det ikke automatisk.',
    '',
    'Hvorfor:',
    ...(input.junk.reasons.length ? input.junk.reasons.map((reason) => `  - ${reason.message}`) : ['  - (ingen enkeltårsager registreret)']),
    '',
    'Er det alligevel rigtig post, så fordel den ved at flytte denne mail til',
    `mappen ${input.refordelFolder}/<modtager>. Mulige modtagere: ${input.destinations.join(', ')}`,
    '',
    `Modtaget: ${formatTime(input.item.receivedAt)} som ${CHANNEL[input.item.channel]}`,
    `Fordeler-id: ${input.item.id} (fordeler trace ${input.item.id})`,
  ];
  return `${lines.map(maskCpr).join('\n')}\n`;
}

/** The junk verdict behind a parking, from the route decision's `route.junk` reason; undefined for other post. */
export function junkOf(reasons: readonly Reason[]): RestJunk | undefined {
  const reason = reasons.find((r) => r.code === 'route.junk');
  if (!reason) return undefined;
  const data = (reason.data ?? {}) as { kinds?: unknown; reasons?: unknown };
  const kinds = Array.isArray(data.kinds) ? data.kinds.filter((k): k is string => typeof k === 'string') : [];
  const inner = Array.isArray(data.reasons) ? data.reasons.filter(isReason) : [];
  return { kinds, reasons: inner };
}

function isReason(value: unknown): value is Reason {
  return typeof value === 'object' && value !== null && typeof (value as Reason).code === 'string' && typeof (value as Reason).message === 'string';
}

export function restSummary(input: RestSummaryInput): string {
  const lines = [
    'Fordeler kunne ikke fordele denne post automatisk.',
    '',
    'Hvorfor:',
    ...(input.reasons.length ? input.reasons.map((reason) => `  - ${reasonText(reason)}`) : ['  - Ingen regel passede.']),
    '',
    'Forslag til KLE-emne:',
    ...(input.suggestions.length
      ? input.suggestions.map((s, index) => `  ${index + 1}. ${s.kle}${s.title ? ` ${s.title}` : ''} (${Math.round(s.score * 100)} %)${s.destination ? ` → ${s.destination}` : ' → ingen regel'}`)
      : ['  (ingen)']),
    '',
    `Foreslåede modtagere: ${suggestedDestinations(input.suggestions).join(', ') || '(ingen)'}`,
    '',
    `Refordel: flyt denne mail til mappen ${input.refordelFolder}/<modtager>.`,
    `Mulige modtagere: ${input.destinations.join(', ')}`,
    '',
    `Modtaget: ${formatTime(input.item.receivedAt)} som ${CHANNEL[input.item.channel]}`,
    `Fordeler-id: ${input.item.id} (fordeler trace ${input.item.id})`,
  ];
  return `${lines.map(maskCpr).join('\n')}\n`;
}

function suggestedDestinations(suggestions: Suggestion[]): string[] {
  return [...new Set(suggestions.map((s) => s.destination).filter((d): d is string => Boolean(d)))];
}

/** Rejections and handover refusals in Danish; routing reasons are already written in Danish. */
function reasonText(reason: Reason): string {
  const data = (reason.data ?? {}) as { destination?: string; reason?: string; code?: string };
  switch (reason.code) {
    case 'deliver.rejected_by_receiver':
    case 'deliver.overdragelse_afvist':
      return `Modtageren ${data.destination ?? ''} afviste posten${data.reason ? `: ${data.reason}` : ''}`.replace('  ', ' ');
    case 'deliver.overdragelse_no_kle':
      return 'Fordelingskomponenten kræver et KLE-emne, og klassifikationen gav intet sikkert emne';
    case 'deliver.overdragelse_no_receiver':
      return `Ingen modtager er tilmeldt KLE-emnet hos Fordelingskomponenten${reason.message ? ` (${reason.message})` : ''}`;
    default:
      return reason.message;
  }
}

function formatTime(at: Date): string {
  return at.toLocaleString('da-DK', { timeZone: 'Europe/Copenhagen', dateStyle: 'short', timeStyle: 'short' });
}
