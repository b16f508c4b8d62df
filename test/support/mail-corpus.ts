// Many distinct, realistic e-mails from a few real ones of the dev corpus: each copy gets its own
// Message-ID and a sequence header, so it is its own message (and its own item) with the same content.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './work-harness.js';

const TEMPLATES = [
  'samples/post/d0005.eml', // støj (plain text)
  'samples/post/d0014.eml', // underretning (plain + HTML)
  'samples/post/d0019.eml', // faktura with a PDF attachment
  'samples/post/d0042.eml', // HTML only
  'samples/post/d0055.eml', // sygedagpenge
  'test/fixtures/dev/items/d0013.eml',
  'test/fixtures/dev/items/d0016.eml',
  'test/fixtures/dev/items/d0045.eml',
  'test/fixtures/dev/items/d0052.eml',
  'test/fixtures/dev/items/d0077.eml', // PDF + .docx attachments
].map((path) => readFileSync(join(repoRoot, path), 'latin1'));

export interface TestMessage {
  messageId: string;
  raw: Buffer;
}

export function mixedMessages(count: number, runId: string): TestMessage[] {
  return Array.from({ length: count }, (_, index) => {
    const template = TEMPLATES[index % TEMPLATES.length]!;
    const messageId = `<${runId}.${index}@test.noerreaa.dk>`;
    const withoutId = template.replace(/^Message-ID:.*(\r?\n[ \t].*)*\r?\n/im, '');
    const eol = template.includes('\r\n') ? '\r\n' : '\n';
    return { messageId, raw: Buffer.from(`Message-ID: ${messageId}${eol}X-Fordeler-Test-Seq: ${index}${eol}${withoutId}`, 'latin1') };
  });
}
