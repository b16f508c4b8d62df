// The SF2900 messages other than the document hand-over request (send-request.ts): asking which
// systems receive a KLE emne and the answer, the technical answer to a hand-over, the business
// receipt callback to the sending system and its answer (FordelingskvitteringModtag as the sender-side
// contract DistributionServiceAnvenderV2.wsdl defines it: v2 types, an empty response element or a
// TransportKvittering fault), and reading receipts and receiver lists back. The
// client and the FK emulator both use these, so the two sides of the wire cannot drift apart.
import { authorityContext, fejlListe, parseFejl, soapEnvelope, v2, v2opt, v3, type Fejl } from './envelope.js';
import { list, obj, text0, type XmlChild, type XmlObject, type XmlValue } from './xml.js';

export type ReceiptCode = 'MODTAGET' | 'AFLEVERET' | 'ACCEPTERET' | 'AFVIST' | 'FEJLET';
export type ReceiptKind = 'Teknisk' | 'Forretning';
export interface Receipt {
  code: ReceiptCode;
  kind: ReceiptKind;
  reason?: string;
}
export interface ReceiverSystem {
  uuid: string;
  name: string;
  /** As registered: may be a pattern such as `32.30.*`. */
  kle: string;
  handlingFacet?: string;
}

/** What a hand-over's answer and receipts echo of its DistributionContext. */
export interface ContextEcho {
  transactionId: string;
  distributionTransactionId?: string;
  /** DigitalPostMeddelelsesID: the MeMo messageUUID when the item came as Digital Post. */
  digitalPostMessageId?: string;
  senderCvr: string;
  routingCvr: string;
  kle?: string;
  handlingFacet?: string;
  receiverUuid?: string;
}

export function receiptElements(receipt: Receipt, fejl: Fejl[] = []): XmlChild[] {
  return [
    v2('ForretningsValideringsKode', receipt.code),
    v2('Kvitteringstype', receipt.kind),
    v2opt('Begrundelse', receipt.reason),
    fejl.length ? fejlListe(fejl, v2) : undefined,
  ];
}

export function distributionContextChildren(c: ContextEcho): XmlChild[] {
  return [
    v2('AnvenderTransaktionsID', c.transactionId),
    v2opt('DistributionTransktionsID', c.distributionTransactionId),
    v2opt('DigitalPostMeddelelsesID', c.digitalPostMessageId),
    v2('AfsendendeMyndighed', c.senderCvr),
    v2('RoutingMyndighed', c.routingCvr),
    v2('RoutingValg', c.kle
      ? v2('RoutingKLEEmneHandling', v2('RoutingKLEEmne', c.kle), v2opt('RoutingHandlingFacet', c.handlingFacet))
      : v2('RoutingModtagerAktoer', c.receiverUuid ?? '')),
  ];
}

/** FordelingsmodtagerList: which systems of the municipality receive this KLE emne (and facet). */
export function listReceiversRequest(cvr: string, kle: string, handlingFacet?: string): string {
  return soapEnvelope(v3('FordelingsmodtagerListRequest', authorityContext(cvr),
    v3('Routing', v2('AfsendendeMyndighed', cvr), v2('RoutingMyndighed', cvr), v2('RoutingKLEEmne', kle),
      v2opt('RoutingHandlingFacet', handlingFacet))));
}

export function listReceiversResponse(systems: ReceiverSystem[], cvr: string): string {
  return soapEnvelope(
    v3('FordelingsmodtagerListResponse', v3('Systemer', ...systems.map((s) =>
      v2('System', v2('SystemMyndighed', cvr), v2('SystemUUID', s.uuid), v2('SystemNavn', s.name),
        v2('RoutingKLEEmne', s.kle), v2opt('RoutingHandlingFacet', s.handlingFacet))))),
  );
}

export function sendResponse(receipt: Receipt, context: ContextEcho): string {
  return soapEnvelope(v3('FordelingsobjektAfsendResponse',
    v3('ForretningsKvittering', ...receiptElements(receipt)),
    v3('DistributionContext', ...distributionContextChildren(context))));
}

/** The business receipt Fordelingskomponenten posts to the sending system (FordelingskvitteringModtagAnvenderRequest, v2). */
export function receiptCallbackRequest(receipt: Receipt, context: ContextEcho): string {
  return soapEnvelope(v2('FordelingskvitteringModtagAnvenderRequest',
    v2('Forretningskvittering', ...receiptElements(receipt)),
    v2('DistributionContext', ...distributionContextChildren(context))));
}

/** The sending system's answer to a receipt it has taken: the WSDL's empty response element. */
export function receiptCallbackResponse(): string {
  return soapEnvelope(v2('FordelingskvitteringModtagAnvenderResponse'));
}

export function parseReceipt(value: XmlValue | undefined): Receipt & { fejl: Fejl[] } {
  const k = obj(value);
  const reason = k.Begrundelse === undefined ? undefined : text0(k.Begrundelse);
  return {
    code: text0(k.ForretningsValideringsKode) as ReceiptCode,
    kind: text0(k.Kvitteringstype) as ReceiptKind,
    ...(reason ? { reason } : {}),
    fejl: parseFejl(k.FejlListe),
  };
}

export function parseSystems(content: XmlObject): ReceiverSystem[] {
  return list(obj(content.Systemer).System).map((value) => {
    const s = obj(value);
    const facet = s.RoutingHandlingFacet === undefined ? undefined : text0(s.RoutingHandlingFacet);
    return { uuid: text0(s.SystemUUID), name: text0(s.SystemNavn), kle: text0(s.RoutingKLEEmne), ...(facet ? { handlingFacet: facet } : {}) };
  });
}
