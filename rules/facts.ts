// The facts routing rules can test, built purely from extracted content and its classification.
// Keep this list, buildFacts() and FACTS.md in step.
import type { Classification, ExtractedContent, HandlingFacet, ItemMetadata, MappedValue, Party } from '../core/model.js';
import { detectFacet } from '../classifiers/facet.js';
import { kleGroupOf } from './kle-pattern.js';

/** Characters of body + attachment text that rules see; bounds memory and operator cost. */
export const TEXT_FACT_LIMIT = 100_000;
/** Subjects are short; a hostile multi-megabyte Subject header is cut before any rule sees it. */
export const SUBJECT_FACT_LIMIT = 2_000;
/** Attachment names listed for rules; nested archives can hold thousands. */
export const ATTACHMENT_NAMES_LIMIT = 1_000;

export const FACTS = [
  'channel',
  'sender',
  'senderName',
  'senderDomain',
  'senderIdType',
  'recipient',
  'recipients',
  'subject',
  'text',
  'attachmentNames',
  'kle',
  'kleGroup',
  'kleHovedgruppe',
  'kleConfidence',
  'kleSource',
  'handlingsfacet',
  'handlingsfacetCode',
  'handlingsfacetConfidence',
  'metadata',
  'contactPoint',
  'scanDocumentType',
  'addressee',
  'memoPostType',
  'memoMessageCode',
  'xml',
] as const;

export type FactId = (typeof FACTS)[number];

export interface RoutingFacts {
  channel: ExtractedContent['channel'];
  sender: string | null;
  senderName: string | null;
  senderDomain: string | null;
  senderIdType: Party['idType'] | null;
  recipient: string | null;
  recipients: string[];
  subject: string | null;
  text: string;
  attachmentNames: string[];
  kle: string | null;
  kleGroup: string | null;
  kleHovedgruppe: string | null;
  kleConfidence: number;
  kleSource: Classification['source'];
  /** The procedure the letter asks for (`aktindsigt`, `klage`, `ansoegning` …); null when none was detected. */
  handlingsfacet: HandlingFacet['kind'] | null;
  /** Its KLE facet code (A53, K02) where KL names one; null otherwise. */
  handlingsfacetCode: string | null;
  /** 0 when none was detected. */
  handlingsfacetConfidence: number;
  metadata: ItemMetadata;
  contactPoint: string | null;
  scanDocumentType: string | null;
  addressee: string | null;
  /** MeMo postType, upper-cased (MYNDIGHEDSPOST …); null when not Digital Post or not given. */
  memoPostType: string | null;
  /** MeMo messageCode, the sender's code for the kind of letter (e.g. Pladsanvisning). */
  memoMessageCode: string | null;
  /** What the tenant's XML mappings read (metadata.mapped), by name; `{}` when nothing was mapped. */
  xml: Record<string, MappedValue>;
}

export function isFact(name: string): name is FactId {
  return (FACTS as readonly string[]).includes(name);
}

export function buildFacts(content: ExtractedContent, classification: Classification): RoutingFacts {
  const kle = classification.nr?.trim() || null;
  // A classification read back without its facet (an older stored row, or a path that does not keep it)
  // gets it from the same pure detector over the same content, so every path routes alike.
  const facet = classification.facet ?? detectFacet(content).facet;
  const senderAddress = addressOf(content.sender);
  return {
    channel: content.channel,
    sender: senderAddress ?? content.sender.id ?? null,
    senderName: content.sender.name ?? null,
    senderDomain: senderAddress ? domainOf(senderAddress) : null,
    senderIdType: content.sender.idType ?? (senderAddress ? 'EMAIL' : null),
    recipient: content.recipients[0] ? partyKey(content.recipients[0]) : null,
    recipients: content.recipients.map(partyKey).filter((key): key is string => key !== null),
    subject: content.subject?.slice(0, SUBJECT_FACT_LIMIT) ?? null,
    text: boundedText(content),
    attachmentNames: content.attachments.slice(0, ATTACHMENT_NAMES_LIMIT).map((attachment) => attachment.name),
    kle,
    kleGroup: kleGroupOf(kle),
    kleHovedgruppe: kle ? (/^\d{2}/.exec(kle)?.[0] ?? null) : null,
    kleConfidence: classification.confidence,
    kleSource: classification.source,
    handlingsfacet: facet?.kind ?? null,
    handlingsfacetCode: facet?.code ?? null,
    handlingsfacetConfidence: facet?.confidence ?? 0,
    metadata: content.metadata,
    contactPoint: content.metadata.contactPoint ?? null,
    scanDocumentType: content.metadata.scan?.documentType ?? null,
    addressee: content.metadata.scan?.addressee ?? null,
    memoPostType: content.metadata.memo?.postType ?? null,
    memoMessageCode: content.metadata.memo?.messageCode ?? null,
    xml: content.metadata.mapped ?? {},
  };
}

/** Domain of an e-mail address, normalised; null when it has none. */
export function domainOf(address: string): string | null {
  const at = address.lastIndexOf('@');
  return at >= 0 ? normalizeDomain(address.slice(at + 1)) : null;
}

/** Lower-cased, trimmed, without the trailing dot of a fully qualified name; null when empty. */
export function normalizeDomain(domain: string): string | null {
  const normalized = domain.trim().toLowerCase().replace(/\.$/, '');
  return normalized.length > 0 && !normalized.includes('@') ? normalized : null;
}

function addressOf(party: Party): string | null {
  const address = party.email ?? (party.idType === 'EMAIL' || party.id?.includes('@') ? party.id : undefined);
  return address ? address.trim().toLowerCase() : null;
}

function partyKey(party: Party): string | null {
  return addressOf(party) ?? party.id ?? null;
}

/** Body, then each attachment's text, cut at TEXT_FACT_LIMIT without joining more than needed. */
function boundedText(content: ExtractedContent): string {
  const parts: string[] = [];
  let length = 0;
  for (const part of [content.body, ...content.attachments.map((attachment) => attachment.text)]) {
    if (length >= TEXT_FACT_LIMIT) break;
    if (!part) continue;
    const piece = part.slice(0, TEXT_FACT_LIMIT - length);
    parts.push(piece);
    length += piece.length + 1;
  }
  return parts.join('\n').slice(0, TEXT_FACT_LIMIT);
}
