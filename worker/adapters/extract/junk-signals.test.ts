// The junk detector on what the real e-mail extractor captures (metadata.mail): generated machine and
// junk mail is recognised with the right kind; ordinary citizen mail, and the dev corpus' e-mails that
// have a KLE emne, are not.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { detectJunk } from '../../../classifiers/junk.js';
import type { ExtractedContent } from '../../../core/model.js';
import { citizenMails, junkMails } from '../../../test/support/junk-mails.js';
import { createContentExtractor } from './index.js';
import { FIXTURES, fakeDocuments, tempStore, type TempStore } from './test-support.js';

let store: TempStore;
beforeEach(async () => {
  store = await tempStore();
});
afterEach(() => store.cleanup());

async function extract(eml: string | Buffer): Promise<ExtractedContent> {
  const extractor = createContentExtractor({ blobs: store.blobs, documents: fakeDocuments() });
  return extractor.extract({ channel: 'email', fileName: 'mail.eml', blob: await store.put(eml) });
}

describe('junk signals captured by the e-mail extractor', () => {
  it('keeps only the bounded headers, the content type and the HTML links', async () => {
    const [mail] = junkMails().filter((m) => m.name === 'phishing-mismatch-skat');
    const content = await extract(mail!.eml);
    expect(content.metadata.mail?.contentType).toMatch(/^text\/html/);
    expect(content.metadata.mail?.links).toEqual([{ text: 'https://www.skat.dk/borger/tilbagebetaling', href: 'https://skat-dk.refusion-portal.example/login' }]);
    expect(Object.keys(content.metadata.mail?.headers ?? {})).not.toContain('subject');
  });

  it('records the multipart/report type of a delivery report', async () => {
    const [mail] = junkMails().filter((m) => m.name === 'postfix-dsn');
    const content = await extract(mail!.eml);
    expect(content.metadata.mail?.contentType).toMatch(/^multipart\/report; report-type=delivery-status/);
  });

  it.each(junkMails().map((m) => [m.name, m] as const))('%s is junk of its kind', async (_name, mail) => {
    const verdict = detectJunk(await extract(mail.eml), { spamScoreHeader: 'X-Spam-Score' });
    expect(verdict.junk).toBe(true);
    expect(verdict.kinds).toContain(mail.kind);
    expect(verdict.reasons.every((reason) => reason.code.startsWith('junk.'))).toBe(true);
  });

  it.each(citizenMails().map((m) => [m.name, m] as const))('citizen mail %s is not junk', async (_name, mail) => {
    const verdict = detectJunk(await extract(mail.eml), { spamScoreHeader: 'X-Spam-Score' });
    expect(verdict).toEqual({ junk: false, kinds: [], reasons: [] });
  });

  it('finds no junk among the dev corpus e-mails that have a KLE emne', async () => {
    const gold = readFileSync(join(FIXTURES, '../gold.jsonl'), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as { file: string; kle: string | null });
    const withEmne = new Set(gold.filter((g) => g.kle).map((g) => g.file.replace(/^items\//, '')));
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.eml') && withEmne.has(f));
    const flagged: string[] = [];
    for (const file of files) {
      const verdict = detectJunk(await extract(readFileSync(join(FIXTURES, file))));
      if (verdict.junk) flagged.push(`${file}: ${verdict.reasons.map((r) => r.code).join(', ')}`);
    }
    expect(files.length).toBeGreaterThan(20);
    expect(flagged).toEqual([]);
  });
});
