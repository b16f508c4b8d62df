// A lost business receipt is recovered by sending the same transaction again: the emulator answers from its
// record, delivers nothing twice, and posts the final receipt to the callback URL once more.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createOverdragelseClient, type SendRequest } from '../../worker/adapters/overdragelse/client.js';
import { obj, parseReceipt, parseSoap, text0 } from '../../sf2900/index.js';
import { startFkEmulator, type FkEmulator } from './emulator.js';

const KSD = { uuid: '6f2d1c1e-7c1b-4c9a-9a36-2f1f6c0d5a01', name: 'KSD' };

const sygedagpenge = (): SendRequest => ({
  transactionId: randomUUID(), kle: '32.30.04', title: 'Udbetaling af sygedagpenge', scanned: false, documentType: 'eMail',
  documentId: randomUUID(), party: { type: 'Person', id: '010180-1234' }, documentFileName: 'mail-0042.eml',
});

async function waitFor(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('the FK emulator and a repeated AnvenderTransaktionsID', () => {
  let sink: http.Server | undefined;
  let emulator: FkEmulator | undefined;
  afterEach(async () => {
    await emulator?.close();
    if (sink) await new Promise((resolve) => sink!.close(resolve));
    sink = emulator = undefined;
  });

  it('answers again and posts the final business receipt again, without a second delivery', async () => {
    // The receiver of callbacks is down at first: the receipt is lost, as when the worker was stopped.
    let up = false;
    const received: { code: string; transactionId: string }[] = [];
    sink = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        if (!up) return void res.writeHead(503).end();
        const parsed = parseSoap(body);
        if (parsed.kind === 'body') received.push({ code: parseReceipt(parsed.content.Forretningskvittering).code, transactionId: text0(obj(parsed.content.DistributionContext).AnvenderTransaktionsID) });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => sink!.listen(0, '127.0.0.1', resolve));
    emulator = await startFkEmulator({
      receivers: [{ kle: '32.30.*', system: KSD }], delays: { acceptMs: 5 }, log: () => {},
      receiptCallbackUrl: `http://127.0.0.1:${(sink.address() as AddressInfo).port}/fk/kvittering`,
    });
    const client = createOverdragelseClient({ endpoint: emulator.endpoint, municipalityCvr: '29189404', systemUuid: randomUUID() });
    try {
      const req = sygedagpenge();
      const first = await client.send(req);
      await waitFor(() => emulator!.stats().callbacks.failed === 2, 'AFLEVERET and ACCEPTERET to fail');
      expect(received).toEqual([]);

      up = true;
      expect(await client.send(req)).toEqual(first);
      // The emulator counts a callback once its POST was answered: wait for its count, not just the arrival.
      await waitFor(() => emulator!.stats().callbacks.sent === 1, 'the receipt posted again');
      expect(received).toEqual([{ code: 'ACCEPTERET', transactionId: req.transactionId }]);
      expect(emulator.stats()).toMatchObject({ duplicates: 1, uniqueTransactions: 1, deliveredPerTransaction: { [req.transactionId]: 1 }, callbacks: { sent: 1, failed: 2, resent: 1 } });
      // The receipts log is the receiver's history: still one AFLEVERET and one ACCEPTERET.
      expect(emulator.receipts().map((r) => r.code)).toEqual(['MODTAGET', 'AFLEVERET', 'ACCEPTERET']);
    } finally {
      client.close();
    }
  });

  it('posts nothing extra for a repeat before the receiver has decided: the scheduled receipt still comes', async () => {
    const received: string[] = [];
    sink = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        received.push('receipt');
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => sink!.listen(0, '127.0.0.1', resolve));
    emulator = await startFkEmulator({
      receivers: [{ kle: '32.30.*', system: KSD }], delays: { acceptMs: 300 }, log: () => {},
      receiptCallbackUrl: `http://127.0.0.1:${(sink.address() as AddressInfo).port}/fk/kvittering`,
    });
    const client = createOverdragelseClient({ endpoint: emulator.endpoint, municipalityCvr: '29189404', systemUuid: randomUUID() });
    try {
      const req = sygedagpenge();
      await client.send(req);
      await client.send(req);
      await waitFor(() => emulator!.stats().callbacks.sent === 2, 'AFLEVERET and ACCEPTERET');
      expect(emulator.stats()).toMatchObject({ duplicates: 1, callbacks: { sent: 2, failed: 0, resent: 0 } });
      expect(received).toHaveLength(2);
    } finally {
      client.close();
    }
  });
});
