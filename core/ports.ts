// Ports: what the pure pipeline needs from the outside world. Adapters in db/ and worker/ implement them.
import type {
  BlobRef,
  Channel,
  Classification,
  ExtractedContent,
  HandlingFacet,
  Item,
  ItemOutcome,
  ItemState,
  Reason,
  RouteDecision,
  Stage,
  TextSource,
} from './model.js';
import type { DecisionStage, OutcomeInput, OutcomeOf } from './outcomes.js';

export interface Clock {
  now(): Date;
}

/** Content-addressed byte storage. Bytes are streamed; never held whole in memory. */
export interface BlobStore {
  put(bytes: AsyncIterable<Uint8Array>): Promise<BlobRef>;
  read(sha256: string): AsyncIterable<Uint8Array>;
  has(sha256: string): Promise<boolean>;
  /** A local file path for tools that need one (pdftoppm, child processes). */
  pathOf(sha256: string): string;
}

export interface NewItem {
  channel: Channel;
  source: string;
  fileName: string;
  contentSha256: string;
  size: number;
  sidecarSha256?: string;
  /** Message-ID: another item from the same source with the same id is a duplicate of the first. */
  messageId?: string;
  receivedAt: Date;
}

export interface CreatedItem {
  item: Item;
  /** false when the item was already known: the same bytes again, or a duplicate (below). */
  created: boolean;
  /** true when `item` is an earlier item with the same Message-ID but other bytes. */
  duplicate?: boolean;
}

export interface ItemEvent {
  stage: Stage;
  /** e.g. `received`, `duplicate`, `extracted`, `classified`, `routed`, `parked`, `failed` */
  type: string;
  at: Date;
  data?: Record<string, unknown>;
  /**
   * Makes an event idempotent: a second event with the same key on the same item is not written. Events that
   * a repeated job could write again (outside a state change) carry one.
   */
  key?: string;
}

/** A decision as a stage writes it: the outcome typed by its stage's schema (outcomes.ts). */
export type StageDecision = {
  [S in DecisionStage]: { stage: S; outcome: OutcomeInput<S>; reasons: Reason[]; ruleSetVersion?: string; ruleId?: string | null };
}[DecisionStage];

/** A decision as it is read back: parsed through its schema, with the round it belongs to. */
export type StoredDecisionOf<S extends DecisionStage> = {
  stage: S;
  round: number;
  outcome: OutcomeOf<S>;
  reasons: Reason[];
  ruleSetVersion: string | null;
  ruleId: string | null;
  createdAt: Date;
};
export type StoredDecision = { [S in DecisionStage]: StoredDecisionOf<S> }[DecisionStage];

/**
 * Everything one stage step writes, committed in one transaction: content, decision, event and state.
 * Compare-and-set: it applies only while the item is still in `from` (else nothing is written and the
 * caller learns the state the item is in now); `from → to` must be a move the lifecycle allows.
 */
export interface StageCommit {
  itemId: string;
  from: ItemState;
  to: ItemState;
  event: ItemEvent;
  /** Unique per (item, stage, round): a later decision of the same stage in the same round replaces it. */
  decision?: StageDecision;
  /** Extracted content, stored with its attachment rows (extraction only). */
  content?: ExtractedContent;
  patch?: ItemStatePatch;
  /** Marks this delivery sent in the same transaction (the deliver stage). */
  deliverySent?: { transactionId: string; receipt: HandoverReceipt };
  /** Starts the next delivery round (re-distribution): the decision and later ones belong to it. */
  nextRound?: boolean;
}

export type CommitResult = { committed: true; item: Item } | { committed: false; state: ItemState | undefined };

/**
 * The item database: the source of truth for every item's state and history. Bound to one tenant: every
 * query is scoped to it, and an item of another tenant is "not found" (undefined, or ItemNotFoundError).
 */
export interface ItemStore {
  readonly tenantId: string;
  /**
   * Creates the item unless one with the same source and the same content hash or Message-ID exists
   * (idempotent ingest and dedup); then returns that one.
   */
  createItem(item: NewItem): Promise<CreatedItem>;
  getItem(id: string): Promise<Item | undefined>;
  /** One stage step, atomically, with compare-and-set on the state (above). */
  commit(commit: StageCommit): Promise<CommitResult>;
  /** An event that changes no state (a duplicate, an ignored receipt); idempotent when it has a key. */
  appendEvent(itemId: string, event: ItemEvent): Promise<void>;
  getExtracted(itemId: string): Promise<ExtractedContent | undefined>;
  /** The newest decision of a stage (any round), parsed through its schema. */
  latestDecision<S extends DecisionStage>(itemId: string, stage: S): Promise<StoredDecisionOf<S> | undefined>;
  /** The item's classification as decided, with every stored candidate and the reasons behind each. */
  latestClassification(itemId: string): Promise<Classification | undefined>;
}

/** Denormalised columns kept on the item row for lists and statistics. */
export interface ItemStatePatch {
  subject?: string | null;
  kleNr?: string | null;
  kleConfidence?: number | null;
  destination?: string | null;
  /** Sensitive topics found in the item (`children`, `health`, `criminal`). */
  sensitive?: string[];
  error?: Reason | null;
}

export interface ExtractionInput {
  channel: Channel;
  fileName: string;
  blob: BlobRef;
  sidecar?: BlobRef;
}

