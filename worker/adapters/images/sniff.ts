// Content type from magic bytes: a file's name and declared MIME type are only hints.

export type SniffedKind = 'pdf' | 'png' | 'jpeg' | 'tiff' | 'gif' | 'bmp' | 'webp' | 'pnm' | 'unknown';

const startsWith = (head: Uint8Array, bytes: number[], at = 0) => bytes.every((b, i) => head[at + i] === b);

/** Looks at the first bytes (≥ 16 are enough). PDFs may have junk before `%PDF-` (allowed in the first 1 KB). */
export function sniffKind(head: Uint8Array): SniffedKind {
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (startsWith(head, [0x47, 0x49, 0x46, 0x38])) return 'gif';
  if (startsWith(head, [0x42, 0x4d])) return 'bmp';
  if (startsWith(head, [0x52, 0x49, 0x46, 0x46]) && startsWith(head, [0x57, 0x45, 0x42, 0x50], 8)) return 'webp';
  if (head[0] === 0x50 && head[1] !== undefined && head[1] >= 0x31 && head[1] <= 0x36 && isSpace(head[2])) return 'pnm';
  const pdfAt = indexOf(head.subarray(0, 1024), [0x25, 0x50, 0x44, 0x46, 0x2d]);
  if (pdfAt >= 0) return 'pdf';
  return 'unknown';
}

function isSpace(b: number | undefined): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

function indexOf(haystack: Uint8Array, needle: number[]): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** The kind a MIME type claims, for files whose bytes do not say (e.g. text). */
export function kindFromMimeType(mimeType: string): SniffedKind | 'text' {
  const type = mimeType.toLowerCase().split(';')[0]?.trim() ?? '';
  if (type === 'application/pdf') return 'pdf';
  if (type === 'image/png') return 'png';
  if (type === 'image/jpeg' || type === 'image/jpg' || type === 'image/pjpeg') return 'jpeg';
  if (type === 'image/tiff' || type === 'image/tif') return 'tiff';
  if (type === 'image/gif') return 'gif';
  if (type === 'image/bmp' || type === 'image/x-ms-bmp') return 'bmp';
  if (type.startsWith('text/plain')) return 'text';
  return 'unknown';
}
