import { describe, expect, it } from 'vitest';
import type { ExtractedContent } from '../core/model.js';
import { textFields, textQuality } from './fields.js';

const CLEAN = 'Jeg vil gerne søge om hjælp til rengøring hver 14. dag, fordi jeg ikke længere kan klare det selv efter min operation.';
const GARBAGE = '| a | ~~ MODIAGKårsten | Re J6 OKT 20Pjørnevej | : | op | bremser mmm eremsrere ur F BO S-ÅHI NÅ : | i | rer AR ve i';

describe('OCR text quality', () => {
  it('trusts clean text fully and garbage little', () => {
    expect(textQuality(CLEAN)).toBe(1);
    expect(textQuality(GARBAGE)).toBeLessThan(0.3);
    expect(textQuality('')).toBeGreaterThan(0);
  });

  it('takes the lower of word shape and tesseract confidence', () => {
    expect(textQuality(CLEAN, 45)).toBeLessThan(0.5);
    expect(textQuality(CLEAN, 90)).toBe(1);
  });
});

describe('text fields', () => {
  const content: ExtractedContent = {
    channel: 'email',
    subject: 'Ansøgning',
    sender: {},
    recipients: [],
    body: 'Kære kommune\n\nVedr.: hjælp til rengøring\n\nJeg skriver fordi …',
    bodySource: 'plain',
    attachments: [{ name: 'Lægeerklæring.pdf', mimeType: 'application/pdf', size: 1000, text: 'Patienten er uarbejdsdygtig.', textSource: 'ocr', ocr: { pages: 1, meanConfidence: 50 } }],
    metadata: {},
    warnings: [],
  };

  it('weights the subject above the body and OCR attachments by their quality', () => {
    const fields = textFields(content);
    const weight = (kind: string, name?: string) => fields.find((field) => field.kind === kind && field.name === name)?.weight ?? 0;
    expect(weight('subject')).toBeGreaterThan(weight('body'));
    expect(weight('ocr', 'Lægeerklæring.pdf')).toBeLessThan(weight('attachment', 'Lægeerklæring.pdf'));
  });

  it('finds the letter\'s own subject line', () => {
    expect(textFields(content).find((field) => field.name === 'vedr-linje')?.text).toBe('hjælp til rengøring');
  });
});

describe('scanning-bureau metadata as a text field', () => {
  it('reads the envelope addressee, document type and remarks with a modest weight', () => {
    const scan = {
      channel: 'scan',
      sender: {},
      recipients: [],
      body: '',
      bodySource: 'ocr',
      attachments: [],
      metadata: { scan: { addressee: 'Nørreå Kommune, Jobcenter', documentType: 'Lægeerklæring', remarks: 'Håndskrevet', pageCount: 2 } },
      warnings: [],
    } as unknown as ExtractedContent;
    const [field] = textFields(scan);
    expect(field).toMatchObject({ kind: 'metadata', text: 'Nørreå Kommune, Jobcenter. Lægeerklæring. Håndskrevet', ocr: false });
    expect(field!.weight).toBeLessThan(1);
  });
});
