// Business receipts posted to the sending system's callback URL (FordelingskvitteringModtag), as the
// real service does after the technical MODTAGET: one at a time in the order recorded, so ACCEPTERET
// never overtakes AFLEVERET; best effort (a failure is counted and logged, never retried by itself).
// Over https the emulator presents `callbackTls` as its client certificate and trusts its `ca`.
import http from 'node:http';
import https from 'node:https';
import { receiptCallbackRequest, type ContextEcho, type Receipt } from '../../sf2900/index.js';

export interface CallbackTls {
  cert: Buffer | string;
  key: Buffer | string;
  ca?: Buffer | string;
}

export interface CallbackCounts {
  sent: number;
  failed: number;
}

export interface CallbackQueue {
  post(receipt: Receipt, context: ContextEcho): void;
  /** Resolves when every receipt queued so far has been posted or has failed. */
  idle(): Promise<void>;
}

const CALLBACK_TIMEOUT_MS = 5_000;

export function createCallbackQueue(
  url: string,
  counts: () => CallbackCounts,
  log: (message: string, data: Record<string, unknown>) => void,
  tls?: CallbackTls,
): CallbackQueue {
  let chain: Promise<void> = Promise.resolve();
  const target = new URL(url);
  async function send(receipt: Receipt, context: ContextEcho): Promise<void> {
    try {
      const status = await postXml(target, receiptCallbackRequest(receipt, context), tls);
      if (status < 200 || status >= 300) throw new Error(`HTTP ${status}`);
      counts().sent++;
    } catch (error) {
      counts().failed++;
      log('receipt callback failed', { transactionId: context.transactionId, code: receipt.code, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return {
    post(receipt, context) {
      chain = chain.then(() => send(receipt, context));
    },
    idle: () => chain,
  };
}

/** POSTs one SOAP message and returns the HTTP status; the answer's body is read and dropped. */
function postXml(url: URL, body: string, tls?: CallbackTls): Promise<number> {
  return new Promise((resolve, reject) => {
    const options: https.RequestOptions = {
      method: 'POST',
      agent: false, // one connection per receipt: nothing lingers after close()
      headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '"FordelingskvitteringModtag"', 'content-length': Buffer.byteLength(body) },
      timeout: CALLBACK_TIMEOUT_MS,
      ...(url.protocol === 'https:' && tls ? { cert: tls.cert, key: tls.key, ...(tls.ca ? { ca: tls.ca } : {}) } : {}),
    };
    const req = (url.protocol === 'https:' ? https : http).request(url, options, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${CALLBACK_TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
