// MeMo documents (MainDocument, AdditionalDocument, TechnicalDocument → File): base64 content decoded
// window by window into the blob store, then read like any attachment. A bad document (invalid
// base64, encrypted PDF) is recorded on that document; the message is still read.
import type { ExtractedAttachment, Reason } from '../../../core/model.js';
import { isBadInput } from '../../../core/errors.js';
import { decodeBase64 } from './base64.js';
import { describeFile, extensionFor, normalizeMimeType, sanitizeFileName, type ExtractContext } from './files.js';
import { MEMO_NS, type SafeXmlDocument } from './safe-xml.js';
import { childElement, childElements, childText, type XmlElement } from './xml-tree.js';

export interface MemoDocumentFile {
  file: XmlElement;
  /** Which document the file belongs to, for names of files that came without one. */
  role: 'main' | 'additional' | 'technical';
}

/** Every File of the message body, main document first, in document order. */
export function documentFiles(body: XmlElement | undefined): MemoDocumentFile[] {
  const files: MemoDocumentFile[] = [];
  for (const [element, role] of [['MainDocument', 'main'], ['AdditionalDocument', 'additional'], ['TechnicalDocument', 'technical']] as const) {
    for (const document of childElements(body, MEMO_NS, element)) {
      for (const file of childElements(document, MEMO_NS, 'File')) files.push({ file, role });
    }
  }
  return files;
}

/** Decodes, stores and reads one File. */
export async function readDocumentFile(
  ctx: ExtractContext,
  doc: SafeXmlDocument,
  { file, role }: MemoDocumentFile,
  index: number,
  warnings: Reason[],
): Promise<ExtractedAttachment> {
  const declaredType = childText(file, MEMO_NS, 'encodingFormat');
  const fallback = `${role === 'main' ? 'hoveddokument' : 'bilag'}-${index + 1}${extensionFor(normalizeMimeType(declaredType, ''))}`;
  const name = sanitizeFileName(childText(file, MEMO_NS, 'filename'), fallback);
  const mimeType = normalizeMimeType(declaredType, name);
  const content = childElement(file, MEMO_NS, 'content')?.text ?? '';
  const bytes = doc.lifted.get(content) ?? Buffer.from(content, 'utf8');
  try {
    const blob = await ctx.blobs.put(decodeBase64(bytes));
    return await describeFile(ctx, { name, mimeType, blob }, warnings);
  } catch (error) {
    if (!isBadInput(error)) throw error;
    return { name, mimeType, size: 0, text: '', textSource: 'none', problem: error.toReason('extract') };
  }
}
