// The domain model shared by every stage. Pure data: no behaviour that needs I/O.
import type { ItemState } from './lifecycle.js';
import type { DecisionStage } from './outcomes.js';
import type { MemoMetadata } from './memo-model.js';

export type * from './memo-model.js';

export type Channel = 'email' | 'digitalpost' | 'scan';

/** Life cycle of an item: states and transitions are defined once, in lifecycle.ts. */
export type { ItemState } from './lifecycle.js';

/** The item stages that decisions and events are recorded under (outcomes.ts types each one's outcome). */
export type Stage = DecisionStage;

/**
 * Why something was decided. `code` is stable and machine-readable (e.g. `route.rule_matched`,
 * `extract.pdf_encrypted`); `message` is for people; `data` holds the values that were looked at.
 */
export interface Reason {
  code: string;
  message: string;
  data?: Record<string, unknown>;
}

/** A content-addressed blob: the sha256 of the bytes is the key. */
export interface BlobRef {
  sha256: string;
  size: number;
}

export interface Party {
  /** CPR, CVR, e-mail address or another identifier, as given by the channel. */
  id?: string;
  idType?: 'CPR' | 'CVR' | 'EMAIL' | 'OTHER';
  name?: string;
  email?: string;
}

/** How a piece of text was obtained; OCR text is less trustworthy than a text layer. */
export type TextSource = 'plain' | 'html' | 'text-layer' | 'ocr' | 'none';

export interface ExtractedAttachment {
  name: string;
  mimeType: string;
  blob?: BlobRef;
  size: number;
  text: string;
  textSource: TextSource;
  /** OCR quality: tesseract mean confidence 0..100 and pages read. */
  ocr?: { pages: number; meanConfidence: number };
  /** A problem with this attachment that did not stop the item (e.g. an encrypted PDF inside an e-mail). */
  problem?: Reason;
  /** Attachments of an attached message/rfc822, flattened with a path-like name. */
  depth?: number;
}

export interface KleMetadata {
  subjectKey?: string;
  activityFacet?: string;
  label?: string;
  version?: string;
}

export interface ScanMetadata {
  batchId?: string;
  documentId?: string;
  scanDate?: string;
  customerCvr?: string;
  addressee?: string;
  postmarkDate?: string;
  returnAddress?: string;
  remarks?: string;
  pageCount?: number;
  documentType?: string;
  documentTypeConfidence?: number;
  files?: { name: string; mimeType?: string; sha256?: string }[];
}

/** Channel metadata that classification and routing may use. All optional: channels differ. */
export interface ItemMetadata {
  messageId?: string;
  date?: string;
  inReplyTo?: string;
  kle?: KleMetadata;
  form?: { taskKey?: string; activityFacet?: string; label?: string; version?: string };
  cpr?: string[];
  cvr?: string[];
  caseIds?: { caseId: string; system?: string }[];
  contactPoint?: string;
  /** Everything else a Digital Post letter says about itself (core/memo-model.ts; paths in rules/FACTS.md). */
  memo?: MemoMetadata;
  scan?: ScanMetadata;
  /**
   * Facts read by the tenant's declarative XML mappings (scan sidecars, MeMo AdditionalContentData, XML
   * attachments), by the names the mapping gives them; rules see them as the `xml` fact.
   */
  mapped?: Record<string, MappedValue>;
  /** E-mail only: the few headers and links the junk detector reads (classifiers/junk.ts). */
  mail?: MailSignals;
}

/**
 * What an e-mail says about how it was sent, kept bounded at extraction: header values by lower-case name
 * (only the names in `JUNK_HEADERS`), the top-level content type, and the HTML part's links.
 */
export interface MailSignals {
  headers: Record<string, string>;
  contentType?: string;
  /** Links of the HTML body: the text a reader sees and where it goes (at most a few dozen). */
  links?: { text: string; href: string }[];
}

/** A value an XML mapping produced, typed by the mapping (a repeated path gives a list). */
export type MappedValue = string | number | boolean | string[] | number[];

/** What the extract stage produces: everything later stages need, with no bytes. */
export interface ExtractedContent {
  channel: Channel;
  subject?: string;
  sender: Party;
  recipients: Party[];
  /** Main text: e-mail body, MeMo main document, or the scanned letter's text. */
  body: string;
  bodySource: TextSource;
  /** OCR quality of the body when it was OCR'd (a scan, an image-only MeMo main document). */
  bodyOcr?: { pages: number; meanConfidence: number };
  attachments: ExtractedAttachment[];
  /**
   * The files of a Digital Post letter's MainDocument, each stored as its own blob (their text is the
   * body): handed over as the letter's documents instead of the MeMo XML.
   */
  mainDocuments?: ExtractedAttachment[];
  metadata: ItemMetadata;
  /** Non-fatal findings (e.g. "charset unknown, decoded as latin1"). */
  warnings: Reason[];
}

export interface KleCandidate {
  nr: string;
  title?: string;
  score: number;
  reasons: Reason[];
}

export type KleSource = 'metadata' | 'classifier' | 'rule' | 'none';

export interface Classification {
  /** The chosen emne, or null when the classifier abstains. */
  nr: string | null;
  confidence: number;
  source: KleSource;
  candidates: KleCandidate[];
  reasons: Reason[];
  /** The handlingsfacet the letter asks for (aktindsigt, klage …), when one was detected. */
  facet?: HandlingFacet;
}

/** KLE's second axis: the kind of action a letter asks for, detected beside the emne. */
export interface HandlingFacet {
  kind: 'aktindsigt' | 'klage' | 'indsigelse' | 'ansoegning' | 'anmeldelse' | 'partshoering';
  /** KLE's facet code where KL names one (aktindsigt A53, klage K02); null otherwise. */
  code: string | null;
  name: string;
  confidence: number;
  reasons: Reason[];
}

/** What one condition of a rule saw when it was evaluated. */
export interface ConditionTrace {
  fact: string;
  path?: string;
  operator: string;
  value: unknown;
  factValue: unknown;
  result: boolean | 'not-evaluated';
}

export interface RuleTrace {
  ruleId: string;
  name?: string;
  priority: number;
  matched: boolean;
  destination?: string | null;
  conditions: ConditionTrace[];
}

export interface RouteDecision {
  status: 'routed' | 'parked';
  destination: string | null;
  ruleId: string | null;
  ruleSetVersion: string;
  reasons: Reason[];
  /** Every rule that was tried, in evaluation order. */
  trace: RuleTrace[];
}

/** A suggestion for a parked item: a likely KLE and where that KLE would route. */
export interface Suggestion {
  kle: string;
  title?: string;
  score: number;
  destination: string | null;
  ruleId: string | null;
}

/** The final outcome of running an item through the pipeline. */
export interface ItemOutcome {
  status: 'routed' | 'parked' | 'failed';
  destination: string | null;
  ruleId: string | null;
  reasons: Reason[];
}

export interface Item {
  id: string;
  tenantId: string;
  channel: Channel;
  state: ItemState;
  /** Where the item came from: a file path, an IMAP mailbox + UID, … */
  source: string;
  /** sha256 of the source bytes; also the blob key. */
  contentSha256: string;
  size: number;
  /** Scanning-bureau sidecar, when the item had one. */
  sidecarSha256?: string;
  /** The e-mail's Message-ID, when it had one (dedup within a source). */
  messageId?: string;
  fileName: string;
  receivedAt: Date;
  /** Delivery round: 1 for the first routing, one more for each re-distribution. Decisions belong to a round. */
  round: number;
}
