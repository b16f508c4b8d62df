// Filudveksling over SFTP (ssh2-sftp-client): one connection, opened on first use and opened again
// after it fails. A document is streamed to `<name>.part`, checked for size and renamed onto `<name>`,
// so a receiver polling the folder never picks up half a file, and a retry after a crash either finds
// the complete file (same size: nothing to do) or replaces whatever is there.
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import SftpClient from 'ssh2-sftp-client';
import type { Logger } from '../../runtime/logger.js';
import { FiludvekslingConfigError, type Filudveksling } from './port.js';
import { SFTP_STATUS, replaceRemote, statRemote, writeRemoteFile, type SftpSession } from './remote-file.js';

export interface FiludvekslingOptions {
  host: string;
  port: number;
  username: string;
  /** The private key itself (read from the configured file by the caller); never logged. */
  privateKey: Buffer | string;
  passphrase?: string;
  /** `SHA256:…` as `ssh-keygen -l` prints it; required, so a server with any other host key is refused. */
  hostKeySha256: string;
  /** Absolute folder on the server the documents go to. */
  remoteDir: string;
  /** Connecting, and any stretch of an upload without progress, may take this long. */
  timeoutMs: number;
  logger?: Logger;
}

interface Connection {
  sftp: SftpSession;
  alive(): boolean;
  end(): Promise<void>;
}

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$/;
const KEEPALIVE_MS = 5_000;

