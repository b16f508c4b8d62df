// MeMo MessageBody documents → MemoDocumentInfo: each document's id, label, files (name, type, language)
// and action codes, without content. The files' content is read by memo-documents.ts; this is what the
// sender says about them, so a rule can ask for e.g. a main document labelled "Partshøring".
import type { MemoDocumentInfo } from '../../../core/model.js';
import { present, type MemoReader } from './memo-read.js';
import type { XmlElement } from './xml-tree.js';

/** Documents and files per letter listed in metadata; the files themselves are bounded by maxAttachments. */
const MAX_DOCUMENTS = 50;
const MAX_FILES = 20;
const MAX_ACTIONS = 10;

const KINDS = [
  ['MainDocument', 'main', 'mainDocumentID'],
  ['AdditionalDocument', 'additional', 'additionalDocumentID'],
  ['TechnicalDocument', 'technical', 'technicalDocumentID'],
] as const;

export function memoDocumentInfo(body: XmlElement | undefined, r: MemoReader): MemoDocumentInfo[] {
  const documents: MemoDocumentInfo[] = [];
  for (const [element, kind, idName] of KINDS) {
    // MainDocument is 1 in the XSD; a second one is still listed (memo-documents.ts reads its files too).
    for (const document of r.list(body, element, MAX_DOCUMENTS - documents.length)) {
      const files = r.list(document, 'File', MAX_FILES).map(
        (file) => present({ name: r.text(file, 'filename'), mimeType: r.text(file, 'encodingFormat')?.toLowerCase(), language: r.text(file, 'language') }) ?? {},
      );
      const actions = r.list(document, 'Action', MAX_ACTIONS).flatMap((action) => r.text(action, 'actionCode') ?? []);
      const id = r.text(document, idName);
      const label = r.text(document, 'label');
      documents.push({ kind, ...(id ? { id } : {}), ...(label ? { label } : {}), files, ...(actions.length ? { actions } : {}) });
    }
  }
  return documents;
}
