// File operations on one SFTP session, on ssh2's SFTPWrapper directly: it keeps concurrent requests
// apart by request id, whereas ssh2-sftp-client's per-call listeners share flags on the client and
// are not safe when two deliveries use the connection at once.
//
// writeRemoteFile streams a file without holding it: at most MAX_IN_FLIGHT writes (one source chunk
// each, ~64 KiB) are outstanding, so memory stays near a megabyte whatever the size, and the writes are
// pipelined (one at a time would wait a network round trip per chunk).
import type { Readable } from 'node:stream';
import type SftpClient from 'ssh2-sftp-client';

export type SftpSession = Awaited<ReturnType<SftpClient['connect']>>;
type RawStats = Parameters<Parameters<SftpSession['stat']>[1]>[1];

const MAX_IN_FLIGHT = 16;

/** SFTP status codes (draft-ietf-secsh-filexfer-02) that ssh2 puts in `error.code`. */
export const SFTP_STATUS = { noSuchFile: 2, permissionDenied: 3 } as const;

type Done<T> = (error: Error | null | undefined, value: T) => void;

function call<T = void>(start: (done: Done<T>) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    try {
      start((error, value) => (error ? reject(error) : resolve(value)));
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}

export interface RemoteStat {
  size: number;
  isFile: boolean;
  isDirectory: boolean;
}

/** stat(), or undefined when nothing has that path. */
export async function statRemote(sftp: SftpSession, path: string): Promise<RemoteStat | undefined> {
  try {
    const stats = await call<RawStats>((done) => sftp.stat(path, done));
    return { size: stats.size, isFile: stats.isFile(), isDirectory: stats.isDirectory() };
  } catch (error) {
    if ((error as { code?: unknown }).code === SFTP_STATUS.noSuchFile) return undefined;
    throw error;
  }
}

/**
 * Moves `from` onto `to`, replacing it atomically where the server has OpenSSH's posix-rename
 * (plain SFTP rename refuses an existing target; without the extension it is removed first).
 */
export async function replaceRemote(sftp: SftpSession, from: string, to: string): Promise<void> {
  try {
    await call((done) => sftp.ext_openssh_rename(from, to, (error) => done(error, undefined)));
    return;
  } catch (error) {
    if (!/does not support/i.test((error as Error).message)) throw error;
  }
  await call((done) => sftp.unlink(to, (error) => done(error, undefined))).catch((error: { code?: unknown }) => {
    if (error.code !== SFTP_STATUS.noSuchFile) throw error;
  });
  await call((done) => sftp.rename(from, to, (error) => done(error, undefined)));
}

/** Writes `source` to `path` (created or truncated) and returns the bytes written. */
export async function writeRemoteFile(sftp: SftpSession, path: string, source: Readable, stallMs: number): Promise<number> {
  const handle = await call<Buffer>((done) => sftp.open(path, 'w', done));
  let open = true;
  try {
    const written = await guardStall(stallMs, (progress) => pipelinedWrites(sftp, handle, source, progress), () => source.destroy());
    // Durable before it gets its final name (OpenSSH's fsync extension; skipped where missing).
    await call((done) => sftp.ext_openssh_fsync(handle, (error) => done(error, undefined))).catch((error: Error) => {
      if (!/does not support/i.test(error.message)) throw error;
    });
    open = false;
    await call((done) => sftp.close(handle, (error) => done(error, undefined)));
    return written;
  } finally {
    if (open) sftp.close(handle, () => undefined);
  }
}

async function pipelinedWrites(sftp: SftpSession, handle: Buffer, source: Readable, progress: () => void): Promise<number> {
  const pending = new Set<Promise<void>>();
  let failure: unknown;
  let position = 0;
  for await (const piece of source as AsyncIterable<Uint8Array>) {
    const chunk = Buffer.isBuffer(piece) ? piece : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    const at = position;
    position += chunk.length;
    const write: Promise<void> = call((done) => sftp.write(handle, chunk, 0, chunk.length, at, (error) => done(error, undefined)))
      .then(progress, (error: unknown) => void (failure ??= error))
      .finally(() => pending.delete(write));
    pending.add(write);
    while (pending.size >= MAX_IN_FLIGHT && failure === undefined) await Promise.race(pending);
    if (failure !== undefined) break;
  }
  await Promise.all(pending);
  if (failure !== undefined) throw failure;
  return position;
}

/** Fails `work` when it makes no progress for `stallMs` (a hung server would otherwise hold the job forever). */
function guardStall<T>(stallMs: number, work: (progress: () => void) => Promise<T>, onStall: () => void): Promise<T> {
  return new Promise((resolve, reject) => {
    let last = Date.now();
    const timer = setInterval(() => {
      if (Date.now() - last <= stallMs) return;
      clearInterval(timer);
      onStall();
      reject(new Error(`no upload progress for ${stallMs / 1000} s`));
    }, Math.max(50, Math.min(1_000, stallMs / 4)));
    work(() => (last = Date.now())).then(
      (value) => {
        clearInterval(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearInterval(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
