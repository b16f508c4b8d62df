// Handover to Fordelingskomponenten / Overdragelse (SF2900): the document is placed for transfer first
// (a folder standing in for Filudveksling/SFTP until that adapter exists), then FordelingsobjektAfsend
// names it, with the KLE proposal, the party and the title. The delivery's transaction id is the
// AnvenderTransaktionsID, so a retry is the same hand-over. Contract faults are bad input for this item
// (retrying the same request cannot help); timeouts and 5xx are thrown as they are and retried.
import { BadInputError } from '../../../core/errors.js';
import type { Handover, HandoverRequest } from '../../../core/ports.js';
import { OverdragelseContractError, type OverdragelseClient } from '../overdragelse/client.js';

const KLE_EMNE = /^\d\d\.\d\d\.\d\d$/;

export function createOverdragelseHandover(client: OverdragelseClient, placeDocument: Handover): Handover {
  return {
    async deliver(request: HandoverRequest) {
      const kle = [request.kle.nr, request.kleSuggestion].find((nr): nr is string => typeof nr === 'string' && KLE_EMNE.test(nr));
      if (!kle) throw new BadInputError('overdragelse_no_kle', 'Fordelingskomponenten needs a KLE emne proposal, and the item has none: place it by hand');
      const placed = await placeDocument.deliver(request);
      const { item, content } = request;
      const sender = content.sender;
      const party = sender.idType === 'CPR' && sender.id ? { type: 'Person' as const, id: sender.id } : sender.idType === 'CVR' && sender.id ? { type: 'Virksomhed' as const, id: sender.id } : undefined;
      try {
        const { receipt } = await client.send({
          transactionId: request.transactionId,
          kle,
          title: (content.subject ?? item.fileName).slice(0, 250),
          ...(placed.reference ? { documentFileName: `${placed.reference}${fileExtension(item.fileName)}` } : {}),
          scanned: item.channel === 'scan',
          documentType: item.channel === 'email' ? 'eMail' : 'Brev',
          documentId: item.id,
          ...(party ? { party } : {}),
          size: item.size,
        });
        if (receipt.code === 'AFVIST' || receipt.code === 'FEJLET') {
          throw new BadInputError(`overdragelse_${receipt.code.toLowerCase()}`, `Fordelingskomponenten answered ${receipt.code}${receipt.reason ? `: ${receipt.reason}` : ''}`);
        }
        return { reference: request.transactionId, code: receipt.code, at: new Date() };
      } catch (error) {
        if (error instanceof OverdragelseContractError) throw new BadInputError('overdragelse_contract', error.message);
        throw error;
      }
    },
  };
}

/** Routes each destination to its handover: Fordelingskomponenten for the listed ones, else the folder outbox. */
export function createRoutingHandover(byDestination: (destination: string) => Handover | undefined, fallback: Handover): Handover {
  return { deliver: (request) => (byDestination(request.destination) ?? fallback).deliver(request) };
}

function fileExtension(name: string): string {
  return name.match(/\.[a-z0-9]{1,5}$/i)?.[0].toLowerCase() ?? '.bin';
}
