// Business receipts from the receiving side (SF2900 FordelingskvitteringModtag), the I/O around the pure
// decision in core/stages/receipt.ts: find the delivery the receipt names, decide against the item as it
// is, and apply the decision in one compare-and-set commit. A receipt that loses a race (the deliver job
// or a person moved the item meanwhile) is decided once more against the fresh state. Unknown
// transactions, and those of another tenant, are refused. An accepted receipt confirms the destination
// the item was handed to (routing risk control learns from it), with the emne only when the sender stated it.
import { decideReceipt, type ReceiptEffect } from '../../core/stages/receipt.js';
import type { Clock, DeliveryStore, ItemStore } from '../../core/ports.js';
import type { LearningStore } from '../../db/learning-store.js';
import { XMLParser } from 'fast-xml-parser';
import { NS, SoapParseError, obj, parseReceipt, parseSoap, text0, type ReceiptCode } from '../../sf2900/index.js';
import { maskCpr } from '../adapters/overdragelse/client.js';
import type { Logger } from '../runtime/logger.js';
import { confirmDestination } from './confirm-destination.js';

export interface ReceiptDeps {
  items: ItemStore;
  deliveries: Pick<DeliveryStore, 'findByTransaction'>;
  clock: Clock;
  logger: Logger;
  /** Where an accepted receipt's destination is confirmed; without it nothing is learned from receipts. */
  learning?: LearningStore;
}

export type ReceiptOutcome = ReceiptEffect | 'unknown_transaction';

/** Tries: the first decision, and one more against the state that won the race. */
const ATTEMPTS = 2;

export async function recordBusinessReceipt(deps: ReceiptDeps, transactionId: string, code: string, reason?: string): Promise<ReceiptOutcome> {
  const delivery = await deps.deliveries.findByTransaction(transactionId);
  if (!delivery) return 'unknown_transaction';
  const at = deps.clock.now();
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const item = await deps.items.getItem(delivery.itemId);
    if (!item) return 'unknown_transaction';
    const decision = decideReceipt({ item, delivery, code, ...(reason ? { reason } : {}), at });
    if (decision.kind === 'event') {
      await deps.items.appendEvent(item.id, decision.event);
      return decision.effect;
    }
    const result = await deps.items.commit(decision.commit);
    if (result.committed) {
      if (decision.effect !== 'accepted') {
        deps.logger.info({ code: decision.commit.patch?.error?.code, itemId: item.id, destination: delivery.destination }, 'receiver refused an item');
      } else await teachAccepted(deps, item.id, delivery.destination);
      return decision.effect;
    }
    deps.logger.info({ code: 'receipt.state_changed', itemId: item.id, expected: decision.commit.from, found: result.state ?? null, attempt }, 'the item moved while a receipt was applied');
  }
  throw new Error(`receipt ${code} for ${transactionId}: the item kept changing state; the receiver may send it again`);
}

/**
 * The receiver took the item: it belonged there. The emne goes with it only when the sender stated it
 * (MeMo/sidecar metadata); a guessed or inferred emne is not confirmed by an acceptance, and one a person
 * gave was confirmed by the re-distribution already (the confirmation keeps it). A failure to learn is
 * logged, never a reason to refuse the receipt.
 */
async function teachAccepted(deps: ReceiptDeps, itemId: string, destination: string): Promise<void> {
  const learning = deps.learning;
  if (!learning) return;
  try {
    const classification = await deps.items.latestClassification(itemId);
    const stated = classification?.source === 'metadata' ? classification.nr : null;
    await confirmDestination({ items: deps.items, store: learning }, { itemId, destination, kleNr: stated, source: 'accepted_receipt' });
  } catch (error) {
    deps.logger.warn({ code: 'receipt.learn_failed', itemId, err: error instanceof Error ? error.name : 'unknown' }, 'could not learn from an accepted receipt');
  }
}

/** A receipt callback that is not one (wrong element or namespace, missing fields): the sender's fault. */
export class ReceiptCallbackError extends Error {
  override name = 'ReceiptCallbackError';
}

