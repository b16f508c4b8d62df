// A Digital Post letter's MainDocument files are blobs of their own (ExtractedContent.mainDocuments): the
// item store writes attachment and blob rows for them too, so retention and blob GC, which read those rows,
// see every blob the item holds. On a throwaway PostgreSQL database (cheaper than another PGlite).
import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtractedAttachment, ExtractedContent } from '../../core/model.js';
import { openDatabase, type Database } from '../../db/connect.js';
import { createItemQueries } from '../../db/item-queries.js';
import { createItemStore } from '../../db/item-store.js';
import { blobs } from '../../db/schema.js';
import { CONTRACT_TENANT, extractedEmail, newEmail } from '../support/item-store-contract.js';
import { createThrowawayDatabase, type ThrowawayDatabase } from '../support/test-databases.js';

let throwaway: ThrowawayDatabase;
let database: Database;
beforeAll(async () => {
  throwaway = await createThrowawayDatabase('maindocs');
  database = await openDatabase({ databaseUrl: throwaway.url });
}, 60_000);
afterAll(async () => {
  await database?.close();
  await throwaway?.drop();
});

const file = (name: string, digit: string, mimeType = 'application/pdf'): ExtractedAttachment => ({
  name,
  mimeType,
  blob: { sha256: digit.repeat(64), size: 100 },
  size: 100,
  text: '',
  textSource: 'text-layer',
});

describe('a MeMo letter with a two-file MainDocument', () => {
  it('gets attachment and blob rows for its main documents, before the other documents', async () => {
    const store = createItemStore(database.db, { tenantId: CONTRACT_TENANT });
    const queries = createItemQueries(database.db, { tenantId: CONTRACT_TENANT });
    const { item } = await store.createItem(newEmail({ channel: 'digitalpost', fileName: 'brev.xml' }));
    const content: ExtractedContent = {
      ...extractedEmail(),
      channel: 'digitalpost',
      mainDocuments: [file('Pladsanvisning.pdf', 'd'), file('Pladsanvisning.txt', 'e', 'text/plain')],
      attachments: [file('vejledning.pdf', 'f')],
    };
    await store.commit({ itemId: item.id, from: 'received', to: 'extracted', content, event: { stage: 'extract', type: 'extracted', at: new Date() } });
    const rows = (await queries.listAttachments(item.id)).filter((row) => row.role === 'attachment');
    expect(rows.map((row) => [row.name, row.blobSha256?.[0]])).toEqual([
      ['Pladsanvisning.pdf', 'd'],
      ['Pladsanvisning.txt', 'e'],
      ['vejledning.pdf', 'f'],
    ]);
    const stored = await database.db.select({ sha256: blobs.sha256 }).from(blobs).where(inArray(blobs.sha256, ['d', 'e', 'f'].map((d) => d.repeat(64))));
    expect(stored).toHaveLength(3);
  });
});
