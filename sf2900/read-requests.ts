// Reading and validating SF2900 requests on the receiving side (the FK emulator), with the checks the
// SF2900 XSD makes (UUID, CVR and KLE patterns, required elements). Errors name the field, never its
// value: a value may be a CPR number. Danish texts, as the service's own FejlListe.
import type { Fejl } from './envelope.js';
import { list, obj, text0, type XmlObject } from './xml.js';

const UUID = /^[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{12}$/;
const CVR = /^\d{8}$/;
const KLE = /^\d\d\.\d\d\.\d\d$/;
const FACET = /^[A-ZÆØÅ]\d\d$/;
const OBJECT_TYPES = new Set(['JOURNALPOST', 'DOKUMENT', 'FORMULAR']);

export interface SendAnmodning {
  transactionId: string;
  senderCvr: string;
  routingCvr: string;
  kle?: string;
  handlingFacet?: string;
  receiverUuid?: string;
  objectType: string;
  /** KLEEmneForslag of the object: what a receiver reached by RoutingModtagerAktoer judges it by. */
  kleForslag?: string;
  documentFileName?: string;
  /** DigitalPostMeddelelsesID: the MeMo message the document came as. */
  digitalPostMessageId?: string;
  /** HandlingFacetForslag of the object. */
  handlingFacetForslag?: string;
  /** Brevdato, as written. */
  letterDate?: string;
  /** The first variant's part (DelAttributter): its name, declared size and, when inline, the decoded size. */
  part?: DocumentPart;
  /** Every variant's part, in Indeks order as sent. */
  parts?: DocumentPart[];
  /** DokumentPartListe: who the document is from and about. */
  parties?: ReadParty[];
}

export interface DocumentPart {
  name: string;
  declaredSize?: number;
  inlineBytes?: number;
  mimeType?: string;
  /** VariantType of the variant this part belongs to. */
  variantType?: string;
  /** Location: the file on Filudveksling, when the part is not inline. */
  location?: string;
}

export interface ReadParty {
  role: string;
  type: string;
  /** ReferenceID: the Tekst, UUID or URN given. */
  reference: string;
}

export interface ListRouting {
  senderCvr: string;
  routingCvr: string;
  kle: string;
  handlingFacet?: string;
}

type Result<T> = { ok: true; value: T } | { ok: false; fejl: Fejl[] };

class Checker {
  readonly fejl: Fejl[] = [];
  required(field: string, value: string, pattern: RegExp, what: string): string {
    if (!value) this.fejl.push({ kode: 'ManglendeFelt', tekst: `${field} mangler` });
    else if (!pattern.test(value)) this.fejl.push({ kode: 'UgyldigVaerdi', tekst: `${field} er ikke ${what}` });
    return value;
  }
  optional(field: string, value: string, pattern: RegExp, what: string): string | undefined {
    if (!value) return undefined;
    return this.required(field, value, pattern, what);
  }
}

function authorityCvr(content: XmlObject, check: Checker): void {
  check.required('AuthorityContext/MunicipalityCVR', text0(obj(content.AuthorityContext).MunicipalityCVR), CVR, 'et CVR-nummer (8 cifre)');
}

export function readSendRequest(content: XmlObject): Result<SendAnmodning> {
  const check = new Checker();
  authorityCvr(content, check);
  const anmodning = obj(content.anmodning);
  const ctx = obj(anmodning.DistributionContext);
  const routing = obj(ctx.RoutingValg);
  const byKle = obj(routing.RoutingKLEEmneHandling);
  const transactionId = check.required('AnvenderTransaktionsID', text0(ctx.AnvenderTransaktionsID), UUID, 'et UUID');
  const senderCvr = check.required('AfsendendeMyndighed', text0(ctx.AfsendendeMyndighed), CVR, 'et CVR-nummer (8 cifre)');
  const routingCvr = check.required('RoutingMyndighed', text0(ctx.RoutingMyndighed), CVR, 'et CVR-nummer (8 cifre)');
  let kle: string | undefined;
  let kleForslag: string | undefined;
  let handlingFacet: string | undefined;
  let receiverUuid: string | undefined;
  let handlingFacetForslag: string | undefined;
  if (routing.RoutingKLEEmneHandling !== undefined) {
    kle = check.required('RoutingKLEEmne', text0(byKle.RoutingKLEEmne), KLE, 'et KLE-emne (NN.NN.NN)');
    handlingFacet = check.optional('RoutingHandlingFacet', text0(byKle.RoutingHandlingFacet), FACET, 'en handlingsfacet (fx G01)');
  } else if (routing.RoutingModtagerAktoer !== undefined) {
    receiverUuid = check.required('RoutingModtagerAktoer', text0(routing.RoutingModtagerAktoer), UUID, 'et UUID');
  } else {
    check.fejl.push({ kode: 'ManglendeFelt', tekst: 'RoutingValg skal angive RoutingKLEEmneHandling eller RoutingModtagerAktoer' });
  }
  const object = obj(anmodning.DistributionObject);
  const objectType = text0(object.ObjektType);
  if (!OBJECT_TYPES.has(objectType)) check.fejl.push({ kode: 'UgyldigVaerdi', tekst: 'ObjektType skal være JOURNALPOST, DOKUMENT eller FORMULAR' });
  const indhold = obj(object.ObjektIndhold);
  const distributionObject = obj(indhold.DistributionDokument ?? indhold.DistributionJournalPost ?? indhold.DistributionFormular);
  if (!Object.keys(distributionObject).length) {
    check.fejl.push({ kode: 'ManglendeFelt', tekst: 'ObjektIndhold mangler DistributionDokument, DistributionJournalPost eller DistributionFormular' });
  } else {
    check.required('ID', text0(distributionObject.ID), UUID, 'et UUID');
    kleForslag = check.required('KLEEmneForslag', text0(distributionObject.KLEEmneForslag), KLE, 'et KLE-emne (NN.NN.NN)');
    handlingFacetForslag = check.optional('HandlingFacetForslag', text0(distributionObject.HandlingFacetForslag), FACET, 'en handlingsfacet (fx G01)');
  }
  if (check.fejl.length) return { ok: false, fejl: check.fejl };
  const documentFileName = text0(ctx.DokumentFilNavn) || undefined;
  const parts = readParts(distributionObject);
  const parties = readParties(distributionObject);
  const digitalPostMessageId = text0(ctx.DigitalPostMeddelelsesID) || undefined;
  const letterDate = text0(obj(obj(obj(distributionObject.Registrering).AttributListe).Attributter).Brevdato) || undefined;
  return {
    ok: true,
    value: {
      transactionId, senderCvr, routingCvr, objectType,
      ...(kle ? { kle } : {}),
      ...(handlingFacet ? { handlingFacet } : {}),
      ...(receiverUuid ? { receiverUuid } : {}),
      ...(kleForslag ? { kleForslag } : {}),
      ...(documentFileName ? { documentFileName } : {}),
      ...(digitalPostMessageId ? { digitalPostMessageId } : {}),
      ...(handlingFacetForslag ? { handlingFacetForslag } : {}),
      ...(letterDate ? { letterDate } : {}),
      ...(parts.length ? { part: parts[0]!, parts } : {}),
      ...(parties.length ? { parties } : {}),
    },
  };
}

/** DelAttributter of every variant; Indhold is measured (base64 length), not decoded. */
function readParts(dokument: XmlObject): DocumentPart[] {
  const variants = list(obj(obj(obj(dokument.Registrering).RelationListe).VariantListe).Variant);
  return variants.flatMap((value) => {
    const variant = obj(value);
    const del = obj(variant.DelAttributter);
    if (!Object.keys(del).length) return [];
    const declared = Number(text0(del.Filstoerrelse));
    const indhold = text0(del.Indhold).replace(/\s+/g, '');
    const mimeType = text0(del.MimeType);
    const type = text0(obj(variant.VariantAttributter).VariantType);
    const location = text0(del.Location);
    return [{
      name: text0(del.DelTekst),
      ...(text0(del.Filstoerrelse) && Number.isFinite(declared) ? { declaredSize: declared } : {}),
      ...(indhold ? { inlineBytes: (indhold.length / 4) * 3 - (indhold.endsWith('==') ? 2 : indhold.endsWith('=') ? 1 : 0) } : {}),
      ...(mimeType ? { mimeType } : {}),
      ...(type ? { variantType: type } : {}),
      ...(location ? { location } : {}),
    }];
  });
}

function readParties(dokument: XmlObject): ReadParty[] {
  const parts = list(obj(obj(obj(dokument.Registrering).RelationListe).DokumentPartListe).DokumentPart);
  return parts.map((value) => {
    const p = obj(value);
    const part = obj(p.Part);
    const ref = obj(part.ReferenceID);
    return { role: text0(p.Rolle), type: text0(part.ObjektType), reference: text0(ref.Tekst) || text0(ref.UUID) || text0(ref.URN) };
  });
}

export function readListRequest(content: XmlObject): Result<ListRouting> {
  const check = new Checker();
  authorityCvr(content, check);
  const routing = obj(content.Routing);
  const senderCvr = check.required('AfsendendeMyndighed', text0(routing.AfsendendeMyndighed), CVR, 'et CVR-nummer (8 cifre)');
  const routingCvr = check.required('RoutingMyndighed', text0(routing.RoutingMyndighed), CVR, 'et CVR-nummer (8 cifre)');
  const kle = check.required('RoutingKLEEmne', text0(routing.RoutingKLEEmne), KLE, 'et KLE-emne (NN.NN.NN)');
  const handlingFacet = check.optional('RoutingHandlingFacet', text0(routing.RoutingHandlingFacet), FACET, 'en handlingsfacet (fx G01)');
  if (check.fejl.length) return { ok: false, fejl: check.fejl };
  return { ok: true, value: { senderCvr, routingCvr, kle, ...(handlingFacet ? { handlingFacet } : {}) } };
}
