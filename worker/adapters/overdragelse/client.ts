// SF2900 client (Fordelingskomponenten, "anvendersystem" side): which systems receive a KLE emne
// (FordelingsmodtagerList) and handing over one document (FordelingsobjektAfsend). The document bytes
// travel separately (SFTP to Serviceplatformen); the request names the uploaded file in DokumentFilNavn.
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
import {
  SOAP_ACTION_BASE, SoapParseError, authorityContext, distributionContextChildren, parseReceipt, parseSoap, parseSystems,
  soapEnvelope, v2, v2opt, v3,
  type Fejl, type Operation, type ParsedFault, type Receipt, type ReceiverSystem, type XmlObject,
} from './soap.js';

export type { Receipt, ReceiptCode, ReceiptKind, ReceiverSystem } from './soap.js';

export interface OverdragelseClientOptions {
  endpoint: string;
  municipalityCvr: string;
  /** This system's UUID as registered at Serviceplatformen (RegistreringItSystem, Virkning Aktoer). */
  systemUuid: string;
  timeoutMs?: number;
  /** mTLS with the system's FOCES/OCES certificate. Without it only plain http (loopback, tests) or server-auth TLS. */
  tls?: { cert: string | Buffer; key: string | Buffer; ca?: string | Buffer; passphrase?: string };
}

export interface SendRequest {
  /** AnvenderTransaktionsID: reuse it on every retry of the same hand-over. */
  transactionId: string;
  kle: string;
  handlingFacet?: string;
  title: string;
  /** DokumentFilNavn: the file placed for transfer (SFTP) before this call. */
  documentFileName?: string;
  scanned: boolean;
  /** Brev (letters, Digital Post, scans; the default) or eMail. */
  documentType?: 'Brev' | 'eMail';
  documentId: string;
  party?: { type: 'Person' | 'Virksomhed'; id: string };
  /** YYYY-MM-DD; defaults to today. */
  letterDate?: string;
  mimeType?: string;
  size?: number;
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

/** 010180-1234 / 0101801234 → 010180-xxxx: the birth date stays readable, the serial never leaves. */
export function maskCpr(text: string): string {
  return text.replace(/(?<!\d)([0-3]\d[01]\d\d\d)-?\d{4}(?!\d)/g, '$1-xxxx');
}

const MAX_RESPONSE_BYTES = 5 * 1024 * 1024;

export function createOverdragelseClient(options: OverdragelseClientOptions): OverdragelseClient {
  const { endpoint, municipalityCvr: cvr, systemUuid, timeoutMs = 30_000 } = options;
  const url = new URL(endpoint);
  const secure = url.protocol === 'https:';
  if (!secure && url.protocol !== 'http:') throw new Error(`unsupported endpoint protocol ${url.protocol}`);
  const agent = secure
    ? new https.Agent({ keepAlive: true, ...(options.tls ?? {}) })
    : new http.Agent({ keepAlive: true });

  async function call(operation: Operation, envelope: string): Promise<XmlObject> {
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
      const envelope = soapEnvelope(v3('FordelingsmodtagerListRequest', authorityContext(cvr),
        v3('Routing', v2('AfsendendeMyndighed', cvr), v2('RoutingMyndighed', cvr), v2('RoutingKLEEmne', kle),
          v2opt('RoutingHandlingFacet', handlingFacet))));
      return { systems: parseSystems(await call('FordelingsmodtagerList', envelope)) };
    },
    async send(request) {
      const content = await call('FordelingsobjektAfsend', buildSendEnvelope(request, cvr, systemUuid));
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

/** The FordelingsobjektAfsend envelope: one incoming DOKUMENT routed by KLE (and handling facet). */
export function buildSendEnvelope(r: SendRequest, cvr: string, systemUuid: string, now = new Date()): string {
  const at = now.toISOString();
  const virkning = v2('Virkning', v2('FraTidspunkt', at), v2('Aktoer', v2('UUID', systemUuid)), v2('AktoerType', 'ItSystem'));
  const part = r.party && v2('DokumentPartListe', v2('DokumentPart', virkning, v2('Rolle', 'PrimaerPart'), v2('Indeks', 1),
    v2('Part', v2('ObjektType', r.party.type), v2('ReferenceID', v2('Tekst', r.party.id)))));
  const variant = v2('Variant', virkning, v2('Rolle', 'Variant'), v2('Indeks', '1'),
    v2('VariantAttributter', v2('VariantType', variantType(r.mimeType)), v2('DelvistScannet', r.scanned)),
    v2('DelAttributter', v2('DelTekst', r.documentFileName ?? r.title), v2('Indeks', 1), v2opt('Filstoerrelse', r.size),
      v2opt('MimeType', r.mimeType), v2opt('Location', r.documentFileName)));
  const dokument = v2('DistributionDokument',
    v2('ID', r.documentId),
    v2('KLEEmneForslag', r.kle),
    v2opt('HandlingFacetForslag', r.handlingFacet),
    v2('Registrering',
      v2('FraTidsPunkt', at),
      v2('LivscyklusKode', 'Oprettet'),
      v2('ImportTidspunkt', at),
      v2('RegistreringItSystem', v2('UUID', systemUuid)),
      v2('RelationListe', v2('VariantListe', variant), part),
      v2('TilstandsListe', v2('Tilstand', v2('Fremdrift', 'Modtaget'), virkning)),
      v2('AttributListe', v2('Attributter',
        v2('BrugervendtNoegleTekst', r.documentId),
        v2('TitelTekst', r.title),
        v2('BeskrivelseTekst', r.title),
        v2('Dokumenttype', r.documentType ?? 'Brev'),
        v2('Retning', 'Indgaaende'),
        v2('Brevdato', r.letterDate ?? at.slice(0, 10)),
        virkning))));
  const context = distributionContextChildren({
    transactionId: r.transactionId, senderCvr: cvr, routingCvr: cvr, kle: r.kle,
    ...(r.handlingFacet ? { handlingFacet: r.handlingFacet } : {}),
  });
  return soapEnvelope(v3('FordelingsobjektAfsendRequest', authorityContext(cvr),
    v3('anmodning',
      v2('DistributionContext', ...context, v2opt('DokumentFilNavn', r.documentFileName)),
      v2('DistributionObject', v2('ObjektType', 'DOKUMENT'), v2('ObjektIndhold', dokument)))));
}

function variantType(mimeType: string | undefined): string {
  if (!mimeType) return 'PDF';
  if (mimeType === 'application/pdf') return 'PDF';
  if (mimeType.startsWith('image/')) return mimeType.slice('image/'.length).toUpperCase();
  if (mimeType === 'message/rfc822') return 'EML';
  return 'Anden';
}

export const newTransactionId = (): string => randomUUID();

function post(url: URL, agent: http.Agent, operation: Operation, envelope: string, timeoutMs: number): Promise<{ status: number; body: string }> {
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (error: OverdragelseError) => {
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
        'content-length': Buffer.byteLength(envelope),
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
    req.end(envelope);
  });
}
