// The ops listener's write and receipt routes ask who is calling (issue 11): on the embedded default
// (PGlite, in-process stages), a write without the token, with a wrong one, or in a form a web page
// can post (text/plain, form encodings) changes nothing; the token's write is stored under the token's
// name, not the name the body claims; receipts speak SOAP (v2 contract) and never echo what was sent;
// and a listener with no write credentials configured serves no write route at all, saying so once.
import { Writable } from 'node:stream';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { receiptCallbackRequest, receiptCallbackResponse } from '../../sf2900/index.js';
import { loadConfig } from '../../worker/runtime/config.js';
import { parseWorkConfig } from '../../worker/runtime/work-config.js';
import { startWork, type RunningWork } from '../../worker/runtime/work.js';
import { postTo, testWriteToken } from '../support/ops-client.js';
import { expectValid } from '../support/xsd.js';
import { repoRoot, startTestWork, type TestWork } from '../support/work-harness.js';

const post = (name: string) => join(repoRoot, 'samples/post', name);
const json = { 'content-type': 'application/json' };
const xml = { 'content-type': 'text/xml; charset=utf-8' };

describe('ops write routes', () => {
  let t: TestWork | undefined;
  let bare: RunningWork | undefined;
  afterEach(async () => {
    await t?.stop();
    await bare?.stop();
    t = bare = undefined;
  });

  it('refuse callers without the token (401) and forms a web page can post (415); the token\'s write records the token', async () => {
    t = await startTestWork({ file: { http: { port: 0, writeTokens: [testWriteToken.config] } }, work: { env: testWriteToken.env } });
    const { itemId } = await t.receiveFile(post('d0014.eml'), 'email');
    await t.waitUntilFinal(1);
    const before = (await t.allItems())[0]!;
    const url = `${t.work.opsUrl}/redistribute`;
    const body = JSON.stringify({ itemId, destination: 'KY', by: 'mette.jensen' });

    const noToken = await postTo(url, body, { headers: json });
    expect(noToken).toMatchObject({ status: 401 });
    expect((await postTo(url, body, { headers: { ...json, authorization: `Bearer ${'x'.repeat(43)}` } })).status).toBe(401);
    expect((await postTo(url, body, { headers: { ...json, authorization: testWriteToken.header.authorization.replace('Bearer ', 'Basic ') } })).status).toBe(401);
    // What a browser page can send without a preflight: refused unauthenticated, and refused as a form even with the token.
    expect((await postTo(url, body, { headers: { 'content-type': 'text/plain' } })).status).toBe(401);
    expect((await postTo(url, body, { headers: { 'content-type': 'text/plain;charset=UTF-8', ...testWriteToken.header } })).status).toBe(415);
    expect((await postTo(url, `itemId=${itemId}&destination=KY`, { headers: { 'content-type': 'application/x-www-form-urlencoded', ...testWriteToken.header } })).status).toBe(415);
    expect((await postTo(url, body, { headers: testWriteToken.header })).status).toBe(415);
    expect((await t.queries.listEvents(itemId)).some((e) => e.type === 'redistributed')).toBe(false);
    expect((await t.allItems())[0]).toMatchObject({ state: before.state, destination: before.destination, round: before.round });

    const ok = await postTo(url, body, { headers: { ...json, ...testWriteToken.header } });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ status: 'redistributed', to: 'KY', by: 'token:test' });
    const events = (await t.queries.listEvents(itemId)).filter((e) => e.type === 'redistributed');
    expect(events).toHaveLength(1);
    expect(events[0]?.data).toMatchObject({ to: 'KY', by: 'token:test', via: 'api' });
  }, 120_000);

  it('receipts: text/xml with the v2 element only, SOAP faults for bad input, never echoing a CPR number', async () => {
    t = await startTestWork({ file: { http: { port: 0, writeTokens: [testWriteToken.config] } }, work: { env: testWriteToken.env } });
    const url = `${t.work.opsUrl}/fk/kvittering`;
    const auth = testWriteToken.header;
    const unknown = receiptCallbackRequest({ code: 'AFVIST', kind: 'Forretning', reason: 'borger 0101801234' }, { transactionId: '00000000-0000-4000-8000-000000000000', senderCvr: '65916169', routingCvr: '65916169' });
    expect((await postTo(url, unknown, { headers: xml })).status).toBe(401);
    expect((await postTo(url, unknown, { headers: { 'content-type': 'text/plain', ...auth } })).status).toBe(415);
    expect((await postTo(url, unknown, { headers: { 'content-type': 'application/soap+xml', ...auth } })).status).toBe(415);

    const unknownAnswer = await postTo(url, unknown, { headers: { ...xml, ...auth } });
    expect(unknownAnswer).toMatchObject({ status: 500, contentType: 'text/xml; charset=utf-8' });
    expect(unknownAnswer.body).toMatch(/<faultcode>soap:Client<\/faultcode>.*ukendt AnvenderTransaktionsID/s);
    expect(unknownAnswer.body).toContain('DistributionService/2/types');
    await expectValid(unknownAnswer.body);

    const oldElement = unknown.replaceAll('FordelingskvitteringModtagAnvenderRequest', 'FordelingskvitteringModtagRequest');
    const wrongElement = await postTo(url, oldElement, { headers: { ...xml, ...auth } });
    expect(wrongElement.body).toMatch(/soap:Client.*must hold FordelingskvitteringModtagAnvenderRequest/s);
    const cprAsId = await postTo(url, unknown.replace('00000000-0000-4000-8000-000000000000', '0101801234'), { headers: { ...xml, ...auth } });
    expect(cprAsId.status).toBe(500);
    for (const answer of [unknownAnswer, wrongElement, cprAsId]) expect(answer.body).not.toMatch(/0101801234|010180-1234/);
    expect((await postTo(url, '<not-xml', { headers: { ...xml, ...auth } })).body).toMatch(/soap:Client/);

    // A real one for a delivered item (folder outbox): taken, answered with the empty Anvender response.
    const { itemId } = await t.receiveFile(post('d0055.eml'), 'email');
    await t.waitUntilFinal(1);
    const transactionId = (await t.queries.listEvents(itemId)).find((e) => e.type === 'delivered')?.data?.transactionId as string;
    const accepted = receiptCallbackRequest({ code: 'ACCEPTERET', kind: 'Forretning' }, { transactionId, senderCvr: '65916169', routingCvr: '65916169' });
    const taken = await postTo(url, accepted, { headers: { ...xml, ...auth } });
    expect(taken).toMatchObject({ status: 200, contentType: 'text/xml; charset=utf-8', body: receiptCallbackResponse() });
    await expectValid(taken.body);
    expect((await t.queries.findItem(itemId))?.state).toBe('accepted');
    // The same receipt again (FK retries): taken again, nothing moves.
    expect(await postTo(url, accepted, { headers: { ...xml, ...auth } })).toMatchObject({ status: 200, body: receiptCallbackResponse() });
  }, 120_000);

  it('with no write credentials configured, serves neither route and says why once at start-up', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, new Writable({ write: (chunk: Buffer, _enc, done) => void (lines.push(chunk.toString('utf8')), done()) }));
    const dataDir = await mkdtemp(join(tmpdir(), 'fordeler-ops-auth-'));
    const env = { FORDELER_DATA_DIR: dataDir, DATABASE_URL: '', REDIS_URL: '' };
    const config = parseWorkConfig(loadConfig(env), {
      rules: join(repoRoot, 'samples/rules.json'),
      http: { port: 0 },
      overdragelse: { endpoint: 'http://127.0.0.1:9/unused', municipalityCvr: '65916169', systemUuid: '0c7f3e2a-9d4b-4f61-8a2e-5b1c9d7e3f40', checkReceivers: false },
    }, { baseDir: dataDir, label: 'test', env });
    bare = await startWork(config, { sources: false, httpPort: 0, env }, logger);
    const body = JSON.stringify({ itemId: '00000000-0000-4000-8000-000000000000', destination: 'KY' });
    expect((await postTo(`${bare.opsUrl}/redistribute`, body, { headers: { ...json, authorization: 'Bearer anything-at-all-0123456789abcdef' } })).status).toBe(404);
    expect((await postTo(`${bare.opsUrl}/fk/kvittering`, '<x/>', { headers: xml })).status).toBe(404);
    const disabled = lines.map((line) => JSON.parse(line) as { code?: string; route?: string; why?: string }).filter((entry) => entry.code === 'ops.route_disabled');
    expect(disabled.map((entry) => entry.route).sort()).toEqual(['/fk/kvittering', '/redistribute']);
    expect(disabled.find((entry) => entry.route === '/redistribute')?.why).toMatch(/no http\.writeTokens/);
  }, 60_000);

  it('refuses to start when a named write secret is missing, or a TLS file cannot be read', async () => {
    const start = startTestWork({ file: { http: { port: 0, writeTokens: [testWriteToken.config] } }, work: { env: {} } });
    await expect(start).rejects.toThrow(/http\.writeTokens "test": the environment variable FORDELER_TEST_OPS_TOKEN is not set/);
    const noCert = startTestWork({ file: { http: { port: 0, tls: { certFile: 'missing.crt', keyFile: 'missing.key', clientCaFile: 'ca.crt' } } } });
    await expect(noCert).rejects.toThrow(/http\.tls\.certFile: cannot read \S+missing\.crt \(ENOENT\)/);
  }, 60_000);
});
