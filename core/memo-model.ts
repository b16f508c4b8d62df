// What a Digital Post letter (MeMo 1.x) says about itself beyond sender, subject and text: the header
// (threading, post type, deadlines), the parties' attention data and contact points, the ContentData and
// the documents' labels. Kept as `metadata.memo` so routing rules can test any of it by path
// (rules/FACTS.md lists the paths). Pure data, one place: model.ts re-exports it.
//
// Conventions: every text is trimmed and cut (ids and labels at 256 characters, comments at 1,000);
// elements MeMo allows once are single values (the first counts when a sender repeats them, with a
// warning); elements it allows repeatedly are lists with a bound. An identifier whose format is checked
// (CPR, CVR, P-number, GLN) is kept as written next to a `valid` / `idValid` flag: an invalid one is a
// warning and never becomes a typed id (Party.idType, metadata.cpr/cvr).

/** A sender or recipient as MeMo describes it. */
export interface MemoParty {
  id?: string;
  /** idType as given, upper-cased: CPR, CVR or another (e.g. "OTHER", "EMAIL"). */
  idType?: string;
  idTypeLabel?: string;
  /** For idType CPR or CVR: whether `id` is a valid one. Absent for other id types. */
  idValid?: boolean;
  label?: string;
  attention?: MemoAttentionData;
  contactPoint?: MemoContactPoint;
  /** Sender only (MeMo 1.2): who sends on the sender's behalf. */
  representative?: MemoRepresentative;
}

export interface MemoRepresentative {
  id?: string;
  idType?: string;
  /** For idType CPR or CVR: whether `id` is a valid one. */
  idValid?: boolean;
  label?: string;
}

/** A labelled id (ContentResponsible, GeneratingSystem, EID …). */
export interface MemoLabelledId {
  id?: string;
  label?: string;
}

export interface MemoAttentionData {
  /** `cpr`: whether personID is a valid CPR number (a CPR-shaped invalid one is also a warning). */
  person?: { id?: string; label?: string; cpr: boolean };
  /** P-number (10 digits) of the production unit meant. */
  productionUnit?: MemoProductionUnit;
  /** GLN / EAN location number (13 digits, GS1 check digit). */
  gln?: { number?: string; location?: string; valid: boolean };
  email?: { address?: string; relatedAgent?: string };
  telephone?: { number?: string; relatedAgent?: string };
  seNumber?: { number?: string; companyName?: string };
  eid?: MemoLabelledId;
  contentResponsible?: MemoLabelledId;
  generatingSystem?: MemoLabelledId;
  sor?: { id?: string; name?: string };
  address?: MemoAddress;
  unstructuredAddress?: string;
}

export interface MemoProductionUnit {
  number?: string;
  name?: string;
  valid: boolean;
}

export interface MemoAddress {
  id?: string;
  addressLabel?: string;
  houseNumber?: string;
  door?: string;
  floor?: string;
  co?: string;
  zipCode?: string;
  city?: string;
  country?: string;
}

export interface MemoContactPoint {
  id?: string;
  group?: string;
  label?: string;
  /** ContactInfo label/value pairs, e.g. { label: "Barnets navn", value: "Emilie Hansen" }. */
  info?: { label: string; value: string }[];
}

/** MessageHeader/ContentData besides KLE, FORM and CaseID (those are metadata.kle, .form, .caseIds). */
export interface MemoContentData {
  /** Every CPRdata, valid or not (only valid numbers reach metadata.cpr). */
  cpr?: { number: string; name?: string; valid: boolean }[];
  /** Every CVRdata, valid or not (only valid numbers reach metadata.cvr). */
  cvr?: { number: string; companyName?: string; valid: boolean }[];
  motorVehicle?: { licenseNumber?: string; chassisNumber?: string };
  propertyNumber?: string;
  productionUnit?: MemoProductionUnit;
  education?: { code?: string; name?: string };
  /** AdditionalContentData as raw pairs; typed facts come from the tenant's XML mappings (metadata.mapped). */
  additional?: { name: string; value: string; type?: string }[];
}

/** MessageHeader/ForwardData: the letter was forwarded from another authority. */
export interface MemoForwardData {
  messageUuid?: string;
  originalMessageDateTime?: string;
  originalSender?: string;
  originalContentResponsible?: string;
  originalRepresentative?: string;
  contactPointId?: string;
  comment?: string;
}

/** One MessageHeader/ReplyData: a message in the thread this one belongs to. */
export interface MemoReplyData {
  messageUuid?: string;
  messageId?: string;
  replyUuid?: string;
  senderId?: string;
  recipientId?: string;
  caseId?: string;
  contactPointId?: string;
  generatingSystemId?: string;
  comment?: string;
  additional?: { label: string; value: string }[];
}

/** A MainDocument, AdditionalDocument or TechnicalDocument: its id, label and files (no content). */
export interface MemoDocumentInfo {
  kind: 'main' | 'additional' | 'technical';
  id?: string;
  label?: string;
  files: { name?: string; mimeType?: string; language?: string }[];
  /** Action codes of the document (SELVBETJENING, AFTALE, INFORMATION …). */
  actions?: string[];
}

export interface MemoMetadata {
  messageUuid?: string;
  messageType?: string;
  memoVersion?: string;
  memoSchVersion?: string;
  createdDateTime?: string;
  /** The sender's own message id. */
  messageId?: string;
  /** The sender's code for the kind of message, e.g. "Pladsanvisning". */
  messageCode?: string;
  /** MeMo 1.2 post type, e.g. MYNDIGHEDSPOST. */
  postType?: string;
  notification?: string;
  additionalNotification?: string;
  reply?: boolean;
  replyByDateTime?: string;
  doNotDeliverUntilDate?: string;
  mandatory?: boolean;
  legalNotification?: boolean;
  sender?: MemoParty;
  recipients?: MemoParty[];
  content?: MemoContentData;
  forward?: MemoForwardData;
  replies?: MemoReplyData[];
  documents?: MemoDocumentInfo[];
}
