// A local stand-in for KOMBIT's Fordelingskomponent (SF2900 DistributionService v3), for tests and
// development: FordelingsmodtagerList and FordelingsobjektAfsend over SOAP 1.1 (HTTP or HTTPS with mutual
// TLS), every request first judged by the official XSDs, business receipts (AFLEVERET → ACCEPTERET |
// AFVIST, or FEJLET) some time after the technical MODTAGET, and seeded fault injection. See README.md in
// this folder for idempotency, the two fault phases and what the emulator answers a receiver list with.
import { seededRandom } from '../../core/seeded-random.js';
import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import {
  listReceiversResponse, parseSoap, readListRequest, readSendRequest, sendResponse, transportFault,
  type ContextEcho, type Receipt, type ReceiptCode, type ReceiverSystem, type SendAnmodning, type XmlObject,
} from '../../sf2900/index.js';
import { loadSf2900Schemas } from '../sf2900-schema/validator.js';
import { createCallbackQueue } from './callbacks.js';
import { checkDocument } from './documents.js';
import { drawFailure, injectFailure } from './faults.js';
import { setAsideInlineContent, withInlineSizes } from './inline-content.js';
import { schemaFault } from './request-schema.js';
import { klePatternMatches } from './routing.js';
import { json, listen, readBody, soap, type ClientIdentity } from './server.js';
import { emptyStats, type EmulatorReceipt, type FkEmulator, type FkEmulatorOptions, type ReceivedRequest } from './types.js';

