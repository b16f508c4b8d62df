// MeMo header → ItemMetadata: KLE/FORM keys, CPR/CVR, case ids, reply threading, contact point.
import type { ItemMetadata, Reason } from '../../../core/model.js';
import { MEMO_NS } from './safe-xml.js';
import { childElement, childElements, childText, type XmlElement } from './xml-tree.js';

const KLE_NS = 'http://kle-online.dk/';
const FORM_NS = 'http://www.form-online.dk/';
const GRD_NS = 'https://data.gov.dk/model/core/';
const VERSIONS = new Set(['1.0', '1.1', '1.2']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads a single MeMo child element's text (see memo.ts: repeated elements are warned about). */
export type Field = (parent: XmlElement | undefined, name: string) => string | undefined;

export interface MemoParts {
  root: XmlElement;
  header: XmlElement;
  sender: XmlElement | undefined;
  recipients: XmlElement[];
}

export function memoMetadata({ root, header, sender, recipients }: MemoParts, field: Field, warnings: Reason[]): ItemMetadata {
  const version = root.attrs.memoVersion;
  if (!version || !VERSIONS.has(version)) {
    warnings.push(reason('memo_version_unknown', `unknown memoVersion "${(version ?? '').slice(0, 20)}"; read as MeMo 1.2`));
  }
  const uuid = field(header, 'messageUUID');
  if (!uuid || !UUID.test(uuid)) warnings.push(reason('memo_uuid_invalid', `messageUUID "${(uuid ?? '').slice(0, 80)}" is not a UUID`));
  const created = field(childElement(root, MEMO_NS, 'MessageBody'), 'createdDateTime');
  const createdValid = created !== undefined && /^\d{4}-\d\d-\d\dT/.test(created) && !Number.isNaN(Date.parse(created));
  if (created && !createdValid) warnings.push(reason('memo_date_invalid', `createdDateTime "${created.slice(0, 40)}" is not a valid time`));
  const messageType = field(header, 'messageType');
  const contentData = childElement(header, MEMO_NS, 'ContentData');
  const inReplyTo = repliedTo(header, uuid);
  const contactPoint = contactPointOf([...recipients, ...(sender ? [sender] : [])]);
  const kle = childElement(contentData, KLE_NS, 'KLEdata');
  const form = childElement(contentData, FORM_NS, 'FORMdata');
  const cpr = texts(childElements(contentData, GRD_NS, 'CPRdata'), GRD_NS, 'cprNumber');
  const cvr = texts(childElements(contentData, GRD_NS, 'CVRdata'), GRD_NS, 'cvrNumber');
  const caseIds = caseIdsOf(header, contentData);
  return {
    ...(uuid ? { messageId: uuid } : {}),
    ...(createdValid ? { date: created } : {}),
    ...(inReplyTo ? { inReplyTo } : {}),
    ...(kle ? { kle: pick(kle, KLE_NS, ['subjectKey', 'activityFacet', 'label', 'version']) } : {}),
    ...(form ? { form: pick(form, FORM_NS, ['taskKey', 'activityFacet', 'label']) } : {}),
    ...(cpr.length ? { cpr } : {}),
    ...(cvr.length ? { cvr } : {}),
    ...(caseIds.length ? { caseIds } : {}),
    ...(contactPoint ? { contactPoint } : {}),
    memo: {
      ...(uuid ? { messageUuid: uuid } : {}),
      ...(messageType ? { messageType } : {}),
      ...(version ? { memoVersion: version.slice(0, 20) } : {}),
      ...(createdValid ? { createdDateTime: created } : {}),
    },
  };
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
    if (label) return label;
  }
  return undefined;
}

/** Case references from ContentData/CaseID and from ReplyData/caseID, without duplicates. */
function caseIdsOf(header: XmlElement, contentData: XmlElement | undefined): { caseId: string; system?: string }[] {
  const found: { caseId: string; system?: string }[] = [];
  const add = (caseId: string | undefined, system: string | undefined): void => {
    if (caseId && !found.some((c) => c.caseId === caseId)) found.push({ caseId, ...(system ? { system } : {}) });
  };
  for (const c of childElements(contentData, MEMO_NS, 'CaseID')) add(childText(c, MEMO_NS, 'caseID'), childText(c, MEMO_NS, 'caseSystem'));
  for (const reply of childElements(header, MEMO_NS, 'ReplyData')) add(childText(reply, MEMO_NS, 'caseID'), undefined);
  return found;
}

function texts(elements: XmlElement[], ns: string, name: string): string[] {
  return elements.map((element) => childText(element, ns, name)).filter((text): text is string => text !== undefined);
}

function pick<K extends string>(element: XmlElement, ns: string, names: K[]): { [P in K]?: string } {
  const picked: { [P in K]?: string } = {};
  for (const name of names) {
    const text = childText(element, ns, name);
    if (text !== undefined) picked[name] = text;
  }
  return picked;
}

export function reason(code: string, message: string): Reason {
  return { code: `extract.${code}`, message };
}
