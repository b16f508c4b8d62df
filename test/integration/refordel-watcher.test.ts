// The Refordel folders on a real Dovecot: a message moved into `Refordel/<destination>` re-distributes its
// item once (the rest-folder message — item and posting round, else Message-ID — is the record's key, not
// the IMAP UID), then moves to the done folder; a second copy of the same message is filed away as already
// recorded; a message that is no item of ours goes to `Refordel/Ukendt`; an item still on its way stays
// until it can be placed.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RedistributionRefused } from '../../db/redistribution-store.js';
import { RestMailboxSchema } from '../../worker/delivery/config.js';
import { createLogger } from '../../worker/logger.js';
import { createRefordelWatcher } from '../../worker/rest-mailbox/refordel-watcher.js';
import { parseImapAccount } from '../../worker/sources/imap/config.js';
import { appendAll, messageCount, testImapAccount } from '../support/imap-test-server.js';

const ITEM_A = '6b1f9d3e-2c4a-4e8b-9f10-3a7c5d2e1b00';
const ITEM_B = '0d4e8f2a-7b3c-4a19-8e65-1c2b3a4d5e6f';
const ITEM_C = '9a7e3c21-5d4b-4f60-8a19-2b3c4d5e6f70';

function restMessage(itemId: string | null, subject: string, round?: number): Buffer {
  return Buffer.from(
    [
      'From: Fordeler <rest@noerreaa.test>',
      'To: rest@noerreaa.test',
      `Subject: [Restpost] ${subject}`,
      `Message-ID: <rest-${randomBytes(4).toString('hex')}@fordeler.invalid>`,
      ...(itemId ? [`X-Fordeler-Item: ${itemId}`] : []),
      ...(round !== undefined ? [`X-Fordeler-Round: ${round}`] : []),
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Fordeler kunne ikke fordele denne post automatisk.',
      '',
    ].join('\r\n'),
  );
}

describe('the Refordel folder watcher', () => {
  it('re-distributes each moved message once and files it away', async () => {
    const root = `Refordeltest-${randomBytes(3).toString('hex')}`;
    const config = RestMailboxSchema.parse({ account: 'rest', folder: `${root}/Restpost`, refordelFolder: `${root}/Refordel`, doneFolder: `${root}/Refordelt` });
    const calls: { itemId: string; toDestination: string; sourceRef: string; by: string }[] = [];
    const busy = new Set([ITEM_B]);
    const watcher = createRefordelWatcher({
      account: parseImapAccount(testImapAccount('rest', [], 'unused')),
      config,
      destinations: () => ['KSD', 'TEKNIK'],
      redistribute: async (input) => {
        if (busy.has(input.itemId)) throw new RedistributionRefused('still being processed', 'in_progress');
        if (calls.some((c) => c.sourceRef === input.sourceRef)) return { status: 'already_recorded', itemId: input.itemId };
        calls.push(input);
        return { status: 'redistributed', itemId: input.itemId, from: 'MILJOE', to: input.toDestination, round: 2, kle: null };
      },
      logger: createLogger('silent'),
    });
    try {
      // The first look creates the folders staff will move messages into.
      expect(await watcher.runOnce()).toBe(0);
      expect(await messageCount(`${root}/Refordel/TEKNIK`)).toBe(0);

      await appendAll(`${root}/Refordel/TEKNIK`, [restMessage(ITEM_A, 'Rotter i haven'), restMessage(null, 'Nyhedsbrev fra leverandør')]);
      await appendAll(`${root}/Refordel/KSD`, [restMessage(ITEM_B, 'Ansøgning om sygedagpenge')]);
      expect(await watcher.runOnce()).toBe(2);
      expect(calls).toHaveLength(1);
      expect(calls[0]).toMatchObject({ itemId: ITEM_A, toDestination: 'TEKNIK', by: 'jobcenter@noerreaa.test (mappeflytning i restpostkassen)' });
      expect(calls[0]!.sourceRef).toMatch(new RegExp(`^rest:${ITEM_A}:message-id:<rest-[0-9a-f]{8}@fordeler.invalid>$`));
      expect(await messageCount(`${root}/Refordelt`)).toBe(1);
      expect(await messageCount(`${root}/Refordel/Ukendt`)).toBe(1);
      // The item still on its way waits in its folder, and is placed once it can be.
      expect(await messageCount(`${root}/Refordel/KSD`)).toBe(1);
      busy.clear();
      expect(await watcher.runOnce()).toBe(1);
      expect(calls.map((c) => [c.itemId, c.toDestination])).toEqual([[ITEM_A, 'TEKNIK'], [ITEM_B, 'KSD']]);
      expect(await messageCount(`${root}/Refordel/KSD`)).toBe(0);
      expect(await watcher.runOnce()).toBe(0);

      // A client that retried a failed move copied one rest-folder message twice: one re-distribution,
      // both copies filed away.
      const twice = restMessage(ITEM_C, 'Ansøgning om boligstøtte', 1);
      await appendAll(`${root}/Refordel/KSD`, [twice, twice]);
      expect(await watcher.runOnce()).toBe(2);
      expect(calls.filter((c) => c.itemId === ITEM_C)).toEqual([expect.objectContaining({ toDestination: 'KSD', sourceRef: `rest:${ITEM_C}:1` })]);
      expect(await messageCount(`${root}/Refordel/KSD`)).toBe(0);
      expect(await messageCount(`${root}/Refordelt`)).toBe(4);
    } finally {
      await watcher.stop();
    }
  }, 60_000);
});
