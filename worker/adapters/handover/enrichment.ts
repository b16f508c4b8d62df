// What every receiver is told about a handed-over item beyond its bytes, computed once from the item and
// its extracted content so Fordelingskomponenten, the folder outbox and the department mailboxes cannot
// disagree: the letter's date, its parties, case numbers, KLE and handling facet, the Digital Post
// message id and the name of its document. Each receiver only renders this. Pure: no I/O.
//
// Decisions:
// - The letter date is the letter's, not the hand-over's: MeMo createdDateTime, the mail's Date header,
//   the bureau's scan date (sidecar scanDate, else the postmark), else the day Fordeler received it —
//   always as a calendar day in Europe/Copenhagen (23:30 UTC on 31 December is 1 January in Denmark).
//   A date-time without an offset is taken as Danish local time. A value that is not a date, or is
//   before 1900 or more than two days after receipt, is skipped with a reason; it never fails the item.
// - Parties: the sender (a CPR sender is a person, a CVR sender a company, otherwise the e-mail address
//   and name), then the persons (metadata.cpr) and companies (metadata.cvr) the letter is about,
//   deduplicated by number, never the sender again and never the municipality itself (the letter's CVR
//   recipients and any CVR the caller names as its own).
// - The letter's own handling facet is kle.activityFacet, else the form's, when it has the KLE pattern.
//   When it gave none, the facet detected in its text (classifiers/facet.ts: aktindsigt A53, klage K02)
//   is offered separately as `detectedFacet`, only where KLE has a code for it. It is detected again
//   from the same stored content, so it equals what the classify stage stored for the same detector.
import { detectFacet } from '../../../classifiers/facet.js';
import type { Item, Party, Reason } from '../../../core/model.js';
import type { HandoverRequest } from '../../../core/ports.js';

export type PartyKind = 'person' | 'company' | 'address' | 'unknown';

export interface EnrichedParty {
  role: 'sender' | 'subject';
  kind: PartyKind;
  /** CPR number as 10 digits, CVR number as 8 digits, or the sender's own id. */
  id?: string;
  idType?: Party['idType'];
  name?: string;
  email?: string;
}

export type LetterDateSource = 'memo' | 'mail' | 'scan' | 'postmark' | 'received';

export interface Enrichment {
  /** YYYY-MM-DD in Europe/Copenhagen, and where it came from; `skipped` says why earlier sources were not used. */
  letterDate: { date: string; source: LetterDateSource; skipped: Reason[] };
  sender?: EnrichedParty;
  /** Persons and companies the letter is about (not the sender, not the municipality). */
  subjects: EnrichedParty[];
  caseIds: { caseId: string; system?: string }[];
  kle: { nr: string | null; confidence: number | null; suggestion: string | null; label?: string };
  /** The letter's own handling facet proposal (e.g. A01), when it gave a valid one. */
  handlingFacet?: string;
  /** The facet detected in the text when the letter gave none and KLE has a code for it (a proposal, never an address). */
  detectedFacet?: { code: string; name: string; confidence: number };
  /** The MeMo messageUUID of a Digital Post letter. */
  digitalPostMessageId?: string;
  /** The item's own file as the receiver should see it named: the subject for an e-mail, the bureau's name for a scan. */
  documentName: string;
}

const FACET = /^[A-ZÆØÅ]\d\d$/;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;
/** Only ISO 8601 with an offset: Date's own parser guesses at anything else (05.10.2026 would be 10 May). */
const ZONED_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;
const DAY = 24 * 60 * 60 * 1000;
const COPENHAGEN = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit', day: '2-digit' });

