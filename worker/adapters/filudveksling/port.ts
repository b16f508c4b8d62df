// Filudveksling: the SFTP service documents too large for the SOAP request travel by. The handover
// uploads a document under a name of its own choosing and then names it in DokumentFilNavn.
import type { Readable } from 'node:stream';

export interface Filudveksling {
  /**
   * Uploads `size` bytes from `open()` as `name` in the remote folder; the file appears under that
   * name only when complete. Safe to repeat: a complete file of the same size is kept, anything else
   * is replaced. `open` may be called again when the upload is retried on a new connection.
   */
  put(name: string, open: () => Readable, size: number): Promise<{ remoteName: string }>;
  /** Whether a complete file of that name is in the remote folder. */
  exists(name: string): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * The SFTP settings are wrong (authentication refused, host key mismatch, missing remote folder,
 * permission denied): retrying will not help until someone fixes them. Other errors (network,
 * timeouts) are plain errors and worth retrying. Messages name the host and the folder, never the key.
 */
export class FiludvekslingConfigError extends Error {
  override readonly name = 'FiludvekslingConfigError';
}
