// Files given on the command line enter like everything else: through the Intake (bytes → blob store →
// item row → first job). This only says what a file is as an incoming item — its source name, its
// sidecar, and its Message-ID (e-mail) or messageUUID (MeMo), so a re-sent message is a duplicate here
// as it is from a mailbox or a drop folder.
import { constants } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { readMemoMessageUuid } from './drop-folder-memo-uuid.js';
import type { FileInput } from './files.js';
import type { IncomingItem, Intake, IntakeResult } from './intake.js';
import { readMailMessageId } from './message-id.js';

/** The source name of a file given on the command line: its absolute path. */
export function fileSource(path: string): string {
  return `file:${resolve(path)}`;
}

export async function fileToIncoming(input: FileInput, source = fileSource(input.path)): Promise<IncomingItem> {
  await refuseLink(input.path);
  if (input.sidecarPath) await refuseLink(input.sidecarPath);
  const messageId = await readMessageId(input).catch(() => undefined);
  return {
    channel: input.channel,
    source,
    fileName: basename(input.path),
    ...(messageId ? { messageId } : {}),
    bytes: readLazily(input.path),
    ...(input.sidecarPath ? { sidecar: readLazily(input.sidecarPath) } : {}),
  };
}

export async function receiveFile(intake: Intake, input: FileInput, source?: string): Promise<IntakeResult> {
  return intake.receive(await fileToIncoming(input, source));
}

/**
 * A symbolic link is never followed into the store: `fordeler process ./post/brev.pdf` where brev.pdf points at
 * /etc/shadow must not copy it. Checked before anything is read, and again at open (O_NOFOLLOW) against a swap.
 */
async function refuseLink(path: string): Promise<void> {
  if ((await lstat(path)).isSymbolicLink()) throw new Error(`${basename(path)} is a symbolic link; Fordeler does not follow links into its store — give the file itself`);
}

/** Opens the file only when the Intake starts reading, so a refused item leaves no open file behind. */
async function* readLazily(path: string): AsyncIterable<Uint8Array> {
  const file = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  yield* file.createReadStream();
}

function readMessageId(input: FileInput): Promise<string | undefined> {
  if (input.channel === 'email') return readMailMessageId(input.path);
  if (input.channel === 'digitalpost') return readMemoMessageUuid(input.path);
  return Promise.resolve(undefined);
}
