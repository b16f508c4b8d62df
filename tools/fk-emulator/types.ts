// The FK emulator's public shapes — its options, its statistics, the receipts and requests it logs —
// kept apart from emulator.ts (the behaviour) so each file stays one readable responsibility.
import type { Receipt, ReceiptCode } from '../../sf2900/index.js';
import type { CallbackTls } from './callbacks.js';
import type { EmulatorDocument } from './documents.js';
import type { ClientIdentity, EmulatorTls } from './server.js';

export type FailureKind = '500' | '503' | 'timeout';

export interface FkEmulatorOptions {
  port?: number;
  host?: string;
  /** `rejectKle`: KLE patterns this receiving system answers AFVIST (judged by the routing KLE, else KLEEmneForslag). */
  receivers: { kle: string; handlingFacet?: string; rejectKle?: string[]; system: { uuid: string; name: string } }[];
  delays?: { acceptMs?: number };
  reject?: { klePatterns?: string[]; rate?: number };
  fail?: { rate: number; kinds: FailureKind[] };
  seed?: number;
  receiptCallbackUrl?: string;
  /** The local folder Filudveksling (the test SFTP server) writes into: a DokumentFilNavn must be there. */
  filudvekslingDir?: string;
  /** Serve HTTPS with this certificate; with `requireClientCert`, only clients with a certificate signed by `ca`. */
  tls?: EmulatorTls;
  /** The client certificate presented (and the CA trusted) when posting receipts to an https callback URL. */
  callbackTls?: CallbackTls;
  /** Where best-effort problems (callback failures) are reported; default: a JSON line on stderr. */
  log?: (message: string, data: Record<string, unknown>) => void;
}

export interface EmulatorReceipt extends Receipt {
  seq: number;
  transactionId: string;
  at: string;
}

/** One SOAP request the emulator accepted on its connection (after TLS), whatever its answer. */
export interface ReceivedRequest {
  seq: number;
  at: string;
  /** The Body element's local name (e.g. FordelingsobjektAfsendRequest), or '' when unreadable. */
  operation: string;
  /** The TLS client certificate, when the client presented one. */
  client?: ClientIdentity;
}

export interface FkEmulatorStats {
  calls: number;
  sendCalls: number;
  listCalls: number;
  uniqueTransactions: number;
  /** Calls that repeated a recorded AnvenderTransaktionsID and were answered from the record. */
  duplicates: number;
  /** Deliveries to a receiving system per AnvenderTransaktionsID: never more than 1. */
  deliveredPerTransaction: Record<string, number>;
  /** Requests answered with a soap:Client fault (schema, contract or unknown operation). */
  contractFaults: number;
  /** Of those, the requests the XSDs refused. */
  schemaFaults: number;
  faultsInjected: { beforeRecording: number; afterRecording: number; byKind: Record<FailureKind, number> };
  outcomes: Partial<Record<ReceiptCode, number>>;
  /** `resent`: final business receipts posted again because the sender repeated the transaction. */
  callbacks: { sent: number; failed: number; resent: number };
  /** The document each transaction carried, as the emulator found it (file on Filudveksling or inline). */
  documents: Record<string, EmulatorDocument>;
}

export interface FkEmulator {
  /** Base URL (`http://127.0.0.1:<port>`, or https:// with `tls`); SOAP is accepted on any path, conventionally `endpoint`. */
  url: string;
  endpoint: string;
  stats(): FkEmulatorStats;
  receipts(since?: number): EmulatorReceipt[];
  /** Every SOAP request accepted since start or reset, with the TLS client that sent it. */
  received(): ReceivedRequest[];
  reset(): void;
  close(): Promise<void>;
}

export function emptyStats(): FkEmulatorStats {
  return {
    calls: 0, sendCalls: 0, listCalls: 0, uniqueTransactions: 0, duplicates: 0, deliveredPerTransaction: {}, contractFaults: 0, schemaFaults: 0,
    faultsInjected: { beforeRecording: 0, afterRecording: 0, byKind: { '500': 0, '503': 0, timeout: 0 } },
    outcomes: {}, callbacks: { sent: 0, failed: 0, resent: 0 }, documents: {},
  };
}
