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

export function readMetadataKle(metadata: ItemMetadata, catalog: KleCatalog): MetadataSignal {
  const raw = metadata.kle?.subjectKey;
  if (raw === undefined) return { kind: 'none', reasons: [] };
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
