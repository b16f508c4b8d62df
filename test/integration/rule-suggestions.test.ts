// Rule suggestions from staff decisions stored in the database, and turning one into a draft in one step.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtractedContent } from '../../core/model.js';
import { openDatabase, type Database } from '../../db/connect.js';
import { createItemStore } from '../../db/item-store.js';
import { createLearningStore } from '../../db/learning-store.js';
import { createRuleSetStore } from '../../db/rule-set-store.js';
import { suggestionHistory } from '../../db/suggestion-history.js';
import { createRouter } from '../../rules/router.js';
import { parseRuleFile } from '../../rules/schema.js';
import { suggestRules, withSuggestion } from '../../rules/suggest.js';
import { walk } from '../support/item-fixtures.js';

const rulesFile = JSON.parse(readFileSync(join(import.meta.dirname, '../../samples/rules.json'), 'utf8')) as Record<string, unknown>;
const letter = (subject: string, email: string): ExtractedContent => ({ channel: 'email', subject, sender: { email, idType: 'EMAIL', id: email }, recipients: [], body: 'Se vedhæftede.', bodySource: 'plain', attachments: [], metadata: {}, warnings: [] });

describe('rule suggestions from the database', () => {
  let dir: string;
  let database: Database;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fordeler-suggest-'));
    database = await openDatabase({ dataDir: join(dir, 'pglite') });
  }, 60_000);
  afterAll(async () => {
    await database?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('proposes the rule staff keep applying by hand, and makes it a draft that routes such post', async () => {
    const items = createItemStore(database.db, { tenantId: 'norrea' });
    const learning = createLearningStore(database.db, { tenantId: 'norrea' });
    // Four parked letters from a physiotherapy clinic that staff each placed under sygedagpenge (→ KSD).
    for (let i = 0; i < 4; i++) {
      const { item } = await items.createItem({ channel: 'email', source: 'imap:post/INBOX', fileName: `${i}.eml`, contentSha256: String(i).repeat(64), size: 1, receivedAt: new Date() });
      const extracted = await items.commit({ itemId: item.id, from: 'received', to: 'extracted', content: letter(`Status på forløb ${i}`, 'klinik@fysio-noerreaa.dk'), event: { stage: 'extract', type: 'extracted', at: new Date() } });
      expect(extracted.committed).toBe(true);
      await walk(items, item.id, ['classified', 'parked'], { destination: null });
      await learning.confirm({ itemId: item.id, kleNr: '32.30.04', source: 'redistribution', senderKeys: [], caseNumbers: [] });
    }
    const router = createRouter(parseRuleFile(rulesFile));
    const suggestions = suggestRules(await suggestionHistory(database.db, { tenantId: 'norrea' }, router));
    const domain = suggestions.find((s) => s.trait.kind === 'senderDomain');
    expect(domain).toMatchObject({ trait: { value: 'fysio-noerreaa.dk' }, destination: 'KSD', support: 4, precision: 1, wouldFix: 4 });

    const store = createRuleSetStore(database.db, { tenantId: 'norrea' });
    const draft = await store.createDraft({ name: 'forslag', body: withSuggestion(rulesFile, domain!), actor: 'journal:mette' });
    const drafted = createRouter(parseRuleFile(draft.body));
    const decision = await drafted.route(letter('Status på forløb 9', 'klinik@fysio-noerreaa.dk'), { nr: null, confidence: 0, source: 'none', candidates: [], reasons: [] });
    expect(decision).toMatchObject({ status: 'routed', destination: 'KSD' });
  });
});
