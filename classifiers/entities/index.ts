// The entities of an item for enrichment: CPR and CVR numbers, case references and dates from the
// channel's metadata and parties, the subject, the body and the attachments' text.
//
// Order and deduplication: metadata ('metadata', then 'sender', 'recipient') comes first, because a
// channel's own field is the most reliable; then 'subject', 'body' and `attachment:<name>` in that order.
// The same entity (same CPR value, same CVR kind and value, same case value ignoring case, same date
// value) is listed once, with the first field it was found in and the others in `alsoIn`.
//
// CPR numbers are returned in full: they are needed for the handover payload. Anything stored in a
// decision or shown in the UI goes through maskEntitiesForDisplay first.
import type { ExtractedContent, Party } from '../../core/model.js';
import { findCaseNumbers, kleFromCaseNumber } from './case-numbers.js';
import { findCpr, maskCprSerial, parseCpr } from './cpr.js';
import { findCvr, parseCvr } from './cvr.js';
import { findDates } from './dates.js';
import type { CaseNumberEntity, CprEntity, CvrEntity, DateEntity, Entities, EntityField, EntityOrigin } from './types.js';

export type * from './types.js';
export { cprBirthDate, cprModulus11, containsCpr, findCpr, maskCprFully, maskCprSerial, parseCpr } from './cpr.js';
export { cvrModulus11, findCvr, isValidCvr, parseCvr } from './cvr.js';
export { findCaseNumbers, kleFromCaseNumber, repairOcrDigits } from './case-numbers.js';
export { findDates, isoDate } from './dates.js';

const MAX_CASE_ID = 80;

interface SourceText {
  field: EntityField;
  text: string;
}

/** The texts entities are read from, labelled with their field. */
function sourceTexts(content: ExtractedContent): SourceText[] {
  const texts: SourceText[] = [];
  if (content.subject?.trim()) texts.push({ field: 'subject', text: content.subject });
  if (content.body.trim()) texts.push({ field: 'body', text: content.body });
  for (const attachment of content.attachments) {
    if (attachment.text.trim()) texts.push({ field: `attachment:${attachment.name}`, text: attachment.text });
  }
  return texts;
}

/** Keeps the first of each key and notes the fields of the later ones in `alsoIn`. */
class Collector<T extends EntityOrigin> {
  private readonly byKey = new Map<string, T>();

  constructor(private readonly keyOf: (entity: T) => string) {}

  add(entity: T): void {
    const key = this.keyOf(entity);
    const first = this.byKey.get(key);
    if (!first) {
      this.byKey.set(key, entity);
      return;
    }
    if (first.field === entity.field || first.alsoIn?.includes(entity.field)) return;
    first.alsoIn = [...(first.alsoIn ?? []), entity.field];
  }

  values(): T[] {
    return [...this.byKey.values()];
  }
}

function parties(content: ExtractedContent): { field: EntityField; party: Party }[] {
  return [
    { field: 'sender', party: content.sender },
    ...content.recipients.map((party) => ({ field: 'recipient', party })),
  ];
}

function metadataCpr(content: ExtractedContent, add: (entity: CprEntity) => void): void {
  const given: { field: EntityField; raw: string }[] = [
    ...(content.metadata.cpr ?? []).map((raw) => ({ field: 'metadata', raw })),
    ...parties(content).flatMap(({ field, party }) => (party.idType === 'CPR' && party.id ? [{ field, raw: party.id }] : [])),
  ];
  for (const { field, raw } of given) {
    // Typed as strings, but metadata may come back from JSON storage as anything.
    const parsed = parseCpr(String(raw));
    if (parsed) add({ ...parsed, cued: true, field, index: null });
  }
}

function metadataCvr(content: ExtractedContent, add: (entity: CvrEntity) => void): void {
  const given: { field: EntityField; raw: string; cue: string }[] = [
    ...(content.metadata.cvr ?? []).map((raw) => ({ field: 'metadata', raw, cue: 'CVRdata' })),
    ...(content.metadata.scan?.customerCvr ? [{ field: 'metadata', raw: content.metadata.scan.customerCvr, cue: 'customerCvr' }] : []),
    ...parties(content).flatMap(({ field, party }) => (party.idType === 'CVR' && party.id ? [{ field, raw: party.id, cue: 'idType CVR' }] : [])),
  ];
  for (const { field, raw, cue } of given) {
    const value = parseCvr(String(raw));
    if (value) add({ kind: 'cvr', value, cue, field, index: null });
  }
}

function metadataCases(content: ExtractedContent, add: (entity: CaseNumberEntity) => void): void {
  for (const { caseId, system } of content.metadata.caseIds ?? []) {
    const value = String(caseId).trim().slice(0, MAX_CASE_ID);
    if (!value) continue;
    const kle = kleFromCaseNumber(value);
    add({ kind: 'case', value, cue: system ? `caseID (${system})` : 'caseID', ...(kle ? { kle } : {}), ocrRepaired: false, field: 'metadata', index: null });
  }
}

/** CPR, CVR/P-numbers, case references and dates of an item, deduplicated, each with its field. */
export function extractEntities(content: ExtractedContent): Entities {
  const cpr = new Collector<CprEntity>((entity) => entity.value);
  const cvr = new Collector<CvrEntity>((entity) => `${entity.kind}:${entity.value}`);
  const cases = new Collector<CaseNumberEntity>((entity) => entity.value.toUpperCase());
  const dates = new Collector<DateEntity>((entity) => entity.value);

  metadataCpr(content, (entity) => cpr.add(entity));
  metadataCvr(content, (entity) => cvr.add(entity));
  metadataCases(content, (entity) => cases.add(entity));

  for (const { field, text } of sourceTexts(content)) {
    for (const { length: _length, ...match } of findCpr(text)) cpr.add({ ...match, field });
    for (const { length: _length, ...match } of findCvr(text)) cvr.add({ ...match, field });
    for (const { length: _length, ...match } of findCaseNumbers(text)) cases.add({ ...match, field });
    for (const { length: _length, ...match } of findDates(text)) dates.add({ ...match, field });
  }
  return { cpr: cpr.values(), cvr: cvr.values(), caseNumbers: cases.values(), dates: dates.values() };
}

/**
 * The entities as decisions and the UI may store and show them: CPR serial numbers masked
 * (`DDMMYY-XXXX`), also where a CPR number is written inside a case reference. The input is not changed.
 */
export function maskEntitiesForDisplay(entities: Entities): Entities {
  return {
    cpr: entities.cpr.map((entity) => ({ ...entity, value: `${entity.value.slice(0, 6)}-XXXX`, ...copyAlsoIn(entity) })),
    cvr: entities.cvr.map((entity) => ({ ...entity, ...copyAlsoIn(entity) })),
    caseNumbers: entities.caseNumbers.map((entity) => ({ ...entity, value: maskCprSerial(entity.value), ...copyAlsoIn(entity) })),
    dates: entities.dates.map((entity) => ({ ...entity, ...copyAlsoIn(entity) })),
  };
}

function copyAlsoIn(entity: EntityOrigin): Pick<EntityOrigin, 'alsoIn'> {
  return entity.alsoIn ? { alsoIn: [...entity.alsoIn] } : {};
}
