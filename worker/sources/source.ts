// A long-running source of inbound post (an IMAP mailbox, a drop folder). `fordeler work` starts every
// configured source and stops them on SIGTERM; a source hands each message to the Intake and only then
// moves or flags the original.
export interface Source {
  /** e.g. `imap:post@noerreaa.dk/INBOX`; also the `source` of the items it creates. */
  readonly name: string;
  start(): Promise<void>;
  /** Stops polling/IDLE and waits for the message in hand to be stored (or abandoned unmoved). */
  stop(): Promise<void>;
}
