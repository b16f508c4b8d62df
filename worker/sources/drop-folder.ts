// Drop folders: a scanning bureau's delivery folder (`kind: scan`) or a Digital Post folder
// (`kind: digitalpost`). The Digital Post "SFTP-delivered folder" is the same thing: the SFTP server
// writes into a local folder, which is configured here like any other; nothing SFTP-specific is needed.
//
// Each poll lists the folder (not its sub-folders), waits until a file has stood still for the settle
// time (SFTP and SMB clients write in place), streams it into the Intake and, only once that resolved,
// moves it to processed/<YYYY-MM-DD>/. No file is ever deleted or overwritten: what cannot become an
// item goes to failed/ with a `<name>.error.json`; what fails for an infrastructure reason (database
// down) stays where it is and is tried again. After a crash the files still in the folder are simply
// taken again; the Intake is idempotent, so one already stored is the same item.
import { createReadStream } from 'node:fs';
import { lstat, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Clock } from '../../core/ports.js';
import { describeError } from '../../core/errors.js';
import type { Logger } from '../runtime/logger.js';
import type { DropFolderConfig } from './drop-folder-config.js';
import { readMemoMessageUuid } from './drop-folder-memo-uuid.js';
import { dayFolder, moveWithoutOverwriting, probeFile, type FailureNote } from './drop-folder-moves.js';
import { isIgnoredName, loggable, planDigitalPost, planScans, type FolderPlan, type ObservedFile, type PlannedItem } from './drop-folder-plan.js';
import type { Intake, IntakeResult } from './intake.js';
import type { Source } from './source.js';

export interface DropFolderDeps {
  folder: DropFolderConfig;
  intake: Intake;
  logger: Logger;
  /** For the processed/ day folder. Waiting (settle, sidecar) uses the monotonic clock instead. */
  clock?: Clock;
}

/** A file that failed for a reason outside it is retried after one poll, then less often, at most this far apart. */
const MAX_RETRY_MS = 60_000;

interface Snapshot {
  signature: string;
  /** performance.now() when this size and mtime were first seen. */
  since: number;
}

interface Failure {
  attempts: number;
  retryAt: number;
}

type Outcome = 'done' | 'retry-later';

