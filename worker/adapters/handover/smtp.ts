// The smtp destination: each handed-over item is mailed to a functional mailbox, summary on top and the
// original attached (nodemailer streams it from the blob file while sending). The Message-ID comes from
// the transaction id, so the receiving side can recognise a repeat. Unlike IMAP, a repeat cannot be
// prevented here: a crash after the server accepted the mail but before the delivery ledger's markSent
// makes the retry send it again — SMTP has no way to ask whether a message was already received.
import type { BlobStore, Handover, HandoverRequest } from '../../../core/ports.js';
import { itemMailOptions } from '../mail/compose.js';
import type { SmtpTransport } from '../mail/smtp-transport.js';
import { handoverMail } from './item-mail.js';

export interface SmtpTarget {
  to: string;
}

export interface SmtpHandoverOptions {
  transport: Pick<SmtpTransport, 'sendMail'>;
  from: string;
  /** The smtp settings of a destination id; undefined when it has none. */
  destination(id: string): SmtpTarget | undefined;
  blobs: BlobStore;
  maxAttachmentBytes: number;
}

export function createSmtpHandover(options: SmtpHandoverOptions): Handover {
  return {
    async deliver(request: HandoverRequest) {
      const target = options.destination(request.destination);
      if (!target) throw new Error(`destination "${request.destination}" is not configured as an smtp destination`);
      const mail = handoverMail(request, { ...options, to: target.to });
      // Throws when the server is unreachable or refuses the mail, so the deliver job retries.
      const info = await options.transport.sendMail(await itemMailOptions(mail));
      if (info.accepted?.length === 0 || (info.rejected?.length ?? 0) > 0) throw new Error(`SMTP: the recipient of destination "${request.destination}" was not accepted`);
      return { reference: mail.messageId, code: 'SENT', at: new Date() };
    },
  };
}
