// Applies the tenant's XML mappings (xml-mapping.ts) while one item is extracted: the channel readers
// hand it what they parsed (a sidecar's root, MeMo ContentData, an XML attachment's root) and it gathers
// typed facts for metadata.mapped. A value that does not convert, or is cut to its bound, is a warning
// naming the mapping and the fact — never the item's failure. CPR values never appear in a warning.
import type { ExtractedContent, MappedValue, Reason } from '../../../core/model.js';
import { maskCprFully } from '../../../classifiers/entities/cpr.js';
import { MEMO_NS } from './safe-xml.js';
import { clipString, convertValue, elementType, isListType, MAX_STRING } from './xml-convert.js';
import type { AdditionalContentMapping, DocumentMapping, MappingTarget, XmlMapping } from './xml-mapping.js';
import { selectValues } from './xml-path.js';
import { childElements, childText, type XmlElement } from './xml-tree.js';

/** Most values a list fact keeps; the rest are left out with a warning. */
export const MAX_LIST = 100;
/** Most XML attachments of one item read for mappings (each is parsed: bounded work per item). */
export const MAX_XML_ATTACHMENTS = 10;
const MAX_SHOWN = 40;

export interface XmlFacts {
  /** Whether some mapping reads this kind of XML (so the caller can skip reading it). */
  reads(target: MappingTarget): boolean;
  /** Applies the mappings of `target` that recognise the root; true when at least one did. */
  readDocument(target: 'sidecar' | 'xml-attachment', root: XmlElement, source: string): boolean;
  /** Applies the memo-additional-content mappings to a MeMo MessageHeader/ContentData. */
  readAdditionalContent(contentData: XmlElement | undefined): void;
  /** Counts one XML attachment read; false once MAX_XML_ATTACHMENTS were (the caller skips it). */
  takeAttachment(name: string): boolean;
  /** A problem reading an XML attachment for the mappings (recorded, the item is still read). */
  warn(reason: Reason): void;
  /** The content with the facts in metadata.mapped and the mapping warnings added. */
  finish(content: ExtractedContent): ExtractedContent;
}

