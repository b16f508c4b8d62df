// A namespace-resolved element tree built from fast-xml-parser's ordered output, and the small
// navigation helpers the channel mappers use. Elements are matched by namespace URI + local name,
// never by prefix: senders choose their own prefixes.
import { BadInputError } from '../../../core/errors.js';
// Entity decoding is the SF2900 codec's: one pure implementation for every XML Fordeler reads.
import { decodeEntities } from '../../../sf2900/xml.js';

export interface XmlElement {
  ns: string;
  name: string;
  /** Attributes by local name (namespace declarations left out). */
  attrs: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (entity references decoded, CDATA verbatim), trimmed. */
  text: string;
}

/** fast-xml-parser's `preserveOrder` node: one key with the children, plus ':@' attributes. */
export type OrderedNode = Record<string, unknown>;

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const TEXT = '#text';
const CDATA = '#cdata';
const ATTRS = ':@';
const ATTR_PREFIX = '@_';

export function buildTree(nodes: OrderedNode[]): XmlElement {
  const root = nodes.find((node) => elementName(node) !== undefined);
  if (!root) throw new BadInputError('xml_malformed', 'the XML has no root element');
  return toElement(root, new Map([['xml', XML_NS]]));
}

function toElement(node: OrderedNode, parentScope: Map<string, string>): XmlElement {
  const qname = elementName(node) as string;
  const rawAttrs = (node[ATTRS] ?? {}) as Record<string, unknown>;
  let scope = parentScope;
  const attrs: Record<string, string> = {};
  for (const [key, value] of Object.entries(rawAttrs)) {
    const name = key.startsWith(ATTR_PREFIX) ? key.slice(ATTR_PREFIX.length) : key;
    const text = decodeEntities(String(value));
    if (name === 'xmlns' || name.startsWith('xmlns:')) {
      if (scope === parentScope) scope = new Map(parentScope);
      scope.set(name === 'xmlns' ? '' : name.slice(6), text);
    } else {
      const local = localPart(name);
      if (!(local in attrs)) attrs[local] = text;
    }
  }
  const colon = qname.indexOf(':');
  const prefix = colon < 0 ? '' : qname.slice(0, colon);
  const ns = scope.get(prefix);
  if (ns === undefined && prefix !== '') {
    throw new BadInputError('xml_malformed', `namespace prefix "${prefix.slice(0, 40)}" is not declared (element <${qname.slice(0, 80)}>)`);
  }
  const children: XmlElement[] = [];
  let text = '';
  for (const child of (node[qname] ?? []) as OrderedNode[]) {
    if (TEXT in child) text += decodeEntities(String(child[TEXT]));
    else if (CDATA in child) text += cdataText(child[CDATA]);
    else if (elementName(child) !== undefined) children.push(toElement(child, scope));
  }
  return { ns: ns ?? '', name: localPart(qname), attrs, children, text: text.trim() };
}

function elementName(node: OrderedNode): string | undefined {
  return Object.keys(node).find((key) => key !== ATTRS && key !== TEXT && key !== CDATA && !key.startsWith('?'));
}

function cdataText(value: unknown): string {
  if (!Array.isArray(value)) return String(value ?? '');
  return value.map((part: Record<string, unknown>) => String(part[TEXT] ?? '')).join('');
}

function localPart(qname: string): string {
  const colon = qname.indexOf(':');
  return colon < 0 ? qname : qname.slice(colon + 1);
}


export function childElements(parent: XmlElement | undefined, ns: string, name: string): XmlElement[] {
  return parent ? parent.children.filter((child) => child.ns === ns && child.name === name) : [];
}

export function childElement(parent: XmlElement | undefined, ns: string, name: string): XmlElement | undefined {
  return parent?.children.find((child) => child.ns === ns && child.name === name);
}

/** The text of the first child with this name, or undefined when absent or empty. */
export function childText(parent: XmlElement | undefined, ns: string, name: string): string | undefined {
  const text = childElement(parent, ns, name)?.text;
  return text ? text : undefined;
}