export function enrichmentOf(request: HandoverRequest, options: { ownCvrs?: readonly string[] } = {}): Enrichment {
  const { item, content, kle } = request;
  const meta = content.metadata;
  const sender = senderOf(content.sender);
  const facet = [meta.kle?.activityFacet, meta.form?.activityFacet].find((f): f is string => typeof f === 'string' && FACET.test(f.trim()))?.trim();
  return {
    letterDate: letterDateOf(item, meta),
    ...(sender ? { sender } : {}),
    subjects: subjectsOf(meta.cpr ?? [], meta.cvr ?? [], sender, [...content.recipients.filter((r) => r.idType === 'CVR').map((r) => r.id ?? ''), ...(options.ownCvrs ?? [])], namesOf(meta)),
    caseIds: dedupCases(meta.caseIds ?? []),
    kle: { nr: kle.nr, confidence: kle.confidence, suggestion: request.kleSuggestion ?? null, ...(meta.kle?.label ? { label: meta.kle.label } : {}) },
    ...(facet ? { handlingFacet: facet } : {}),
    ...(facet ? {} : detectedFacetOf(request)),
    ...(item.channel === 'digitalpost' && meta.memo?.messageUuid ? { digitalPostMessageId: meta.memo.messageUuid } : {}),
    documentName: documentNameOf(item, content.subject, meta.scan?.files),
  };
}

/** The facet the classify stage stored; detected here only for items classified before facets were stored. */
function detectedFacetOf(request: HandoverRequest): Pick<Enrichment, 'detectedFacet'> {
  const facet = request.facet ?? detectFacet(request.content).facet;
  return facet?.code ? { detectedFacet: { code: facet.code, name: facet.name, confidence: facet.confidence } } : {};
}

/** A calendar day in Europe/Copenhagen, or why the value is not one. */
export function copenhagenDate(value: string): { date: string } | { problem: string } {
  const text = value.trim();
  const dateOnly = DATE_ONLY.exec(text);
  if (dateOnly) {
    const [, y, m, d] = dateOnly.map(Number) as [number, number, number, number];
    const at = new Date(Date.UTC(y, m - 1, d));
    return at.getUTCFullYear() === y && at.getUTCMonth() === m - 1 && at.getUTCDate() === d ? { date: text } : { problem: 'not a calendar date' };
  }
  const local = LOCAL_DATE_TIME.exec(text);
  if (local) return Number.isNaN(Date.parse(`${text}Z`)) ? { problem: 'not a valid time' } : { date: local[1]! };
  const at = new Date(text);
  if (!ZONED_DATE_TIME.test(text) || Number.isNaN(at.getTime())) return { problem: 'not a valid time' };
  return { date: COPENHAGEN.format(at) };
}

function letterDateOf(item: Item, meta: HandoverRequest['content']['metadata']): Enrichment['letterDate'] {
  const candidates: [LetterDateSource, string | undefined][] =
    item.channel === 'digitalpost' ? [['memo', meta.memo?.createdDateTime ?? meta.date]]
      : item.channel === 'email' ? [['mail', meta.date]]
        : [['scan', meta.scan?.scanDate], ['postmark', meta.scan?.postmarkDate]];
  const received = COPENHAGEN.format(item.receivedAt);
  const latest = COPENHAGEN.format(new Date(item.receivedAt.getTime() + 2 * DAY));
  const skipped: Reason[] = [];
  for (const [source, value] of candidates) {
    if (!value) continue;
    const read = copenhagenDate(value);
    const problem = 'problem' in read ? read.problem : read.date < '1900-01-01' ? 'before 1900' : read.date > latest ? 'more than two days after the item was received' : undefined;
    if (!problem) return { date: (read as { date: string }).date, source, skipped };
    skipped.push({ code: 'handover.letter_date_skipped', message: `the ${source} date "${value.slice(0, 40)}" is ${problem}; the next source is used`, data: { source } });
  }
  return { date: received, source: 'received', skipped };
}