export function createDropFolderSource({ folder, intake, logger, clock = { now: () => new Date() } }: DropFolderDeps): Source {
  const name = `folder:${folder.id}`;
  const log = logger.child({ source: name });
  const pollMs = folder.pollSeconds * 1000;
  const timing = { settleMs: folder.settleSeconds * 1000, sidecarWaitMs: folder.kind === 'scan' ? folder.sidecarWaitSeconds * 1000 : 0 };
  const snapshots = new Map<string, Snapshot>();
  const failures = new Map<string, Failure>();
  const warnedLonely = new Set<string>();
  /** Files that changed while they were stored: the item made then may be incomplete. */
  const changedWhileStored = new Set<string>();
  let folderUnreadable = false;
  let stopping = false;
  let wake = new AbortController();
  let loop: Promise<void> | undefined;

  async function run(): Promise<void> {
    while (!stopping) {
      try {
        await pollOnce();
      } catch (error) {
        // Never let the loop die: the next poll starts from the folder's contents again.
        log.error({ code: 'intake.poll_failed', error: loggable(describeError(error), 300) }, 'drop folder poll failed');
      }
      if (stopping) break;
      await sleep(pollMs, undefined, { signal: wake.signal }).catch(() => undefined);
    }
  }

  async function pollOnce(): Promise<void> {
    const observed = await observe();
    if (!observed) return;
    const plan: FolderPlan = folder.kind === 'digitalpost' ? planDigitalPost(observed, timing) : planScans(observed, timing);
    warnAboutLonelySidecars(plan.lonelySidecars);
    const now = performance.now();
    const retryAt = (file: string): number => failures.get(file)?.retryAt ?? -1;
    const work: (PlannedItem | { unexpected: string })[] = [...plan.unexpected.map((file) => ({ unexpected: file })), ...plan.items];
    const fileOf = (job: (typeof work)[number]): string => ('unexpected' in job ? job.unexpected : job.file);
    // Files that failed before go last (sort is stable), so one stubborn file cannot hold up the others.
    work.sort((a, b) => retryAt(fileOf(a)) - retryAt(fileOf(b)));
    for (const job of work) {
      if (stopping) return;
      if (retryAt(fileOf(job)) > now) continue;
      const outcome = 'unexpected' in job ? await rejectUnexpected(job.unexpected) : await take(job);
      // Infrastructure trouble: the other files would fail the same way; try again next poll.
      if (outcome === 'retry-later') return;
    }
  }

  /** Lists the folder's regular files (not sub-folders, not symlinks) and how long each stood still. */
  async function observe(): Promise<ObservedFile[] | undefined> {
    let names: string[];
    try {
      names = await readdir(folder.path);
    } catch (error) {
      if (!folderUnreadable) log.error({ code: 'intake.folder_unreadable', error: loggable(describeError(error), 300) }, 'cannot list the drop folder');
      folderUnreadable = true;
      return undefined;
    }
    if (folderUnreadable) log.info({ code: 'intake.folder_readable' }, 'the drop folder can be listed again');
    folderUnreadable = false;
    const now = performance.now();
    const present = new Set<string>();
    for (const file of names) {
      if (isIgnoredName(file)) continue;
      const signature = await signatureOf(file);
      if (signature === undefined) continue;
      present.add(file);
      if (snapshots.get(file)?.signature !== signature) snapshots.set(file, { signature, since: now });
    }
    for (const file of snapshots.keys()) if (!present.has(file)) forget(file);
    return [...present].map((file) => ({ name: file, unchangedMs: now - snapshots.get(file)!.since }));
  }

  /** Size and mtime of a regular file in the folder; undefined for anything else or a file just gone. */
  async function signatureOf(file: string): Promise<string | undefined> {
    const info = await lstat(join(folder.path, file)).catch(() => undefined);
    return info?.isFile() ? `${info.size}:${info.mtimeMs}` : undefined;
  }

  async function take(item: PlannedItem): Promise<Outcome> {
    const files = item.sidecar ? [item.file, item.sidecar] : [item.file];
    const paths = files.map((file) => join(folder.path, file));
    const signatures = files.map((file) => snapshots.get(file)?.signature);
    // Not for a file stored before while incomplete: its complete version would count as a duplicate of it.
    const useMessageId = item.channel === 'digitalpost' && !changedWhileStored.has(item.file);
    const messageId = useMessageId ? await readMemoMessageUuid(paths[0]!).catch(() => undefined) : undefined;
    let result: IntakeResult;
    try {
      result = await intake.receive({
        channel: item.channel,
        source: name,
        fileName: item.file,
        ...(messageId ? { messageId } : {}),
        bytes: readLazily(paths[0]!),
        ...(paths[1] ? { sidecar: readLazily(paths[1]) } : {}),
      });
    } catch (error) {
      return receiveFailed(files, error);
    }
    const fields = { file: loggable(item.file), itemId: result.itemId };
    for (const [index, file] of files.entries()) {
      if ((await signatureOf(file)) !== signatures[index]) {
        // Written to again while it was read: what was stored may be incomplete. Leave it to settle again.
        log.warn({ ...fields, code: 'intake.file_changed_while_reading' }, 'the file changed while it was stored; it is taken again once it settles');
        snapshots.delete(file);
        changedWhileStored.add(item.file);
        return 'done';
      }
    }
    try {
      await moveWithoutOverwriting(paths, join(folder.processedDir, dayFolder(clock.now())));
    } catch (error) {
      // Stored, but still in the folder: the next attempt stores it again (same item) and moves it.
      return retryLater(item.file, 'intake.move_failed', error);
    }
    const code = result.duplicate ? 'intake.duplicate' : result.created ? 'intake.stored' : 'intake.stored_again';
    log.info({ ...fields, code, ...(item.sidecar ? { sidecar: true } : {}), attempts: (failures.get(item.file)?.attempts ?? 0) + 1 }, 'file stored');
    files.forEach(forget);
    return 'done';
  }

  async function receiveFailed(files: string[], error: unknown): Promise<Outcome> {
    for (const [index, file] of files.entries()) {
      const state = await probeFile(join(folder.path, file));
      if (state === 'vanished') {
        // Someone removed or renamed it meanwhile: nothing to move. A scan whose sidecar went is re-planned.
        log.warn({ code: 'intake.file_vanished', file: loggable(file) }, 'the file disappeared before it was stored');
        files.forEach(forget);
        return 'done';
      }
      if (state === 'unreadable') {
        const what = index === 0 ? 'the file' : "the scanning bureau's metadata file";
        return moveToFailed(files, {
          code: 'intake.file_unreadable',
          message: `Fordeler is not allowed to read ${what} "${file}". Give the Fordeler service read access, then move the file back into the folder.`,
        });
      }
    }
    return retryLater(files[0]!, 'intake.receive_failed', error);
  }

  function rejectUnexpected(file: string): Promise<Outcome> {
    const accepted = folder.kind === 'digitalpost' ? 'Digital Post messages (MeMo, .xml)' : 'scanned letters (.pdf, .tif, .tiff, .png, .jpg, .jpeg) and their .meta.xml files';
    return moveToFailed([file], {
      code: 'intake.unexpected_file',
      message: `This folder only takes ${accepted}; "${file}" was set aside unread. If it belongs to another folder, move it there.`,
    });
  }

  async function moveToFailed(files: string[], failure: Omit<FailureNote, 'details'>): Promise<Outcome> {
    const note: FailureNote = { ...failure, details: { file: files[0], ...(files[1] ? { sidecar: files[1] } : {}), folder: folder.id, kind: folder.kind, at: clock.now().toISOString() } };
    try {
      await moveWithoutOverwriting(files.map((file) => join(folder.path, file)), folder.failedDir, note);
    } catch (error) {
      return retryLater(files[0]!, 'intake.move_failed', error);
    }
    log.warn({ code: failure.code, file: loggable(files[0]!) }, 'file moved to the failed folder');
    files.forEach(forget);
    return 'done';
  }

  function retryLater(file: string, code: string, error: unknown): Outcome {
    const attempts = (failures.get(file)?.attempts ?? 0) + 1;
    failures.set(file, { attempts, retryAt: performance.now() + Math.min(pollMs * 2 ** (attempts - 1), MAX_RETRY_MS) });
    // Logged loudly once; while the database stays down, the repeats are debug noise.
    const fields = { code, file: loggable(file), attempts, error: loggable(describeError(error), 300) };
    if (attempts === 1) log.error(fields, 'file not taken yet; it stays in the folder and is tried again');
    else log.debug(fields, 'file still not taken');
    return 'retry-later';
  }

  function warnAboutLonelySidecars(sidecars: string[]): void {
    for (const sidecar of sidecars) {
      if (warnedLonely.has(sidecar)) continue;
      warnedLonely.add(sidecar);
      log.warn({ code: 'intake.sidecar_without_scan', file: loggable(sidecar), waitedSeconds: folder.kind === 'scan' ? folder.sidecarWaitSeconds : 0 }, 'a sidecar is waiting for its scan');
    }
  }

  function forget(file: string): void {
    snapshots.delete(file);
    failures.delete(file);
    warnedLonely.delete(file);
    changedWhileStored.delete(file);
  }

  return {
    name,
    async start() {
      if (loop) return;
      const info = await lstat(folder.path).catch(() => undefined);
      if (!info?.isDirectory()) throw new Error(`drop folder "${folder.id}": ${folder.path} is not a folder`);
      await mkdir(folder.processedDir, { recursive: true });
      await mkdir(folder.failedDir, { recursive: true });
      stopping = false;
      wake = new AbortController();
      loop = run();
      log.info({ code: 'intake.folder_started', kind: folder.kind, path: folder.path }, 'drop folder started');
    },
    async stop() {
      stopping = true;
      wake.abort();
      await loop;
      loop = undefined;
    },
  };
}

/** Opens the file only when the Intake starts reading, so a stream is never left open unread. */
async function* readLazily(path: string): AsyncGenerator<Uint8Array> {
  for await (const chunk of createReadStream(path)) yield chunk as Buffer;
}