export type { EmulatorReceipt, FailureKind, FkEmulator, FkEmulatorOptions, FkEmulatorStats, ReceivedRequest } from './types.js';

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
  loadSf2900Schemas();
  const timers = new Set<NodeJS.Timeout>();
  const hanging = new Set<http.ServerResponse>();
  let random = seededRandom(options.seed ?? 1);
  let transactions = new Map<string, Recorded>();
  let receiptLog: EmulatorReceipt[] = [];
  let receivedLog: ReceivedRequest[] = [];
  let stats = emptyStats();
  const callbacks = options.receiptCallbackUrl ? createCallbackQueue(options.receiptCallbackUrl, () => stats.callbacks, log, options.callbackTls) : undefined;

  function record(transactionId: string, receipt: Receipt, context: ContextEcho): void {
    const entry: EmulatorReceipt = { seq: receiptLog.length + 1, transactionId, ...receipt, at: new Date().toISOString() };
    receiptLog.push(entry);
    stats.outcomes[receipt.code] = (stats.outcomes[receipt.code] ?? 0) + 1;
    const recorded = transactions.get(transactionId);
    if (recorded && receipt.kind === 'Forretning' && FINAL_CODES.includes(receipt.code)) recorded.final = receipt;
    if (receipt.kind === 'Forretning') callbacks?.post(receipt, context);
  }

  /**
   * A sender that repeats a settled transaction has most likely lost its receipt (its callback failed):
   * the final business receipt is posted again. Nothing is delivered again and nothing new is logged.
   */
  function resendFinalReceipt(recorded: Recorded): void {
    if (!callbacks || !recorded.final) return;
    stats.callbacks.resent++;
    callbacks.post(recorded.final, recorded.context);
  }

  /**
   * The systems registered for the asked emne. RoutingKLEEmne in the answer is the emne that was asked, not
   * the registered pattern (`32.30.*`): the XSD allows only NN.NN.NN there. The real service is known to
   * answer with the pattern anyway, which is why the client keeps accepting any text in that field.
   */
  function matchingSystems(kle: string, handlingFacet?: string): ReceiverSystem[] {
    return receivers
      .filter((r) => klePatternMatches(r.kle, kle) && (!r.handlingFacet || !handlingFacet || r.handlingFacet === handlingFacet))
      .map((r) => ({ uuid: r.system.uuid, name: r.system.name, kle, ...(r.handlingFacet ? { handlingFacet: r.handlingFacet } : {}) }));
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

  function contractFault(res: http.ServerResponse, begrundelse: string, fejl: Parameters<typeof transportFault>[2]): void {
    stats.contractFaults++;
    soap(res, 500, transportFault('Client', begrundelse, fejl));
  }

  function handleSend(content: XmlObject, inlineSizes: number[], res: http.ServerResponse): void {
    const failure = drawFailure(options.fail, random, stats);
    if (failure?.phase === 'before') return injectFailure(res, failure.kind, hanging);
    const read = readSendRequest(content);
    if (!read.ok) return contractFault(res, 'Anmodningen er ugyldig', read.fejl);
    const a = withInlineSizes(read.value, inlineSizes);
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
    if (failure?.phase === 'after') return injectFailure(res, failure.kind, hanging);
    soap(res, 200, recorded.answer);
  }

  /** The Body element's local name and content, or why the codec cannot read the message (name ''). */
  function operationOf(text: string): { name: string; content?: XmlObject; unreadable?: string } {
    try {
      const parsed = parseSoap(text);
      return parsed.kind === 'body' ? { name: parsed.name, content: parsed.content } : { name: 'Fault' };
    } catch (error) {
      return { name: '', unreadable: error instanceof Error ? error.message : 'ukendt fejl' };
    }
  }

  function handleSoap(body: Buffer, res: http.ServerResponse, client: ClientIdentity | undefined): void {
    stats.calls++;
    const reduced = setAsideInlineContent(body.toString('utf8'));
    const { name, content, unreadable } = operationOf(reduced.text);
    receivedLog.push({ seq: receivedLog.length + 1, at: new Date().toISOString(), operation: name, ...(client ? { client } : {}) });
    if (name === 'FordelingsobjektAfsendRequest') stats.sendCalls++;
    if (name === 'FordelingsmodtagerListRequest') stats.listCalls++;
    // The official XSDs judge first, on the bytes as sent: the real service refuses a schema-invalid request whole.
    const fault = schemaFault(body);
    if (fault) {
      stats.schemaFaults++;
      stats.contractFaults++;
      return soap(res, 500, fault);
    }
    // Schema-valid yet unreadable: what the codec refuses beyond the XSD (a DOCTYPE, an entity declaration).
    if (unreadable) return contractFault(res, 'Anmodningen kan ikke læses', [{ kode: 'UgyldigXML', tekst: unreadable }]);
    if (name === 'FordelingsobjektAfsendRequest' && content) return handleSend(content, reduced.sizes, res);
    if (name === 'FordelingsmodtagerListRequest' && content) {
      const read = readListRequest(content);
      if (!read.ok) return contractFault(res, 'Anmodningen er ugyldig', read.fejl);
      return soap(res, 200, listReceiversResponse(matchingSystems(read.value.kle, read.value.handlingFacet), read.value.routingCvr));
    }
    contractFault(res, 'Ukendt operation', [{ kode: 'UkendtOperation', tekst: 'Operationen understøttes ikke af emulatoren' }]);
  }

  function handle(req: http.IncomingMessage, res: http.ServerResponse, client: ClientIdentity | undefined): void {
    const url = new URL(req.url ?? '/', 'http://emulator');
    if (req.method === 'GET' && url.pathname === '/stats') return json(res, 200, snapshot());
    if (req.method === 'GET' && url.pathname === '/receipts') {
      return json(res, 200, { receipts: receiptsSince(Number(url.searchParams.get('since') ?? 0) || 0) });
    }
    if (req.method === 'GET' && url.pathname === '/received') return json(res, 200, { received: receivedLog });
    if (req.method === 'POST' && url.pathname === '/reset') {
      reset();
      return json(res, 200, { ok: true });
    }
    if (req.method !== 'POST') return json(res, 405, { error: 'POST SOAP to the endpoint; GET /stats, GET /receipts?since=n, GET /received, POST /reset' });
    void readBody(req, MAX_REQUEST_BYTES).then((body) => {
      if (body) handleSoap(body, res, client);
    });
  }

  function snapshot() {
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
    receivedLog = [];
    stats = emptyStats();
    random = seededRandom(options.seed ?? 1);
  }

  const { server, base } = await listen(handle, host, port, options.tls);
  return {
    url: base,
    endpoint: `${base}/service/SP/Distribution/3`,
    stats: snapshot,
    receipts: (since = 0) => receiptsSince(since),
    received: () => receivedLog.map((r) => structuredClone(r)),
    reset,
    close: async () => {
      reset();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
