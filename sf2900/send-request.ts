// The FordelingsobjektAfsend request: one incoming DOKUMENT, routed by KLE emne (and handling facet) or
// to one receiving system (RoutingModtagerAktoer). The letter's documents are the variants (VariantListe:
// one Variant per file, Indeks 1..n, each with its own DelTekst, MIME type and exact Filstoerrelse);
// its parties are the DokumentPartListe (PrimaerPart the sender, SekundaerPart the persons and companies
// the letter is about). A small document travels inside the request (DelAttributter/Indhold, base64);
// the body is then streamed — envelope text, each inline document encoded piece by piece, envelope
// text — so no document is ever held whole in memory. A large document is uploaded to Filudveksling
// first and only named (its variant's Location; the first variant's file also in DokumentFilNavn).
// Pure: every document arrives as an async iterable the caller opens; nothing here reads a file.
import { randomUUID } from 'node:crypto';
import { authorityContext, soapEnvelope, v2, v2opt, v3 } from './envelope.js';
import { distributionContextChildren } from './messages.js';

/** One file of the letter: one Variant. */
export interface SendDocument {
  /** DelTekst: the document's own file name. */
  name: string;
  mimeType?: string;
  /** Filstoerrelse, in bytes; required when `content` is given. */
  size?: number;
  /** The bytes inside the request (Indhold). */
  content?: { open(): AsyncIterable<Uint8Array> };
  /** Location: the name the file was uploaded to Filudveksling under. */
  location?: string;
}

/** The XSD's PartObjektTypeType. */
export type PartObjectType = 'Person' | 'Virksomhed' | 'Organisation' | 'OrgEnhed' | 'OrgFunktion' | 'Interesse-faellesskab' | 'Bruger';

/** One DokumentPart; `id` is written as ReferenceID/Tekst (a CPR or CVR number, or "name <address>"). */
export interface SendParty {
  role: 'PrimaerPart' | 'SekundaerPart' | 'KopiModtager';
  type: PartObjectType;
  id: string;
}

export interface SendRequest {
  /** AnvenderTransaktionsID: reuse it on every retry of the same hand-over. */
  transactionId: string;
  /** KLEEmneForslag, and the routing emne unless `receiverUuid` is given. */
  kle: string;
  /** RoutingHandlingFacet (routing by KLE) and, unless `handlingFacetProposal` is given, HandlingFacetForslag. */
  handlingFacet?: string;
  /** HandlingFacetForslag only: a proposal to the receiver that does not change where the item is routed. */
  handlingFacetProposal?: string;
  /** RoutingModtagerAktoer: hand over to this receiving system instead of routing by the KLE emne. */
  receiverUuid?: string;
  /** DigitalPostMeddelelsesID: the MeMo messageUUID of a Digital Post letter. */
  digitalPostMessageId?: string;
  title: string;
  /**
   * The letter's files, one Variant each. Without it the single-document fields below make the one
   * variant (fileName, content, documentFileName, mimeType, size).
   */
  documents?: SendDocument[];
  /** DelTekst of the single document: its own file name, as it was received. */
  fileName?: string;
  /** DokumentFilNavn: the file uploaded to Filudveksling (SFTP) before this call. */
  documentFileName?: string;
  /** The single document inside the request (Indhold); `size` must be its exact length. */
  content?: { open(): AsyncIterable<Uint8Array> };
  scanned: boolean;
  /** Brev (letters, Digital Post, scans; the default) or eMail. */
  documentType?: 'Brev' | 'eMail';
  documentId: string;
  /** The sender as the one PrimaerPart; ignored when `parties` is given. */
  party?: { type: 'Person' | 'Virksomhed'; id: string };
  parties?: SendParty[];
  /** Brevdato, YYYY-MM-DD; defaults to today (UTC). */
  letterDate?: string;
  mimeType?: string;
  /** Filstoerrelse of the single document, in bytes. */
  size?: number;
}

/** A request body: a string, or a known length and the pieces that make it up. */
export type RequestBody = string | { length: number; chunks(): AsyncIterable<Buffer> };

/** The variants the request carries: `documents`, or the one the single-document fields describe. */
export function documentsOf(r: SendRequest): SendDocument[] {
  if (r.documents?.length) return r.documents;
  return [{
    name: r.fileName ?? r.documentFileName ?? r.title,
    ...(r.mimeType ? { mimeType: r.mimeType } : {}),
    ...(r.size !== undefined ? { size: r.size } : {}),
    ...(r.content ? { content: r.content } : {}),
    ...(r.documentFileName ? { location: r.documentFileName } : {}),
  }];
}

function partiesOf(r: SendRequest): SendParty[] {
  if (r.parties) return r.parties;
  return r.party ? [{ role: 'PrimaerPart', ...r.party }] : [];
}

/**
 * The envelope as text. `indhold` is written into Indhold as it is (already base64): a list into the
 * documents that have content, in order; a single string into the first document.
 */
