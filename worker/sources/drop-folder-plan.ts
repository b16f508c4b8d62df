// What a drop folder takes, decided from file names and how long each file has stood still. Pure: the
// folder source (drop-folder.ts) does the listing, timing and moving.
import { extname } from 'node:path';
import type { Channel } from '../../core/model.js';
import { maskCprFully } from '../../classifiers/entities/cpr.js';

/**
 * Names of uploads still in progress, never taken: WinSCP writes `<name>.filepart` and renames it when
 * done; browsers and many transfer tools use `.part`, `.partial`, `.crdownload` or `.tmp`; editors and
 * Office leave `<name>~` backups and `~$<name>` lock files. rsync, macOS (`.DS_Store`, `._name`) and
 * several SFTP servers use dot-files, which are ignored as well. OpenSSH sftp, FileZilla and SMB clients
 * write the final name in place: for those the settle time is the guard.
 */
const PARTIAL_UPLOAD_SUFFIXES = ['.part', '.partial', '.tmp', '.filepart', '.crdownload', '~'];
/** Files Windows Explorer creates by itself in shared folders. */
const SYSTEM_FILES = new Set(['thumbs.db', 'desktop.ini']);

export const SIDECAR_SUFFIX = '.meta.xml';
/** The scanning bureaus deliver PDF, TIFF, PNG and JPEG. */
const SCAN_EXTENSIONS = new Set(['.pdf', '.tif', '.tiff', '.png', '.jpg', '.jpeg']);

export function isIgnoredName(name: string): boolean {
  const lower = name.toLowerCase();
  return (
    name.startsWith('.') ||
    name.startsWith('~$') ||
    SYSTEM_FILES.has(lower) ||
    PARTIAL_UPLOAD_SUFFIXES.some((suffix) => lower.endsWith(suffix))
  );
}

export function isSidecarName(name: string): boolean {
  return name.toLowerCase().endsWith(SIDECAR_SUFFIX) && name.length > SIDECAR_SUFFIX.length;
}

function isScanName(name: string): boolean {
  return SCAN_EXTENSIONS.has(extname(name).toLowerCase());
}

/** `d0051.pdf` → `d0051`; the sidecar `d0051.meta.xml` has the same stem (pairing as in files.ts). */
function stemOf(name: string): string {
  return isSidecarName(name) ? name.slice(0, -SIDECAR_SUFFIX.length) : name.slice(0, name.length - extname(name).length);
}

/** A file in the folder and how long its size and mtime have been unchanged. */
export interface ObservedFile {
  name: string;
  unchangedMs: number;
}

export interface PlannedItem {
  file: string;
  channel: Channel;
  sidecar?: string;
}

export interface FolderPlan {
  items: PlannedItem[];
  /** Settled files this folder does not take: they are moved to failed/ with a reason. */
  unexpected: string[];
  /** Sidecars whose scan has not arrived within the sidecar wait (they keep waiting). */
  lonelySidecars: string[];
}

export interface PlanTiming {
  settleMs: number;
  /** Scan folders only. */
  sidecarWaitMs: number;
}

/** Digital Post: every settled `.xml` is one item; the extractor decides whether it really is MeMo. */
export function planDigitalPost(files: readonly ObservedFile[], { settleMs }: Pick<PlanTiming, 'settleMs'>): FolderPlan {
  const plan: FolderPlan = { items: [], unexpected: [], lonelySidecars: [] };
  for (const file of sortedByName(files)) {
    if (file.unchangedMs < settleMs) continue;
    if (extname(file.name).toLowerCase() === '.xml') plan.items.push({ file: file.name, channel: 'digitalpost' });
    else plan.unexpected.push(file.name);
  }
  return plan;
}

/**
 * Scans: a settled scan is taken with its settled sidecar, or alone once it has waited `sidecarWaitMs`
 * after settling. A sidecar is never an item of its own: it waits for its scan.
 */
export function planScans(files: readonly ObservedFile[], { settleMs, sidecarWaitMs }: PlanTiming): FolderPlan {
  const plan: FolderPlan = { items: [], unexpected: [], lonelySidecars: [] };
  const sorted = sortedByName(files);
  const sidecarsByStem = new Map<string, ObservedFile>();
  for (const file of sorted) if (isSidecarName(file.name)) sidecarsByStem.set(stemOf(file.name), file);
  const pairedSidecars = new Set<string>();
  for (const file of sorted) {
    if (isSidecarName(file.name)) continue;
    if (!isScanName(file.name)) {
      if (file.unchangedMs >= settleMs) plan.unexpected.push(file.name);
      continue;
    }
    const sidecar = sidecarsByStem.get(stemOf(file.name));
    // Like files.ts: with `x.pdf` and `x.tif` beside `x.meta.xml`, the first by name gets the sidecar.
    const ownSidecar = sidecar && !pairedSidecars.has(sidecar.name) ? sidecar : undefined;
    if (ownSidecar) pairedSidecars.add(ownSidecar.name);
    if (file.unchangedMs < settleMs) continue;
    if (ownSidecar) {
      if (ownSidecar.unchangedMs >= settleMs) plan.items.push({ file: file.name, channel: 'scan', sidecar: ownSidecar.name });
    } else if (file.unchangedMs >= settleMs + sidecarWaitMs) {
      plan.items.push({ file: file.name, channel: 'scan' });
    }
  }
  for (const file of sorted) {
    if (isSidecarName(file.name) && !pairedSidecars.has(file.name) && file.unchangedMs >= settleMs + sidecarWaitMs) plan.lonelySidecars.push(file.name);
  }
  return plan;
}

function sortedByName(files: readonly ObservedFile[]): ObservedFile[] {
  return [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** File names (and error messages quoting paths) may carry a CPR number, `0811490294.pdf`; logs never do. */
export function loggable(text: string, maxLength = 200): string {
  return maskCprFully(text).slice(0, maxLength);
}
