// Handover to Fordelingskomponenten / Overdragelse (SF2900) with FordelingsobjektAfsend: the KLE
// proposal, the party, the title and the document. A destination either lets Fordelingskomponenten
// route by the KLE emne (the default) or names one receiving system (RoutingModtagerAktoer: how an
// item is re-distributed to another system). Routing by KLE, FordelingsmodtagerList is asked first, so
// an emne nobody receives goes back to the rest mailbox now instead of coming back FEJLET later.
// Documents up to the inline limit travel inside the request; larger ones are uploaded to Filudveksling
// (SFTP) and named in DokumentFilNavn. The delivery's transaction id is the AnvenderTransaktionsID and
// names the uploaded file, so a retry is the same hand-over with the same file. Contract faults and
// SFTP configuration errors are bad input for this item (retrying cannot help; for SFTP, repeated
// refused logins could lock the account); timeouts and 5xx are thrown as they are and retried.
import { Readable } from 'node:stream';
import { BadInputError } from '../../../core/errors.js';
import type { Item } from '../../../core/model.js';
import type { BlobStore, Handover, HandoverRequest } from '../../../core/ports.js';
import { FiludvekslingConfigError, type Filudveksling } from '../filudveksling/port.js';
import { OverdragelseContractError, type OverdragelseClient, type SendRequest } from '../overdragelse/client.js';
import { createReceiverLookup } from './receiver-lookup.js';

export interface OverdragelseDestination {
  receiverSystemUuid?: string;
  handlingFacet?: string;
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

  /** Inside the request, or uploaded first and named: what SendRequest needs for the document either way. */
  async function placeDocument(request: HandoverRequest): Promise<Pick<SendRequest, 'content' | 'documentFileName'>> {
    const { item } = request;
    const read = () => deps.blobs.read(item.contentSha256);
    if (item.size <= deps.inlineLimitBytes) return { content: { open: read } };
    if (!deps.filudveksling) {
      throw new BadInputError(
        'overdragelse_too_large',
        `The document is ${(item.size / MB).toFixed(1)} MB, more than the ${(deps.inlineLimitBytes / MB).toFixed(1)} MB that may travel inside the request, and Filudveksling (SFTP) is not configured`,
        { size: item.size, inlineLimitBytes: deps.inlineLimitBytes },
      );
    }
    const { remoteName } = await deps.filudveksling.put(`${request.transactionId}${fileExtension(item.fileName)}`, () => Readable.from(read()), item.size);
    return { documentFileName: remoteName };
  }

  return {
    async deliver(request: HandoverRequest) {
      const kle = [request.kle.nr, request.kleSuggestion].find((nr): nr is string => typeof nr === 'string' && KLE_EMNE.test(nr));
      if (!kle) throw new BadInputError('overdragelse_no_kle', 'Fordelingskomponenten needs a KLE emne proposal, and the item has none: place it by hand');
      const { receiverSystemUuid, handlingFacet } = deps.destination(request.destination) ?? {};
      const { item, content } = request;
      const sender = content.sender;
      const party = sender.idType === 'CPR' && sender.id ? { type: 'Person' as const, id: sender.id } : sender.idType === 'CVR' && sender.id ? { type: 'Virksomhed' as const, id: sender.id } : undefined;
      try {
        if (!receiverSystemUuid && deps.checkReceivers) await requireReceiver(kle, handlingFacet);
        const document = await placeDocument(request);
        const { receipt } = await deps.client.send({
          transactionId: request.transactionId,
          kle,
          ...(handlingFacet ? { handlingFacet } : {}),
          ...(receiverSystemUuid ? { receiverUuid: receiverSystemUuid } : {}),
          title: (content.subject ?? item.fileName).slice(0, 250),
          fileName: item.fileName,
          ...document,
          scanned: item.channel === 'scan',
          documentType: item.channel === 'email' ? 'eMail' : 'Brev',
          documentId: item.id,
          ...(party ? { party } : {}),
          mimeType: mimeTypeOf(item),
          size: item.size,
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

const SCAN_TYPES: Record<string, string> = {
  '.pdf': 'application/pdf', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.tif': 'image/tiff', '.tiff': 'image/tiff',
};

/** The item's own file: the whole e-mail, the MeMo XML, or the scan. */
function mimeTypeOf(item: Item): string {
  if (item.channel === 'email') return 'message/rfc822';
  if (item.channel === 'digitalpost') return 'application/xml';
  return SCAN_TYPES[fileExtension(item.fileName)] ?? 'application/octet-stream';
}
