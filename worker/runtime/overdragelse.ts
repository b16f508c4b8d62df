// The SF2900 client and handover for the configured `overdragelse` destinations, with Filudveksling (SFTP)
// for documents above the inline limit. Certificate and key files are read once at start-up.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { BlobStore, Handover } from '../../core/ports.js';
import { createFiludveksling } from '../adapters/filudveksling/index.js';
import { createOverdragelseHandover, type OverdragelseDestination } from '../adapters/handover/overdragelse-handover.js';
import { createOverdragelseClient } from '../adapters/overdragelse/client.js';
import type { WorkConfig, WorkFile } from './work-config.js';

export async function openOverdragelse(config: WorkConfig, blobs: BlobStore): Promise<{ handover: Handover; close(): Promise<void> } | undefined> {
  const settings = config.file.overdragelse;
  if (!settings) return undefined;
  const read = (path: string) => readFile(resolve(config.baseDir, path));
  const secret = (name: string | undefined) => (name && process.env[name] ? { passphrase: process.env[name]! } : {});
  const tls = settings.tls
    ? {
        cert: await read(settings.tls.certFile),
        key: await read(settings.tls.keyFile),
        ...(settings.tls.caFile ? { ca: await read(settings.tls.caFile) } : {}),
        ...secret(settings.tls.passphraseEnv),
      }
    : undefined;
  const client = createOverdragelseClient({
    endpoint: settings.endpoint,
    municipalityCvr: settings.municipalityCvr,
    systemUuid: settings.systemUuid,
    timeoutMs: settings.timeoutSeconds * 1000,
    ...(tls ? { tls } : {}),
  });
  const sftp = config.file.filudveksling;
  const filudveksling = sftp
    ? createFiludveksling({
        host: sftp.host,
        port: sftp.port,
        username: sftp.username,
        privateKey: await read(sftp.privateKeyFile),
        ...secret(sftp.passphraseEnv),
        hostKeySha256: sftp.hostKeySha256,
        remoteDir: sftp.remoteDir,
        timeoutMs: sftp.timeoutSeconds * 1000,
      })
    : undefined;
  const destinations = overdragelseDestinations(config.file);
  const handover = createOverdragelseHandover({
    client,
    blobs,
    ...(filudveksling ? { filudveksling } : {}),
    inlineLimitBytes: settings.inlineLimitMB * 1024 * 1024,
    checkReceivers: settings.checkReceivers,
    // The municipality is never a party of its own incoming letter.
    ownCvrs: [settings.municipalityCvr],
    destination: (id) => destinations.get(id),
  });
  return {
    handover,
    async close() {
      client.close();
      await filudveksling?.close();
    },
  };
}

/** The `overdragelse` destinations of a work file, with what each asks of the hand-over. */
export function overdragelseDestinations(file: Pick<WorkFile, 'destinations'>): Map<string, OverdragelseDestination> {
  const destinations = new Map<string, OverdragelseDestination>();
  for (const [id, destination] of Object.entries(file.destinations)) {
    if (destination.kind !== 'overdragelse') continue;
    destinations.set(id, {
      ...(destination.receiverSystemUuid ? { receiverSystemUuid: destination.receiverSystemUuid } : {}),
      ...(destination.handlingFacet ? { handlingFacet: destination.handlingFacet } : {}),
      ...(destination.includeMemoXml ? { includeMemoXml: true } : {}),
    });
  }
  return destinations;
}
