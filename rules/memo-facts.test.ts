// The MeMo facts (memoPostType, memoMessageCode) and rule paths into metadata.memo, on hand-built content;
// test/integration/memo-rules.test.ts runs the same kind of rules on letters through the real extractor.
import { describe, expect, it } from 'vitest';
import type { ExtractedContent, MemoMetadata } from '../core/model.js';
import { buildFacts } from './facts.js';
import { createRouter } from './router.js';
import { parseRuleFile } from './schema.js';
import { classifiedAs, email } from './test-support.js';

function digitalPost(memo: MemoMetadata): ExtractedContent {
  return email('Partshøring', { channel: 'digitalpost', sender: { id: '29189838', idType: 'CVR' }, recipients: [], metadata: { memo } });
}

describe('MeMo facts', () => {
  it('memoPostType and memoMessageCode come from metadata.memo, null elsewhere', () => {
    const facts = buildFacts(digitalPost({ postType: 'MYNDIGHEDSPOST', messageCode: 'Synsindkaldelse' }), classifiedAs(null));
    expect([facts.memoPostType, facts.memoMessageCode]).toEqual(['MYNDIGHEDSPOST', 'Synsindkaldelse']);
    const mail = buildFacts(email('Hej'), classifiedAs(null));
    expect([mail.memoPostType, mail.memoMessageCode]).toEqual([null, null]);
  });

  it('rules combine the facts with metadata paths into the parties and threading', async () => {
    const router = createRouter(
      parseRuleFile({
        destinations: [{ id: 'JURA', name: 'Juridisk kontor' }],
        rules: [
          {
            name: 'Partshøring fra advokat',
            conditions: {
              all: [
                { fact: 'memoPostType', operator: 'equal', value: 'MYNDIGHEDSPOST' },
                { fact: 'metadata', path: '$.memo.legalNotification', operator: 'equal', value: true },
                { fact: 'metadata', path: '$.memo.sender.representative.idValid', operator: 'equal', value: true },
                { fact: 'metadata', path: '$.memo.sender.attention.contentResponsible.id', operator: 'in', value: ['22334455'] },
              ],
            },
            event: { type: 'route', params: { destination: 'JURA' } },
          },
        ],
      }),
    );
    const letter: MemoMetadata = {
      postType: 'MYNDIGHEDSPOST',
      legalNotification: true,
      sender: { representative: { id: '98297812', idType: 'CVR', idValid: true }, attention: { contentResponsible: { id: '22334455' } } },
    };
    expect(await router.route(digitalPost(letter), classifiedAs(null))).toMatchObject({ status: 'routed', destination: 'JURA' });
    const invalidRepresentative = { ...letter, sender: { ...letter.sender, representative: { id: '87654321', idType: 'CVR', idValid: false } } };
    const parked = await router.route(digitalPost(invalidRepresentative), classifiedAs(null));
    expect(parked.status).toBe('parked');
    expect(parked.trace[0]?.conditions[2]).toMatchObject({ path: '$.memo.sender.representative.idValid', factValue: false, result: false });
  });
});