export function createXmlFacts(mappings: readonly XmlMapping[]): XmlFacts {
  // No prototype: fact names come from configuration (validated, but a name is never a prototype key here).
  const mapped = Object.create(null) as Record<string, MappedValue>;
  const warnings: Reason[] = [];
  const used = new Map<string, string>();
  let attachments = 0;

  const documentMappings = (target: MappingTarget): DocumentMapping[] =>
    mappings.filter((mapping): mapping is DocumentMapping => mapping.appliesTo === target && mapping.appliesTo !== 'memo-additional-content');

  function set(mapping: XmlMapping, fact: { name: string; type: XmlMapping['facts'][number]['type'] }, found: string[]): void {
    const values = found.filter((value) => value.trim() !== '');
    if (values.length === 0) return;
    const type = elementType(fact.type);
    const notes = { mapping: mapping.id, fact: fact.name, type: fact.type };
    const convert = (raw: string): string | number | boolean | null => {
      const value = convertValue(raw, type);
      if (typeof value !== 'string' || type !== 'string') return value;
      const clipped = clipString(value);
      if (clipped.clipped) warnings.push(reason('xml_mapping_value_clipped', `${where(notes)}: a value is longer than ${MAX_STRING} characters and was cut`, notes));
      return clipped.value;
    };
    if (!isListType(fact.type)) {
      const value = convert(values[0]!);
      if (value === null) warnings.push(reason('xml_mapping_value_invalid', `${where(notes)}: ${shown(values[0]!, type)} is not a ${type}; the fact is left out`, notes));
      else mapped[fact.name] = value;
      return;
    }
    if (values.length > MAX_LIST) {
      warnings.push(reason('xml_mapping_value_clipped', `${where(notes)}: ${values.length} values, the first ${MAX_LIST} are kept`, { ...notes, count: values.length, limit: MAX_LIST }));
    }
    const converted = values.slice(0, MAX_LIST).map(convert);
    const good = converted.filter((value): value is string | number => value !== null && typeof value !== 'boolean');
    const bad = converted.length - good.length;
    if (bad > 0) {
      const first = values[converted.indexOf(null)]!;
      warnings.push(reason('xml_mapping_value_invalid', `${where(notes)}: ${bad} of ${converted.length} values are not a ${type} (the first: ${shown(first, type)}); they are left out`, { ...notes, invalid: bad }));
    }
    if (good.length > 0) mapped[fact.name] = good as string[] | number[];
  }

  function firstUse(mapping: XmlMapping, source: string): boolean {
    const earlier = used.get(mapping.id);
    if (earlier === undefined) {
      used.set(mapping.id, source);
      return true;
    }
    warnings.push(reason('xml_mapping_repeated', `XML mapping "${mapping.id}" also recognises ${source}; only ${earlier} is read`, { mapping: mapping.id, source, readFrom: earlier }));
    return false;
  }

  return {
    reads: (target) => mappings.some((mapping) => mapping.appliesTo === target),
    readDocument(target, root, source) {
      const matching = documentMappings(target).filter((m) => m.document.namespace === root.ns && m.document.root === root.name);
      for (const mapping of matching) {
        if (!firstUse(mapping, source)) continue;
        const namespaces = { ns: mapping.document.namespace, ...(mapping.namespaces ? { prefixes: mapping.namespaces } : {}) };
        for (const fact of mapping.facts) set(mapping, fact, selectValues(root, namespaces, fact.path));
      }
      return matching.length > 0;
    },
    readAdditionalContent(contentData) {
      const entries = childElements(contentData, MEMO_NS, 'AdditionalContentData').map((entry) => ({
        name: childText(entry, MEMO_NS, 'contentDataName')?.trim(),
        type: childText(entry, MEMO_NS, 'contentDataType')?.trim(),
        value: childText(entry, MEMO_NS, 'contentDataValue') ?? '',
      }));
      if (entries.length === 0) return;
      const additional = mappings.filter((mapping): mapping is AdditionalContentMapping => mapping.appliesTo === 'memo-additional-content');
      for (const mapping of additional) {
        const mine = entries.filter((entry) => mapping.contentDataType === undefined || entry.type === mapping.contentDataType);
        for (const fact of mapping.facts) set(mapping, fact, mine.filter((entry) => entry.name === fact.contentDataName).map((entry) => entry.value));
      }
    },
    takeAttachment(name) {
      attachments += 1;
      if (attachments === MAX_XML_ATTACHMENTS + 1) {
        warnings.push(reason('xml_mapping_skipped', `XML attachment ${name} and later ones were not read for XML mappings: at most ${MAX_XML_ATTACHMENTS} are read per item`, { file: name, limit: MAX_XML_ATTACHMENTS }));
      }
      return attachments <= MAX_XML_ATTACHMENTS;
    },
    warn: (found) => warnings.push(found),
    finish(content) {
      if (Object.keys(mapped).length === 0 && warnings.length === 0) return content;
      return {
        ...content,
        metadata: Object.keys(mapped).length > 0 ? { ...content.metadata, mapped: { ...mapped } } : content.metadata,
        warnings: [...content.warnings, ...warnings],
      };
    },
  };
}

function where(notes: { mapping: string; fact: string }): string {
  return `XML mapping "${notes.mapping}", fact "${notes.fact}"`;
}

/** A value for a warning: never a CPR number (a `cpr` fact's value is not shown at all), at most 40 characters. */
function shown(value: string, type: string): string {
  if (type === 'cpr') return 'the value';
  return `"${maskCprFully(value.trim().slice(0, MAX_SHOWN))}"`;
}

function reason(code: string, message: string, data: Record<string, unknown>): Reason {
  return { code: `extract.${code}`, message, data };
}
