// Scanning-bureau sidecars (`<scan>.meta.xml`) as declarative formats: each ScanMetadata field is a
// path of element names (optionally ending in `@attribute`) below the root, all in the format's
// namespace. Another bureau's format is one more SidecarFormat, no new code: it can be given in
// configuration (SidecarFormatSchema) and added to the shipped ones with combineSidecarFormats(). The path
// language is xml-path.ts, shared with the tenant's XML mappings (xml-mapping.ts).
import { z } from 'zod';
import type { ScanMetadata } from '../../../core/model.js';
import { BadInputError } from '../../../core/errors.js';
import { parseSafeXml } from './safe-xml.js';
import type { XmlElement } from './xml-tree.js';
import { ElementPath, elementsAt, selectValues, ValuePath, XML_NAME } from './xml-path.js';

type ScalarField = Exclude<keyof ScanMetadata, 'files'>;

export interface SidecarFormat {
  id: string;
  namespace: string;
  root: string;
  fields: Partial<Record<ScalarField, string>>;
  files?: { path: string; name: string; mimeType?: string; sha256?: string };
}

const NUMERIC_FIELDS: ReadonlySet<ScalarField> = new Set(['pageCount', 'documentTypeConfidence']);
const MAX_VALUE = 1000;
const MAX_FILES = 100;

/** NordScan scanmeta v2 (see the DEV corpus README, section "Sidecar"). */
export const NORDSCAN_V2: SidecarFormat = {
  id: 'nordscan-2',
  namespace: 'urn:nordscan:scanmeta:2',
  root: 'ScanJob',
  fields: {
    batchId: 'Batch/@id',
    scanDate: 'Batch/@scanDate',
    documentId: 'Document/@id',
    customerCvr: 'Document/Customer/@cvr',
    addressee: 'Document/Envelope/Addressee',
    postmarkDate: 'Document/Envelope/PostmarkDate',
    returnAddress: 'Document/Envelope/ReturnAddress',
    remarks: 'Document/Envelope/Remarks',
    pageCount: 'Document/Pages/@count',
    documentType: 'Document/Classification/DocumentType',
    documentTypeConfidence: 'Document/Classification/DocumentType/@confidence',
  },
  files: { path: 'Document/Files/File', name: '@name', mimeType: '@mime', sha256: '@sha256' },
};

export const SIDECAR_FORMATS: readonly SidecarFormat[] = [NORDSCAN_V2];

/** The ScanMetadata fields a format can map (`files` has its own spec). */
export const SCAN_METADATA_FIELDS = [
  'batchId', 'documentId', 'scanDate', 'customerCvr', 'addressee', 'postmarkDate',
  'returnAddress', 'remarks', 'pageCount', 'documentType', 'documentTypeConfidence',
] as const satisfies readonly ScalarField[];
// Fails to compile when ScanMetadata gains a field that is missing above.
const _everyFieldListed: Exclude<ScalarField, (typeof SCAN_METADATA_FIELDS)[number]> extends never ? true : never = true;

const fieldPaths = Object.fromEntries(SCAN_METADATA_FIELDS.map((field) => [field, ValuePath.optional()])) as Record<
  (typeof SCAN_METADATA_FIELDS)[number],
  z.ZodOptional<typeof ValuePath>
>;

/** A SidecarFormat as written in configuration; errors name the field (`fields.customerCvr: …`). */
export const SidecarFormatSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'lower-case letters, digits, ".", "_" and "-", e.g. "skanning-syd-1"'),
    namespace: z.string().min(1).max(500),
    root: z.string().regex(XML_NAME, 'the root element\'s name without prefix, e.g. "ScanJob"'),
    fields: z.strictObject(fieldPaths, {
      error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown field ${issue.keys.join(', ')} (known: ${SCAN_METADATA_FIELDS.join(', ')})` : undefined),
    }),
    files: z.strictObject({ path: ElementPath, name: ValuePath, mimeType: ValuePath.optional(), sha256: ValuePath.optional() }).optional(),
  })
  .refine((format) => Object.keys(format.fields).length > 0 || format.files !== undefined, { message: 'maps no field and no files', path: ['fields'] }) satisfies z.ZodType<SidecarFormat>;

/** Validates configured sidecar formats; the error says which format and which field is wrong. */
export function parseSidecarFormats(input: unknown): SidecarFormat[] {
  const parsed = z.array(SidecarFormatSchema).safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const [index, ...field] = issue.path;
    const entry = Array.isArray(input) && typeof index === 'number' ? (input[index] as { id?: unknown } | undefined) : undefined;
    const which = typeof entry?.id === 'string' ? `"${entry.id.slice(0, 63)}"` : `#${String(index ?? '?')}`;
    return `sidecar format ${which}: ${field.join('.') || '(format)'}: ${issue.message}`;
  });
  throw new Error(`Invalid sidecar formats: ${problems.join('; ')}`);
}

