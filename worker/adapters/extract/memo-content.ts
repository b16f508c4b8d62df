// MeMo MessageHeader/ContentData → MemoContentData and the typed CPR/CVR lists: what the letter is about
// (person, company, vehicle, property, production unit, education). Every CPRdata/CVRdata is kept with a
// `valid` flag; only valid numbers become metadata.cpr / metadata.cvr, an invalid one is a warning.
// KLE, FORM and CaseID are read by memo-metadata.ts; AdditionalContentData is typed by the tenant's
// XML mappings, here it is only listed as raw pairs.
import type { MemoContentData } from '../../../core/model.js';
import { productionUnitOf } from './memo-parties.js';
import { DMV_NS, GRD_NS, UDD_NS, present, type MemoReader } from './memo-read.js';
import type { XmlElement } from './xml-tree.js';

/** CPRdata/CVRdata are 0..1 in the XSD; senders that list several persons get this many read. */
const MAX_SUBJECTS = 20;
/** AdditionalContentData is 0..10 in the XSD. */
const MAX_ADDITIONAL = 10;

export interface ContentFacts {
  content?: MemoContentData;
  /** Valid CPR numbers of CPRdata (metadata.cpr). */
  cpr: string[];
  /** Valid CVR numbers of CVRdata (metadata.cvr). */
  cvr: string[];
}

export function memoContent(contentData: XmlElement | undefined, r: MemoReader): ContentFacts {
  if (!contentData) return { cpr: [], cvr: [] };
  const cpr = r.list(contentData, 'CPRdata', MAX_SUBJECTS, GRD_NS).flatMap((element) => {
    const number = r.text(element, 'cprNumber', GRD_NS);
    if (!number) return [];
    const name = r.text(element, 'name', GRD_NS);
    return [{ number, ...(name ? { name } : {}), valid: r.checkId('CPR', number, 'ContentData/CPRdata/cprNumber') }];
  });
  const cvr = r.list(contentData, 'CVRdata', MAX_SUBJECTS, GRD_NS).flatMap((element) => {
    const number = r.text(element, 'cvrNumber', GRD_NS);
    if (!number) return [];
    const companyName = r.text(element, 'companyName', GRD_NS);
    return [{ number, ...(companyName ? { companyName } : {}), valid: r.checkId('CVR', number, 'ContentData/CVRdata/cvrNumber') }];
  });
  const vehicle = r.element(contentData, 'MotorVehicle', DMV_NS);
  const education = r.element(contentData, 'Education', UDD_NS);
  const additional = r.list(contentData, 'AdditionalContentData', MAX_ADDITIONAL).flatMap((element) => {
    const name = r.text(element, 'contentDataName');
    const type = r.text(element, 'contentDataType');
    return name ? [{ name, value: r.text(element, 'contentDataValue') ?? '', ...(type ? { type } : {}) }] : [];
  });
  const content = present({
    cpr: cpr.length ? cpr : undefined,
    cvr: cvr.length ? cvr : undefined,
    motorVehicle: vehicle && present({ licenseNumber: r.text(vehicle, 'licenseNumber', DMV_NS), chassisNumber: r.text(vehicle, 'chassisNumber', DMV_NS) }),
    propertyNumber: r.text(r.element(contentData, 'PropertyNumber', GRD_NS), 'propertyNumber', GRD_NS),
    productionUnit: productionUnitOf(r.element(contentData, 'ProductionUnit', GRD_NS), 'ContentData/ProductionUnit', r),
    education: education && present({ code: r.text(education, 'educationCode', UDD_NS), name: r.text(education, 'educationName', UDD_NS) }),
    additional: additional.length ? additional : undefined,
  });
  return {
    ...(content ? { content } : {}),
    cpr: cpr.filter((entry) => entry.valid).map((entry) => entry.number),
    cvr: cvr.filter((entry) => entry.valid).map((entry) => entry.number),
  };
}
