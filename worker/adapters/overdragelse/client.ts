// SF2900 client (Fordelingskomponenten, "anvendersystem" side): which systems receive a KLE emne
// (FordelingsmodtagerList) and handing over one document (FordelingsobjektAfsend). A small document
// travels inside the request, streamed; a large one is uploaded to Filudveksling (SFTP) first and the
// request names it in DokumentFilNavn. The wire format (envelopes, requests, parsing) is the shared
// SF2900 codec in sf2900/; this file is the transport and the error policy.
//
// Errors come in two kinds, so the caller knows whether to retry:
// - OverdragelseTransientError: timeout, connection failure, HTTP 5xx without a SOAP fault, or a
//   soap:Server fault without a TransportKvittering FEJL. Retrying later with the SAME
//   AnvenderTransaktionsID is safe: the service is idempotent by that id.
// - OverdragelseContractError: a SOAP fault (TransportKvittering FEJL, soap:Client), HTTP 4xx or an
//   unreadable answer. The request is wrong; retrying it unchanged will fail again.
// Messages never contain a CPR number: anything shaped like one is masked to its birth date.
import http from 'node:http';
import https from 'node:https';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { maskCprSerial } from '../../../classifiers/entities/cpr.js';
import {
  SOAP_ACTION_BASE, SoapParseError, buildSendBody, listReceiversRequest, parseReceipt, parseSoap, parseSystems,
  type Fejl, type Operation, type ParsedFault, type Receipt, type ReceiverSystem, type RequestBody, type SendRequest, type XmlObject,
} from '../../../sf2900/index.js';

export type { Receipt, ReceiptCode, ReceiptKind, ReceiverSystem, SendRequest } from '../../../sf2900/index.js';

export interface OverdragelseClientOptions {
  endpoint: string;
  municipalityCvr: string;
  /** This system's UUID as registered at Serviceplatformen (RegistreringItSystem, Virkning Aktoer). */
  systemUuid: string;
  timeoutMs?: number;
  /** mTLS with the system's FOCES/OCES certificate. Without it only server-auth TLS, or plain http to loopback (emulator, tests). */
  tls?: { cert: string | Buffer; key: string | Buffer; ca?: string | Buffer; passphrase?: string };
}

export interface OverdragelseClient {
  listReceivers(query: { kle: string; handlingFacet?: string }): Promise<{ systems: ReceiverSystem[] }>;
  send(request: SendRequest): Promise<{ receipt: Receipt }>;
  close(): void;
}

export class OverdragelseError extends Error {
  constructor(
    message: string,
    readonly operation: Operation,
    readonly code: string,
    readonly status?: number,
  ) {
    super(maskCpr(message));
  }
}
export class OverdragelseTransientError extends OverdragelseError {
  override name = 'OverdragelseTransientError';
}
export class OverdragelseContractError extends OverdragelseError {
  override name = 'OverdragelseContractError';
  constructor(message: string, operation: Operation, code: string, status?: number, readonly fejl: Fejl[] = []) {
    super(message, operation, code, status);
    this.fejl = fejl.map((f) => ({ kode: f.kode, tekst: maskCpr(f.tekst) }));
  }
}

/**
 * A receiver's fault text may quote a CPR number in any spelling: 010180-1234 / 010180 1234 / 0101801234 →
 * 010180-XXXX (the birth date stays readable, the serial never leaves). The project's one masker.
 */
export const maskCpr = maskCprSerial;

const MAX_RESPONSE_BYTES = 5 * 1024 * 1024;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/**
 * Why an endpoint may not be used, or undefined: SF2900 carries citizens' post and our system certificate's
 * authority, so it goes over https:// — plain http:// only to this machine (the emulator, a local proxy).
 */
export function endpointProblem(endpoint: string): string | undefined {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return 'not a URL';
  }
  if (url.protocol === 'https:') return undefined;
  if (url.protocol !== 'http:') return `unsupported protocol ${url.protocol} (use https://)`;
  return LOOPBACK_HOSTS.has(url.hostname.toLowerCase()) ? undefined : `plain http:// is allowed only to 127.0.0.1, ::1 or localhost; use https:// for ${url.hostname}`;
}

