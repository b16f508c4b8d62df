// What `fordeler work` delivers to and whom it tells: the tenant's destinations (Fordelingskomponenten,
// a department's IMAP folder, a functional mailbox by SMTP, or the folder outbox), Filudveksling (SFTP)
// for large documents, the IMAP rest mailbox with its `Refordel/<destination>` folders, the SMTP
// connection and the batched alerts. Part of the work file (worker/runtime/work-config.ts).
import { z } from 'zod';

const DESTINATION_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const MAILBOX_PATH = z.string().trim().min(1).refine((path) => !path.split('/').some((part) => part === ''), 'no empty levels');

export const DestinationSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('overdragelse'),
    /** Hand over to this receiving system (RoutingModtagerAktoer); without it Fordelingskomponenten routes by the KLE emne. */
    receiverSystemUuid: z.string().uuid().optional(),
    /** HandlingFacetForslag sent with the KLE emne, e.g. G01. */
    handlingFacet: z.string().regex(/^[A-ZÆØÅ]\d\d$/).optional(),
    /** Digital Post: hand over the MeMo XML too, as one more variant after the letter's own documents. */
    includeMemoXml: z.boolean().optional(),
  }).strict(),
  z.object({
    kind: z.literal('imap-folder'),
    /** The id of an entry in `imap` (an account with no `mailboxes` is only written to). */
    account: z.string().min(1),
    mailbox: MAILBOX_PATH,
  }).strict(),
  z.object({ kind: z.literal('smtp'), to: z.string().email() }).strict(),
  /** The folder outbox (`outbox`/<destination>/): the default for destinations not listed. */
  z.object({ kind: z.literal('folder') }).strict(),
]);
export type DestinationConfig = z.infer<typeof DestinationSchema>;

// Keys are checked one by one (zod's own record-key error does not say what a good key looks like).
export const DestinationsSchema = z
  .record(z.string(), DestinationSchema)
  .superRefine((destinations, context) => {
    for (const id of Object.keys(destinations)) {
      if (!DESTINATION_ID.test(id)) context.addIssue({ code: 'custom', path: [id], message: 'not a destination id: use letters, digits, ".", "_" and "-" (at most 64)' });
    }
  })
  .default({});

export const FiludvekslingSchema = z.object({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535).default(22),
  username: z.string().min(1),
  /** Path (relative to the work file) of the private key; the key never sits in the config. */
  privateKeyFile: z.string().min(1),
  passphraseEnv: z.string().optional(),
  /** The server's host key fingerprint (SHA256:… as `ssh-keygen -l` prints it), required: any other key is refused. */
  hostKeySha256: z.string({ error: 'required: the SFTP server\'s host key as `ssh-keygen -lf <key.pub>` prints it (SHA256:…)' })
    .trim().regex(/^SHA256:[A-Za-z0-9+/]{43}=?$/, 'the SFTP host key fingerprint as `ssh-keygen -l` prints it: SHA256: and 43 base64 characters'),
  remoteDir: z.string().min(1).default('/'),
  timeoutSeconds: z.number().min(1).max(3600).default(60),
}).strict();
export type FiludvekslingConfig = z.infer<typeof FiludvekslingSchema>;

export const RestMailboxSchema = z.object({
  /** The id of an entry in `imap`. */
  account: z.string().min(1),
  /** Where parked items appear, one message each. */
  folder: MAILBOX_PATH.default('Restpost'),
  /** Moving a message into `<refordelFolder>/<destination>` re-distributes its item. */
  refordelFolder: MAILBOX_PATH.default('Refordel'),
  /** Where a handled re-distribution message is moved (a record, not a queue). */
  doneFolder: MAILBOX_PATH.default('Refordel/Udført'),
  pollSeconds: z.number().min(1).max(3600).default(15),
  /** Originals above this are not attached (the summary says how to get them): mailbox quotas. */
  maxAttachmentMB: z.number().min(0).max(150).default(25),
  /** Where junk parked under the junk policy `park` appears (default `<folder>/Junk`). */
  junkFolder: MAILBOX_PATH.optional(),
}).strict();
export type RestMailboxConfig = z.infer<typeof RestMailboxSchema>;

export const SmtpSchema = z.object({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535).default(587),
  /** TLS from the first byte (465); otherwise STARTTLS is required except on loopback. */
  secure: z.boolean().default(false),
  user: z.string().optional(),
  passwordEnv: z.string().optional(),
  from: z.string().min(3),
}).strict();
export type SmtpConfig = z.infer<typeof SmtpSchema>;

export const AlertsSchema = z.object({
  /** The functional mailbox that hears about failed shipments and missing receipts. */
  to: z.string().email(),
  /** Alerts raised within this window go out as one mail. */
  batchSeconds: z.number().min(1).max(86_400).default(300),
  /** At most one alert mail per this interval: one outage is one mail, not a thousand. */
  minIntervalSeconds: z.number().min(0).max(86_400).default(3600),
  /** A handover without a business receipt (ACCEPTERET, AFVIST, FEJLET) after this long is an alert. */
  receiptDeadlineMinutes: z.number().min(1).max(100_000).default(240),
}).strict();
export type AlertsConfig = z.infer<typeof AlertsSchema>;
