// A local stand-in for KOMBIT's Fordelingskomponent (SF2900 DistributionService v3), for tests and
// development: FordelingsmodtagerList and FordelingsobjektAfsend over SOAP 1.1, business receipts
// (AFLEVERET → ACCEPTERET | AFVIST, or FEJLET) some time after the technical MODTAGET, and seeded
// fault injection. See README.md in this folder for idempotency and the two fault phases.
import { seededRandom } from '../../core/seeded-random.js';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  listReceiversResponse, parseSoap, readListRequest, readSendRequest, receiptCallbackRequest, sendResponse, transportFault,
  type ContextEcho, type Receipt, type ReceiptCode, type ReceiverSystem, type SendAnmodning,
} from '../../sf2900/index.js';
import { checkDocument, type EmulatorDocument } from './documents.js';
import { klePatternMatches } from './routing.js';

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
  /** Where best-effort problems (callback failures) are reported; default: a JSON line on stderr. */
  log?: (message: string, data: Record<string, unknown>) => void;
}

export interface EmulatorReceipt extends Receipt {
  seq: number;
  transactionId: string;
  at: string;
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
  contractFaults: number;
  faultsInjected: { beforeRecording: number; afterRecording: number; byKind: Record<FailureKind, number> };
  outcomes: Partial<Record<ReceiptCode, number>>;
  /** `resent`: final business receipts posted again because the sender repeated the transaction. */
  callbacks: { sent: number; failed: number; resent: number };
  /** The document each transaction carried, as the emulator found it (file on Filudveksling or inline). */
  documents: Record<string, EmulatorDocument>;
}

export interface FkEmulator {
  /** Base URL (`http://127.0.0.1:<port>`); SOAP is accepted on any path, conventionally `endpoint`. */
  url: string;
  endpoint: string;
  stats(): FkEmulatorStats;
  receipts(since?: number): EmulatorReceipt[];
  reset(): void;
  close(): Promise<void>;
}

export const REJECT_REASON = 'Modtager: henvendelsen hører ikke til dette system';
// Room for an inline document at the work file's largest inlineLimitMB (120 MB), base64-encoded.
const MAX_REQUEST_BYTES = 170 * 1024 * 1024;


interface Recorded {
  anmodning: SendAnmodning;
  answer: string;
  context: ContextEcho;
  /** The business receipt that settled the transaction (ACCEPTERET, AFVIST or FEJLET), once it has. */
  final?: Receipt;
}

const FINAL_CODES: readonly ReceiptCode[] = ['ACCEPTERET', 'AFVIST', 'FEJLET'];