function senderOf(party: Party): EnrichedParty | undefined {
  const name = party.name?.trim() || undefined;
  const email = party.email ?? (party.idType === 'EMAIL' ? party.id : undefined);
  const cpr = party.idType === 'CPR' ? digits(party.id, 10) : undefined;
  const cvr = party.idType === 'CVR' ? digits(party.id, 8) : undefined;
  const kind: PartyKind = cpr ? 'person' : cvr ? 'company' : email ? 'address' : 'unknown';
  if (kind === 'unknown' && !name && !party.id) return undefined;
  const id = cpr ?? cvr ?? party.id;
  return {
    role: 'sender', kind,
    ...(id ? { id } : {}),
    ...(party.idType ? { idType: party.idType } : {}),
    ...(name ? { name } : {}),
    ...(email ? { email } : {}),
  };
}

/** The names a MeMo gives the persons and companies it is about (ContentData CPRdata/CVRdata), by number. */
function namesOf(meta: HandoverRequest['content']['metadata']): Map<string, string> {
  const content = meta.memo?.content;
  const pairs = [...(content?.cpr ?? []).map((c) => [c.number, c.name] as const), ...(content?.cvr ?? []).map((c) => [c.number, c.companyName] as const)];
  return new Map(pairs.flatMap(([number, name]) => (name?.trim() ? [[number.replace(/[\s-]/g, ''), name.trim()] as [string, string]] : [])));
}

function subjectsOf(cprs: readonly string[], cvrs: readonly string[], sender: EnrichedParty | undefined, ownCvrs: readonly string[], names: Map<string, string>): EnrichedParty[] {
  const seen = new Set<string>([sender?.id ?? '', ...ownCvrs.map((c) => c.replace(/\D/g, ''))]);
  const result: EnrichedParty[] = [];
  for (const [values, length, kind, idType] of [[cprs, 10, 'person', 'CPR'], [cvrs, 8, 'company', 'CVR']] as const) {
    for (const value of values) {
      const id = digits(value, length);
      if (!id || seen.has(id)) continue;
      seen.add(id);
      const name = names.get(id);
      result.push({ role: 'subject', kind, id, idType, ...(name ? { name } : {}) });
    }
  }
  return result;
}

function digits(value: string | undefined, length: number): string | undefined {
  const d = value?.replace(/[\s-]/g, '') ?? '';
  return d.length === length && /^\d+$/.test(d) ? d : undefined;
}

function dedupCases(cases: { caseId: string; system?: string }[]): Enrichment['caseIds'] {
  const seen = new Set<string>();
  return cases.filter((c) => {
    const key = `${c.system ?? ''}\u0000${c.caseId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// ---- document names ------------------------------------------------------------------------------

const MAX_NAME = 120;

/**
 * A name any file system and any XML can carry: control characters, path separators and the characters
 * Windows refuses are dropped, white space collapsed, leading/trailing dots and spaces trimmed, cut to
 * 120 characters before the extension. Empty → the fallback.
 */
export function safeFileName(raw: string | undefined, extension: string, fallback: string): string {
  const base = (raw ?? '')
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
    .replace(/[\u0000-\u001f\u007f\uFFFE\uFFFF]/g, ' ')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .replace(/[<>:"/\\|?*]/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  const cut = Array.from(base).slice(0, MAX_NAME).join('').trimEnd();
  return `${cut || fallback}${extension}`;
}

function documentNameOf(item: Item, subject: string | undefined, files: { name: string; sha256?: string }[] | undefined): string {
  if (item.channel === 'email') return safeFileName(subject, '.eml', 'e-mail');
  if (item.channel === 'scan') {
    const listed = files?.find((f) => f.sha256 === item.contentSha256) ?? (files?.length === 1 ? files[0] : undefined);
    const name = listed?.name ?? item.fileName;
    const extension = /\.[A-Za-z0-9]{1,5}$/.exec(name)?.[0] ?? '';
    return safeFileName(name.slice(0, name.length - extension.length), extension, 'scanning');
  }
  const extension = /\.[A-Za-z0-9]{1,5}$/.exec(item.fileName)?.[0] ?? '.xml';
  return safeFileName(item.fileName.slice(0, item.fileName.length - extension.length), extension, 'digital-post');
}
