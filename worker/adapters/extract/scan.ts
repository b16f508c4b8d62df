// Scanned letters: the scan's text (text layer or OCR) is the body; the scanning bureau's sidecar,
// when there is one, gives metadata (a sidecar format's ScanMetadata, the XML mappings' facts). A broken sidecar is a warning: the letter itself still counts.
import { stat } from 'node:fs/promises';
import type { BlobRef, ExtractedContent, Party, Reason, ScanMetadata } from '../../../core/model.js';
import type { ExtractionInput } from '../../../core/ports.js';
import { LimitExceededError, describeError, isBadInput } from '../../../core/errors.js';
import { normalizeMimeType, readPrefix, sanitizeFileName, type ExtractContext } from './files.js';
import { parseSafeXml } from './safe-xml.js';
import { mapSidecar, SIDECAR_FORMATS, unknownSidecarFormat, type SidecarFormat } from './sidecar.js';
import { clipText } from './text.js';

export async function extractScan(ctx: ExtractContext, input: ExtractionInput, sidecarFormats: readonly SidecarFormat[] = SIDECAR_FORMATS): Promise<ExtractedContent> {
  const warnings: Reason[] = [];
  const scan = input.sidecar ? await readSidecar(ctx, input.sidecar, input.blob, sidecarFormats, warnings) : undefined;
  const name = sanitizeFileName(input.fileName, 'scan');
  const result = await ctx.documents.extractText({
    name,
    mimeType: normalizeMimeType(undefined, name),
    path: ctx.blobs.pathOf(input.blob.sha256),
    size: input.blob.size,
  });
  warnings.push(...result.warnings);
  const returnAddress = scan?.returnAddress;
  return {
    channel: 'scan',
    sender: returnAddress ? { name: returnAddress.split(',')[0]!.trim() } : {},
    recipients: scan ? recipientsOf(scan) : [],
    body: clipText(result.text.trim(), ctx.limits.maxTextChars, 'the scanned text', warnings),
    bodySource: result.source,
    ...(result.ocrConfidence !== undefined ? { bodyOcr: { pages: result.pages, meanConfidence: result.ocrConfidence } } : {}),
    attachments: [],
    metadata: scan ? { scan } : {},
    warnings,
  };
}

async function readSidecar(ctx: ExtractContext, sidecar: BlobRef, scan: BlobRef, formats: readonly SidecarFormat[], warnings: Reason[]): Promise<ScanMetadata | undefined> {
  const path = ctx.blobs.pathOf(sidecar.sha256);
  try {
    const { size } = await stat(path);
    const limit = ctx.limits.maxSidecarBytes;
    if (size > limit) throw new LimitExceededError('sidecar_too_large', `the sidecar is ${size} bytes (limit ${limit})`);
    const raw = await readPrefix(ctx.blobs, sidecar.sha256, limit);
    const { root } = parseSafeXml(raw, { maxStructureBytes: limit, maxDepth: ctx.limits.maxXmlDepth });
    // A sidecar format gives ScanMetadata; the tenant's XML mappings give facts. Either makes it known.
    const metadata = mapSidecar(root, formats)?.metadata;
    const mapped = ctx.xmlFacts?.readDocument('sidecar', root, 'the sidecar') ?? false;
    if (!metadata) {
      if (!mapped) throw unknownSidecarFormat(root);
      return undefined;
    }
    const listed = metadata.files?.filter((file) => file.sha256);
    if (listed?.length && !listed.some((file) => file.sha256 === scan.sha256)) {
      warnings.push({
        code: 'extract.sidecar_file_mismatch',
        message: 'the sidecar lists files whose sha256 differs from the scan',
        data: { files: listed.map((file) => file.name) },
      });
    }
    return metadata;
  } catch (error) {
    if (!isBadInput(error)) throw error;
    warnings.push({
      code: 'extract.sidecar_unreadable',
      message: `the scanning bureau's sidecar was ignored: ${describeError(error)}`,
      data: { cause: error.code },
    });
    return undefined;
  }
}

/** The envelope's addressee (often a department) at the customer's CVR. */
function recipientsOf(scan: ScanMetadata): Party[] {
  if (!scan.addressee && !scan.customerCvr) return [];
  return [{ ...(scan.addressee ? { name: scan.addressee } : {}), ...(scan.customerCvr ? { id: scan.customerCvr, idType: 'CVR' as const } : {}) }];
}
