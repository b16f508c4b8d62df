import { describe, expect, it } from 'vitest';
import type { FieldKind, TextField } from './fields.js';
import { languageReason, textLanguage } from './language.js';

const field = (text: string, kind: FieldKind = 'body'): TextField => ({ kind, text, weight: 1, ocr: false });

describe('text language', () => {
  it('recognises a Danish letter, even with an English word or two in it', () => {
    const verdict = textLanguage([
      field('Spørgsmål om skraldespand', 'subject'),
      field('Hej\n\nVores skraldespand er ikke blevet tømt i to uger. Kan I sende skraldebilen forbi igen? Thanks!\n\nMvh Lise'),
    ]);
    expect(verdict).toMatchObject({ language: 'danish' });
    expect(verdict.danish).toBeGreaterThan(verdict.foreign);
    expect(languageReason(verdict)).toBeUndefined();
  });

  it('recognises an English e-mail', () => {
    const verdict = textLanguage([
      field('This is a test of signing with S/MIME', 'subject'),
      field('This message is being generated and signed by Thunderbird using my free personal certificate.\n\nHopefully this works...\n\nJeff'),
    ]);
    expect(verdict).toMatchObject({ language: 'foreign', danish: 0 });
    expect(languageReason(verdict)?.code).toBe('classify.not_danish');
  });

  it('counts words in a non-Latin script as foreign', () => {
    expect(textLanguage([field('test', 'subject'), field('このメールはテスト用のメールです。')]).language).toBe('foreign');
    expect(textLanguage([field('Привет, это проверка')]).language).toBe('foreign');
  });

  it('does not let words Danish shares with English ("i", "for", "at", "to", "is", "it") decide', () => {
    expect(textLanguage([field('i for at to is it by under over')]).language).toBe('unknown');
  });

  it('is unknown for a text without function words, and for no text', () => {
    expect(textLanguage([field('TEST', 'subject'), field('TEST')])).toMatchObject({ language: 'unknown', danish: 0, foreign: 0 });
    expect(textLanguage([]).language).toBe('unknown');
    expect(languageReason(textLanguage([]))?.code).toBe('classify.language_unknown');
  });

  it('lets the letter decide, not an English attachment, and reads attachments when the letter is silent', () => {
    const letter = field('Hej. Jeg vedlægger kontrakten og vil gerne have hjælp til at forstå den. Mvh Ole');
    const contract = { ...field('The tenant shall pay the rent on the first day of the month. '.repeat(50), 'attachment'), name: 'lease.pdf' };
    expect(textLanguage([letter, contract]).language).toBe('danish');
    expect(textLanguage([field('Lejekontrakt', 'subject'), contract]).language).toBe('foreign');
  });
});
