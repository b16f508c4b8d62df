// The document a FordelingsobjektAfsend carries: a file uploaded to Filudveksling and named in
// DokumentFilNavn (checked in the local folder the test SFTP server writes into, since the emulator
// runs on the same machine), or the bytes inside the request (DelAttributter/Indhold). The real
// service fetches the file after answering MODTAGET, so a missing or wrong file is a FEJLET business
// receipt, not a fault.
import { statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { SendAnmodning } from '../../sf2900/index.js';

export interface EmulatorDocument {
  name: string;
  size: number;
  via: 'filudveksling' | 'inline';
}

export type DocumentCheck = { ok: true; document?: EmulatorDocument } | { ok: false; reason: string };

export function checkDocument(a: SendAnmodning, filudvekslingDir: string | undefined): DocumentCheck {
  const declared = a.part?.declaredSize;
  if (a.documentFileName && filudvekslingDir) {
    const name = a.documentFileName;
    const size = fileSize(filudvekslingDir, name);
    if (size === undefined) return { ok: false, reason: `Dokumentet ${name} findes ikke på Filudveksling` };
    if (declared !== undefined && declared !== size) {
      return { ok: false, reason: `Dokumentet ${name} på Filudveksling fylder ${size} bytes, men Filstoerrelse er ${declared}` };
    }
    return { ok: true, document: { name, size, via: 'filudveksling' } };
  }
  const inline = a.part?.inlineBytes;
  if (inline !== undefined) {
    if (declared !== undefined && declared !== inline) {
      return { ok: false, reason: `Indholdet af ${a.part?.name} fylder ${inline} bytes, men Filstoerrelse er ${declared}` };
    }
    return { ok: true, document: { name: a.part?.name ?? '', size: inline, via: 'inline' } };
  }
  return { ok: true };
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
