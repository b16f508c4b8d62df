// File source: turns paths given on the command line (files or folders) into inputs with a channel.
// A scanning bureau's `<name>.meta.xml` is paired with the scan `<name>.pdf|tif|…` beside it.
import { open, readdir, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import type { Channel } from '../../core/model.js';
import { sniffXmlKind } from '../adapters/extract/safe-xml.js';

export interface FileInput {
  path: string;
  channel: Channel;
  sidecarPath?: string;
}

const SCAN_EXTENSIONS = new Set(['.pdf', '.tif', '.tiff', '.png', '.jpg', '.jpeg', '.gif', '.bmp']);
const SIDECAR_SUFFIX = '.meta.xml';
const SNIFF_BYTES = 4096;

/** Expands folders (recursively, skipping dot-files), pairs sidecars and decides each file's channel. */
export async function discoverFiles(paths: string[]): Promise<FileInput[]> {
  const files = new Set<string>();
  for (const path of paths) await collect(path, files);
  const sorted = [...files].sort();
  const sidecarFor = new Map<string, string>();
  for (const file of sorted) {
    if (!file.toLowerCase().endsWith(SIDECAR_SUFFIX)) continue;
    const stem = file.slice(0, -SIDECAR_SUFFIX.length);
    const scan = sorted.find((candidate) => candidate !== file && stripExtension(candidate) === stem && SCAN_EXTENSIONS.has(extname(candidate).toLowerCase()));
    if (scan) sidecarFor.set(scan, file);
  }
  const paired = new Set(sidecarFor.values());
  const inputs: FileInput[] = [];
  for (const file of sorted) {
    if (paired.has(file)) continue;
    const sidecarPath = sidecarFor.get(file);
    inputs.push({ path: file, channel: await detectChannel(file), ...(sidecarPath ? { sidecarPath } : {}) });
  }
  return inputs;
}

async function collect(path: string, into: Set<string>): Promise<void> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw new Error(error.code === 'ENOENT' ? `No such file or folder: ${path}` : `Cannot read ${path}: ${error.message}`);
  });
  if (info.isFile()) {
    into.add(path);
    return;
  }
  if (!info.isDirectory()) return;
  for (const entry of await readdir(path, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const child = join(path, entry.name);
    if (entry.isDirectory()) await collect(child, into);
    else if (entry.isFile()) into.add(child);
  }
}

function stripExtension(path: string): string {
  return join(dirname(path), basename(path, extname(path)));
}

/**
 * The extension decides for the well-known kinds; other names are sniffed. A file whose content does
 * not match its name still gets an item: the extractor then says precisely what is wrong with it.
 */
export async function detectChannel(path: string): Promise<Channel> {
  const extension = extname(path).toLowerCase();
  if (extension === '.eml') return 'email';
  if (SCAN_EXTENSIONS.has(extension)) return 'scan';
  const head = await readHead(path);
  if (looksLikeXml(head)) return sniffXmlKind(head) === 'scan-sidecar' ? 'scan' : 'digitalpost';
  if (looksLikeMail(head)) return 'email';
  return extension === '.xml' ? 'digitalpost' : 'scan';
}

async function readHead(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    return buffer.subarray(0, bytesRead).toString('latin1');
  } finally {
    await handle.close();
  }
}

function looksLikeXml(head: string): boolean {
  return /^(\uFEFF|\xEF\xBB\xBF|\xFE\xFF|\xFF\xFE)?\s*</.test(head);
}

/** RFC 5322: the text starts with header fields ("Name: value"), possibly after an mbox "From " line. */
function looksLikeMail(head: string): boolean {
  const lines = head.split(/\r?\n/).slice(0, 10);
  const headerLines = lines.filter((line) => /^[A-Za-z][A-Za-z0-9-]*:[ \t]/.test(line) || /^From /.test(line));
  return headerLines.length >= 1 && /^([A-Za-z][A-Za-z0-9-]*:|From )/.test(lines[0] ?? '');
}