export interface ExtractOptions {
  /** false: no OCR; pages without a text layer are counted instead (`NeedsOcr`). Default true. */
  ocr?: boolean;
}

/** Extraction without OCR found pages (or images) that have no text without it: OCR decides this item. */
export interface NeedsOcr {
  needsOcr: true;
  pages: number;
}

/** Reads an item's bytes into text and metadata (MIME, MeMo, PDF text layer, OCR). */
export interface ContentExtractor {
  extract(input: ExtractionInput): Promise<ExtractedContent>;
  extract(input: ExtractionInput, options: ExtractOptions): Promise<ExtractedContent | NeedsOcr>;
}

export interface DocumentInput {
  name: string;
  mimeType: string;
  /** Local file holding the bytes (a blob path). */
  path: string;
  size: number;
}

export interface DocumentText {
  text: string;
  source: TextSource;
  pages: number;
  /** Present when OCR was used: tesseract mean confidence 0..100 over the OCR'd pages. */
  ocrConfidence?: number;
  warnings: Reason[];
  /** Extracted with `{ ocr: false }`: pages that would have been OCR'd (their text is missing here). */
  ocrPagesNeeded?: number;
}

/** Text of one document (PDF, image, plain text), OCR'ing pages without a text layer (unless told not to). */
export interface DocumentTextExtractor {
  extractText(doc: DocumentInput, options?: ExtractOptions): Promise<DocumentText>;
}

export interface OcrResult {
  text: string;
  /** tesseract mean confidence 0..100 */
  confidence: number;
}

export interface Ocr {
  /** Recognises one page image (PNG, JPEG, PGM/PBM bytes). */
  recognize(image: Uint8Array): Promise<OcrResult>;
}

/** Classifies extracted content into KLE candidates. Pure; injected with the KLE data. */
export type KleClassifier = (content: ExtractedContent) => Classification;

/** Routes an item given its content and classification. Pure; built from a rule set. */
export interface Router {
  readonly version: string;
  /** The destination ids the rule set declares: where staff may re-distribute to. */
  readonly destinations: readonly string[];
  route(content: ExtractedContent, classification: Classification): Promise<RouteDecision>;
  /** Where an emne would be routed by KLE rules alone; used for suggestions on parked items. */
  destinationForKle(nr: string): { destination: string | null; ruleId: string | null };
  /**
   * Whether the rule reads the emne (a KLE route, or a rule with a kle* condition): only such a route rests
   * on the classifier's guess and passes the routing-safety gate. Absent: every rule is taken to read it.
   */
  ruleDependsOnKle?(ruleId: string): boolean;
}

export interface PipelinePorts {
  clock: Clock;
  items: ItemStore;
  extractor: ContentExtractor;
  classify: KleClassifier;
  router: Router;
}

export type { ItemOutcome };

/** How far a mailbox has been read: its UIDVALIDITY and the highest UID already stored as an item. */
export interface SourceCheckpoint {
  uidValidity: string;
  lastUid: number;
}

/** Source checkpoints in the database, so a restarted worker does not re-fetch a whole mailbox. */
export interface CheckpointStore {
  get(tenantId: string, source: string): Promise<SourceCheckpoint | undefined>;
  set(tenantId: string, source: string, checkpoint: SourceCheckpoint): Promise<void>;
}

/** What a receiving system is handed: the item, its content and the transaction id it may dedup on. */
export interface HandoverRequest {
  /** SF2900's AnvenderTransaktionsID: the same for every retry of this item's handover. */
  transactionId: string;
  destination: string;
  item: Item;
  content: ExtractedContent;
  kle: { nr: string | null; confidence: number | null };
  /** The best KLE candidate, for receivers that need a KLE proposal even when a content rule routed the item. */
  kleSuggestion?: string | null;
  /** The handlingsfacet the classify stage detected and stored, when it found one. */
  facet?: HandlingFacet;
}

export interface HandoverReceipt {
  /** The receiver's own reference for the item, when it gives one. */
  reference?: string;
  /** The receiver's first answer, e.g. SF2900's technical receipt MODTAGET. */
  code?: string;
  at: Date;
}

/** Hands an item to its destination. Must be safe to call again with the same transaction id. */
export interface Handover {
  deliver(request: HandoverRequest): Promise<HandoverReceipt>;
}

export interface DeliveryRecord {
  itemId: string;
  /** 1 for the first routing; each re-distribution starts the next round with a new transaction id. */
  round: number;
  destination: string;
  transactionId: string;
  status: 'pending' | 'sent';
  attempts: number;
  /** When the receiver last took this round (its first answer); absent while pending. */
  sentAt?: Date;
}

/** The handover ledger: its row (and transaction id) exists before the receiver is called. */
export interface DeliveryStore {
  /**
   * The item's current round (created once, destination from the item; a new round when the item's
   * destination changed since) with this attempt counted.
   */
  begin(itemId: string): Promise<DeliveryRecord>;
  markSent(transactionId: string, receipt: HandoverReceipt): Promise<void>;
  /** The item's newest round, if it was ever handed over. */
  current(itemId: string): Promise<DeliveryRecord | undefined>;
  /** The delivery a receiver's receipt refers to. */
  findByTransaction(transactionId: string): Promise<DeliveryRecord | undefined>;
}
