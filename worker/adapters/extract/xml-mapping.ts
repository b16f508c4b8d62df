// The tenant's declarative XML mappings (`xmlMappings` in the work configuration): which XML a mapping
// reads (a scan's sidecar, MeMo AdditionalContentData, an XML attachment), how the document is recognised,
// and which typed facts it gives — so a new bureau format or a sender's extra fields become rule facts
// (`xml`, metadata.mapped) by configuration alone. This file is the configuration and its validation;
// xml-facts.ts applies it during extraction, xml-convert.ts types the values, xml-path.ts walks the paths.
import { z } from 'zod';
import { isValidPath } from '../../../rules/path.js';
import { FACT_TYPES, LIST_TYPES, SCALAR_TYPES, type FactType } from './xml-convert.js';
import { pathPrefixes, PrefixedValuePath, XML_NAME } from './xml-path.js';

export const MAPPING_TARGETS = ['sidecar', 'xml-attachment', 'memo-additional-content'] as const;
export type MappingTarget = (typeof MAPPING_TARGETS)[number];

export const MAX_MAPPINGS = 100;
export const MAX_FACTS_PER_MAPPING = 100;

export interface PathFact {
  name: string;
  path: string;
  type: FactType;
}

export interface ContentDataFact {
  name: string;
  /** The AdditionalContentData entries whose contentDataName is this (exactly, after trimming). */
  contentDataName: string;
  type: FactType;
}

/** Reads a whole XML document: a scan's sidecar or an XML attachment, recognised by its root element. */
export interface DocumentMapping {
  id: string;
  appliesTo: 'sidecar' | 'xml-attachment';
  document: { namespace: string; root: string };
  /** Prefixes the paths may use for elements outside the document's own namespace. */
  namespaces?: Record<string, string>;
  facts: PathFact[];
}

/** Reads a MeMo letter's MessageHeader/ContentData/AdditionalContentData name/value pairs. */
export interface AdditionalContentMapping {
  id: string;
  appliesTo: 'memo-additional-content';
  /** Only entries with this contentDataType; default every entry. */
  contentDataType?: string;
  facts: ContentDataFact[];
}

export type XmlMapping = DocumentMapping | AdditionalContentMapping;

/** One `$.name` segment of a rule path (rules/path.ts). */
const FACT_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const RESERVED_NAMES = new Set(['__proto__', 'constructor', 'prototype']);
const FactName = z
  .string()
  .max(64, 'at most 64 characters')
  .refine(
    (name) => FACT_NAME.test(name) && isValidPath(`$.${name}`) && !RESERVED_NAMES.has(name),
    'a letter or "_" followed by letters, digits, "_" or "-" (English letters only), so a rule can say "$.name", e.g. "sagsnummer"',
  );
const FactTypeSchema = z.enum(FACT_TYPES as [FactType, ...FactType[]], {
  error: () => `unknown type; use one of ${SCALAR_TYPES.join(', ')} or ${LIST_TYPES.join(', ')}`,
});
const Id = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'lower-case letters, digits, ".", "_" and "-", e.g. "skanning-vest"');
const Facts = <T extends z.ZodType>(fact: T) =>
  z.array(fact).min(1, 'a mapping gives at least one fact').max(MAX_FACTS_PER_MAPPING, `at most ${MAX_FACTS_PER_MAPPING} facts per mapping`);

const DocumentMappingSchema = z
  .strictObject({
    id: Id,
    appliesTo: z.enum(['sidecar', 'xml-attachment']),
    document: z.strictObject({
      /** The root element's namespace URI; "" for a document without a namespace. */
      namespace: z.string().max(500),
      root: z.string().regex(XML_NAME, 'the root element\'s name without prefix, e.g. "Leverance"'),
    }),
    namespaces: z
      .record(z.string().regex(XML_NAME, 'a prefix: an XML name without ":"'), z.string().min(1).max(500))
      .refine((record) => Object.keys(record).length <= 20, 'at most 20 prefixes')
      .optional(),
    facts: Facts(z.strictObject({ name: FactName, path: PrefixedValuePath, type: FactTypeSchema })),
  })
  .superRefine((mapping, context) => {
    for (const [index, fact] of mapping.facts.entries()) {
      for (const prefix of pathPrefixes(fact.path)) {
        if (!mapping.namespaces || !Object.hasOwn(mapping.namespaces, prefix)) {
          context.addIssue({ code: 'custom', path: ['facts', index, 'path'], message: `the prefix "${prefix}" is not declared in \`namespaces\`` });
        }
      }
    }
  });

const AdditionalContentMappingSchema = z.strictObject({
  id: Id,
  appliesTo: z.literal('memo-additional-content'),
  contentDataType: z.string().min(1).max(256).optional(),
  facts: Facts(z.strictObject({ name: FactName, contentDataName: z.string().trim().min(1).max(256), type: FactTypeSchema })),
});

const XmlMappingSchema = z.discriminatedUnion('appliesTo', [DocumentMappingSchema, AdditionalContentMappingSchema], {
  error: (issue) => (issue.code === 'invalid_union' ? `unknown appliesTo; use one of ${MAPPING_TARGETS.join(', ')}` : undefined),
});

/** Every mapping id and every fact name once: the facts of all mappings land in one `metadata.mapped`. */
export const XmlMappingsSchema = z
  .array(XmlMappingSchema)
  .max(MAX_MAPPINGS, `at most ${MAX_MAPPINGS} mappings`)
  .superRefine((mappings, context) => {
    const ids = new Map<string, number>();
    const facts = new Map<string, string>();
    for (const [index, mapping] of mappings.entries()) {
      const earlier = ids.get(mapping.id);
      if (earlier !== undefined) context.addIssue({ code: 'custom', path: [index, 'id'], message: `"${mapping.id}" is also the id of xmlMappings[${earlier}]` });
      ids.set(mapping.id, index);
      for (const [factIndex, fact] of mapping.facts.entries()) {
        const owner = facts.get(fact.name);
        if (owner !== undefined) {
          const where = owner === mapping.id ? 'this mapping' : `mapping "${owner}"`;
          context.addIssue({ code: 'custom', path: [index, 'facts', factIndex, 'name'], message: `duplicate fact name "${fact.name}": ${where} gives it too` });
        } else {
          facts.set(fact.name, mapping.id);
        }
      }
    }
  }) satisfies z.ZodType<XmlMapping[]>;

/** Validates configured XML mappings; every problem is named by its place, e.g. `xmlMappings[2].facts[0].path: …`. */
export function parseXmlMappings(input: unknown): XmlMapping[] {
  const parsed = XmlMappingsSchema.safeParse(input);
  if (parsed.success) return parsed.data as XmlMapping[];
  const problems = parsed.error.issues.map((issue) => `${placeOf(issue.path)}: ${issue.message}`);
  throw new Error(`Invalid xmlMappings: ${problems.join('; ')}`);
}

function placeOf(path: PropertyKey[]): string {
  return path.reduce<string>((place, key) => (typeof key === 'number' ? `${place}[${key}]` : `${place}.${String(key)}`), 'xmlMappings');
}
