// Which files an item is handed over to Fordelingskomponenten as, and who its DokumentParts are: the
// decisions are described in overdragelse-handover.ts; this file turns the item, its extracted content
// and the enrichment into the list the request is built from. Pure: blobs are named, never read.
import type { ExtractedAttachment, ExtractedContent, Item } from '../../../core/model.js';
import type { SendParty } from '../../../sf2900/index.js';
import type { EnrichedParty, Enrichment } from './enrichment.js';

export interface HandoverDocument {
  name: string;
  mimeType: string;
  sha256: string;
  size: number;
}

const SCAN_TYPES: Record<string, string> = {
  '.pdf': 'application/pdf', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.tif': 'image/tiff', '.tiff': 'image/tiff',
};

export function handoverDocuments(item: Item, content: ExtractedContent, enrichment: Enrichment, options: { includeMemoXml: boolean }): HandoverDocument[] {
  const own: HandoverDocument = { name: enrichment.documentName, mimeType: ownMimeType(item, enrichment.documentName), sha256: item.contentSha256, size: item.size };
  if (item.channel !== 'digitalpost') return [own];
  // A file that could not be decoded has no blob: there is nothing to hand over for it.
  const stored = (files: ExtractedAttachment[] | undefined) => (files ?? []).flatMap((f) => (f.blob ? [{ name: f.name, mimeType: f.mimeType, sha256: f.blob.sha256, size: f.blob.size }] : []));
  const documents = [...stored(content.mainDocuments), ...stored(content.attachments.filter((a) => !a.depth))];
  if (!documents.length || options.includeMemoXml) documents.push(own);
  return documents;
}

function ownMimeType(item: Item, name: string): string {
  if (item.channel === 'email') return 'message/rfc822';
  if (item.channel === 'digitalpost') return 'application/xml';
  const extension = /\.[A-Za-z0-9]{1,5}$/.exec(name)?.[0].toLowerCase() ?? '';
  return SCAN_TYPES[extension] ?? SCAN_TYPES[/\.[A-Za-z0-9]{1,5}$/.exec(item.fileName)?.[0].toLowerCase() ?? ''] ?? 'application/octet-stream';
}

/** PrimaerPart the sender, SekundaerPart the persons and companies the letter is about. */
export function sendParties(enrichment: Enrichment): SendParty[] {
  const sender = enrichment.sender && partyOf(enrichment.sender);
  return [
    ...(sender ? [{ role: 'PrimaerPart' as const, ...sender }] : []),
    ...enrichment.subjects.flatMap((s) => {
      const p = partyOf(s);
      return p ? [{ role: 'SekundaerPart' as const, ...p }] : [];
    }),
  ];
}

function partyOf(p: EnrichedParty): Pick<SendParty, 'type' | 'id'> | undefined {
  if (p.kind === 'person' && p.id) return { type: 'Person', id: p.id };
  if (p.kind === 'company' && p.id) return { type: 'Virksomhed', id: p.id };
  if (p.kind === 'address' && p.email) return { type: 'Person', id: p.name ? `${p.name} <${p.email}>` : p.email };
  return undefined;
}