export function createFiludveksling(options: FiludvekslingOptions): Filudveksling {
  const { remoteDir, timeoutMs, logger } = options;
  const where = `${options.host}:${options.port}`;
  let current: Promise<Connection> | undefined;

  async function connect(): Promise<Connection> {
    let alive = true;
    let raw: (Error & { level?: string }) | undefined;
    let offeredKey: string | undefined;
    const dead = () => void (alive = false);
    const client = new SftpClient('filudveksling', { error: dead, end: dead, close: dead });
    // ssh2's own error (with `level`) before the wrapper rewrites it: how auth failures are told apart.
    client.on('error', (error: Error & { level?: string }) => void (raw = error));
    const expectedKey = options.hostKeySha256.trim().replace(/=+$/, '');
    if (!/^SHA256:[A-Za-z0-9+/]{43}$/.test(expectedKey)) throw new FiludvekslingConfigError(`Filudveksling ${where}: hostKeySha256 is not a SHA256:… fingerprint as ssh-keygen -l prints it`);
    let sftp: SftpSession;
    try {
      sftp = await client.connect({
        host: options.host,
        port: options.port,
        username: options.username,
        privateKey: options.privateKey,
        ...(options.passphrase ? { passphrase: options.passphrase } : {}),
        readyTimeout: timeoutMs,
        keepaliveInterval: KEEPALIVE_MS,
        keepaliveCountMax: Math.max(1, Math.ceil(timeoutMs / KEEPALIVE_MS)),
        hostVerifier: (key: Buffer): boolean => (offeredKey = fingerprint(key)) === expectedKey,
      });
    } catch (error) {
      await client.end().catch(() => undefined);
      throw connectError(error, raw, offeredKey, expectedKey);
    }
    sftp.on('close', dead);
    const connection: Connection = { sftp, alive: () => alive, end: () => client.end().then(() => undefined, () => undefined) };
    // Checked once per connection, so a wrong `remoteDir` is reported as such and not as a failed write.
    const folder = await statRemote(sftp, remoteDir).catch((error: unknown) => {
      void connection.end();
      throw operationError(error, 'reading the remote folder');
    });
    if (!folder?.isDirectory) {
      void connection.end();
      throw new FiludvekslingConfigError(`Filudveksling ${where}: the remote folder ${remoteDir} ${folder ? 'is not a folder' : 'does not exist'}`);
    }
    logger?.debug({ code: 'filudveksling.connected', host: where }, 'SFTP connected');
    return connection;
  }

  function connectError(error: unknown, raw: (Error & { level?: string }) | undefined, offeredKey: string | undefined, expectedKey: string): Error {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 200);
    if (expectedKey && offeredKey && offeredKey !== expectedKey) {
      return new FiludvekslingConfigError(`Filudveksling ${where}: the server's host key is ${offeredKey}, not the configured hostKeySha256 ${expectedKey}`);
    }
    if (raw?.level === 'client-authentication' || /authentication methods failed/i.test(message)) {
      return new FiludvekslingConfigError(`Filudveksling ${where}: user ${options.username} was refused (key authentication failed); check username and privateKeyFile`);
    }
    if (/parse privateKey|passphrase/i.test(message)) {
      return new FiludvekslingConfigError(`Filudveksling ${where}: the private key cannot be used (${message.replace(/^.*?(Cannot parse|Encrypted)/, '$1')})`);
    }
    return new Error(`Filudveksling ${where}: cannot connect (${message})`, { cause: error });
  }

  function operationError(error: unknown, doing: string): Error {
    if (error instanceof FiludvekslingConfigError) return error;
    const code = (error as { code?: unknown }).code;
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 200);
    if (code === SFTP_STATUS.permissionDenied) return new FiludvekslingConfigError(`Filudveksling ${where}: permission denied ${doing} in ${remoteDir}`);
    if (code === SFTP_STATUS.noSuchFile) return new FiludvekslingConfigError(`Filudveksling ${where}: no such file or folder ${doing} in ${remoteDir}`);
    return new Error(`Filudveksling ${where}: ${doing} failed (${message})`, { cause: error });
  }

  async function connection(): Promise<Connection> {
    if (current) {
      const existing = await current.catch(() => undefined);
      if (existing?.alive()) return existing;
      if (existing) void existing.end();
      current = undefined;
    }
    const attempt = connect();
    current = attempt;
    attempt.catch(() => {
      if (current === attempt) current = undefined;
    });
    return attempt;
  }

  /** Runs `op` on the connection; once more on a fresh one when the old one turns out to be gone. */
  async function withConnection<T>(doing: string, op: (sftp: SftpSession) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const c = await connection();
      try {
        return await op(c.sftp);
      } catch (error) {
        const classified = operationError(error, doing);
        if (classified instanceof FiludvekslingConfigError) throw classified;
        const wasDead = !c.alive();
        // After a failed transfer the session's state is unknown: the next call starts clean.
        void c.end();
        if (!wasDead || attempt >= 2) throw classified;
      }
    }
  }

  return {
    async put(name: string, open: () => Readable, size: number) {
      if (!SAFE_NAME.test(name)) throw new Error(`not a usable remote file name: ${name.slice(0, 80)}`);
      const target = posix.join(remoteDir, name);
      const part = `${target}.part`;
      return withConnection(`uploading ${name}`, async (sftp) => {
        const existing = await statRemote(sftp, target);
        if (existing?.isFile && existing.size === size) {
          logger?.info({ code: 'filudveksling.already_uploaded', name, bytes: size }, 'complete file already on Filudveksling');
          return { remoteName: name };
        }
        const started = performance.now();
        const source = open();
        let written: number;
        try {
          written = await writeRemoteFile(sftp, part, source, timeoutMs);
        } finally {
          source.destroy();
        }
        if (written !== size) throw new Error(`read ${written} bytes of ${name}, expected ${size}`);
        const uploaded = await statRemote(sftp, part);
        if (uploaded?.size !== size) throw new Error(`the server holds ${uploaded?.size ?? 'no'} bytes of ${name}.part, expected ${size}`);
        await replaceRemote(sftp, part, target);
        const seconds = (performance.now() - started) / 1000;
        logger?.info({ code: 'filudveksling.uploaded', name, bytes: size, seconds: Number(seconds.toFixed(2)) }, 'uploaded to Filudveksling');
        return { remoteName: name };
      });
    },
    async exists(name: string) {
      if (!SAFE_NAME.test(name)) return false;
      return withConnection(`looking for ${name}`, async (sftp) => (await statRemote(sftp, posix.join(remoteDir, name)))?.isFile ?? false);
    },
    async close() {
      const pending = current;
      current = undefined;
      const c = await pending?.catch(() => undefined);
      await c?.end();
    },
  };
}

/** OpenSSH's fingerprint: unpadded base64 of the SHA-256 of the host key blob. */
function fingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}
