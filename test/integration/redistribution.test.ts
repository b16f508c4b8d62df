// Re-distribution by hand on the embedded default (PGlite, in-process stages, folder outbox): an item
// delivered to the wrong department is placed elsewhere; the action is recorded once (who, when, from,
// to), opens a new delivery round with its own transaction id, is handed over again, and a late receipt
// for the old round cannot move the item.
import { spawnSync } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RedistributionRefused } from '../../db/redistribution-store.js';
import { receiptCallbackRequest, receiptCallbackResponse } from '../../sf2900/index.js';
import { postTo, testWriteToken } from '../support/ops-client.js';
import { repoRoot, startTestWork, type TestWork } from '../support/work-harness.js';
import { until } from '../support/stage-runner-contract.js';

const post = (name: string) => join(repoRoot, 'samples/post', name);
const withWriteToken = { file: { http: { port: 0, writeTokens: [testWriteToken.config] } }, work: { env: testWriteToken.env } };

describe('re-distribution by hand', () => {
  let t: TestWork | undefined;
  afterEach(async () => {
    await t?.stop();
    t = undefined;
  });

  it('records who/when/from/to once, hands over again in a new round and ignores the old round', async () => {
    t = await startTestWork(withWriteToken);
    const item = { id: (await t.receiveFile(post('d0055.eml'), 'email')).itemId };
    await t.waitUntilFinal(1);
    expect((await t.allItems())[0]).toMatchObject({ state: 'delivered', destination: 'KSD' });

    const moved = await t.work.redistribute({ itemId: item.id, toDestination: 'DUBU', by: 'jens.hansen@noerreaa.dk', via: 'api', sourceRef: 'test:move-1' });
    expect(moved).toMatchObject({ status: 'redistributed', from: 'KSD', to: 'DUBU', round: 2 });
    // The same action reported again (a folder move seen twice) is one re-distribution.
    expect(await t.work.redistribute({ itemId: item.id, toDestination: 'DUBU', by: 'jens.hansen@noerreaa.dk', via: 'api', sourceRef: 'test:move-1' })).toEqual({ status: 'already_recorded', itemId: item.id });
    await until(async () => (await t!.allItems())[0]?.state === 'delivered' && (await t!.allItems())[0]?.destination === 'DUBU', 'delivered to DUBU', 60_000);

    const events = await t.queries.listEvents(item.id);
    const types = events.map((e) => e.type);
    expect(types.filter((type) => type === 'redistributed')).toHaveLength(1);
    expect(types.slice(types.indexOf('redistributed'))).toEqual(['redistributed', 'delivered']);
    expect(events.find((e) => e.type === 'redistributed')?.data).toMatchObject({ from: 'KSD', to: 'DUBU', by: 'jens.hansen@noerreaa.dk', via: 'api', round: 2 });
    const delivered = events.filter((e) => e.type === 'delivered').map((e) => (e.data as { transactionId: string }).transactionId);
    expect(new Set(delivered).size).toBe(2);
    expect((await readdir(join(t.dataDir, 'outbox', 'DUBU'))).filter((f) => f.endsWith('.json'))).toEqual([`${delivered[1]}.json`]);
    const route = (await t.queries.listDecisions(item.id)).filter((d) => d.stage === 'route').at(-1);
    expect(route?.reasons[0]).toMatchObject({ code: 'route.redistributed' });

    // A receipt for the first round arriving now is history: the item stays where the person put it.
    const receipt = receiptCallbackRequest({ code: 'ACCEPTERET', kind: 'Forretning' }, { transactionId: delivered[0]!, senderCvr: '65916169', routingCvr: '65916169' });
    // (No FK certificate pinned: on a loopback listener the write token admits the receipt.)
    const answer = await postTo(`${t.work.opsUrl}/fk/kvittering`, receipt, { headers: { 'content-type': 'text/xml; charset=utf-8', ...testWriteToken.header } });
    expect(answer).toMatchObject({ status: 200, contentType: 'text/xml; charset=utf-8', body: receiptCallbackResponse() });
    expect((await t.allItems())[0]).toMatchObject({ state: 'delivered', destination: 'DUBU' });
    expect((await t.queries.listEvents(item.id)).at(-1)).toMatchObject({ type: 'receipt_ignored', data: { round: 1, currentRound: 2 } });
  }, 120_000);

  it('refuses unknown destinations and unknown items, over the ops API too', async () => {
    t = await startTestWork(withWriteToken);
    const item = { id: (await t.receiveFile(post('d0014.eml'), 'email')).itemId };
    await t.waitUntilFinal(1);
    const refusal = (input: { itemId: string; toDestination: string }) =>
      t!.work.redistribute({ ...input, by: 'mette', via: 'cli' }).then(
        () => 'accepted',
        (error: unknown) => (error instanceof RedistributionRefused ? error.reason : String(error)),
      );
    expect(await refusal({ itemId: item.id, toDestination: 'JOBCENTER-X' })).toBe('unknown_destination');
    expect(await refusal({ itemId: '00000000-0000-4000-8000-000000000000', toDestination: 'KSD' })).toBe('unknown_item');
    expect(await refusal({ itemId: 'not-an-id', toDestination: 'KSD' })).toBe('unknown_item');

    // Over the ops API: a bad body is 400, an unknown item 404, a good one 200.
    const postJson = (body: unknown) => fetch(`${t!.work.opsUrl}/redistribute`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...testWriteToken.header } });
    expect((await postJson({ itemId: item.id })).status).toBe(400);
    expect((await postJson({ itemId: '00000000-0000-4000-8000-000000000000', destination: 'KSD', by: 'mette' })).status).toBe(404);
    const ok = await postJson({ itemId: item.id, destination: 'KY', by: 'mette', kle: '27.24.00' });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ status: 'redistributed', to: 'KY', kle: '27.24.00', by: testWriteToken.caller });
    // The stored actor is the authenticated caller, not the name in the body.
    expect((await t.queries.listEvents(item.id)).find((e) => e.type === 'redistributed')?.data).toMatchObject({ to: 'KY', by: testWriteToken.caller, via: 'api' });
  }, 120_000);

  it('fordeler redistribute runs the handover itself on the embedded default', async () => {
    t = await startTestWork();
    const itemId = (await t.receiveFile(post('d0014.eml'), 'email')).itemId;
    await t.waitUntilFinal(1);
    // PGlite belongs to one process: the worker stops before the command opens the database.
    await t.work.stop();
    const env = { ...process.env, FORDELER_DATA_DIR: t.dataDir, DATABASE_URL: '', REDIS_URL: '', LOG_LEVEL: 'silent' };
    const cli = (...args: string[]) => spawnSync(process.execPath, [join(repoRoot, 'bin/fordeler.js'), ...args], { env, encoding: 'utf8', timeout: 120_000 });
    const moved = cli('redistribute', itemId, 'KSD', '--config', join(t.dataDir, 'work.json'), '--by', 'mette.jensen', '--json');
    expect(moved.status, moved.stderr).toBe(0);
    expect(JSON.parse(moved.stdout)).toMatchObject({ status: 'redistributed', from: 'DUBU', to: 'KSD', round: 2, state: 'delivered' });
    expect((await readdir(join(t.dataDir, 'outbox', 'KSD'))).filter((f) => f.endsWith('.json'))).toHaveLength(1);
    const refused = cli('redistribute', itemId, 'NOWHERE', '--config', join(t.dataDir, 'work.json'));
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('unknown destination "NOWHERE"; known: DUBU, ESDH-BYG');
    const traced = cli('trace', itemId);
    expect(traced.stdout).toMatch(/redistributed\s+from=DUBU to=KSD round=2 via=cli by=mette.jensen/);
  }, 180_000);
});
