// Moving files out of a drop folder without ever overwriting or losing one: into processed/<date>/
// once stored, or into failed/ with a `<name>.error.json` that says why.
import { constants } from 'node:fs';
import { copyFile, link, mkdir, open, rm, unlink, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { SIDECAR_SUFFIX } from './drop-folder-plan.js';

const MAX_SUFFIX = 10_000;
/** link() is not supported across file systems (EXDEV) nor on some network shares: copy instead. */
const LINK_UNSUPPORTED = new Set(['EXDEV', 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

export interface FailureNote {
  code: string;
  message: string;
  /** Written next to the moved file as `<name>.error.json`. Never file contents. */
  details: Record<string, unknown>;
}

/**
 * Moves `files` (a scan and its sidecar travel together and keep a common stem) into `dir`. When a name
 * is taken there, all get the same suffix: `d0051-2.pdf` + `d0051-2.meta.xml`. With `note`, a
 * `<first name>.error.json` is written beside them. Returns the new paths.
 */
export async function moveWithoutOverwriting(files: readonly string[], dir: string, note?: FailureNote): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  for (let attempt = 1; attempt <= MAX_SUFFIX; attempt++) {
    const targets = files.map((file) => join(dir, withSuffix(basename(file), attempt)));
    const notePath = note ? `${targets[0]}.error.json` : undefined;
    const placed = await placeAll(files, targets, notePath, note);
    if (!placed) continue;
    await syncFolder(dir);
    // Only now that every file is durably in its new place are the originals removed.
    await removeOriginals(files, targets);
    return targets;
  }
  throw new Error(`no free name for ${basename(files[0] ?? '')} in ${dir}`);
}

/**
 * If an original cannot be removed (no write permission on the drop folder), its new copy is removed
 * again: otherwise every poll would store it again and leave one more copy behind.
 */
async function removeOriginals(files: readonly string[], targets: readonly string[]): Promise<void> {
  for (const [index, file] of files.entries()) {
    try {
      await unlink(file);
    } catch (error) {
      for (const target of targets.slice(index)) await rm(target, { force: true });
      throw error;
    }
  }
}

/** Places every file (and the note) under its target name; false, with nothing left behind, if one is taken. */
async function placeAll(files: readonly string[], targets: readonly string[], notePath: string | undefined, note: FailureNote | undefined): Promise<boolean> {
  const created: string[] = [];
  try {
    if (notePath && note) {
      // `wx` both writes the note and claims the name; a stale note from an earlier file is never replaced.
      await writeFile(notePath, `${JSON.stringify({ code: note.code, message: note.message, ...note.details }, null, 2)}\n`, { flag: 'wx' });
      created.push(notePath);
    }
    for (const [index, file] of files.entries()) {
      const target = targets[index]!;
      await placeWithoutOverwriting(file, target);
      created.push(target);
    }
    return true;
  } catch (error) {
    // The originals are untouched; what was created here are extra links or copies, safe to remove.
    for (const path of created) await rm(path, { force: true });
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** A second name for the file (or an exclusive copy); fails with EEXIST instead of replacing a file. */
async function placeWithoutOverwriting(from: string, to: string): Promise<void> {
  try {
    await link(from, to);
  } catch (error) {
    if (!LINK_UNSUPPORTED.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
    await copyFile(from, to, constants.COPYFILE_EXCL);
    await syncFile(to);
  }
}

/** `brev.pdf`, 2 → `brev-2.pdf`; a sidecar keeps its double extension: `brev-2.meta.xml`. */
function withSuffix(name: string, attempt: number): string {
  if (attempt === 1) return name;
  const extension = name.toLowerCase().endsWith(SIDECAR_SUFFIX) ? name.slice(-SIDECAR_SUFFIX.length) : extname(name);
  return `${name.slice(0, name.length - extension.length)}-${attempt}${extension}`;
}

/** The day folder below processed/, in the server's local time (what the staff look for). */
export function dayFolder(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Whether a file that failed to be stored is still there and readable, by opening it. */
export async function probeFile(path: string): Promise<'readable' | 'vanished' | 'unreadable' | 'unknown'> {
  try {
    const handle = await open(path, 'r');
    await handle.close();
    return 'readable';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'vanished';
    if (code === 'EACCES' || code === 'EPERM') return 'unreadable';
    return 'unknown';
  }
}

/** Best effort: some network file systems refuse fsync on a folder (EINVAL). */
async function syncFolder(path: string): Promise<void> {
  try {
    await syncFile(path);
  } catch (error) {
    if (!['EINVAL', 'ENOTSUP', 'EISDIR', 'EPERM'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
  }
}

async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
