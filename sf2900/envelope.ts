// SOAP 1.1 as SF2900 (Fordelingskomponenten, DistributionService v3) speaks it: the namespaces, the
// envelope that declares them once, the element helpers per namespace, and reading an envelope back
// into its Body content or its Fault (with the TransportKvittering the WSDL puts in the fault detail).
import { el, obj, parseXml, renderXml, text0, list, type XmlChild, type XmlNode, type XmlObject, type XmlValue } from './xml.js';

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

export interface Fejl {
  kode: string;
  tekst: string;
}

export function fejlListe(fejl: Fejl[], ns: typeof v2): XmlNode {
  return ns('FejlListe', ...fejl.map((f) => ns('Fejl', ns('FejlKode', f.kode), ns('FejlTekst', f.tekst))));
}

export function parseFejl(value: XmlValue | undefined): Fejl[] {
  return list(obj(value).Fejl).map((f) => ({ kode: text0(obj(f).FejlKode), tekst: text0(obj(f).FejlTekst) }));
}

/**
 * A SOAP fault carrying a TransportKvittering: in the v3 types namespace for DistributionService (as its
 * WSDL declares it), in v2 for the sender-side receipt callback (DistributionServiceAnvenderV2.wsdl).
 */
export function transportFault(faultcode: 'Client' | 'Server', begrundelse: string, fejl: Fejl[], ns: typeof v3 = v3): string {
  return soapEnvelope(el('soap:Fault',
    el('faultcode', `soap:${faultcode}`),
    el('faultstring', begrundelse),
    el('detail', ns('TransportKvittering', ns('TransportValideringsKode', 'FEJL'), ns('Begrundelse', begrundelse),
      fejl.length ? fejlListe(fejl, ns) : undefined))));
}

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
    doc = parseXml(text);
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