export function createOverdragelseClient(options: OverdragelseClientOptions): OverdragelseClient {
  const { endpoint, municipalityCvr: cvr, systemUuid, timeoutMs = 30_000 } = options;
  const url = new URL(endpoint);
  const secure = url.protocol === 'https:';
  const problem = endpointProblem(endpoint);
  if (problem) throw new Error(`overdragelse endpoint: ${problem}`);
  const agent = secure
    ? new https.Agent({ keepAlive: true, ...(options.tls ?? {}) })
    : new http.Agent({ keepAlive: true });

  async function call(operation: Operation, envelope: RequestBody): Promise<XmlObject> {
    const { status, body } = await post(url, agent, operation, envelope, timeoutMs);
    let parsed;
    try {
      parsed = parseSoap(body);
    } catch (error) {
      if (!(error instanceof SoapParseError)) throw error;
      if (status >= 500) throw new OverdragelseTransientError(`${operation}: HTTP ${status} from the service`, operation, `http_${status}`, status);
      if (status >= 400) throw new OverdragelseContractError(`${operation}: HTTP ${status} (request refused)`, operation, `http_${status}`, status);
      throw new OverdragelseContractError(`${operation}: ${error.message}`, operation, 'bad_response', status);
    }
    if (parsed.kind === 'fault') throw faultError(operation, parsed.fault, status);
    if (status >= 400) throw new OverdragelseContractError(`${operation}: HTTP ${status} without a SOAP fault`, operation, `http_${status}`, status);
    return parsed.content;
  }

  return {
    async listReceivers({ kle, handlingFacet }) {
      return { systems: parseSystems(await call('FordelingsmodtagerList', listReceiversRequest(cvr, kle, handlingFacet))) };
    },
    async send(request) {
      const content = await call('FordelingsobjektAfsend', buildSendBody(request, cvr, systemUuid));
      const { fejl: _fejl, ...receipt } = parseReceipt(content.ForretningsKvittering);
      if (!receipt.code) throw new OverdragelseContractError('FordelingsobjektAfsend: the answer has no ForretningsKvittering', 'FordelingsobjektAfsend', 'bad_response');
      return { receipt: receipt.reason ? { ...receipt, reason: maskCpr(receipt.reason) } : receipt };
    },
    close() {
      agent.destroy();
    },
  };
}

function faultError(operation: Operation, fault: ParsedFault, status: number): OverdragelseError {
  const details = fault.fejl.map((f) => `${f.kode}: ${f.tekst}`).join('; ');
  const reason = fault.begrundelse || fault.faultstring || 'no reason given';
  const message = `${operation}: ${fault.kode ?? fault.faultcode} ${reason}${details ? ` (${details})` : ''}`;
  // A server-side fault without a validation verdict is the platform failing, not the request.
  if (/(^|:)Server$/.test(fault.faultcode) && fault.kode !== 'FEJL') {
    return new OverdragelseTransientError(message, operation, 'soap_server_fault', status);
  }
  return new OverdragelseContractError(message, operation, fault.kode ?? 'soap_fault', status, fault.fejl);
}

export const newTransactionId = (): string => randomUUID();

function post(url: URL, agent: http.Agent, operation: Operation, envelope: RequestBody, timeoutMs: number): Promise<{ status: number; body: string }> {
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      reject(error);
    };
    const req = transport.request(url, {
      method: 'POST',
      agent,
      headers: {
        'content-type': 'text/xml; charset=utf-8',
        soapaction: `"${SOAP_ACTION_BASE}${operation}"`,
        'content-length': typeof envelope === 'string' ? Buffer.byteLength(envelope) : envelope.length,
      },
    }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_RESPONSE_BYTES) fail(new OverdragelseContractError(`${operation}: the answer exceeds ${MAX_RESPONSE_BYTES} bytes`, operation, 'response_too_large', res.statusCode));
        else chunks.push(chunk);
      });
      res.on('error', (error) => fail(new OverdragelseTransientError(`${operation}: connection lost while reading the answer (${error.message})`, operation, 'connection')));
      res.on('end', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    // One deadline for the whole exchange: a server that accepts and then stalls must not hang us.
    const timer = setTimeout(() => fail(new OverdragelseTransientError(`${operation}: no answer within ${timeoutMs} ms`, operation, 'timeout')), timeoutMs);
    req.on('error', (error: NodeJS.ErrnoException) =>
      fail(new OverdragelseTransientError(`${operation}: ${error.code ?? 'connection'} ${error.message}`, operation, 'connection')));
    if (typeof envelope === 'string') req.end(envelope);
    // Backpressure from the socket paces the reading; a failure to read the document is not the
    // service's fault and is passed on as it is (the handover retries it).
    else pipeline(Readable.from(envelope.chunks()), req).catch((error: unknown) => fail(error instanceof Error ? error : new Error(String(error))));
  });
}
