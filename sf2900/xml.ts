// The XML underneath the SF2900 codec: a tiny builder that escapes every text and attribute value, and
// a parser for untrusted messages into plain objects (namespace prefixes dropped, as SF2900 names are
// unique by local name). Parsing never reads a DTD or expands entities: DOCTYPE/ENTITY is rejected
// first and the parser runs with entity processing off; only the five predefined entities and
// character references are decoded. Pure: strings in, strings or objects out.
import { XMLParser, XMLValidator } from 'fast-xml-parser';

// ---- builder -------------------------------------------------------------------------------------

export interface XmlNode {
  name: string;
  attrs?: Record<string, string>;
  children: XmlChild[];
}
/** `undefined`/`null` children are skipped, so optional fields read naturally at the call site; a boolean
 * is a value (`true`/`false`, as xs:boolean wants it), never a skip. */
export type XmlChild = XmlNode | string | number | boolean | undefined | null;

export function el(name: string, ...children: XmlChild[]): XmlNode {
  return { name, children };
}

/** Characters XML 1.0 forbids: C0 controls other than TAB/LF/CR, U+FFFE/U+FFFF and lone surrogates. */
// eslint-disable-next-line no-control-regex -- matching the forbidden control characters is the point
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Drops what XML 1.0 cannot carry at all (not even as a character reference), so output stays well-formed. */
export function xmlSafeText(value: string): string {
  return value.replace(NOT_XML_CHAR, '');
}

/** The one place every rendered text and attribute value passes: forbidden characters dropped, markup escaped. */
export function escapeXml(value: string): string {
  return xmlSafeText(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

export function renderXml(node: XmlNode): string {
  const attrs = Object.entries(node.attrs ?? {}).map(([k, v]) => ` ${k}="${escapeXml(v)}"`).join('');
  const inner = node.children
    .map((child) => {
      if (child === undefined || child === null) return '';
      return typeof child === 'object' ? renderXml(child) : escapeXml(String(child));
    })
    .join('');
  return `<${node.name}${attrs}>${inner}</${node.name}>`;
}

// ---- parsing -------------------------------------------------------------------------------------

export type XmlValue = string | XmlObject | XmlValue[];
export interface XmlObject {
  [name: string]: XmlValue;
}

/** SF2900 elements that repeat: always parsed as arrays, so one occurrence reads like many. */
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

const FORBIDDEN_DECLARATION = /<!\s*(DOCTYPE|ENTITY)/i;

/** Parses untrusted XML text; throws a plain Error (never quoting the input) when it is not readable. */
export function parseXml(text: string): XmlObject {
  const declaration = FORBIDDEN_DECLARATION.exec(text);
  if (declaration) throw new Error(`XML ${declaration[1]!.toUpperCase()} declarations are not allowed`);
  if (XMLValidator.validate(text) !== true) throw new Error('malformed XML');
  return parser.parse(text) as XmlObject;
}

const ENTITY = /&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|lt|gt|amp|quot|apos);/g;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** The five predefined entities and character references; never anything a DTD could define. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (whole, ref: string) => {
    if (!ref.startsWith('#')) return PREDEFINED[ref] ?? whole;
    const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    const valid = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
    return valid ? String.fromCodePoint(code) : '\uFFFD';
  });
}

// ---- reading parsed values -----------------------------------------------------------------------

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
