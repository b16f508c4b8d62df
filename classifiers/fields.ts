// The text fields of an item that the term matcher reads, each with how much its words count.
import type { ExtractedAttachment, ExtractedContent } from '../core/model.js';

/** Where a term was found; reasons name it. */
export type FieldKind = 'subject' | 'body' | 'attachment' | 'ocr' | 'metadata';

export interface TextField {
  kind: FieldKind;
  /** Attachment name, or "vedr-linje" for a subject line found inside a letter. */
  name?: string;
  text: string;
  /** How much a match here counts: the subject says most, OCR text of a poor scan least. */
  weight: number;
  /** OCR text: short terms and compounds are not trusted (garbage matches them by chance). */
  ocr: boolean;
}

export const FIELD_WEIGHTS = {
  subject: 2.5,
  subjectLine: 2,
  body: 1,
  attachment: 0.6,
  attachmentName: 0.8,
  /** What the scanning bureau read off the envelope and guessed the document to be; not always right. */
  scanMetadata: 0.8,
} as const;

// A letter's own subject line: "Vedr.: …", "Angående …", or a heading such as "Ansøgning om plejebolig".
// OCR may put a few stray characters in front of it.
const SUBJECT_LINES = [
  /^[^\n]{0,8}?\b(?:vedr(?:ørende)?|ang(?:ående)?|emne)\b\.?[ \t]*:?[ \t]*(.{4,160})$/gimu,
  /^[^\n]{0,8}?\b((?:ansøgning|anmodning|klage|indsigelse|spørgsmål|bekymring|underretning|henvendelse|opsigelse)[ \t]+(?:om|over|mod|vedr\.?|til|af|på|fra)[ \t]+.{3,120})$/gimu,
];
const MAX_SUBJECT_LINES = 2;
// Even garbage keeps a little say: a long, rare term rarely appears by accident.
const MIN_QUALITY = 0.1;

const VOWEL = /[aeiouyæøåäöüé]/u;
const LETTERS = /^\p{L}+$/u;
const NUMBER = /^\d[\d.,:/-]*$/u;

/** A token as OCR of a clean page produces it: a number, or a word with a vowel and plausible case. */
function wordLike(raw: string): boolean {
  const token = raw.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
  if (NUMBER.test(token)) return true;
  const lower = token.toLowerCase();
  const plausibleCase = token === lower || token === token.toUpperCase() || token.slice(1) === lower.slice(1);
  return token.length > 1 && LETTERS.test(token) && VOWEL.test(lower) && plausibleCase;
}

/**
 * How far OCR text can be trusted, 0.1..1: the share of word-like tokens (stray "|", "~~", "aeN"
 * count against it) and tesseract's mean confidence, whichever is worse. Clean pages score 1.
 */
export function textQuality(text: string, ocrConfidence?: number): number {
  const tokens = text.split(/\s+/).filter((token) => token.length > 0);
  if (tokens.length === 0) return MIN_QUALITY;
  const ratio = tokens.filter(wordLike).length / tokens.length;
  const fromWords = (ratio - 0.4) / 0.4;
  const fromConfidence = ocrConfidence === undefined ? 1 : (ocrConfidence - 30) / 45;
  return Math.max(MIN_QUALITY, Math.min(1, fromWords, fromConfidence));
}

function subjectLines(text: string, weight: number, ocr: boolean): TextField[] {
  const lines = SUBJECT_LINES.flatMap((pattern) => [...text.matchAll(pattern)]).sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
  return lines.slice(0, MAX_SUBJECT_LINES).map((match) => ({
    kind: 'subject',
    name: 'vedr-linje',
    text: match[1] ?? '',
    weight,
    ocr,
  }));
}

function attachmentFields(attachment: ExtractedAttachment): TextField[] {
  const fields: TextField[] = [];
  const name = attachment.name.replace(/\.[a-z0-9]{1,5}$/i, '');
  if (name) fields.push({ kind: 'attachment', name: attachment.name, text: name, weight: FIELD_WEIGHTS.attachmentName, ocr: false });
  if (attachment.text.trim()) {
    const ocr = attachment.textSource === 'ocr';
    const weight = FIELD_WEIGHTS.attachment * (ocr ? textQuality(attachment.text, attachment.ocr?.meanConfidence) : 1);
    fields.push({ kind: ocr ? 'ocr' : 'attachment', name: attachment.name, text: attachment.text, weight, ocr });
    fields.push(...subjectLines(attachment.text, FIELD_WEIGHTS.subjectLine * weight, ocr));
  }
  return fields;
}

export function textFields(content: ExtractedContent): TextField[] {
  const fields: TextField[] = [];
  if (content.subject?.trim()) {
    fields.push({ kind: 'subject', text: content.subject, weight: FIELD_WEIGHTS.subject, ocr: false });
  }
  if (content.body.trim()) {
    const ocr = content.bodySource === 'ocr';
    const weight = FIELD_WEIGHTS.body * (ocr ? textQuality(content.body, content.bodyOcr?.meanConfidence) : 1);
    fields.push({ kind: ocr ? 'ocr' : 'body', text: content.body, weight, ocr });
    fields.push(...subjectLines(content.body, FIELD_WEIGHTS.subjectLine * weight, ocr));
  }
  for (const attachment of content.attachments) fields.push(...attachmentFields(attachment));
  const scan = content.metadata.scan;
  // The addressee on the envelope ("Jobcenter, sygedagpenge") and the bureau's document type ("Lægeerklæring").
  const scanText = scan ? [scan.addressee, scan.documentType, scan.remarks].filter((v): v is string => typeof v === 'string' && v.trim() !== '').join('. ') : '';
  if (scanText) fields.push({ kind: 'metadata', name: 'skanningsmetadata', text: scanText, weight: FIELD_WEIGHTS.scanMetadata, ocr: false });
  return fields;
}
