// MeMo Sender and Recipient → MemoParty (ids checked, representative, attention data, contact point) and
// the channel-neutral Party the rest of Fordeler uses. A CPR or CVR id that is not a valid one stays in
// metadata with idValid=false and a warning, and the Party gets idType OTHER: rules and enrichment must
// not treat "Sender ID" as a company number.
import type { MemoAttentionData, MemoContactPoint, MemoParty, MemoProductionUnit, MemoRepresentative, Party } from '../../../core/model.js';
import { looksLikeCpr } from '../../../classifiers/entities/identifiers.js';
import { GLN_NS, GRD_NS, MAX_LONG, SOR_NS, compact, present, type MemoReader } from './memo-read.js';
import type { XmlElement } from './xml-tree.js';

/** ContactInfo is 0..2 in the XSD; a little room for senders that add more. */
const MAX_CONTACT_INFO = 10;

export type PartyRole = 'Sender' | 'Recipient';

export function memoParty(element: XmlElement, role: PartyRole, r: MemoReader): MemoParty {
  const idName = role === 'Sender' ? 'senderID' : 'recipientID';
  const id = r.text(element, idName);
  const idType = r.text(element, 'idType')?.toUpperCase();
  const attention = attentionData(r.element(element, 'AttentionData'), `${role}/AttentionData`, r);
  const contactPoint = contactPointOf(r.element(element, 'ContactPoint'), r);
  const representative = role === 'Sender' ? representativeOf(r.element(element, 'Representative'), r) : undefined;
  return compact({
    id,
    idType,
    idTypeLabel: r.text(element, 'idTypeLabel'),
    idValid: checkedId(id, idType, `${role}/${idName}`, r),
    label: r.text(element, 'label'),
    attention,
    contactPoint,
    representative,
  });
}

/** The Party of a MemoParty: a CPR/CVR idType only when the id is a valid one. */
export function partyOf(memo: MemoParty): Party {
  const email = memo.attention?.email?.address;
  const typed = (memo.idType === 'CPR' || memo.idType === 'CVR') && memo.idValid ? memo.idType : 'OTHER';
  return {
    ...(memo.id ? { id: memo.id, idType: typed } : {}),
    ...(memo.label ? { name: memo.label } : {}),
    ...(email ? { email: email.toLowerCase() } : {}),
  };
}

/** For idType CPR or CVR, whether the id is valid (a warning when not); undefined for other types. */
function checkedId(id: string | undefined, idType: string | undefined, field: string, r: MemoReader): boolean | undefined {
  if (idType !== 'CPR' && idType !== 'CVR') return undefined;
  if (id === undefined) return false;
  return r.checkId(idType, id, field);
}

function representativeOf(element: XmlElement | undefined, r: MemoReader): MemoRepresentative | undefined {
  if (!element) return undefined;
  const id = r.text(element, 'representativeID');
  const idType = r.text(element, 'idType')?.toUpperCase();
  return present({
    id,
    idType,
    idValid: id === undefined ? undefined : checkedId(id, idType, 'Sender/Representative/representativeID', r),
    label: r.text(element, 'label'),
  });
}