const CALLBACK_ELEMENT = 'FordelingskvitteringModtagAnvenderRequest';
const RECEIPT_CODES: readonly string[] = ['MODTAGET', 'AFLEVERET', 'ACCEPTERET', 'AFVIST', 'FEJLET'] satisfies ReceiptCode[];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The SOAP callback body → its receipt, by the sender-side contract (DistributionServiceAnvenderV2.wsdl):
 * a SOAP 1.1 envelope whose Body holds `FordelingskvitteringModtagAnvenderRequest` in the v2 types
 * namespace. Anything else throws ReceiptCallbackError; messages never quote the body (it may hold a CPR).
 */
export function parseReceiptCallback(body: string): { transactionId: string; code: string; reason?: string } {
  let parsed;
  try {
    parsed = parseSoap(body);
  } catch (error) {
    throw new ReceiptCallbackError(error instanceof SoapParseError ? error.message : 'not a readable SOAP message');
  }
  if (parsed.kind !== 'body') throw new ReceiptCallbackError('a SOAP fault is not a receipt');
  const element = bodyElement(body);
  if (element?.envelopeNamespace !== NS.soap) throw new ReceiptCallbackError('not a SOAP 1.1 envelope');
  if (element.local !== CALLBACK_ELEMENT || element.namespace !== NS.v2) {
    throw new ReceiptCallbackError(`the Body must hold ${CALLBACK_ELEMENT} in ${NS.v2}`);
  }
  const receipt = parseReceipt(parsed.content.Forretningskvittering);
  if (!RECEIPT_CODES.includes(receipt.code)) throw new ReceiptCallbackError('Forretningskvittering has no known ForretningsValideringsKode');
  if (receipt.kind !== 'Forretning') throw new ReceiptCallbackError('Kvitteringstype must be Forretning');
  const transactionId = text0(obj(parsed.content.DistributionContext).AnvenderTransaktionsID).trim();
  if (!transactionId) throw new ReceiptCallbackError('the receipt names no AnvenderTransaktionsID');
  if (!UUID.test(transactionId)) throw new ReceiptCallbackError('AnvenderTransaktionsID is not a UUID');
  return { transactionId, code: receipt.code, ...(receipt.reason ? { reason: maskCpr(receipt.reason) } : {}) };
}

// Namespace-aware view of the envelope (the codec's parser drops prefixes): prefixes and xmlns attributes kept.
const qualified = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', removeNSPrefix: false, processEntities: false, htmlEntities: false, parseTagValue: false, ignoreDeclaration: true, ignorePiTags: true });

type Scope = Record<string, string>;
const namespaces = (node: Record<string, unknown>, outer: Scope): Scope => {
  const scope = { ...outer };
  for (const [key, value] of Object.entries(node)) {
    if (key === '@xmlns' && typeof value === 'string') scope[''] = value;
    else if (key.startsWith('@xmlns:') && typeof value === 'string') scope[key.slice(7)] = value;
  }
  return scope;
};
const split = (name: string) => (name.includes(':') ? [name.slice(0, name.indexOf(':')), name.slice(name.indexOf(':') + 1)] : ['', name]) as [string, string];
const firstElement = (node: Record<string, unknown>) => Object.keys(node).find((key) => !key.startsWith('@') && key !== '#text');
const asNode = (value: unknown): Record<string, unknown> => (Array.isArray(value) ? asNode(value[0]) : value && typeof value === 'object' ? (value as Record<string, unknown>) : {});

/** The envelope's namespace and the Body's first element (namespace, local name); the text is already known to be well-formed. */
function bodyElement(text: string): { envelopeNamespace: string | undefined; namespace: string | undefined; local: string } | undefined {
  const doc = qualified.parse(text) as Record<string, unknown>;
  const envelopeName = firstElement(doc);
  if (!envelopeName) return undefined;
  const envelope = asNode(doc[envelopeName]);
  const [envelopePrefix] = split(envelopeName);
  const envelopeScope = namespaces(envelope, {});
  const bodyName = Object.keys(envelope).find((key) => split(key)[1] === 'Body');
  if (!bodyName) return undefined;
  const bodyNode = asNode(envelope[bodyName]);
  const scope = namespaces(bodyNode, envelopeScope);
  const name = firstElement(bodyNode);
  if (!name) return undefined;
  const [prefix, local] = split(name);
  return { envelopeNamespace: envelopeScope[envelopePrefix], namespace: namespaces(asNode(bodyNode[name]), scope)[prefix], local };
}