export function buildSendEnvelope(r: SendRequest, cvr: string, systemUuid: string, now = new Date(), indhold?: string | readonly string[]): string {
  const at = now.toISOString();
  const virkning = v2('Virkning', v2('FraTidspunkt', at), v2('Aktoer', v2('UUID', systemUuid)), v2('AktoerType', 'ItSystem'));
  const inline = indhold ?? [];
  let slot = 0;
  // A single string is the first document's Indhold (as before documents could be several); a list fills the documents with content.
  const indholdOf = (d: SendDocument, i: number) => (typeof inline === 'string' ? (i === 0 ? inline : undefined) : d.content ? inline[slot++] : undefined);
  // DelAttributter's order is the XSD's: DelTekst, Indeks, Indhold, Filstoerrelse, MimeType, ScannerID, Location.
  const variants = documentsOf(r).map((d, i) => v2('Variant', virkning, v2('Rolle', 'Variant'), v2('Indeks', String(i + 1)),
    v2('VariantAttributter', v2('VariantType', variantType(d.mimeType)), v2('DelvistScannet', r.scanned)),
    v2('DelAttributter', v2('DelTekst', d.name || r.title), v2('Indeks', 1), v2opt('Indhold', indholdOf(d, i)),
      v2opt('Filstoerrelse', d.size), v2opt('MimeType', d.mimeType), v2opt('Location', d.location))));
  const parties = partiesOf(r);
  const partListe = parties.length ? v2('DokumentPartListe', ...parties.map((p, i) => v2('DokumentPart', virkning, v2('Rolle', p.role), v2('Indeks', i + 1),
    v2('Part', v2('ObjektType', p.type), v2('ReferenceID', v2('Tekst', p.id)))))) : undefined;
  const dokument = v2('DistributionDokument',
    v2('ID', r.documentId),
    v2('KLEEmneForslag', r.kle),
    v2opt('HandlingFacetForslag', r.handlingFacetProposal ?? r.handlingFacet),
    v2('Registrering',
      v2('FraTidsPunkt', at),
      v2('LivscyklusKode', 'Oprettet'),
      v2('ImportTidspunkt', at),
      v2('RegistreringItSystem', v2('UUID', systemUuid)),
      v2('RelationListe', v2('VariantListe', ...variants), partListe),
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
  const context = distributionContextChildren({
    transactionId: r.transactionId, senderCvr: cvr, routingCvr: cvr, ...routing,
    ...(r.digitalPostMessageId ? { digitalPostMessageId: r.digitalPostMessageId } : {}),
  });
  const fileName = r.documentFileName ?? documentsOf(r)[0]?.location;
  return soapEnvelope(v3('FordelingsobjektAfsendRequest', authorityContext(cvr),
    v3('anmodning',
      v2('DistributionContext', ...context, v2opt('DokumentFilNavn', fileName)),
      v2('DistributionObject', v2('ObjektType', 'DOKUMENT'), v2('ObjektIndhold', dokument)))));
}

/** The request body: the envelope as one string, or streamed around the inline documents. */
export function buildSendBody(r: SendRequest, cvr: string, systemUuid: string, now = new Date()): RequestBody {
  const inline = documentsOf(r).filter((d) => d.content);
  if (!inline.length) return buildSendEnvelope(r, cvr, systemUuid, now);
  const sizes = inline.map((d) => {
    if (d.size === undefined) throw new Error('an inline document needs its size');
    return d.size;
  });
  // Markers nobody can put in a title, so splitting the rendered envelope finds exactly each Indhold.
  const markers = inline.map(() => `indhold-${randomUUID()}`);
  const texts = [buildSendEnvelope(r, cvr, systemUuid, now, markers)];
  for (const marker of markers) {
    const [before, after, ...extra] = texts.pop()!.split(marker);
    if (before === undefined || after === undefined || extra.length) throw new Error('the envelope template has no single Indhold slot');
    texts.push(before, after);
  }
  return {
    length: texts.reduce((sum, t) => sum + Buffer.byteLength(t), 0) + sizes.reduce((sum, size) => sum + 4 * Math.ceil(size / 3), 0),
    async *chunks() {
      for (const [i, document] of inline.entries()) {
        yield Buffer.from(texts[i]!, 'utf8');
        yield* base64(document.content!.open(), sizes[i]!);
      }
      yield Buffer.from(texts[inline.length]!, 'utf8');
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

/** VariantType from the MIME type: PDF, TIFF/PNG/JPEG, EML, XML, TXT, HTML, else Anden. */
export function variantType(mimeType: string | undefined): string {
  if (!mimeType) return 'PDF';
  if (mimeType === 'application/pdf') return 'PDF';
  if (mimeType.startsWith('image/')) return mimeType.slice('image/'.length).toUpperCase();
  if (mimeType === 'message/rfc822') return 'EML';
  if (mimeType === 'application/xml' || mimeType === 'text/xml') return 'XML';
  if (mimeType === 'text/plain') return 'TXT';
  if (mimeType === 'text/html') return 'HTML';
  return 'Anden';
}
