// Acceptance: 300 mixed messages appended to two Dovecot mailboxes → `fordeler work` (PostgreSQL +
// BullMQ) makes exactly one item of each, every item reaches a final state, and every message is
// moved to the processed folder.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAll, messageCount, messageIds, testImapAccount } from '../../tools/testbed/imap-test-server.js';
import { mixedMessages } from '../support/mail-corpus.js';
import { until } from '../support/stage-runner-contract.js';
import { FINAL_STATES, startTestWork, type TestWork } from '../support/work-harness.js';

const run = randomBytes(4).toString('hex');
const mailboxes = [`Postkasse-${run}`, `Jobcenter-${run}`];
const processed = `Behandlet-${run}`;
const messages = mixedMessages(300, run);

describe('IMAP mailboxes through fordeler work', () => {
  let t: TestWork;

  beforeAll(async () => {
    await appendAll(mailboxes[0]!, messages.slice(0, 180).map((m) => m.raw));
    await appendAll(mailboxes[1]!, messages.slice(180).map((m) => m.raw));
    t = await startTestWork({ redis: true, file: { imap: [testImapAccount('test', mailboxes, processed)] } });
  }, 120_000);
  afterAll(async () => t?.stop());

  it('makes exactly one item per message, brings all to a final state and empties the mailboxes', async () => {
    await t.waitUntilFinal(300, 600_000);
    await until(async () => (await messageCount(processed)) === 300, '300 messages in the processed folder', 60_000);
    const items = await t.allItems();
    expect(items).toHaveLength(300);
    expect(new Set(items.map((i) => i.messageId))).toEqual(new Set(messages.map((m) => m.messageId)));
    expect(items.every((i) => FINAL_STATES.includes(i.state))).toBe(true);
    expect(items.filter((i) => i.state === 'failed')).toEqual([]);
    expect(await messageCount(mailboxes[0]!)).toBe(0);
    expect(await messageCount(mailboxes[1]!)).toBe(0);
    expect(new Set(await messageIds(processed))).toEqual(new Set(messages.map((m) => m.messageId)));
    const sources = new Set(items.map((i) => i.source));
    expect(sources).toEqual(new Set(mailboxes.map((m) => `imap:test/${m}`)));
  }, 660_000);
});
