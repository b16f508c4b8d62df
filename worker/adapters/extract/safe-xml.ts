// Safe XML parsing for untrusted input (MeMo, scanning-bureau sidecars). No DTD is ever read: any
// DOCTYPE or ENTITY declaration is rejected before parsing, so nothing can be fetched, no local
// file read and no entity expanded. The parser runs with entity processing off; only the five
// predefined entities and character references are decoded. Structure size and depth are bounded
// before and during parsing; parsing is linear, so no worker thread is needed (README.md here).
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Reason } from '../../../core/model.js';
import { BadInputError, LimitExceededError } from '../../../core/errors.js';
import { detachBase64Elements } from './detach.js';
import { decodeXmlBytes, prepareXmlBytes } from './xml-encoding.js';
import { buildTree, type OrderedNode, type XmlElement } from './xml-tree.js';

export type { XmlElement } from './xml-tree.js';

export const MEMO_NS = 'https://DigitalPost.dk/MeMo-1';
const SIDECAR_NS_PREFIX = 'urn:nordscan:scanmeta:';

export interface SafeXmlOptions {
  /** Largest structure (after lifting base64 contents) handed to the parser, in bytes. */
  maxStructureBytes: number;
  maxDepth: number;
  /** Lift the text of these elements out before parsing when it is base64 of at least `minBytes`. */
  liftBase64?: { localName: string; minBytes: number };
}

export interface SafeXmlDocument {
  root: XmlElement;
  /** Token (left as the element's text) → the lifted base64 bytes. */
  lifted: Map<string, Uint8Array>;
  warnings: Reason[];
}

const FORBIDDEN_DECLARATION = /<!\s*(DOCTYPE|ENTITY)/i;

export function parseSafeXml(raw: Buffer, options: SafeXmlOptions): SafeXmlDocument {
  const prepared = prepareXmlBytes(raw);
  const { skeleton, lifted } = options.liftBase64
    ? detachBase64Elements(prepared.bytes, options.liftBase64.localName, options.liftBase64.minBytes)
    : { skeleton: prepared.bytes, lifted: new Map<string, Uint8Array>() };
  if (skeleton.length > options.maxStructureBytes) {
    throw new LimitExceededError(
      'xml_too_large',
      `the XML structure is ${skeleton.length} bytes (limit ${options.maxStructureBytes}) after lifting out base64 documents`,
      { bytes: skeleton.length, limit: options.maxStructureBytes },
    );
  }
  const warnings = [...prepared.warnings];
  const text = decodeXmlBytes(skeleton, prepared.encoding, warnings);
  if (!text.trim()) throw new BadInputError('xml_empty', 'the XML file is empty');
  assertNoDtd(text);
  const validation = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (validation !== true) {
    const { msg, line, col } = validation.err;
    const where = col === undefined ? `line ${line}` : `line ${line}, column ${col}`;
    throw new BadInputError('xml_malformed', `malformed XML at ${where}: ${msg.slice(0, 200)}`, { line, ...(col === undefined ? {} : { col }) });
  }
  return { root: buildTree(parseOrdered(text, options.maxDepth)), lifted, warnings };
}

/** Rejects DTDs and entity declarations: the root of XXE, entity expansion bombs and DTD fetching. */
export function assertNoDtd(text: string): void {
  const match = FORBIDDEN_DECLARATION.exec(text);
  if (match) {
    throw new BadInputError('xml_doctype_forbidden', `XML ${match[1]!.toUpperCase()} declarations are not allowed`, {
      offset: match.index,
    });
  }
}

function parseOrdered(text: string, maxDepth: number): OrderedNode[] {
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    processEntities: false,
    htmlEntities: false,
    parseTagValue: false,
    parseAttributeValue: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    cdataPropName: '#cdata',
    trimValues: true,
    // fast-xml-parser allows one level more than maxNestedTags (plus a self-closing leaf).
    maxNestedTags: Math.max(1, maxDepth - 1),
  });
  try {
    return parser.parse(text) as OrderedNode[];
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/nested tags/i.test(message)) {
      throw new LimitExceededError('xml_too_deep', `XML elements are nested deeper than ${maxDepth}`, { limit: maxDepth });
    }
    if (message.includes('[SECURITY]')) throw new BadInputError('xml_forbidden_name', message.slice(0, 200));
    throw new BadInputError('xml_malformed', `malformed XML: ${message.slice(0, 200)}`);
  }
}

/**
 * What an XML file is, from its first bytes (decoded as Latin-1 or UTF-8; UTF-16 NULs are ignored):
 * the root element's namespace decides. Cheap and parser-free, for choosing a channel.
 */
export function sniffXmlKind(firstBytes: string): 'memo' | 'scan-sidecar' | 'unknown' {
  const head = firstBytes
    .replace(/\0/g, '')
    .replace(/^(\uFEFF|\xEF\xBB\xBF|\xFF\xFE|\xFE\xFF)/, '')
    .replace(/<!--[\s\S]*?-->/g, '');
  const root = /<(?![?!/])([^\s/>]+)([^>]*)>/.exec(head);
  if (!root) return 'unknown';
  const qname = root[1]!;
  const colon = qname.indexOf(':');
  const prefix = colon < 0 ? '' : qname.slice(0, colon);
  const local = colon < 0 ? qname : qname.slice(colon + 1);
  const declaration = prefix ? `xmlns:${prefix}` : 'xmlns';
  const ns = new RegExp(`\\s${declaration.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}\\s*=\\s*["']([^"']*)["']`).exec(root[2] ?? '')?.[1];
  if (ns === MEMO_NS && local === 'Message') return 'memo';
  if (ns?.startsWith(SIDECAR_NS_PREFIX)) return 'scan-sidecar';
  return 'unknown';
}