export async function startFkEmulator(options: FkEmulatorOptions): Promise<FkEmulator> {
  const { host = '127.0.0.1', port = 0, receivers } = options;
  const acceptMs = options.delays?.acceptMs ?? 200;
  const log = options.log ?? ((message, data) => process.stderr.write(`${JSON.stringify({ app: 'fk-emulator', msg: message, ...data })}\n`));
  const timers = new Set<NodeJS.Timeout>();
  const hanging = new Set<http.ServerResponse>();
  let random = seededRandom(options.seed ?? 1);
  let transactions = new Map<string, Recorded>();
  let receiptLog: EmulatorReceipt[] = [];
  let stats = emptyStats();
  // Callbacks go out one at a time, in the order recorded, so ACCEPTERET never overtakes AFLEVERET.
  let callbacks: Promise<void> = Promise.resolve();

  function record(transactionId: string, receipt: Receipt, context: ContextEcho): void {
    const entry: EmulatorReceipt = { seq: receiptLog.length + 1, transactionId, ...receipt, at: new Date().toISOString() };
    receiptLog.push(entry);
    stats.outcomes[receipt.code] = (stats.outcomes[receipt.code] ?? 0) + 1;
    const recorded = transactions.get(transactionId);
    if (recorded && receipt.kind === 'Forretning' && FINAL_CODES.includes(receipt.code)) recorded.final = receipt;
    const url = options.receiptCallbackUrl;
    if (url && receipt.kind === 'Forretning') callbacks = callbacks.then(() => callback(url, receipt, context));
  }

  /**
   * A sender that repeats a settled transaction has most likely lost its receipt (its callback failed):
   * the final business receipt is posted again. Nothing is delivered again and nothing new is logged.
   */
  function resendFinalReceipt(recorded: Recorded): void {
    const url = options.receiptCallbackUrl;
    const final = recorded.final;
    if (!url || !final) return;
    stats.callbacks.resent++;
    callbacks = callbacks.then(() => callback(url, final, recorded.context));
  }

  async function callback(url: string, receipt: Receipt, context: ContextEcho): Promise<void> {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '"FordelingskvitteringModtag"' },
        body: receiptCallbackRequest(receipt, context),
        signal: AbortSignal.timeout(5_000),
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      stats.callbacks.sent++;
    } catch (error) {
      stats.callbacks.failed++;
      log('receipt callback failed', { transactionId: context.transactionId, code: receipt.code, error: error instanceof Error ? error.message : String(error) });
    }
  }

  function matchingSystems(kle: string, handlingFacet?: string): ReceiverSystem[] {
    return receivers
      .filter((r) => klePatternMatches(r.kle, kle) && (!r.handlingFacet || !handlingFacet || r.handlingFacet === handlingFacet))
      .map((r) => ({ uuid: r.system.uuid, name: r.system.name, kle: r.kle, ...(r.handlingFacet ? { handlingFacet: r.handlingFacet } : {}) }));
  }

  /** Decided when the transaction is recorded (one PRNG draw), delivered after `acceptMs`. */
  function scheduleBusinessReceipts(a: SendAnmodning, context: ContextEcho, documentProblem?: string): void {
    const receiver = a.receiverUuid
      ? receivers.find((r) => r.system.uuid === a.receiverUuid)
      : receivers.find((r) => klePatternMatches(r.kle, a.kle ?? '') && (!r.handlingFacet || !a.handlingFacet || r.handlingFacet === a.handlingFacet));
    const draw = random();
    const judged = a.kle ?? a.kleForslag ?? '';
    const rejected = Boolean(a.kle && options.reject?.klePatterns?.some((p) => klePatternMatches(p, a.kle!))) || draw < (options.reject?.rate ?? 0)
      || Boolean(receiver?.rejectKle?.some((p) => klePatternMatches(p, judged)));
    const timer = setTimeout(() => {
      timers.delete(timer);
      const business = (code: ReceiptCode, reason?: string) => record(a.transactionId, { code, kind: 'Forretning', ...(reason ? { reason } : {}) }, context);
      if (documentProblem) {
        business('FEJLET', documentProblem);
        return;
      }
      if (!receiver) {
        business('FEJLET', a.kle ? `Ingen modtager er tilmeldt KLE-emnet ${a.kle}` : 'Modtagersystemet findes ikke');
        return;
      }
      stats.deliveredPerTransaction[a.transactionId] = (stats.deliveredPerTransaction[a.transactionId] ?? 0) + 1;
      business('AFLEVERET', `Afleveret til ${receiver.system.name}`);
      if (rejected) business('AFVIST', REJECT_REASON);
      else business('ACCEPTERET');
    }, acceptMs);
    timers.add(timer);
  }

  /** One draw per send call decides whether it fails; the phase alternates so exactly half are each. */
  function drawFailure(): { kind: FailureKind; phase: 'before' | 'after' } | undefined {
    const fail = options.fail;
    if (!fail || !fail.kinds.length || random() >= fail.rate) return undefined;
    const kind = fail.kinds[Math.floor(random() * fail.kinds.length)]!;
    const injected = stats.faultsInjected.beforeRecording + stats.faultsInjected.afterRecording;
    const phase = injected % 2 === 0 ? 'before' : 'after';
    stats.faultsInjected[phase === 'before' ? 'beforeRecording' : 'afterRecording']++;
    stats.faultsInjected.byKind[kind]++;
    return { kind, phase };
  }

  function injectFailure(res: http.ServerResponse, kind: FailureKind): void {
    if (kind === 'timeout') {
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
      return; // never answered: the client's own deadline decides
    }
    res.writeHead(Number(kind), { 'content-type': 'text/plain; charset=utf-8' }).end(kind === '503' ? 'Service Unavailable' : 'Internal Server Error');
  }

  function handleSend(content: Parameters<typeof readSendRequest>[0], res: http.ServerResponse): void {
    stats.sendCalls++;
    const failure = drawFailure();
    if (failure?.phase === 'before') return injectFailure(res, failure.kind);
    const read = readSendRequest(content);
    if (!read.ok) {
      stats.contractFaults++;
      return soap(res, 500, transportFault('Client', 'Anmodningen er ugyldig', read.fejl));
    }
    const a = read.value;
    let recorded = transactions.get(a.transactionId);
    if (recorded) {
      stats.duplicates++;
      resendFinalReceipt(recorded);
    } else {
      const context: ContextEcho = {
        transactionId: a.transactionId, senderCvr: a.senderCvr, routingCvr: a.routingCvr,
        ...(a.kle ? { kle: a.kle } : {}), ...(a.handlingFacet ? { handlingFacet: a.handlingFacet } : {}),
        ...(a.receiverUuid ? { receiverUuid: a.receiverUuid } : {}),
        distributionTransactionId: randomUUID(),
      };
      recorded = { anmodning: a, answer: sendResponse({ code: 'MODTAGET', kind: 'Teknisk' }, context), context };
      transactions.set(a.transactionId, recorded);
      stats.deliveredPerTransaction[a.transactionId] = 0;
      record(a.transactionId, { code: 'MODTAGET', kind: 'Teknisk' }, context);
      const document = checkDocument(a, options.filudvekslingDir);
      if (document.ok && document.document) stats.documents[a.transactionId] = document.document;
      scheduleBusinessReceipts(a, context, document.ok ? undefined : document.reason);
    }
    if (failure?.phase === 'after') return injectFailure(res, failure.kind);
    soap(res, 200, recorded.answer);
  }

  function handleSoap(body: string, res: http.ServerResponse): void {
    let parsed;
    try {
      parsed = parseSoap(body);
    } catch (error) {
      stats.contractFaults++;
      return soap(res, 500, transportFault('Client', 'Anmodningen kan ikke læses', [{ kode: 'UgyldigXML', tekst: error instanceof Error ? error.message : 'ukendt fejl' }]));
    }
    if (parsed.kind === 'body' && parsed.name === 'FordelingsobjektAfsendRequest') return handleSend(parsed.content, res);
    if (parsed.kind === 'body' && parsed.name === 'FordelingsmodtagerListRequest') {
      stats.listCalls++;
      const read = readListRequest(parsed.content);
      if (!read.ok) {
        stats.contractFaults++;
        return soap(res, 500, transportFault('Client', 'Anmodningen er ugyldig', read.fejl));
      }
      return soap(res, 200, listReceiversResponse(matchingSystems(read.value.kle, read.value.handlingFacet), read.value.routingCvr));
    }
    stats.contractFaults++;
    soap(res, 500, transportFault('Client', 'Ukendt operation', [{ kode: 'UkendtOperation', tekst: 'Operationen understøttes ikke af emulatoren' }]));
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://emulator');
    if (req.method === 'GET' && url.pathname === '/stats') return json(res, 200, snapshot());
    if (req.method === 'GET' && url.pathname === '/receipts') {
      return json(res, 200, { receipts: receiptsSince(Number(url.searchParams.get('since') ?? 0) || 0) });
    }
    if (req.method === 'POST' && url.pathname === '/reset') {
      reset();
      return json(res, 200, { ok: true });
    }
    if (req.method !== 'POST') return json(res, 405, { error: 'POST SOAP to the endpoint; GET /stats, GET /receipts?since=n, POST /reset' });
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) req.destroy();
      else chunks.push(chunk);
    });
    req.on('end', () => {
      stats.calls++;
      handleSoap(Buffer.concat(chunks).toString('utf8'), res);
    });
  });

  function snapshot(): FkEmulatorStats {
    return { ...structuredClone(stats), uniqueTransactions: transactions.size };
  }
  function receiptsSince(since: number): EmulatorReceipt[] {
    return receiptLog.filter((r) => r.seq > since).map((r) => ({ ...r }));
  }
  function reset(): void {
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    for (const res of hanging) res.destroy();
    transactions = new Map();
    receiptLog = [];
    stats = emptyStats();
    random = seededRandom(options.seed ?? 1);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const base = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  return {
    url: base,
    endpoint: `${base}/service/SP/Distribution/3`,
    stats: snapshot,
    receipts: (since = 0) => receiptsSince(since),
    reset,
    close: async () => {
      reset();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function emptyStats(): FkEmulatorStats {
  return {
    calls: 0, sendCalls: 0, listCalls: 0, uniqueTransactions: 0, duplicates: 0, deliveredPerTransaction: {}, contractFaults: 0,
    faultsInjected: { beforeRecording: 0, afterRecording: 0, byKind: { '500': 0, '503': 0, timeout: 0 } },
    outcomes: {}, callbacks: { sent: 0, failed: 0, resent: 0 }, documents: {},
  };
}

function soap(res: http.ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/xml; charset=utf-8' }).end(body);
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

