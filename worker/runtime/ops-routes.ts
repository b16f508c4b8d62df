// The ops listener's POST routes: Fordelingskomponenten's business receipts (SF2900, the sender-side
// contract FordelingskvitteringModtagAnvender, v2) and staff re-distribution. Each route admits a caller
// by the policy in ops-auth.ts before its body is read, accepts one media type, and answers in its
// protocol's terms (SOAP for FK, JSON for staff). The stored actor of a write is the authenticated caller.
import { z } from 'zod';
import { receiptCallbackResponse, transportFault, v2 } from '../../sf2900/index.js';
import { ReceiptCallbackError, parseReceiptCallback, recordBusinessReceipt, type ReceiptDeps } from '../actions/receipts.js';
import { RedistributionRefused } from '../../db/redistribution-store.js';
import type { PostAnswer, PostRoute } from './http-server.js';
import type { OpsAuthPolicy } from './ops-auth.js';
import type { Runtime } from './compose.js';
import type { Logger } from './logger.js';

const NOT_SERVED: PostAnswer = { status: 404, body: 'not served: see the start-up log (ops.route_disabled)\n' };
const XML = 'text/xml; charset=utf-8';

const fault = (code: 'Client' | 'Server', text: string): PostAnswer => ({ status: 500, body: transportFault(code, text, [], v2), contentType: XML });

/** POST /fk/kvittering: FordelingskvitteringModtagAnvenderRequest in, the empty Anvender response or a fault out. */
export function receiptRoute(deps: ReceiptDeps, auth: OpsAuthPolicy): PostRoute {
  return {
    path: '/fk/kvittering',
    admit(credentials, contentType) {
      if (auth.receipts.mode === 'off') return NOT_SERVED;
      const admission = auth.admitReceipt(credentials);
      if (!admission.ok) return admission;
      // SOAP 1.1 is text/xml; a browser cannot send it cross-site without a preflight this listener never grants.
      if (contentType !== 'text/xml') return { status: 415, body: 'SOAP 1.1: Content-Type must be text/xml\n' };
      return admission;
    },
    async handle(body, caller) {
      let receipt;
      try {
        receipt = parseReceiptCallback(body);
      } catch (error) {
        if (error instanceof ReceiptCallbackError) return fault('Client', error.message);
        throw error;
      }
      try {
        const outcome = await recordBusinessReceipt(deps, receipt.transactionId, receipt.code, receipt.reason);
        if (outcome === 'unknown_transaction') return fault('Client', 'ukendt AnvenderTransaktionsID');
        deps.logger.info({ code: 'receipt.taken', transactionId: receipt.transactionId, receipt: receipt.code, outcome, caller }, 'business receipt taken');
        return { status: 200, body: receiptCallbackResponse(), contentType: XML };
      } catch (error) {
        deps.logger.warn({ code: 'receipt.failed', transactionId: receipt.transactionId, err: error instanceof Error ? error.name : 'unknown' }, 'a business receipt could not be applied');
        return fault('Server', 'kvitteringen kunne ikke registreres; send den igen');
      }
    },
  };
}

const RedistributeBody = z.object({
  itemId: z.string().uuid(),
  destination: z.string().min(1).max(64),
  /** Who the calling system says asked for it: a note in the log; the stored actor is the authenticated caller. */
  by: z.string().min(1).max(200).optional(),
  kle: z.string().regex(/^\d\d\.\d\d\.\d\d$/).optional(),
}).strict();

/** POST /redistribute `{ itemId, destination, by?, kle? }` as application/json: staff place an item. */
export function redistributeRoute(runtime: Pick<Runtime, 'redistribute'>, auth: OpsAuthPolicy, logger: Logger): PostRoute {
  return {
    path: '/redistribute',
    admit(credentials, contentType) {
      if (!auth.writes.served) return NOT_SERVED;
      const admission = auth.admitWrite(credentials);
      if (!admission.ok) return admission;
      // Only JSON: the forms a web page can post without a preflight (text/plain, form encodings) are refused.
      if (contentType !== 'application/json') return { status: 415, body: 'Content-Type must be application/json\n' };
      return admission;
    },
    async handle(body, caller) {
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        return { status: 400, body: 'the body is not JSON\n' };
      }
      const parsed = RedistributeBody.safeParse(json);
      if (!parsed.success) return { status: 400, body: `${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}\n` };
      const { itemId, destination, by, kle } = parsed.data;
      try {
        const outcome = await runtime.redistribute({ itemId, toDestination: destination, by: caller, via: 'api', ...(kle ? { kleNr: kle } : {}) });
        logger.info({ code: 'ops.redistribute', itemId, destination, caller, ...(by ? { claimedBy: by } : {}) }, 're-distribution by the ops API');
        return { status: 200, body: `${JSON.stringify({ ...outcome, by: caller })}\n`, contentType: 'application/json' };
      } catch (error) {
        if (error instanceof RedistributionRefused) return { status: error.reason === 'unknown_item' ? 404 : 409, body: `${error.message}\n` };
        throw error;
      }
    },
  };
}
