// `fordeler fk-emulator --config <file>` as a developer runs it: a separate process serving HTTPS with
// mutual TLS from PEM files named in the config, judging requests by the official XSDs.
import { spawn, type ChildProcess } from 'node:child_process';
import https from 'node:https';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listReceiversRequest, parseSoap } from '../../sf2900/index.js';
import { makeTestPki, type TestPki } from '../support/certificates.js';
import { validateEnvelope } from '../support/xsd.js';

const root = resolve(import.meta.dirname, '../..');
let dir: string;
let pki: TestPki;
let child: ChildProcess | undefined;
let endpoint: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fk-emulator-cli-'));
  pki = makeTestPki(join(dir, 'pki'));
  writeFileSync(join(dir, 'fk.json'), JSON.stringify({
    receivers: [{ kle: '32.30.*', system: { uuid: '6f2d1c1e-7c1b-4c9a-9a36-2f1f6c0d5a01', name: 'KSD' } }],
    tls: { cert: 'pki/server.crt', key: 'pki/server.key', ca: 'pki/ca.crt', requireClientCert: true },
  }));
  const started = spawn(process.execPath, [join(root, 'bin/fordeler.js'), 'fk-emulator', '--config', join(dir, 'fk.json')], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  child = started;
  endpoint = await new Promise<string>((ok, fail) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => fail(new Error(`no listening line within 60 s: ${err.slice(-1000)}`)), 60_000);
    started.stderr!.on('data', (c: Buffer) => (err += c.toString('utf8')));
    started.stdout!.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const match = /listening: (\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        ok(match[1]!);
      }
    });
    started.once('exit', (code) => fail(new Error(`fk-emulator exited with ${code}: ${err.slice(-1000)}`)));
  });
}, 90_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((ok) => child!.once('exit', ok));
    child.kill('SIGTERM');
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

function post(body: string, identity: { cert?: string; key?: string }): Promise<{ status: number; text: string }> {
  return new Promise((ok, fail) => {
    const req = https.request(endpoint, { method: 'POST', ca: pki.ca.cert, agent: false, ...identity }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString('utf8')));
      res.on('end', () => ok({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', fail);
    req.end(body);
  });
}

describe('fordeler fk-emulator', () => {
  it('serves https with mutual TLS from the PEM files in its config, and answers schema-valid', async () => {
    expect(endpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/service\/SP\/Distribution\/3$/);
    const client = { cert: pki.focesClient.cert, key: pki.focesClient.key };
    const list = await post(listReceiversRequest('29189404', '32.30.04'), client);
    expect(list.status).toBe(200);
    expect(await validateEnvelope(list.text)).toEqual({ valid: true, errors: [] });
    const wildcard = await post(listReceiversRequest('29189404', '32.30.*'), client);
    expect(wildcard.status).toBe(500);
    expect(parseSoap(wildcard.text)).toMatchObject({ kind: 'fault', fault: { faultcode: 'soap:Client', kode: 'FEJL' } });
    await expect(post(listReceiversRequest('29189404', '32.30.04'), {})).rejects.toThrow();
  });
});
