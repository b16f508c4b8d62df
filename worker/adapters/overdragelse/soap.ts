// SOAP 1.1 for SF2900 (Fordelingskomponenten, DistributionService v3): a tiny XML builder that escapes
// every text and attribute value, the envelopes both sides of the wire need (the client and the
// emulator share them, so they cannot drift apart), and a parser for responses, requests and faults.
// Parsing never reads a DTD or expands entities: DOCTYPE/ENTITY is rejected first and the parser runs
// with entity processing off; only the five predefined entities and character references are decoded.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { assertNoDtd } from '../extract/safe-xml.js';
import { decodeEntities } from '../extract/xml-tree.js';

export const NS = {
  soap: 'http://schemas.xmlsoap.org/soap/envelope/',
  /** Operation elements and their direct children (`anmodning`, `Routing`, `Systemer`, …). */
  v3: 'http://serviceplatformen.dk/xml/wsdl/soap11/DistributionService/3/types',
  /** The content types (DistributionContext, DistributionObject, Forretningskvittering fields). */
  v2: 'http://serviceplatformen.dk/xml/wsdl/soap11/DistributionService/2/types',
  authority: 'http://serviceplatformen.dk/xml/schemas/AuthorityContext/1/',
} as const;

export const SOAP_ACTION_BASE = 'http://serviceplatformen.dk/xml/wsdl/soap11/DistributionService/3/port/';
export type Operation = 'FordelingsobjektAfsend' | 'FordelingsmodtagerList' | 'FordelingskvitteringModtag';

// ---- builder -------------------------------------------------------------------------------------

export interface XmlNode {
  name: string;
  attrs?: Record<string, string>;
  children: XmlChild[];
}
/** `undefined`/`false` children are skipped, so optional fields read naturally at the call site. */
export type XmlChild = XmlNode | string | number | boolean | undefined | null;

export function el(name: string, ...children: XmlChild[]): XmlNode {
  return { name, children };
}

export function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

export function renderXml(node: XmlNode): string {
  const attrs = Object.entries(node.attrs ?? {}).map(([k, v]) => ` ${k}="${escapeXml(v)}"`).join('');
  const inner = node.children
    .map((child) => {
      if (child === undefined || child === null || child === false) return '';
      return typeof child === 'object' ? renderXml(child) : escapeXml(String(child));
    })
    .join('');
  return `<${node.name}${attrs}>${inner}</${node.name}>`;
}

/** A SOAP 1.1 envelope declaring every namespace once (prefixes `soap`, `ds3`, `ds2`, `auth`). */
export function soapEnvelope(body: XmlNode): string {
  const envelope: XmlNode = {
    name: 'soap:Envelope',
    attrs: { 'xmlns:soap': NS.soap, 'xmlns:ds3': NS.v3, 'xmlns:ds2': NS.v2, 'xmlns:auth': NS.authority },
    children: [el('soap:Body', body)],
  };
  return `<?xml version="1.0" encoding="UTF-8"?>${renderXml(envelope)}`;
}

export const v3 = (local: string, ...children: XmlChild[]): XmlNode => el(`ds3:${local}`, ...children);
export const v2 = (local: string, ...children: XmlChild[]): XmlNode => el(`ds2:${local}`, ...children);
/** An optional element: omitted when the value is absent. */
export const v2opt = (local: string, value: string | number | boolean | undefined): XmlNode | undefined =>
  value === undefined ? undefined : v2(local, value);

export const authorityContext = (cvr: string): XmlNode => el('auth:AuthorityContext', el('auth:MunicipalityCVR', cvr));

// ---- shared message types ------------------------------------------------------------------------

export type ReceiptCode = 'MODTAGET' | 'AFLEVERET' | 'ACCEPTERET' | 'AFVIST' | 'FEJLET';
export type ReceiptKind = 'Teknisk' | 'Forretning';
export interface Receipt {
  code: ReceiptCode;
  kind: ReceiptKind;
  reason?: string;
}
export interface Fejl {
  kode: string;
  tekst: string;
}
export interface ReceiverSystem {
  uuid: string;
  name: string;
  /** As registered: may be a pattern such as `32.30.*`. */
  kle: string;
  handlingFacet?: string;
}

export function receiptElements(receipt: Receipt, fejl: Fejl[] = []): XmlChild[] {
  return [
    v2('ForretningsValideringsKode', receipt.code),
    v2('Kvitteringstype', receipt.kind),
    v2opt('Begrundelse', receipt.reason),
    fejl.length ? fejlListe(fejl, v2) : undefined,
  ];
}

function fejlListe(fejl: Fejl[], ns: typeof v2): XmlNode {
  return ns('FejlListe', ...fejl.map((f) => ns('Fejl', ns('FejlKode', f.kode), ns('FejlTekst', f.tekst))));
}

/** Responses the emulator sends; kept here beside the parser that reads them. */
export function listReceiversResponse(systems: ReceiverSystem[], cvr: string): string {
  return soapEnvelope(
    v3('FordelingsmodtagerListResponse', v3('Systemer', ...systems.map((s) =>
      v2('System', v2('SystemMyndighed', cvr), v2('SystemUUID', s.uuid), v2('SystemNavn', s.name),
        v2('RoutingKLEEmne', s.kle), v2opt('RoutingHandlingFacet', s.handlingFacet))))),
  );
}

