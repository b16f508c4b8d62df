// Handover to Fordelingskomponenten / Overdragelse (SF2900) with FordelingsobjektAfsend: the KLE
// proposal, the parties, the title, the letter's date and documents. A destination either lets
// Fordelingskomponenten route by the KLE emne (the default) or names one receiving system
// (RoutingModtagerAktoer: how an item is re-distributed to another system). Routing by KLE,
// FordelingsmodtagerList is asked first, so an emne nobody receives goes back to the rest mailbox now
// instead of coming back FEJLET later.
//
// What is handed over (docs/sf2900.md, The handover):
// - The documents: an e-mail or a scan is its own file, named by the enrichment (the subject + `.eml`, the
//   bureau's file name). A Digital Post letter's documents ARE its MainDocument files (one variant each,
//   own name and MIME type), then its other document files; the MeMo XML itself only when the
//   destination asks (`includeMemoXml`), as one more variant — or when the letter has no document file
//   at all (a NemSMS), since the XML is then all there is.
// - Documents travel inside the request while they fit in the inline limit together; each one that does
//   not is uploaded to Filudveksling (SFTP) first, named by the transaction id (plus `-<n>` when the
//   letter has several files), so a retry is the same hand-over with the same files. Each variant names
//   its file in Location; DokumentFilNavn names the first variant's file when that one was uploaded.
// - HandlingFacetForslag: a facet the destination configures wins (it is part of the address the
//   municipality's rules chose, and is also the RoutingHandlingFacet); otherwise the letter's own
//   (MeMo kle.activityFacet), else the facet detected in its text (aktindsigt A53, klage K02), is sent
//   as a proposal only, never changing where the item is routed.
// - DokumentPart: the sender as PrimaerPart (CPR → Person, CVR → Virksomhed; an e-mail sender as
//   Person with ReferenceID Tekst "name <address>" — the XSD has no address kind, and Tekst is the one
//   reference form for an identity that is neither a UUID nor a URN), then the persons and companies the
//   letter is about as SekundaerPart.
// Contract faults and SFTP configuration errors are bad input for this item (retrying cannot help; for
// SFTP, repeated refused logins could lock the account); timeouts and 5xx are thrown as they are and retried.
import { Readable } from 'node:stream';
import { BadInputError } from '../../../core/errors.js';
import type { SendDocument } from '../../../sf2900/index.js';
import type { BlobStore, Handover, HandoverRequest } from '../../../core/ports.js';
import { FiludvekslingConfigError, type Filudveksling } from '../filudveksling/port.js';
import { OverdragelseContractError, type OverdragelseClient } from '../overdragelse/client.js';
import { enrichmentOf } from './enrichment.js';
import { handoverDocuments, sendParties, type HandoverDocument } from './overdragelse-documents.js';
import { createReceiverLookup } from './receiver-lookup.js';

export interface OverdragelseDestination {
  receiverSystemUuid?: string;
  handlingFacet?: string;
  /** Digital Post: hand over the MeMo XML too, as the last variant (its documents always are). */
  includeMemoXml?: boolean;
}

export interface OverdragelseHandoverDeps {
  client: OverdragelseClient;
  blobs: BlobStore;
  /** Absent: documents above the inline limit are refused (a failed shipment, not a lost item). */
  filudveksling?: Filudveksling;
  inlineLimitBytes: number;
  /** Ask FordelingsmodtagerList before handing over by KLE emne. */
  checkReceivers: boolean;
  destination(id: string): OverdragelseDestination | undefined;
  /** The municipality's own CVR number(s): never a party of a letter it receives. */
  ownCvrs?: readonly string[];
  now?: () => Date;
}

const KLE_EMNE = /^\d\d\.\d\d\.\d\d$/;
const MB = 1024 * 1024;

