// The imap-folder destination: each handed-over item appears as one message in the department's mailbox
// (e.g. `Jobcenter/Indgående`), summary on top and the original attached. Safe to repeat: the Message-ID
// comes from the transaction id and the writer looks for it before APPEND, so a retry after a crash
// between APPEND and the delivery ledger's markSent finds the first copy instead of adding a second.
import type { BlobStore, Handover, HandoverRequest } from '../../../core/ports.js';
import { composeItemMessage } from '../mail/compose.js';
import type { ImapWriter } from '../mail/imap-writer.js';
import { handoverMail } from './item-mail.js';

export interface ImapFolderTarget {
  account: string;
  mailbox: string;
}

export interface ImapFolderHandoverOptions {
  writer: Pick<ImapWriter, 'appendOnce'>;
  blobs: BlobStore;
  /** The imap-folder settings of a destination id; undefined when it has none. */
  destination(id: string): ImapFolderTarget | undefined;
  from: string;
  maxAttachmentBytes: number;
}

export function createImapFolderHandover(options: ImapFolderHandoverOptions): Handover {
  return {
    async deliver(request: HandoverRequest) {
      const target = options.destination(request.destination);
      if (!target) throw new Error(`destination "${request.destination}" is not configured as an imap-folder destination`);
      const mail = handoverMail(request, options);
      const message = await composeItemMessage(mail);
      await options.writer.appendOnce(target.account, target.mailbox, mail.messageId, message);
      return { reference: mail.messageId, code: 'APPENDED', at: new Date() };
    },
  };
}
