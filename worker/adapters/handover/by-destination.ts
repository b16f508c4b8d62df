// Which handover serves which destination: each configured destination by its kind (Fordelingskomponenten,
// a department's IMAP folder, a functional mailbox by SMTP, the folder outbox); destinations the rules
// name but the work file does not list go to the folder outbox, as before destinations were configured.
// Also opens the mail connections (IMAP writer, SMTP pool) that the rest mailbox and the alerts share.
import type { BlobStore, Handover } from '../../../core/ports.js';
import { createImapFolderHandover } from './imap-folder.js';
import { createSmtpHandover } from './smtp.js';
import { createImapWriter, type ImapWriter } from '../mail/imap-writer.js';
import { createSmtpTransport, type SmtpTransport } from '../mail/smtp-transport.js';
import type { WorkConfig } from '../../runtime/work-config.js';
import type { DestinationConfig } from './destination-config.js';

export interface MailConnections {
  imapWriter?: ImapWriter;
  smtp?: SmtpTransport;
  close(): Promise<void>;
}

const MB = 1024 * 1024;
/** Department mailboxes take what an Outlook mailbox takes; larger originals are referenced, not attached. */
const DEFAULT_MAX_ATTACHMENT_MB = 25;

/** The IMAP writer when anything writes to IMAP, the SMTP pool when anything mails. */
export function openMailConnections(config: WorkConfig): MailConnections {
  const kinds = new Set(Object.values(config.file.destinations).map((d) => d.kind));
  const imapWriter = kinds.has('imap-folder') || config.file.restMailbox ? createImapWriter(config.imap) : undefined;
  const smtp = config.file.smtp && (kinds.has('smtp') || config.file.alerts) ? createSmtpTransport(config.file.smtp) : undefined;
  return {
    ...(imapWriter ? { imapWriter } : {}),
    ...(smtp ? { smtp } : {}),
    async close() {
      await imapWriter?.close();
      smtp?.close();
    },
  };
}

export function createDestinationHandover(
  config: WorkConfig,
  deps: { blobs: BlobStore; outbox: Handover; overdragelse?: Handover; mail: MailConnections },
): Handover {
  const destinations = config.file.destinations;
  const of = <K extends DestinationConfig['kind']>(kind: K) => (id: string) => {
    const destination = destinations[id];
    return destination?.kind === kind ? (destination as Extract<DestinationConfig, { kind: K }>) : undefined;
  };
  const maxAttachmentBytes = (config.file.restMailbox?.maxAttachmentMB ?? DEFAULT_MAX_ATTACHMENT_MB) * MB;
  const from = config.file.smtp?.from ?? 'Fordeler <fordeler@localhost>';
  const byKind: Partial<Record<DestinationConfig['kind'], Handover>> = {
    folder: deps.outbox,
    ...(deps.overdragelse ? { overdragelse: deps.overdragelse } : {}),
    ...(deps.mail.imapWriter ? { 'imap-folder': createImapFolderHandover({ writer: deps.mail.imapWriter, blobs: deps.blobs, destination: of('imap-folder'), from, maxAttachmentBytes }) } : {}),
    ...(deps.mail.smtp && config.file.smtp ? { smtp: createSmtpHandover({ transport: deps.mail.smtp, from: config.file.smtp.from, destination: of('smtp'), blobs: deps.blobs, maxAttachmentBytes }) } : {}),
  };
  return {
    deliver(request) {
      const kind = destinations[request.destination]?.kind ?? 'folder';
      const handover = byKind[kind];
      // The work file's own checks make this unreachable; kept so a gap is a clear failure, not a wrong receiver.
      if (!handover) throw new Error(`destination "${request.destination}" (${kind}) has no handover configured`);
      return handover.deliver(request);
    },
  };
}
