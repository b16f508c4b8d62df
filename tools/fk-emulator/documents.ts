// The documents a FordelingsobjektAfsend carries, one per variant: a file uploaded to Filudveksling and named in
// its Location or DokumentFilNavn (checked in the local folder the test SFTP server writes into, since the emulator
// runs on the same machine), or the bytes inside the request (DelAttributter/Indhold). The real
// service fetches the file after answering MODTAGET, so a missing or wrong file is a FEJLET business
// receipt, not a fault.
import { statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { DocumentPart, SendAnmodning } from '../../sf2900/index.js';

export interface EmulatorDocument {
  name: string;
  size: number;
  via: 'filudveksling' | 'inline';
}

export type DocumentCheck = { ok: true; document?: EmulatorDocument; documents: EmulatorDocument[] } | { ok: false; reason: string };

/**
 * Every part (variant) of the document: one named by its Location (or, for the first part, by
 * DokumentFilNavn) must be on Filudveksling with its declared size; an inline one must hold its declared
 * size. `document` is the first part, as the statistics report it.
 */
export function checkDocument(a: SendAnmodning, filudvekslingDir: string | undefined): DocumentCheck {
  const parts = a.parts ?? (a.part ? [a.part] : []);
  const documents: EmulatorDocument[] = [];
  for (const [index, part] of parts.entries()) {
    const remote = part.location ?? (index === 0 ? a.documentFileName : undefined);
    const checked = remote && filudvekslingDir ? checkUploaded(remote, part.declaredSize, filudvekslingDir) : checkInline(part);
    if (typeof checked === 'string') return { ok: false, reason: checked };
    if (checked) documents.push(checked);
  }
  if (!parts.length && a.documentFileName && filudvekslingDir) {
    const checked = checkUploaded(a.documentFileName, undefined, filudvekslingDir);
    if (typeof checked === 'string') return { ok: false, reason: checked };
    documents.push(checked);
  }
  return { ok: true, ...(documents[0] ? { document: documents[0] } : {}), documents };
}

function checkUploaded(name: string, declared: number | undefined, dir: string): EmulatorDocument | string {
  const size = fileSize(dir, name);
  if (size === undefined) return `Dokumentet ${name} findes ikke på Filudveksling`;
  if (declared !== undefined && declared !== size) return `Dokumentet ${name} på Filudveksling fylder ${size} bytes, men Filstoerrelse er ${declared}`;
  return { name, size, via: 'filudveksling' };
}

function checkInline(part: DocumentPart): EmulatorDocument | string | undefined {
  const inline = part.inlineBytes;
  if (inline === undefined) return undefined;
  if (part.declaredSize !== undefined && part.declaredSize !== inline) return `Indholdet af ${part.name} fylder ${inline} bytes, men Filstoerrelse er ${part.declaredSize}`;
  return { name: part.name, size: inline, via: 'inline' };
}

/** Size of a plain file directly in `dir`; a name with a path in it never leaves the folder. */
function fileSize(dir: string, name: string): number | undefined {
  if (basename(name) !== name || name.startsWith('.')) return undefined;
  try {
    const stats = statSync(join(dir, name));
    return stats.isFile() ? stats.size : undefined;
  } catch {
    return undefined;
  }
}
