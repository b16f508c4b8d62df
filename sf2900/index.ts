// The SF2900 codec (KOMBIT's Fordelingskomponent, DistributionService v3): SOAP envelopes, building
// requests and answers, reading them back. Pure — no network, no files — so the client
// (worker/adapters/overdragelse/), the receipt endpoint and the FK emulator (tools/fk-emulator/)
// share one definition of the wire format. Import from here.
export { decodeEntities, el, escapeXml, list, obj, parseXml, renderXml, text0 } from './xml.js';
export type { XmlChild, XmlNode, XmlObject, XmlValue } from './xml.js';
export {
  NS, SOAP_ACTION_BASE, SoapParseError, authorityContext, parseFejl, parseSoap, soapEnvelope, transportFault, v2, v2opt, v3,
} from './envelope.js';
export type { Fejl, Operation, ParsedFault, ParsedSoap } from './envelope.js';
export {
  distributionContextChildren, listReceiversRequest, listReceiversResponse, parseReceipt, parseSystems, receiptCallbackRequest,
  receiptCallbackResponse, receiptElements, sendResponse,
} from './messages.js';
export type { ContextEcho, Receipt, ReceiptCode, ReceiptKind, ReceiverSystem } from './messages.js';
export { buildSendBody, buildSendEnvelope, documentsOf, variantType } from './send-request.js';
export type { PartObjectType, RequestBody, SendDocument, SendParty, SendRequest } from './send-request.js';
export { readListRequest, readSendRequest } from './read-requests.js';
export type { DocumentPart, ListRouting, ReadParty, SendAnmodning } from './read-requests.js';
