// The KLE key a channel carries (MeMo `kle:KLEdata/subjectKey`). Senders' systems set it from a contact
// form or a default, so it is trusted only when it names a current emne; anything else is at most a hint.
import type { ItemMetadata, Reason } from '../core/model.js';
import { groupOf, kleLevel, type KleCatalog } from './kle-catalog.js';

export type MetadataSignal =
  /** A current emne: the answer. */
  | { kind: 'emne'; nr: string; reasons: Reason[] }
  /** A gruppe, hovedgruppe, retired or placeholder key: boosts text candidates under `prefix`. */
  | { kind: 'hint'; prefix: string; reasons: Reason[] }
  | { kind: 'none'; reasons: Reason[] };

// "27.00.00 Social service i almindelighed": a hovedgruppe-wide default, not a choice of emne.
const PLACEHOLDER = /^\d{2}\.00\.00$/;

function reason(code: string, message: string, key: string, extra?: Record<string, unknown>): Reason {
  return { code: `classify.${code}`, message, data: { subjectKey: key, ...extra } };
}

/** The nearest current level above a number: its gruppe if that is current, else its hovedgruppe. */
function hintPrefix(nr: string, catalog: KleCatalog): string {
  const group = groupOf(nr);
  const item = catalog.get(group);
  return nr.length >= 5 && item && !item.retired ? group : nr.slice(0, 2);
}

/** FORM task key (MeMo FORMdata) → KLE emner, from the FORM↔KLE crosswalk (classifiers/data/form-kle.json). */
export type FormToKle = ReadonlyMap<string, readonly string[]>;

/**
 * A FORM task key without a KLE key: the crosswalk (2018) names the emne the form task belonged to. Forms
 * and KLE have drifted since, so it is a hint for that emne's gruppe, never the answer.
 */
function readFormKey(metadata: ItemMetadata, catalog: KleCatalog, formToKle: FormToKle): MetadataSignal {
  const taskKey = metadata.form?.taskKey === undefined ? undefined : String(metadata.form.taskKey).trim();
  if (!taskKey) return { kind: 'none', reasons: [] };
  const mapped = (formToKle.get(taskKey) ?? []).filter((nr) => catalog.isCurrentEmne(nr));
  const first = mapped[0];
  if (!first) {
    return { kind: 'none', reasons: [{ code: 'classify.metadata_form_unmapped', message: `FORM task key ${taskKey.slice(0, 20)} has no current KLE emne in the FORM↔KLE crosswalk`, data: { taskKey: taskKey.slice(0, 20) } }] };
  }
  const prefix = groupOf(first);
  return {
    kind: 'hint',
    prefix,
    reasons: [{ code: 'classify.metadata_form_mapped', message: `FORM task key ${taskKey} maps to KLE ${mapped.join(', ')}; a hint for ${prefix}`, data: { taskKey, mapped, prefix } }],
  };
}

export function readMetadataKle(metadata: ItemMetadata, catalog: KleCatalog, formToKle: FormToKle = new Map()): MetadataSignal {
  const raw = metadata.kle?.subjectKey;
  if (raw === undefined) return readFormKey(metadata, catalog, formToKle);
  // Typed as a string, but metadata may come back from JSON storage as anything.
  const key = String(raw).trim();
  const level = kleLevel(key);
  if (level === null || !catalog.get(key)) {
    const code = level === null ? 'metadata_kle_invalid' : 'metadata_kle_unknown';
    const why = level === null ? 'is not a KLE number' : 'is not in the KLE emneplan';
    return { kind: 'none', reasons: [reason(code, `MeMo KLE key "${key.slice(0, 40)}" ${why}; ignored`, key.slice(0, 40))] };
  }
  const title = catalog.title(key);
  if (catalog.isRetired(key)) {
    const prefix = hintPrefix(key, catalog);
    return {
      kind: 'hint',
      prefix,
      reasons: [reason('metadata_kle_retired', `MeMo KLE key ${key} (${title}) is retired; only a hint for ${prefix}`, key, { prefix })],
    };
  }
  if (level < 3) {
    return {
      kind: 'hint',
      prefix: key,
      reasons: [reason('metadata_kle_not_emne', `MeMo KLE key ${key} (${title}) is a ${level === 2 ? 'gruppe' : 'hovedgruppe'}, not an emne; only a hint`, key, { prefix: key })],
    };
  }
  if (PLACEHOLDER.test(key)) {
    const prefix = key.slice(0, 2);
    return {
      kind: 'hint',
      prefix,
      reasons: [reason('metadata_kle_placeholder', `MeMo KLE key ${key} (${title}) is a hovedgruppe default; only a hint`, key, { prefix })],
    };
  }
  return { kind: 'emne', nr: key, reasons: [reason('metadata_kle_accepted', `MeMo KLE key ${key} (${title}) is a current emne`, key)] };
}
