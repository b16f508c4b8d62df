// Scanning-bureau sidecars (`<scan>.meta.xml`) as declarative formats: each ScanMetadata field is a
// path of element names (optionally ending in `@attribute`) below the root, all in the format's
// namespace. Another bureau's format is one more SidecarFormat, no new code.
import type { ScanMetadata } from '../../../core/model.js';
import { BadInputError } from '../../../core/errors.js';
import { parseSafeXml } from './safe-xml.js';
import type { XmlElement } from './xml-tree.js';

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
  const format = formats.find((f) => f.namespace === root.ns && f.root === root.name);
  if (!format) {
    throw new BadInputError('sidecar_unknown_format', `unknown sidecar format: ${root.name.slice(0, 100)} in namespace "${root.ns.slice(0, 100)}"`);
  }
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
  for (const element of elementsAt(root, ns, spec.path.split('/')).slice(0, MAX_FILES)) {
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

/** Values at `a/b/c` (element texts) or `a/b/@attr` (attribute values) below `element`. */
function select(element: XmlElement, ns: string, path: string): string[] {
  const steps = path.split('/');
  const last = steps[steps.length - 1]!;
  if (last.startsWith('@')) {
    return elementsAt(element, ns, steps.slice(0, -1))
      .map((found) => found.attrs[last.slice(1)])
      .filter((value): value is string => value !== undefined)
      .map((value) => value.trim());
  }
  return elementsAt(element, ns, steps).map((found) => found.text);
}

function elementsAt(element: XmlElement, ns: string, steps: string[]): XmlElement[] {
  let current = [element];
  for (const step of steps) {
    if (!step) continue;
    current = current.flatMap((parent) => parent.children.filter((child) => child.ns === ns && child.name === step));
  }
  return current;
}
