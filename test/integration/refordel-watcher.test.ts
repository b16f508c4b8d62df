// The Refordel folders on a real Dovecot: a message moved into `Refordel/<destination>` re-distributes its
// item once (the rest-folder message — item and posting round, else Message-ID — is the record's key, not
// the IMAP UID), then moves to the done folder; a second copy of the same message is filed away as already
// recorded; a message that is no item of ours goes to `Refordel/Ukendt`; an item still on its way stays
// until it can be placed. Acceptance, through `fordeler work` and the FK emulator: an item the receiver
// rejects comes to the rest folder, its message is copied twice into `Refordel/KY` (a client retrying a
// failed move), and that is one re-distribution round that ends with the item accepted by KY.
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RedistributionRefused } from '../../db/redistribution-store.js';
import { RestMailboxSchema } from '../../worker/adapters/handover/destination-config.js';
import { createLogger } from '../../worker/runtime/logger.js';
import { createRefordelWatcher } from '../../worker/follow-ups/rest-mailbox/refordel-watcher.js';
import { parseImapAccount } from '../../worker/sources/imap/config.js';
import { startFkEmulator, type FkEmulator } from '../../tools/fk-emulator/emulator.js';
import { appendAll, messageCount, testImapAccount, withImap } from '../../tools/testbed/imap-test-server.js';
import { freePort } from '../support/private-redis.js';
import { pinnedReceipts } from '../support/ops-client.js';
import { until } from '../support/stage-runner-contract.js';
import { repoRoot, startTestWork, type TestWork } from '../support/work-harness.js';

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
        return { status: 'redistributed', itemId: input.itemId, from: 'MILJOE', to: input.toDestination, round: 2, kle: null, kleInferred: false };
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

describe('a rest-folder message copied twice into Refordel/KY', () => {
  const root = `Dobbelt-${randomBytes(3).toString('hex')}`;
  const folders = { rest: `${root}/Restpost`, refordel: `${root}/Refordel`, done: `${root}/Refordelt` };
  const KSD = { uuid: randomUUID(), name: 'KSD' };
  const KY = { uuid: randomUUID(), name: 'KY' };
  let t: TestWork | undefined;
  let fk: FkEmulator | undefined;
  afterAll(async () => {
    await t?.stop();
    await fk?.close();
  });

  /** UIDs of the messages in a folder with this item's X-Fordeler-Item. */
  const uidsOf = (mailbox: string, itemId: string) =>
    withImap(async (client) => {
      const lock = await client.getMailboxLock(mailbox);
      try {
        const uids: number[] = [];
        if (client.mailbox && client.mailbox.exists > 0) {
          for await (const m of client.fetch('1:*', { uid: true, headers: ['x-fordeler-item'] })) if (m.headers?.toString('utf8').includes(itemId)) uids.push(m.uid);
        }
        return uids;
      } finally {
        lock.release();
      }
    }).catch(() => [] as number[]);

  it('makes one re-distribution round, and the item is accepted by the new receiver', async () => {
    const port = await freePort();
    const receipts = pinnedReceipts();
    fk = await startFkEmulator({
      // KSD's system says the letter is not theirs (AFVIST); KY's takes it.
      receivers: [{ kle: '*', system: KSD, rejectKle: ['*'] }, { kle: '*', system: KY }],
      delays: { acceptMs: 20 },
      receiptCallbackUrl: receipts.callbackUrl(port),
      callbackTls: receipts.callbackTls,
      log: () => {},
    });
    t = await startTestWork({
      work: { httpPort: port },
      file: {
        http: { port, tls: receipts.httpTls },
        imap: [{ ...testImapAccount('rest', [], 'unused'), mailboxes: [] }],
        restMailbox: { account: 'rest', folder: folders.rest, refordelFolder: folders.refordel, doneFolder: folders.done, pollSeconds: 1 },
        overdragelse: { endpoint: fk.endpoint, municipalityCvr: '65916169', systemUuid: randomUUID(), timeoutSeconds: 5, receiptCallerSha256: receipts.receiptCallerSha256 },
        destinations: { KSD: { kind: 'overdragelse', receiverSystemUuid: KSD.uuid }, KY: { kind: 'overdragelse', receiverSystemUuid: KY.uuid } },
        reconcile: { staleSeconds: 60, intervalSeconds: 1 },
      },
    });
    const { itemId } = await t.receiveFile(join(repoRoot, 'samples/post/d0055.eml'), 'email');
    // AFVIST puts the item in the rest mailbox as `rejected`, and its message appears in the rest folder.
    await until(async () => (await t!.queries.findItem(itemId))?.state === 'rejected', 'the item rejected by KSD', 60_000);
    await until(async () => (await uidsOf(folders.rest, itemId)).length === 1, 'its message in the rest folder', 30_000);
    await until(async () => Boolean(await withImap((c) => c.status(`${folders.refordel}/KY`, { messages: true })).catch(() => undefined)), 'Refordel/KY created', 30_000);

    // Staff's client copies the message into Refordel/KY, the copy seems to fail, and it copies again.
    const [uid] = await uidsOf(folders.rest, itemId);
    await withImap(async (client) => {
      const lock = await client.getMailboxLock(folders.rest);
      try {
        await client.messageCopy(String(uid), `${folders.refordel}/KY`, { uid: true });
        await client.messageCopy(String(uid), `${folders.refordel}/KY`, { uid: true });
      } finally {
        lock.release();
      }
    });

    await until(async () => (await t!.queries.findItem(itemId))?.state === 'accepted', 'the item accepted by KY', 60_000);
    // Both copies and the original end in the done folder; Refordel/KY and the rest folder are empty.
    await until(async () => (await messageCount(folders.done)) === 3 && (await messageCount(`${folders.refordel}/KY`)) === 0, 'every copy filed away', 30_000);
    expect(await uidsOf(folders.rest, itemId)).toEqual([]);

    const item = await t.queries.findItem(itemId);
    expect(item).toMatchObject({ state: 'accepted', destination: 'KY', round: 2 });
    const events = await t.queries.listEvents(itemId);
    const types = events.map((e) => e.type);
    expect(types.filter((type) => type === 'redistributed')).toHaveLength(1);
    expect(events.find((e) => e.type === 'redistributed')?.data).toMatchObject({ from: 'KSD', to: 'KY', via: 'imap-folder', round: 2 });
    expect(types).toEqual(expect.arrayContaining(['rejected', 'posted_to_rest_mailbox', 'redistributed', 'accepted']));
    expect(types.slice(types.indexOf('redistributed'))).toEqual(expect.arrayContaining(['redistributed', 'delivered', 'accepted']));
    // Two hand-overs in all (KSD in round 1, KY in round 2), each delivered once.
    const stats = fk.stats();
    expect(stats.uniqueTransactions).toBe(2);
    expect(Object.values(stats.deliveredPerTransaction)).toEqual([1, 1]);
  }, 180_000);
});
