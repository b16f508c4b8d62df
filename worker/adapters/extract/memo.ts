// Digital Post (MeMo 1.x XML) → ExtractedContent. Elements are matched by namespace + local name
// (prefixes vary between senders). Odd values (unknown version, duplicate or malformed ids) are
// warnings: the letter is still read, and routing can look at the warning.
import { readFile, stat } from 'node:fs/promises';
import type { BlobRef, ExtractedAttachment, ExtractedContent, Reason, TextSource } from '../../../core/model.js';
import { BadInputError, LimitExceededError } from '../../../core/errors.js';
import type { ExtractContext } from './files.js';
import { documentFiles, readDocumentFile } from './memo-documents.js';
import { memoMetadata, reason, type Field } from './memo-metadata.js';
import { partyOf } from './memo-parties.js';
import { MEMO_NS, parseSafeXml, type SafeXmlDocument } from './safe-xml.js';
import { clipText } from './text.js';
import { childElement, childElements, childText, type XmlElement } from './xml-tree.js';

const MAX_FIELD = 1000;
/** base64 contents from this size on are decoded from the raw bytes instead of through the parser. */
const LIFT_MIN_BYTES = 4096;

export async function extractMemo(ctx: ExtractContext, blob: BlobRef): Promise<ExtractedContent> {
  const path = ctx.blobs.pathOf(blob.sha256);
  const { size } = await stat(path);
  if (size > ctx.limits.maxMemoBytes) {
    throw new LimitExceededError('memo_too_large', `the MeMo file is ${size} bytes (limit ${ctx.limits.maxMemoBytes})`, {
      bytes: size,
      limit: ctx.limits.maxMemoBytes,
    });
  }
  const doc = parseSafeXml(await readFile(path), {
    maxStructureBytes: ctx.limits.maxXmlStructureBytes,
    maxDepth: ctx.limits.maxXmlDepth,
    liftBase64: { localName: 'content', minBytes: LIFT_MIN_BYTES },
  });
  const { root } = doc;
  if (root.ns !== MEMO_NS || root.name !== 'Message') {
    const [element, namespace] = [root.name.slice(0, 100), root.ns.slice(0, 200)];
    throw new BadInputError('not_memo', `the root element is ${element} in namespace "${namespace}", not a MeMo 1.x Message`, { namespace, element });
  }
  const header = childElement(root, MEMO_NS, 'MessageHeader');
  if (!header) throw new BadInputError('memo_header_missing', 'the MeMo message has no MessageHeader');
  const warnings = [...doc.warnings];
  const field: Field = (parent, name) => single(parent, name, warnings);
  const sender = childElement(header, MEMO_NS, 'Sender');
  if (!sender) warnings.push(reason('memo_sender_missing', 'the MeMo message has no Sender'));
  const recipients = childElements(header, MEMO_NS, 'Recipient');
  const subject = field(header, 'label');
  const metadata = memoMetadata({ root, header, sender, recipients }, warnings);
  // The tenant's XML mappings of AdditionalContentData (xml-facts.ts); their facts join metadata.mapped.
  ctx.xmlFacts?.readAdditionalContent(childElement(header, MEMO_NS, 'ContentData'));
  const { body, bodySource, bodyOcr, attachments, mainDocuments } = await readDocuments(ctx, doc, header, warnings);
  return {
    channel: 'digitalpost',
    ...(subject ? { subject } : {}),
    sender: metadata.memo?.sender ? partyOf(metadata.memo.sender) : {},
    recipients: (metadata.memo?.recipients ?? []).map(partyOf),
    body,
    bodySource,
    ...(bodyOcr ? { bodyOcr } : {}),
    attachments,
    ...(mainDocuments ? { mainDocuments } : {}),
    metadata,
    warnings,
  };
}

/** The text of a MeMo child element; a repeated element is a warning and the first one counts. */
function single(parent: XmlElement | undefined, name: string, warnings: Reason[]): string | undefined {
  const found = childElements(parent, MEMO_NS, name);
  if (found.length > 1) {
    warnings.push(reason('memo_duplicate_element', `${parent?.name}/${name} occurs ${found.length} times; the first is used`));
  }
  const text = found[0]?.text;
  return text ? text.slice(0, MAX_FIELD) : undefined;
}

interface Documents {
  body: string;
  bodySource: TextSource;
  bodyOcr?: { pages: number; meanConfidence: number };
  attachments: ExtractedAttachment[];
  mainDocuments?: ExtractedAttachment[];
}

/** The main document's files make the body; the other documents become attachments. */
async function readDocuments(ctx: ExtractContext, doc: SafeXmlDocument, header: XmlElement, warnings: Reason[]): Promise<Documents> {
  const files = documentFiles(childElement(doc.root, MEMO_NS, 'MessageBody'));
  const limit = ctx.limits.maxAttachments;
  if (files.length > limit) {
    warnings.push(reason('attachment_limit', `${files.length - limit} document file(s) skipped: at most ${limit} are read per item`));
  }
  const result: Documents = { body: '', bodySource: 'none', attachments: [] };
  const texts: string[] = [];
  for (const [index, entry] of files.slice(0, limit).entries()) {
    const read = await readDocumentFile(ctx, doc, entry, index, warnings);
    if (entry.role !== 'main') {
      result.attachments.push(read);
      continue;
    }
    (result.mainDocuments ??= []).push(read);
    if (read.problem) warnings.push({ ...read.problem, data: { ...read.problem.data, file: read.name } });
    if (!read.text) continue;
    if (texts.length === 0) result.bodySource = read.textSource;
    if (read.ocr && !result.bodyOcr) result.bodyOcr = read.ocr;
    texts.push(read.text);
  }
  result.body = clipText(texts.join('\n\n'), ctx.limits.maxTextChars, 'the main document', warnings);
  // A NemSMS (or a message without a readable main document) carries its text in the notification.
  const notification = childText(header, MEMO_NS, 'notification');
  if (!result.body && notification) {
    result.body = notification.slice(0, MAX_FIELD);
    result.bodySource = 'plain';
  }
  return result;
}