export interface ContextEcho {
  transactionId: string;
  distributionTransactionId?: string;
  senderCvr: string;
  routingCvr: string;
  kle?: string;
  handlingFacet?: string;
  receiverUuid?: string;
}

export function distributionContextChildren(c: ContextEcho): XmlChild[] {
  return [
    v2('AnvenderTransaktionsID', c.transactionId),
    v2opt('DistributionTransktionsID', c.distributionTransactionId),
    v2('AfsendendeMyndighed', c.senderCvr),
    v2('RoutingMyndighed', c.routingCvr),
    v2('RoutingValg', c.kle
      ? v2('RoutingKLEEmneHandling', v2('RoutingKLEEmne', c.kle), v2opt('RoutingHandlingFacet', c.handlingFacet))
      : v2('RoutingModtagerAktoer', c.receiverUuid ?? '')),
  ];
}

export function sendResponse(receipt: Receipt, context: ContextEcho): string {
  return soapEnvelope(v3('FordelingsobjektAfsendResponse',
    v3('ForretningsKvittering', ...receiptElements(receipt)),
    v3('DistributionContext', ...distributionContextChildren(context))));
}

export function receiptCallbackRequest(receipt: Receipt, context: ContextEcho): string {
  return soapEnvelope(v3('FordelingskvitteringModtagRequest',
    authorityContext(context.senderCvr),
    v3('Forretningskvittering', ...receiptElements(receipt)),
    v3('DistributionContext', ...distributionContextChildren(context))));
}

/** A SOAP fault carrying a TransportKvittering (v3 types namespace, as the WSDL declares it). */
export function transportFault(faultcode: 'Client' | 'Server', begrundelse: string, fejl: Fejl[]): string {
  const kv = (local: string, ...children: XmlChild[]) => v3(local, ...children);
  return soapEnvelope(el('soap:Fault',
    el('faultcode', `soap:${faultcode}`),
    el('faultstring', begrundelse),
    el('detail', kv('TransportKvittering', kv('TransportValideringsKode', 'FEJL'), kv('Begrundelse', begrundelse),
      fejl.length ? fejlListe(fejl, kv) : undefined))));
}

// ---- parsing -------------------------------------------------------------------------------------

export type XmlValue = string | XmlObject | XmlValue[];
export interface XmlObject {
  [name: string]: XmlValue;
}

const ALWAYS_ARRAYS = new Set(['System', 'Fejl', 'Variant', 'DokumentPart', 'Tilstand', 'Attributter']);

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: true,
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  trimValues: true,
  maxNestedTags: 64,
  isArray: (name) => ALWAYS_ARRAYS.has(name),
  tagValueProcessor: (_name, value) => decodeEntities(value),
});

export class SoapParseError extends Error {}

export interface ParsedFault {
  faultcode: string;
  faultstring: string;
  /** TransportValideringsKode when the fault carries a TransportKvittering. */
  kode?: string;
  begrundelse?: string;
  fejl: Fejl[];
}

export type ParsedSoap = { kind: 'body'; name: string; content: XmlObject } | { kind: 'fault'; fault: ParsedFault };

/** Parses a SOAP envelope: the first Body child (local name) and its content, or the Fault. */
export function parseSoap(text: string): ParsedSoap {
  let doc: XmlObject;
  try {
    assertNoDtd(text);
    if (XMLValidator.validate(text) !== true) throw new Error('malformed XML');
    doc = parser.parse(text) as XmlObject;
  } catch (error) {
    throw new SoapParseError(`not a readable SOAP message: ${error instanceof Error ? error.message.slice(0, 120) : 'unknown'}`);
  }
  const body = obj(obj(doc.Envelope).Body);
  const [name, content] = Object.entries(body)[0] ?? [];
  if (!name) throw new SoapParseError('the SOAP envelope has no Body content');
  if (name === 'Fault') {
    const fault = obj(content);
    const kv = obj(obj(fault.detail).TransportKvittering);
    return {
      kind: 'fault',
      fault: {
        faultcode: text0(fault.faultcode),
        faultstring: text0(fault.faultstring),
        ...(kv.TransportValideringsKode === undefined ? {} : { kode: text0(kv.TransportValideringsKode) }),
        ...(kv.Begrundelse === undefined ? {} : { begrundelse: text0(kv.Begrundelse) }),
        fejl: parseFejl(kv.FejlListe),
      },
    };
  }
  return { kind: 'body', name, content: obj(content) };
}

export function parseFejl(value: XmlValue | undefined): Fejl[] {
  return list(obj(value).Fejl).map((f) => ({ kode: text0(obj(f).FejlKode), tekst: text0(obj(f).FejlTekst) }));
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

/** Object view of a parsed value: empty elements and text come back as an empty object. */
export function obj(value: XmlValue | undefined): XmlObject {
  if (Array.isArray(value)) return obj(value[0]);
  return value !== undefined && typeof value === 'object' ? value : {};
}

export function list(value: XmlValue | undefined): XmlValue[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** The text of an element, or '' when it is missing or not text. */
export function text0(value: XmlValue | undefined): string {
  if (Array.isArray(value)) return text0(value[0]);
  return typeof value === 'string' ? value : '';
}
