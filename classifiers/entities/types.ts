// The entities found in an item for enrichment: CPR and CVR numbers, case references and dates.
// Pure data: the finders in this folder produce these, extractEntities (index.ts) gathers them.

/** A CPR number found in a text. */
export interface CprMatch {
  /** Normalised `DDMMYY-SSSS`. */
  value: string;
  /** `YYYY-MM-DD`, the century from the 7th digit (CPR rules). */
  birthDate: string;
  /**
   * Whether the number passes the modulus-11 check. A pass is stronger evidence; a failure does not
   * make the number invalid (numbers issued since October 2007 need not pass).
   */
  modulus11: boolean;
  /** Where the match starts in the text, and how many characters it covers (for highlighting/masking). */
  index: number;
  length: number;
  /** Introduced by "CPR", "CPR-nr.", "personnummer", … (then OCR spacing and O/l confusions are tolerated). */
  cued: boolean;
}

export type CvrKind = 'cvr' | 'p-number';

/** A CVR number (8 digits, modulus 11) or a P-number (production unit, 10 digits), always cued. */
export interface CvrMatch {
  kind: CvrKind;
  /** The digits only. */
  value: string;
  /** The cue as written, e.g. "CVR-nr." or "P-nr." (a cue, never surrounding text). */
  cue: string;
  index: number;
  length: number;
}

/**
 * Kinds of case reference, named after the cue as the writer words it: 'their-ref' is "Jeres/Deres/Din
 * ref." (the addressee's reference — in incoming post usually the municipality's own), 'our-ref' is
 * "Vores/Vor/Min ref." (the writer's own), 'journal' is "j.nr."/"journalnummer", 'case' is
 * "sagsnr."/"sagsnummer"/"ref.nr." and case ids from channel metadata.
 */
export type CaseNumberKind = 'journal' | 'case' | 'their-ref' | 'our-ref';

export interface CaseNumberMatch {
  kind: CaseNumberKind;
  /** The identifier, trailing punctuation stripped and OCR letter/digit confusions repaired. */
  value: string;
  /** The cue as written ("j.nr.", "Jeres ref.", …). */
  cue: string;
  /** The KLE emne `NN.NN.NN` when the value is a KLE-shaped case number (`27.36.04-G01-123-26`). */
  kle?: string;
  /** True when OCR confusions (l/I → 1, O/o → 0) were repaired in the value. */
  ocrRepaired: boolean;
  /** Where the identifier (not the cue) starts, and its length in the text. */
  index: number;
  length: number;
}

/** How a date's year was written: in full, as two digits (century inferred), or not at all. */
export type YearForm = 'full' | 'short' | 'none';

export interface DateMatch {
  /** `YYYY-MM-DD`, or `--MM-DD` (ISO 8601 without year) when the text gives no year. */
  value: string;
  yearForm: YearForm;
  /** The matched text (the date itself, without a leading "d."/"den"). */
  text: string;
  index: number;
  length: number;
}

/**
 * Where an entity was found: 'subject', 'body', `attachment:<name>`, or from channel metadata
 * 'metadata' (MeMo CPRdata/CVRdata/caseID, scanning-bureau customer CVR), 'sender', 'recipient'.
 */
export type EntityField = string;

export interface EntityOrigin {
  /** The first field it was found in (metadata and parties first, then subject, body, attachments). */
  field: EntityField;
  /** Position in that field's text; null for metadata and parties. */
  index: number | null;
  /** Other fields the same entity was found in, in order, without repeats. */
  alsoIn?: EntityField[];
}

export type CprEntity = Omit<CprMatch, 'index' | 'length'> & EntityOrigin;
export type CvrEntity = Omit<CvrMatch, 'index' | 'length'> & EntityOrigin;
export type CaseNumberEntity = Omit<CaseNumberMatch, 'index' | 'length'> & EntityOrigin;
export type DateEntity = Omit<DateMatch, 'index' | 'length'> & EntityOrigin;

export interface Entities {
  cpr: CprEntity[];
  cvr: CvrEntity[];
  caseNumbers: CaseNumberEntity[];
  dates: DateEntity[];
}