function attentionData(element: XmlElement | undefined, field: string, r: MemoReader): MemoAttentionData | undefined {
  if (!element) return undefined;
  const labelled = (name: string, idName: string): { id?: string; label?: string } | undefined => {
    const child = r.element(element, name);
    return child && present({ id: r.text(child, idName), label: r.text(child, 'label') });
  };
  const person = r.element(element, 'AttentionPerson');
  const email = r.element(element, 'EMail');
  const telephone = r.element(element, 'Telephone');
  const se = r.element(element, 'SEnumber', GRD_NS);
  const eid = r.element(element, 'EID', GRD_NS);
  const sor = r.element(element, 'SORdata', SOR_NS);
  return present({
    person: person && personOf(person, `${field}/AttentionPerson/personID`, r),
    productionUnit: productionUnitOf(r.element(element, 'ProductionUnit', GRD_NS), `${field}/ProductionUnit`, r),
    gln: glnOf(r.element(element, 'GlobalLocationNumber', GLN_NS), `${field}/GlobalLocationNumber`, r),
    email: email && present({ address: r.text(email, 'emailAddress'), relatedAgent: r.text(email, 'relatedAgent') }),
    telephone: telephone && present({ number: r.text(telephone, 'telephoneNumber'), relatedAgent: r.text(telephone, 'relatedAgent') }),
    seNumber: se && present({ number: r.text(se, 'seNumber', GRD_NS), companyName: r.text(se, 'companyName', GRD_NS) }),
    eid: eid && present({ id: r.text(eid, 'eID', GRD_NS), label: r.text(eid, 'label', GRD_NS) }),
    contentResponsible: labelled('ContentResponsible', 'contentResponsibleID'),
    generatingSystem: labelled('GeneratingSystem', 'generatingSystemID'),
    sor: sor && present({ id: r.text(sor, 'sorIdentifier', SOR_NS), name: r.text(sor, 'entryName', SOR_NS) }),
    address: addressOf(r.element(element, 'Address', GRD_NS), r),
    unstructuredAddress: r.text(r.element(element, 'UnstructuredAddress', GRD_NS), 'unstructured', GRD_NS, MAX_LONG),
  });
}

/** An AttentionPerson; a personID written like a CPR number must be a valid one (else a warning). */
function personOf(element: XmlElement, field: string, r: MemoReader): MemoAttentionData['person'] {
  const id = r.text(element, 'personID');
  const cpr = id !== undefined && looksLikeCpr(id) && r.checkId('CPR', id, field);
  const label = r.text(element, 'label');
  return { ...(id ? { id } : {}), ...(label ? { label } : {}), cpr };
}

/** A grd:ProductionUnit (in AttentionData or ContentData): its P-number checked. */
export function productionUnitOf(element: XmlElement | undefined, field: string, r: MemoReader): MemoProductionUnit | undefined {
  if (!element) return undefined;
  const number = r.text(element, 'productionUnitNumber', GRD_NS);
  const name = r.text(element, 'productionUnitName', GRD_NS);
  const valid = number !== undefined && r.checkId('PNR', number, `${field}/productionUnitNumber`);
  return { ...(number ? { number } : {}), ...(name ? { name } : {}), valid };
}

function glnOf(element: XmlElement | undefined, field: string, r: MemoReader): MemoAttentionData['gln'] {
  if (!element) return undefined;
  const number = r.text(element, 'globalLocationNumber', GLN_NS);
  const location = r.text(element, 'location', GLN_NS);
  const valid = number !== undefined && r.checkId('GLN', number, `${field}/globalLocationNumber`);
  return { ...(number ? { number } : {}), ...(location ? { location } : {}), valid };
}

function addressOf(element: XmlElement | undefined, r: MemoReader): MemoAttentionData['address'] {
  if (!element) return undefined;
  const names = ['id', 'addressLabel', 'houseNumber', 'door', 'floor', 'co', 'zipCode', 'city', 'country'] as const;
  return present(Object.fromEntries(names.map((name) => [name, r.text(element, name, GRD_NS)])));
}

function contactPointOf(element: XmlElement | undefined, r: MemoReader): MemoContactPoint | undefined {
  if (!element) return undefined;
  const info = r
    .list(element, 'ContactInfo', MAX_CONTACT_INFO)
    .map((entry) => ({ label: r.text(entry, 'label') ?? '', value: r.text(entry, 'value') ?? '' }))
    .filter((entry) => entry.label || entry.value);
  return present({
    id: r.text(element, 'contactPointID'),
    group: r.text(element, 'contactGroup'),
    label: r.text(element, 'label'),
    info: info.length ? info : undefined,
  });
}
