// The real OpenSSH SFTP server started by test/services/sftp.sh (Filudveksling's stand-in): where it
// listens, who may log in with which key, and the local folder its uploads land in (the tests and the
// FK emulator run on the same machine, so they read the uploads there).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.FORDELER_SFTP_DIR || '/tmp/fordeler-sftp';

export const sftpTestServer = {
  host: '127.0.0.1',
  port: Number(process.env.FORDELER_SFTP_PORT || 10022),
  username: 'fordeler-sftp',
  /** The client key authorized for `username` (ed25519, no passphrase). */
  privateKeyFile: join(dir, 'id_ed25519'),
  /** Absolute on the server and locally: there is no chroot. */
  uploadDir: join(dir, 'upload'),
  hostPublicKeyFile: join(dir, 'ssh_host_ed25519_key.pub'),
};

/** The host key's fingerprint as `ssh-keygen -l` prints it (`SHA256:` + unpadded base64 of the key blob). */
export function testHostKeySha256(): string {
  const blob = readFileSync(sftpTestServer.hostPublicKeyFile, 'utf8').trim().split(/\s+/)[1];
  if (!blob) throw new Error(`${sftpTestServer.hostPublicKeyFile} is not an OpenSSH public key`);
  return `SHA256:${createHash('sha256').update(Buffer.from(blob, 'base64')).digest('base64').replace(/=+$/, '')}`;
}

/** Options for createFiludveksling against the test server (the key is read here, as the runtime reads its key file). */
export function testFiludvekslingOptions(overrides: { remoteDir?: string; privateKeyFile?: string; hostKeySha256?: string } = {}) {
  return {
    host: sftpTestServer.host,
    port: sftpTestServer.port,
    username: sftpTestServer.username,
    privateKey: readFileSync(overrides.privateKeyFile ?? sftpTestServer.privateKeyFile),
    hostKeySha256: overrides.hostKeySha256 ?? testHostKeySha256(),
    remoteDir: overrides.remoteDir ?? sftpTestServer.uploadDir,
    timeoutMs: 10_000,
  };
}
