// The mail a department receives for a handed-over item (imap-folder and smtp destinations): the item's
// subject, a short Danish summary of what Fordeler knows about it (the enrichment every receiver gets:
// the letter's date, sender and the persons and companies it is about, case numbers, KLE and handling
// facet — the letter's own facet code and the handlingsfacet Fordeler detected —, the Digital Post message
// id), and the original attached under its real name (an e-mail by its
// subject, not the IMAP UID file name). The summary never quotes the letter, and CPR numbers are masked
// wherever they are shown (sender, subject, parties): people read this mail.
import { extname } from 'node:path';
import { maskCprSerial } from '../../../classifiers/entities/index.js';
import { detectFacet } from '../../../classifiers/facet.js';
import type { Channel, HandlingFacet, Item, Party } from '../../../core/model.js';
import type { BlobStore, HandoverRequest } from '../../../core/ports.js';
import type { ItemMessageInput } from '../mail/compose.js';
import { enrichmentOf, type EnrichedParty, type Enrichment, type LetterDateSource } from './enrichment.js';

export interface ItemMailOptions {
  from: string;
  to?: string;
  blobs: BlobStore;
  maxAttachmentBytes: number;
}

const CHANNEL: Record<Channel, string> = { email: 'e-mail', digitalpost: 'Digital Post', scan: 'scannet brev' };
const TYPES: Record<string, string> = {
  '.eml': 'message/rfc822',
  '.xml': 'application/xml',
  '.pdf': 'application/pdf',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
};
const MAX_SUBJECT = 200;

/**
 * Fixed per transaction, so every retry sends the same message and a receiver (or the IMAP writer's
 * search before APPEND) can recognise a repeat.
 */
export function handoverMessageId(transactionId: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(transactionId)) throw new Error('transaction id is not usable in a Message-ID');
  return `<${transactionId}@fordeler.invalid>`;
}

export function handoverMail(request: HandoverRequest, options: ItemMailOptions): ItemMessageInput {
  const { item, content, kle } = request;
  const enrichment = enrichmentOf(request);
  return {
    from: options.from,
    ...(options.to ? { to: options.to } : {}),
    subject: maskCprSerial(content.subject?.trim() || item.fileName).slice(0, MAX_SUBJECT),
    text: handoverText(request, enrichment),
    messageId: handoverMessageId(request.transactionId),
    headers: {
      'X-Fordeler-Item': item.id,
      'X-Fordeler-Transaction': request.transactionId,
      'X-Fordeler-Destination': request.destination,
      ...(kle.nr ? { 'X-Fordeler-KLE': kle.nr } : {}),
    },
    original: { path: options.blobs.pathOf(item.contentSha256), fileName: enrichment.documentName, contentType: originalContentType(item), size: item.size },
    maxAttachmentBytes: options.maxAttachmentBytes,
    date: item.receivedAt,
    itemId: item.id,
  };
}

export function handoverText(request: HandoverRequest, enrichment: Enrichment = enrichmentOf(request)): string {
  const { item, content } = request;
  const subjects = enrichment.subjects.map(partyText);
  const cases = enrichment.caseIds.map((c) => (c.system ? `${c.caseId} (${c.system})` : c.caseId));
  const lines = [
    `Fordeler har fordelt denne post til ${request.destination}.`,
    '',
    `Modtaget: ${formatTime(item.receivedAt)} som ${CHANNEL[item.channel]}`,
    `Brevdato: ${danishDate(enrichment.letterDate.date)} (${DATE_SOURCE[enrichment.letterDate.source]})`,
    // A CPR number typed into a display name is masked too, not only a CPR sender id.
    `Afsender: ${maskCprSerial(senderText(content.sender))}`,
    ...(subjects.length ? [`Vedrører: ${maskCprSerial(subjects.join('; '))}`] : []),
    ...(cases.length ? [`Sagsnumre: ${maskCprSerial(cases.join(', '))}`] : []),
    `KLE: ${kleText(request)}`,
    ...(enrichment.handlingFacet ? [`Handlingsfacet i brevet: ${enrichment.handlingFacet}`] : []),
    ...facetLines(request),
    ...(enrichment.digitalPostMessageId ? [`Digital Post-meddelelse: ${enrichment.digitalPostMessageId}`] : []),
    '',
    `Fordeler-id: ${item.id} (fordeler trace ${item.id})`,
    `Transaktions-id: ${request.transactionId}`,
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * The handlingsfacet the classify stage detected (or, for an item classified before facets were stored,
 * detected now): "Handlingsfacet: Aktindsigt (A53)"; a facet KLE gives no code for is named without one.
 */
function facetLines(request: HandoverRequest): string[] {
  const facet: HandlingFacet | null = request.facet ?? detectFacet(request.content).facet;
  return facet ? [`Handlingsfacet: ${facet.name}${facet.code ? ` (${facet.code})` : ''}`] : [];
}

/** An e-mail is attached as message/rfc822 whatever its file is called (an IMAP item is `<uid>.eml`). */
function originalContentType(item: Pick<Item, 'channel' | 'fileName'>): string {
  if (item.channel === 'email') return 'message/rfc822';
  return TYPES[extname(item.fileName).toLowerCase()] ?? 'application/octet-stream';
}

function senderText(sender: Party): string {
  const email = sender.email ?? (sender.idType === 'EMAIL' ? sender.id : undefined);
  const name = sender.name?.trim();
  const parts = [name && email ? `${name} <${email}>` : (name ?? email)];
  if (sender.idType === 'CVR' && sender.id) parts.push(`CVR-nr. ${sender.id}`);
  if (sender.idType === 'CPR') parts.push(`CPR-nr. ${maskedCpr(sender.id)}`);
  const known = parts.filter((part): part is string => Boolean(part));
  return known.length ? known.join(', ') : 'ukendt';
}

const DATE_SOURCE: Record<LetterDateSource, string> = {
  memo: 'fra Digital Post-meddelelsen', mail: 'fra mailens dato', scan: 'scanningsdato', postmark: 'poststempel', received: 'modtagelsesdato',
};

function danishDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-');
  return `${day}.${month}.${year}`;
}

function partyText(party: EnrichedParty): string {
  const name = party.name ? `${party.name}, ` : '';
  if (party.idType === 'CPR') return `${name}CPR-nr. ${maskedCpr(party.id)}`;
  if (party.idType === 'CVR') return `${name}CVR-nr. ${party.id}`;
  return party.name ?? party.id ?? 'ukendt';
}

/** The birth date stays readable for the case worker; the serial number never leaves Fordeler. */
function maskedCpr(id: string | undefined): string {
  const digits = id?.replace(/\D/g, '') ?? '';
  return digits.length === 10 ? `${digits.slice(0, 6)}-XXXX` : 'skjult';
}

function kleText({ kle, kleSuggestion }: HandoverRequest): string {
  if (kle.nr) return kle.confidence === null ? kle.nr : `${kle.nr} (sikkerhed ${Math.round(kle.confidence * 100)} %)`;
  return kleSuggestion ? `intet sikkert emne (bedste forslag ${kleSuggestion})` : 'intet emne';
}

// The municipality's local time, written as Danish letters do: 08.09.2026 kl. 21.21.
const DATE = new Intl.DateTimeFormat('da-DK', { timeZone: 'Europe/Copenhagen', day: '2-digit', month: '2-digit', year: 'numeric' });
const TIME = new Intl.DateTimeFormat('da-DK', { timeZone: 'Europe/Copenhagen', hour: '2-digit', minute: '2-digit' });

function formatTime(at: Date): string {
  return `${DATE.format(at)} kl. ${TIME.format(at)}`;
}
