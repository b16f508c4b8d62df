// The FordelingsobjektAfsend request: one incoming DOKUMENT, routed by KLE emne (and handling facet) or
// to one receiving system (RoutingModtagerAktoer). A small document travels inside the request
// (DelAttributter/Indhold, base64); the body is then streamed — envelope head, the document encoded
// piece by piece, envelope tail — so not even the inline case holds the document in memory. A large
// document is uploaded to Filudveksling first and only named (DokumentFilNavn).
// Pure: the document arrives as an async iterable the caller opens; nothing here reads a file.
import { randomUUID } from 'node:crypto';
import { authorityContext, soapEnvelope, v2, v2opt, v3 } from './envelope.js';
import { distributionContextChildren } from './messages.js';

export interface SendRequest {
  /** AnvenderTransaktionsID: reuse it on every retry of the same hand-over. */
  transactionId: string;
  /** KLEEmneForslag, and the routing emne unless `receiverUuid` is given. */
  kle: string;
  handlingFacet?: string;
  /** RoutingModtagerAktoer: hand over to this receiving system instead of routing by the KLE emne. */
  receiverUuid?: string;
  title: string;
  /** DelTekst: the document's own file name, as it was received. */
  fileName?: string;
  /** DokumentFilNavn: the file uploaded to Filudveksling (SFTP) before this call. */
  documentFileName?: string;
  /** The document inside the request (Indhold); `size` must be its exact length. */
  content?: { open(): AsyncIterable<Uint8Array> };
  scanned: boolean;
  /** Brev (letters, Digital Post, scans; the default) or eMail. */
  documentType?: 'Brev' | 'eMail';
  documentId: string;
  party?: { type: 'Person' | 'Virksomhed'; id: string };
  /** YYYY-MM-DD; defaults to today. */
  letterDate?: string;
  mimeType?: string;
  /** Filstoerrelse, in bytes. */
  size?: number;
}

/** A request body: a string, or a known length and the pieces that make it up. */
export type RequestBody = string | { length: number; chunks(): AsyncIterable<Buffer> };

/** The envelope as text; `indhold` is written into DelAttributter/Indhold as it is (already base64). */
export function buildSendEnvelope(r: SendRequest, cvr: string, systemUuid: string, now = new Date(), indhold?: string): string {
  const at = now.toISOString();
  const virkning = v2('Virkning', v2('FraTidspunkt', at), v2('Aktoer', v2('UUID', systemUuid)), v2('AktoerType', 'ItSystem'));
  const part = r.party && v2('DokumentPartListe', v2('DokumentPart', virkning, v2('Rolle', 'PrimaerPart'), v2('Indeks', 1),
    v2('Part', v2('ObjektType', r.party.type), v2('ReferenceID', v2('Tekst', r.party.id)))));
  // DelAttributter's order is the XSD's: DelTekst, Indeks, Indhold, Filstoerrelse, MimeType, ScannerID, Location.
  const variant = v2('Variant', virkning, v2('Rolle', 'Variant'), v2('Indeks', '1'),
    v2('VariantAttributter', v2('VariantType', variantType(r.mimeType)), v2('DelvistScannet', r.scanned)),
    v2('DelAttributter', v2('DelTekst', r.fileName ?? r.documentFileName ?? r.title), v2('Indeks', 1), v2opt('Indhold', indhold),
      v2opt('Filstoerrelse', r.size), v2opt('MimeType', r.mimeType), v2opt('Location', r.documentFileName)));
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
  const routing = r.receiverUuid
    ? { receiverUuid: r.receiverUuid }
    : { kle: r.kle, ...(r.handlingFacet ? { handlingFacet: r.handlingFacet } : {}) };
  const context = distributionContextChildren({ transactionId: r.transactionId, senderCvr: cvr, routingCvr: cvr, ...routing });
  return soapEnvelope(v3('FordelingsobjektAfsendRequest', authorityContext(cvr),
    v3('anmodning',
      v2('DistributionContext', ...context, v2opt('DokumentFilNavn', r.documentFileName)),
      v2('DistributionObject', v2('ObjektType', 'DOKUMENT'), v2('ObjektIndhold', dokument)))));
}

/** The request body: the envelope as one string, or streamed around the inline document. */
export function buildSendBody(r: SendRequest, cvr: string, systemUuid: string, now = new Date()): RequestBody {
  if (!r.content) return buildSendEnvelope(r, cvr, systemUuid, now);
  const size = r.size;
  if (size === undefined) throw new Error('an inline document needs its size');
  // A marker nobody can put in a title, so splitting the rendered envelope finds exactly Indhold.
  const marker = `indhold-${randomUUID()}`;
  const [head, tail, ...extra] = buildSendEnvelope(r, cvr, systemUuid, now, marker).split(marker);
  if (head === undefined || tail === undefined || extra.length) throw new Error('the envelope template has no single Indhold slot');
  const content = r.content;
  return {
    length: Buffer.byteLength(head) + 4 * Math.ceil(size / 3) + Buffer.byteLength(tail),
    async *chunks() {
      yield Buffer.from(head, 'utf8');
      yield* base64(content.open(), size);
      yield Buffer.from(tail, 'utf8');
    },
  };
}

/** Base64 piece by piece (whole 3-byte groups, the rest carried over); refuses a size other than announced. */
async function* base64(source: AsyncIterable<Uint8Array>, size: number): AsyncGenerator<Buffer> {
  let rest: Buffer = Buffer.alloc(0);
  let total = 0;
  for await (const piece of source) {
    total += piece.length;
    if (total > size) throw new Error(`the document is longer than the ${size} bytes announced`);
    const data = rest.length ? Buffer.concat([rest, piece]) : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    const whole = data.length - (data.length % 3);
    if (whole) yield Buffer.from(data.subarray(0, whole).toString('base64'), 'latin1');
    rest = Buffer.from(data.subarray(whole));
  }
  if (total !== size) throw new Error(`the document has ${total} bytes, not the ${size} announced`);
  if (rest.length) yield Buffer.from(rest.toString('base64'), 'latin1');
}

function variantType(mimeType: string | undefined): string {
  if (!mimeType) return 'PDF';
  if (mimeType === 'application/pdf') return 'PDF';
  if (mimeType.startsWith('image/')) return mimeType.slice('image/'.length).toUpperCase();
  if (mimeType === 'message/rfc822') return 'EML';
  if (mimeType === 'application/xml') return 'XML';
  return 'Anden';
}
