// A folder handover: each destination is a folder where the item's original file and a JSON envelope
// (KLE, sender, parties, case references) appear, named by the transaction id. Receivers that pick up
// files (and the tests) use it until the Overdragelse adapter exists. Writing the same transaction again
// replaces the same two files, so a retried handover is still one handover.
// The envelope carries the enrichment every receiver gets (enrichment.ts): letter date and its source,
// the parties, case numbers, KLE and facet, the Digital Post message id and the document's real name.
// CPR numbers are NOT masked here: the envelope is machine-to-machine, for a receiving system that must
// file the letter on the right person, and the original beside it holds the same numbers anyway; the
// folder's access control is what protects both.
import { copyFile, mkdir, rename, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { BlobStore, Handover, HandoverRequest } from '../../../core/ports.js';
import { enrichmentOf } from './enrichment.js';

const SAFE_DESTINATION = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function createOutboxHandover(root: string, blobs: BlobStore): Handover {
  return {
    async deliver(request: HandoverRequest) {
      if (!SAFE_DESTINATION.test(request.destination)) throw new Error(`destination id is not usable as a folder name: ${request.destination.slice(0, 80)}`);
      const folder = join(root, request.destination);
      await mkdir(folder, { recursive: true });
      const base = join(folder, request.transactionId);
      const extension = extname(request.item.fileName).toLowerCase().replace(/[^.a-z0-9]/g, '') || '.bin';
      await atomically(`${base}${extension}`, (tmp) => copyFile(blobs.pathOf(request.item.contentSha256), tmp));
      // The envelope last: a receiver that sees it may rely on the file being complete.
      await atomically(`${base}.json`, (tmp) => writeFile(tmp, `${JSON.stringify(envelope(request, extension), null, 2)}\n`));
      return { reference: request.transactionId, at: new Date() };
    },
  };
}

function envelope(request: HandoverRequest, extension: string) {
  const { item, content, kle } = request;
  const enrichment = enrichmentOf(request);
  return {
    transactionId: request.transactionId,
    itemId: item.id,
    tenantId: item.tenantId,
    destination: request.destination,
    channel: item.channel,
    file: `${request.transactionId}${extension}`,
    originalFileName: item.fileName,
    sha256: item.contentSha256,
    kle,
    title: content.subject ?? null,
    sender: content.sender,
    receivedAt: item.receivedAt,
    documentName: enrichment.documentName,
    letterDate: enrichment.letterDate.date,
    letterDateSource: enrichment.letterDate.source,
    // Why the letter's own date values were not used, when they were not (never a failure).
    ...(enrichment.letterDate.skipped.length ? { letterDateSkipped: enrichment.letterDate.skipped.map((r) => r.message) } : {}),
    parties: [...(enrichment.sender ? [enrichment.sender] : []), ...enrichment.subjects],
    caseIds: enrichment.caseIds,
    kleSuggestion: enrichment.kle.suggestion,
    ...(enrichment.kle.label ? { kleLabel: enrichment.kle.label } : {}),
    handlingFacet: enrichment.handlingFacet ?? null,
    digitalPostMessageId: enrichment.digitalPostMessageId ?? null,
  };
}

async function atomically(target: string, write: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = `${target}.tmp`;
  await write(tmp);
  await rename(tmp, target);
}
