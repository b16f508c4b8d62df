// Stored files (attachments, MeMo documents) → ExtractedAttachment: safe names, MIME types and text.
// A file that cannot be read (encrypted PDF, pixel bomb, …) is recorded as the attachment's problem;
// it never fails the item. Other errors (OCR engine down, disk full) propagate so the job is retried.
import { extname } from 'node:path';
import type { BlobRef, ExtractedAttachment, Reason, TextSource } from '../../../core/model.js';
import type { BlobStore, DocumentTextExtractor } from '../../../core/ports.js';
import { isBadInput } from '../../../core/errors.js';
import type { ExtractLimits } from './limits.js';
import { parseSafeXml } from './safe-xml.js';
import { clipText, decodeText, htmlToText } from './text.js';
import type { XmlFacts } from './xml-facts.js';

export interface ExtractContext {
  blobs: BlobStore;
  documents: DocumentTextExtractor;
  limits: ExtractLimits;
  /** The tenant's XML mappings for this one extraction (xml-facts.ts); absent when none are configured. */
  xmlFacts?: XmlFacts;
}

export interface StoredFile {
  name: string;
  mimeType: string;
  blob: BlobRef;
  /** Charset of a text file, when the channel says. */
  charset?: string;
  depth?: number;
}

const EXTENSION_TYPES: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
  '.gif': 'image/gif',
  '.bmp': 'image/bmp',
  '.txt': 'text/plain',
  '.htm': 'text/html',
  '.html': 'text/html',
  '.eml': 'message/rfc822',
  '.xml': 'application/xml',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};
const XML_TYPES = new Set(['application/xml', 'text/xml']);
const DOCUMENT_TYPES = new Set(['application/pdf', 'image/png', 'image/jpeg', 'image/tiff', 'image/gif', 'image/bmp', 'image/webp']);
const MAX_NAME = 200;

/** A file name without any path, control characters or leading dots, at most 200 characters. */
export function sanitizeFileName(raw: string | undefined, fallback: string): string {
  let name = (raw ?? '').normalize('NFC').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  name = name.replace(/[\u0000-\u001f\u007f]/g, '').replace(/^[\s.]+/, '').replace(/[\s.]+$/, '');
  if (!name) return fallback;
  if (name.length <= MAX_NAME) return name;
  const extension = extname(name).slice(0, 16);
  return name.slice(0, MAX_NAME - extension.length) + extension;
}

/** A file extension for a MIME type, for naming files that came without a name. */
export function extensionFor(mimeType: string): string {
  const found = Object.entries(EXTENSION_TYPES).find(([, type]) => type === mimeType.toLowerCase());
  return found ? found[0] : '.bin';
}

/** A bare lower-case `type/subtype`; unknown or generic types are guessed from the file name. */
export function normalizeMimeType(raw: string | undefined, name: string): string {
  const type = (raw ?? '').split(';')[0]!.trim().toLowerCase();
  const valid = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/.test(type);
  if (valid && type !== 'application/octet-stream') return type;
  return EXTENSION_TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream';
}

/** Reads the file's text the way its type allows. */
export async function describeFile(ctx: ExtractContext, file: StoredFile, warnings: Reason[]): Promise<ExtractedAttachment> {
  const base = { name: file.name, mimeType: file.mimeType, blob: file.blob, size: file.blob.size, ...depthOf(file) };
  const { maxTextChars, maxHtmlChars } = ctx.limits;
  if (file.mimeType === 'text/plain') {
    const bytes = await readPrefix(ctx.blobs, file.blob.sha256, maxTextChars * 4);
    const text = clipText(decodeText(bytes, file.charset).trim(), maxTextChars, `attachment ${file.name}`, warnings);
    return { ...base, text, textSource: 'plain' };
  }
  if (file.mimeType === 'text/html') {
    const html = decodeText(await readPrefix(ctx.blobs, file.blob.sha256, maxHtmlChars), file.charset);
    const text = clipText(htmlToText(html, maxHtmlChars).text, maxTextChars, `attachment ${file.name}`, warnings);
    return { ...base, text, textSource: 'html' };
  }
  if (isXml(file) && ctx.xmlFacts?.reads('xml-attachment')) await readXmlAttachment(ctx, ctx.xmlFacts, file);
  if (!DOCUMENT_TYPES.has(file.mimeType)) return { ...base, text: '', textSource: 'none' };
  try {
    const result = await ctx.documents.extractText({
      name: file.name,
      mimeType: file.mimeType,
      path: ctx.blobs.pathOf(file.blob.sha256),
      size: file.blob.size,
    });
    for (const warning of result.warnings) warnings.push({ ...warning, data: { ...warning.data, file: file.name } });
    const text = clipText(result.text.trim(), maxTextChars, `attachment ${file.name}`, warnings);
    return {
      ...base,
      text,
      textSource: result.source,
      ...(result.ocrConfidence !== undefined ? { ocr: { pages: result.pages, meanConfidence: result.ocrConfidence } } : {}),
    };
  } catch (error) {
    if (!isBadInput(error)) throw error;
    return { ...base, text: '', textSource: 'none' satisfies TextSource, problem: error.toReason('extract') };
  }
}

function isXml(file: StoredFile): boolean {
  return XML_TYPES.has(file.mimeType) || file.mimeType.endsWith('+xml') || extname(file.name).toLowerCase() === '.xml';
}

/**
 * An XML attachment (of an e-mail or a MeMo letter) given to the XML mappings. Bounded like the MeMo
 * structure (size, depth) and in number per item; an unreadable one is a warning, the item is still read.
 */
async function readXmlAttachment(ctx: ExtractContext, facts: XmlFacts, file: StoredFile): Promise<void> {
  const limit = ctx.limits.maxXmlStructureBytes;
  if (!facts.takeAttachment(file.name)) return;
  if (file.blob.size > limit) {
    facts.warn({ code: 'extract.xml_mapping_skipped', message: `XML attachment ${file.name} was not read for XML mappings: ${file.blob.size} bytes (limit ${limit})`, data: { file: file.name, bytes: file.blob.size, limit } });
    return;
  }
  try {
    const { root } = parseSafeXml(await readPrefix(ctx.blobs, file.blob.sha256, limit), { maxStructureBytes: limit, maxDepth: ctx.limits.maxXmlDepth });
    facts.readDocument('xml-attachment', root, `attachment ${file.name}`);
  } catch (error) {
    if (!isBadInput(error)) throw error;
    facts.warn({ code: 'extract.xml_mapping_unreadable', message: `XML attachment ${file.name} could not be read for XML mappings: ${error.message}`, data: { file: file.name, cause: error.code } });
  }
}

/** The first `maxBytes` bytes of a blob (the stream is closed early when it is longer). */
export async function readPrefix(blobs: BlobStore, sha256: string, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of blobs.read(sha256)) {
    const take = Math.min(chunk.length, maxBytes - length);
    chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, take));
    length += take;
    if (length >= maxBytes) break;
  }
  return Buffer.concat(chunks, length);
}

function depthOf(file: StoredFile): { depth?: number } {
  return file.depth ? { depth: file.depth } : {};
}
