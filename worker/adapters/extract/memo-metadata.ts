// MeMo header → ItemMetadata: the channel-neutral keys (message id, date, KLE/FORM, CPR/CVR, case ids,
// reply threading, contact point) and `memo`, everything else the letter says about itself. The parts
// are read by memo-header.ts, memo-parties.ts, memo-content.ts and memo-document-info.ts.
import type { ItemMetadata, MemoParty, Reason } from '../../../core/model.js';
import { maskCprFully } from '../../../classifiers/entities/cpr.js';
import { memoContent } from './memo-content.js';
import { memoDocumentInfo } from './memo-document-info.js';
import { memoHeader } from './memo-header.js';
import { memoParty } from './memo-parties.js';
import { FORM_NS, KLE_NS, MAX_SHORT, MEMO_NS, memoReader, reason, type MemoReader } from './memo-read.js';
import { childElement, childElements, childText, type XmlElement } from './xml-tree.js';

export { reason };

const VERSIONS = new Set(['1.0', '1.1', '1.2']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** MeMo has exactly one Recipient; a hostile letter with thousands is cut here. */
const MAX_RECIPIENTS = 20;
/** Case references kept from CaseID and the ReplyData thread. */
const MAX_CASE_IDS = 50;

/** Reads a single MeMo child element's text (see memo.ts: repeated elements are warned about). */
export type Field = (parent: XmlElement | undefined, name: string) => string | undefined;

export interface MemoParts {
  root: XmlElement;
  header: XmlElement;
  sender: XmlElement | undefined;
  recipients: XmlElement[];
}

export function memoMetadata({ root, header, sender, recipients }: MemoParts, warnings: Reason[]): ItemMetadata {
  const r = memoReader(warnings);
  const version = root.attrs.memoVersion;
  if (!version || !VERSIONS.has(version)) {
    warnings.push(reason('memo_version_unknown', `unknown memoVersion "${(version ?? '').slice(0, 20)}"; read as MeMo 1.2`));
  }
  const uuid = r.text(header, 'messageUUID');
  if (!uuid || !UUID.test(uuid)) warnings.push(reason('memo_uuid_invalid', `messageUUID "${maskCprFully((uuid ?? '').slice(0, 80))}" is not a UUID`));
  const body = childElement(root, MEMO_NS, 'MessageBody');
  const created = r.text(body, 'createdDateTime');
  const createdValid = created !== undefined && /^\d{4}-\d\d-\d\dT/.test(created) && !Number.isNaN(Date.parse(created));
  if (created && !createdValid) warnings.push(reason('memo_date_invalid', `createdDateTime "${maskCprFully(created.slice(0, 40))}" is not a valid time`));
  const messageType = r.text(header, 'messageType');
  const contentData = r.element(header, 'ContentData');
  const inReplyTo = repliedTo(header, uuid);
  const contactPoint = contactPointOf([...recipients, ...(sender ? [sender] : [])]);
  const kle = childElement(contentData, KLE_NS, 'KLEdata');
  const form = childElement(contentData, FORM_NS, 'FORMdata');
  const { content, cpr, cvr } = memoContent(contentData, r);
  const caseIds = caseIdsOf(header, contentData);
  const headerFacts = memoHeader(header, r);
  const documents = memoDocumentInfo(body, r);
  return {
    ...(uuid ? { messageId: uuid } : {}),
    ...(createdValid ? { date: created } : {}),
    ...(inReplyTo ? { inReplyTo } : {}),
    ...(kle ? { kle: pick(kle, KLE_NS, ['subjectKey', 'activityFacet', 'label', 'version']) } : {}),
    ...(form ? { form: pick(form, FORM_NS, ['taskKey', 'activityFacet', 'label', 'version']) } : {}),
    ...(cpr.length ? { cpr } : {}),
    ...(cvr.length ? { cvr } : {}),
    ...(caseIds.length ? { caseIds } : {}),
    ...(contactPoint ? { contactPoint } : {}),
    memo: {
      ...(uuid ? { messageUuid: uuid } : {}),
      ...(messageType ? { messageType } : {}),
      ...(version ? { memoVersion: version.slice(0, 20) } : {}),
      ...(root.attrs.memoSchVersion ? { memoSchVersion: root.attrs.memoSchVersion.slice(0, 20) } : {}),
      ...(createdValid ? { createdDateTime: created } : {}),
      ...headerFacts,
      ...(sender ? { sender: memoParty(sender, 'Sender', r) } : {}),
      ...partiesOf(recipients, r),
      ...(content ? { content } : {}),
      ...(documents.length ? { documents } : {}),
    },
  };
}

function partiesOf(recipients: XmlElement[], r: MemoReader): { recipients?: MemoParty[] } {
  if (recipients.length > MAX_RECIPIENTS) {
    r.warn('memo_list_truncated', `MessageHeader/Recipient occurs ${recipients.length} times; the first ${MAX_RECIPIENTS} are read`);
  }
  const parties = recipients.slice(0, MAX_RECIPIENTS).map((recipient) => memoParty(recipient, 'Recipient', r));
  return parties.length ? { recipients: parties } : {};
}

/** The message this one answers: the ReplyData whose replyUUID is this message, else another message's UUID. */
function repliedTo(header: XmlElement, uuid: string | undefined): string | undefined {
  const replies = childElements(header, MEMO_NS, 'ReplyData');
  const reply =
    replies.find((r) => childText(r, MEMO_NS, 'replyUUID') === uuid) ?? replies.find((r) => childText(r, MEMO_NS, 'messageUUID') !== uuid);
  return childText(reply, MEMO_NS, 'messageUUID');
}

/** The contact point (the form or function the sender chose), recipient's before sender's. */
function contactPointOf(parties: XmlElement[]): string | undefined {
  for (const party of parties) {
    const point = childElement(party, MEMO_NS, 'ContactPoint');
    const label = childText(point, MEMO_NS, 'label') ?? childText(point, MEMO_NS, 'contactPointID');
    if (label) return label.slice(0, MAX_SHORT);
  }
  return undefined;
}

/** Case references from ContentData/CaseID and from ReplyData/caseID, without duplicates. */
function caseIdsOf(header: XmlElement, contentData: XmlElement | undefined): { caseId: string; system?: string }[] {
  const found = new Map<string, { caseId: string; system?: string }>();
  const add = (raw: string | undefined, system: string | undefined): void => {
    const caseId = raw?.slice(0, MAX_SHORT);
    if (caseId && !found.has(caseId) && found.size < MAX_CASE_IDS) found.set(caseId, { caseId, ...(system ? { system: system.slice(0, MAX_SHORT) } : {}) });
  };
  for (const c of childElements(contentData, MEMO_NS, 'CaseID')) add(childText(c, MEMO_NS, 'caseID'), childText(c, MEMO_NS, 'caseSystem'));
  for (const reply of childElements(header, MEMO_NS, 'ReplyData')) add(childText(reply, MEMO_NS, 'caseID'), undefined);
  return [...found.values()];
}

function pick<K extends string>(element: XmlElement, ns: string, names: K[]): { [P in K]?: string } {
  const picked: { [P in K]?: string } = {};
  for (const name of names) {
    const text = childText(element, ns, name);
    if (text !== undefined) picked[name] = text.slice(0, MAX_SHORT);
  }
  return picked;
}
