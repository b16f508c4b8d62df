// MeMo MessageHeader → the header part of MemoMetadata: the sender's own message id and code, the post
// type, the reply and legal flags with their deadline, and the threading data (ForwardData, ReplyData).
// Routing uses these to tell a reply to a case apart from a new request, or a forwarded letter.
import type { MemoForwardData, MemoMetadata, MemoReplyData } from '../../../core/model.js';
import { MAX_LONG, present, type MemoReader } from './memo-read.js';
import type { XmlElement } from './xml-tree.js';

/** ReplyData is 0..n in the XSD; a thread longer than this is cut (with a warning). */
const MAX_REPLIES = 20;
/** AdditionalReplyData is 0..4 in the XSD. */
const MAX_ADDITIONAL_REPLY = 10;

export type HeaderFacts = Pick<
  MemoMetadata,
  | 'messageId'
  | 'messageCode'
  | 'postType'
  | 'notification'
  | 'additionalNotification'
  | 'reply'
  | 'replyByDateTime'
  | 'doNotDeliverUntilDate'
  | 'mandatory'
  | 'legalNotification'
  | 'forward'
  | 'replies'
>;

export function memoHeader(header: XmlElement, r: MemoReader): HeaderFacts {
  const replies = r.list(header, 'ReplyData', MAX_REPLIES).map((reply) => replyOf(reply, r));
  return (
    present({
      messageId: r.text(header, 'messageID'),
      messageCode: r.text(header, 'messageCode'),
      postType: r.text(header, 'postType')?.toUpperCase(),
      notification: r.text(header, 'notification', undefined, MAX_LONG),
      additionalNotification: r.text(header, 'additionalNotification', undefined, MAX_LONG),
      reply: r.flag(header, 'reply'),
      replyByDateTime: r.time(header, 'replyByDateTime'),
      doNotDeliverUntilDate: r.time(header, 'doNotDeliverUntilDate', true),
      mandatory: r.flag(header, 'mandatory'),
      legalNotification: r.flag(header, 'legalNotification'),
      forward: forwardOf(r.element(header, 'ForwardData'), r),
      replies: replies.length ? replies : undefined,
    }) ?? {}
  );
}

function forwardOf(element: XmlElement | undefined, r: MemoReader): MemoForwardData | undefined {
  if (!element) return undefined;
  return present({
    messageUuid: r.text(element, 'messageUUID'),
    originalMessageDateTime: r.time(element, 'originalMessageDateTime'),
    originalSender: r.text(element, 'originalSender'),
    originalContentResponsible: r.text(element, 'originalContentResponsible'),
    originalRepresentative: r.text(element, 'originalRepresentative'),
    contactPointId: r.text(element, 'contactPointID'),
    comment: r.text(element, 'comment', undefined, MAX_LONG),
  });
}

function replyOf(element: XmlElement, r: MemoReader): MemoReplyData {
  const additional = r
    .list(element, 'AdditionalReplyData', MAX_ADDITIONAL_REPLY)
    .map((entry) => ({ label: r.text(entry, 'label') ?? '', value: r.text(entry, 'value') ?? '' }))
    .filter((entry) => entry.label || entry.value);
  return (
    present({
      messageUuid: r.text(element, 'messageUUID'),
      messageId: r.text(element, 'messageID'),
      replyUuid: r.text(element, 'replyUUID'),
      senderId: r.text(element, 'senderID'),
      recipientId: r.text(element, 'recipientID'),
      caseId: r.text(element, 'caseID'),
      contactPointId: r.text(element, 'contactPointID'),
      generatingSystemId: r.text(element, 'generatingSystemID'),
      comment: r.text(element, 'comment', undefined, MAX_LONG),
      additional: additional.length ? additional : undefined,
    }) ?? {}
  );
}