export function createOverdragelseHandover(deps: OverdragelseHandoverDeps): Handover {
  const now = deps.now ?? (() => new Date());
  const receiversOf = createReceiverLookup((query) => deps.client.listReceivers(query), now);

  async function requireReceiver(kle: string, handlingFacet: string | undefined): Promise<void> {
    if ((await receiversOf(kle, handlingFacet)).length > 0) return;
    const facet = handlingFacet ? ` med handlingsfacetten ${handlingFacet}` : '';
    throw new BadInputError('overdragelse_no_receiver', `Ingen modtager er tilmeldt KLE-emnet ${kle}${facet} i Fordelingskomponenten; henvendelsen skal placeres manuelt`, { kle, ...(handlingFacet ? { handlingFacet } : {}) });
  }

  /** Inside the request while they fit together, else uploaded first and named: the variants either way. */
  async function placeDocuments(transactionId: string, documents: HandoverDocument[]): Promise<SendDocument[]> {
    let budget = deps.inlineLimitBytes;
    const inline = documents.map((d) => {
      const fits = d.size <= budget;
      if (fits) budget -= d.size;
      return fits;
    });
    const largest = Math.max(...documents.map((d, i) => (inline[i] ? 0 : d.size)));
    if (!deps.filudveksling && inline.includes(false)) {
      throw new BadInputError(
        'overdragelse_too_large',
        `The documents are ${(largest / MB).toFixed(1)} MB, more than the ${(deps.inlineLimitBytes / MB).toFixed(1)} MB that may travel inside the request, and Filudveksling (SFTP) is not configured`,
        { size: largest, inlineLimitBytes: deps.inlineLimitBytes },
      );
    }
    const placed: SendDocument[] = [];
    for (const [i, d] of documents.entries()) {
      const read = () => deps.blobs.read(d.sha256);
      const described = { name: d.name, mimeType: d.mimeType, size: d.size };
      if (inline[i]) {
        placed.push({ ...described, content: { open: read } });
        continue;
      }
      const name = `${transactionId}${documents.length > 1 ? `-${i + 1}` : ''}${fileExtension(d.name)}`;
      const { remoteName } = await deps.filudveksling!.put(name, () => Readable.from(read()), d.size);
      placed.push({ ...described, location: remoteName });
    }
    return placed;
  }

  return {
    async deliver(request: HandoverRequest) {
      const kle = [request.kle.nr, request.kleSuggestion].find((nr): nr is string => typeof nr === 'string' && KLE_EMNE.test(nr));
      if (!kle) throw new BadInputError('overdragelse_no_kle', 'Fordelingskomponenten needs a KLE emne proposal, and the item has none: place it by hand');
      const { receiverSystemUuid, handlingFacet, includeMemoXml } = deps.destination(request.destination) ?? {};
      const { item, content } = request;
      const enrichment = enrichmentOf(request, { ...(deps.ownCvrs ? { ownCvrs: deps.ownCvrs } : {}) });
      const proposal = handlingFacet ?? enrichment.handlingFacet ?? enrichment.detectedFacet?.code;
      const parties = sendParties(enrichment);
      try {
        if (!receiverSystemUuid && deps.checkReceivers) await requireReceiver(kle, handlingFacet);
        const documents = await placeDocuments(request.transactionId, handoverDocuments(item, content, enrichment, { includeMemoXml: includeMemoXml === true }));
        const uploaded = documents[0]?.location;
        const { receipt } = await deps.client.send({
          transactionId: request.transactionId,
          kle,
          ...(handlingFacet ? { handlingFacet } : {}),
          ...(proposal ? { handlingFacetProposal: proposal } : {}),
          ...(receiverSystemUuid ? { receiverUuid: receiverSystemUuid } : {}),
          ...(enrichment.digitalPostMessageId ? { digitalPostMessageId: enrichment.digitalPostMessageId } : {}),
          title: (content.subject?.trim() || enrichment.documentName).slice(0, 250),
          documents,
          ...(uploaded ? { documentFileName: uploaded } : {}),
          scanned: item.channel === 'scan',
          documentType: item.channel === 'email' ? 'eMail' : 'Brev',
          documentId: item.id,
          parties,
          letterDate: enrichment.letterDate.date,
        });
        if (receipt.code === 'AFVIST' || receipt.code === 'FEJLET') {
          throw new BadInputError(`overdragelse_${receipt.code.toLowerCase()}`, `Fordelingskomponenten answered ${receipt.code}${receipt.reason ? `: ${receipt.reason}` : ''}`);
        }
        return { reference: request.transactionId, code: receipt.code, at: now() };
      } catch (error) {
        if (error instanceof OverdragelseContractError) throw new BadInputError('overdragelse_contract', error.message);
        if (error instanceof FiludvekslingConfigError) throw new BadInputError('filudveksling_config', error.message);
        throw error;
      }
    },
  };
}

function fileExtension(name: string): string {
  return name.match(/\.[a-z0-9]{1,5}$/i)?.[0].toLowerCase() ?? '.bin';
}