/**
 * The shipped formats followed by the configured ones. Ids must be unique, and so must the (namespace,
 * root) that parseSidecar() recognises a format by: otherwise which mapping applies would be a guess.
 */
export function combineSidecarFormats(configured: readonly SidecarFormat[]): SidecarFormat[] {
  const combined = [...SIDECAR_FORMATS, ...configured];
  for (const [index, format] of combined.entries()) {
    const earlier = combined.slice(0, index);
    const same = earlier.find((other) => other.id === format.id) ?? earlier.find((other) => other.namespace === format.namespace && other.root === format.root);
    if (same) throw new Error(`sidecar format "${format.id}" clashes with "${same.id}": ids and (namespace, root) must be unique`);
  }
  return combined;
}

export interface SidecarLimits {
  maxStructureBytes: number;
  maxDepth: number;
}

/** Parses a sidecar with the first format whose root matches; throws BadInputError otherwise. */
export function parseSidecar(
  raw: Buffer,
  limits: SidecarLimits,
  formats: readonly SidecarFormat[] = SIDECAR_FORMATS,
): { format: string; metadata: ScanMetadata } {
  const { root } = parseSafeXml(raw, limits);
  const mapped = mapSidecar(root, formats);
  if (!mapped) throw unknownSidecarFormat(root);
  return mapped;
}

export function unknownSidecarFormat(root: XmlElement): BadInputError {
  return new BadInputError('sidecar_unknown_format', `unknown sidecar format: ${root.name.slice(0, 100)} in namespace "${root.ns.slice(0, 100)}"`);
}

/** A parsed sidecar read with the first format whose (namespace, root) matches; undefined when none does. */
export function mapSidecar(root: XmlElement, formats: readonly SidecarFormat[] = SIDECAR_FORMATS): { format: string; metadata: ScanMetadata } | undefined {
  const format = formats.find((f) => f.namespace === root.ns && f.root === root.name);
  if (!format) return undefined;
  const metadata: ScanMetadata = {};
  for (const [field, path] of Object.entries(format.fields) as [ScalarField, string][]) {
    const value = select(root, format.namespace, path)[0];
    if (value === undefined || value === '') continue;
    if (NUMERIC_FIELDS.has(field)) {
      const number = Number(value);
      if (Number.isFinite(number)) Object.assign(metadata, { [field]: number });
    } else {
      Object.assign(metadata, { [field]: value.slice(0, MAX_VALUE) });
    }
  }
  if (format.files) metadata.files = filesOf(root, format.namespace, format.files);
  return { format: format.id, metadata };
}

function filesOf(root: XmlElement, ns: string, spec: NonNullable<SidecarFormat['files']>): NonNullable<ScanMetadata['files']> {
  const files: NonNullable<ScanMetadata['files']> = [];
  for (const element of elementsAt(root, { ns }, spec.path.split('/')).slice(0, MAX_FILES)) {
    const name = first(element, ns, spec.name);
    if (!name) continue;
    const mimeType = first(element, ns, spec.mimeType);
    const sha256 = first(element, ns, spec.sha256)?.toLowerCase();
    files.push({ name, ...(mimeType ? { mimeType } : {}), ...(sha256 ? { sha256 } : {}) });
  }
  return files;
}

function first(element: XmlElement, ns: string, path: string | undefined): string | undefined {
  return path ? select(element, ns, path)[0]?.slice(0, MAX_VALUE) : undefined;
}

function select(element: XmlElement, ns: string, path: string): string[] {
  return selectValues(element, { ns }, path);
}
