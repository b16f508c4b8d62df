// In-memory ItemStore + ItemQueries for fast pipeline tests. Behaves like db/item-store.ts — the shared
// contract suite (test/support/item-store-contract.ts) runs against both — including the tenant binding,
// the compare-and-set commit, one decision per (item, stage, round), keyed events, the jsonb round trip
// (Dates become strings) and the cleaning of text PostgreSQL would reject. It has no deliveries table:
// a commit's `deliverySent` is the delivery store's business there (tests wrap `commit` if they need it).
import { randomUUID } from 'node:crypto';
import { assertTransition, type ItemState } from '../../core/lifecycle.js';
import type { ExtractedContent, Item, Reason } from '../../core/model.js';
import { parseOutcome, type DecisionStage } from '../../core/outcomes.js';
import type { Clock, CommitResult, ItemEvent, ItemStatePatch, ItemStore, NewItem, StageCommit, StoredDecision, StoredDecisionOf } from '../../core/ports.js';
import { emptyStateCounts, type ItemQueries, type ItemSummary, type ListItemsOptions, type StoredAttachment } from '../../db/item-queries.js';
import { classificationOf, isItemId, ItemNotFoundError, storedOutcome } from '../../db/item-store.js';
import { storableJson, storableText, storableTextOrNull } from '../../db/storable.js';
import { toStoredDecision } from '../../db/stored-decision.js';

interface DecisionRow {
  stage: DecisionStage;
  round: number;
  outcome: Record<string, unknown>;
  reasons: Reason[];
  ruleSetVersion: string | null;
  ruleId: string | null;
  createdAt: Date;
}

interface Row {
  summary: ItemSummary;
  extracted?: ExtractedContent;
  events: ItemEvent[];
  decisions: DecisionRow[];
  attachments: StoredAttachment[];
}

/** The rows of all tenants: what one database holds. Stores made on the same rows see the same items. */
export interface MemoryRows {
  items: Map<string, Row>;
  byKey: Map<string, string>;
  byMessageId: Map<string, string>;
}

export function createMemoryRows(): MemoryRows {
  return { items: new Map(), byKey: new Map(), byMessageId: new Map() };
}

export interface MemoryItemStoreOptions {
  /** Default `default`. */
  tenantId?: string;
  clock?: Clock;
  /** Share rows with other stores (another tenant's store on the same "database"). */
  rows?: MemoryRows;
}

export type MemoryItemStore = ItemStore &
  ItemQueries & {
    /** A store of another tenant on the same rows. */
    forTenant(tenantId: string): MemoryItemStore;
    /**
     * Test set-up only: puts an item into a state (with list columns) without a stage step, the way a
     * test database fixture would. Production code moves items only through `commit`.
     */
    forceState(itemId: string, state: ItemState, patch?: ItemStatePatch): Promise<void>;
  };

export function createMemoryItemStore(options: MemoryItemStoreOptions | Clock = {}): MemoryItemStore {
  const opts: MemoryItemStoreOptions = 'now' in options ? { clock: options } : options;
  const tenantId = storableText(opts.tenantId ?? 'default');
  const clock = opts.clock ?? { now: () => new Date() };
  const db = opts.rows ?? createMemoryRows();

  function known(id: string): Row | undefined {
    const found = isItemId(id) ? db.items.get(id.toLowerCase()) : undefined;
    return found?.summary.tenantId === tenantId ? found : undefined;
  }

  function row(id: string): Row {
    const found = known(id);
    if (!found) throw new ItemNotFoundError(id);
    return found;
  }

  function addEvent(target: Row, event: ItemEvent): void {
    const key = storableTextOrNull(event.key);
    if (key !== null && target.events.some((e) => e.key === key)) return;
    target.events.push({
      stage: event.stage,
      type: storableText(event.type),
      at: copy(event.at),
      ...(event.data !== undefined ? { data: storableJson(event.data) } : {}),
      ...(key !== null ? { key } : {}),
    });
  }

  function applyPatch(summary: ItemSummary, patch: ItemStatePatch): void {
    if (patch.subject !== undefined) summary.subject = storableTextOrNull(patch.subject);
    if (patch.kleNr !== undefined) summary.kleNr = storableTextOrNull(patch.kleNr);
    if (patch.kleConfidence !== undefined) summary.kleConfidence = patch.kleConfidence === null ? null : asReal(patch.kleConfidence);
    if (patch.destination !== undefined) summary.destination = storableTextOrNull(patch.destination);
    if (patch.sensitive !== undefined) summary.sensitive = patch.sensitive.map(storableText);
    if (patch.error !== undefined) summary.error = patch.error === null ? null : storableJson(patch.error);
  }

  function moveTo(summary: ItemSummary, state: ItemState, now: Date): void {
    if (summary.state !== state) summary.stateChangedAt = copy(now);
    summary.state = state;
    summary.updatedAt = copy(now);
  }

  function storedDecision<S extends DecisionStage>(stage: S, d: DecisionRow): StoredDecisionOf<S> {
    return {
      stage,
      round: d.round,
      outcome: parseOutcome(stage, structuredClone(d.outcome)),
      reasons: structuredClone(d.reasons),
      ruleSetVersion: d.ruleSetVersion,
      ruleId: d.ruleId,
      createdAt: copy(d.createdAt),
    };
  }

  const store: MemoryItemStore = {
    tenantId,

    async createItem(input: NewItem) {
      const contentSha256 = storableText(input.contentSha256);
      const source = storableText(input.source);
      const key = JSON.stringify([tenantId, contentSha256, source]);
      const existing = db.byKey.get(key);
      if (existing) return { item: toItem(row(existing).summary), created: false };
      const messageId = storableTextOrNull(input.messageId);
      const messageKey = messageId === null ? undefined : JSON.stringify([tenantId, source, messageId]);
      const original = messageKey === undefined ? undefined : db.byMessageId.get(messageKey);
      if (original) return { item: toItem(row(original).summary), created: false, duplicate: true };
      const now = clock.now();
      const fileName = storableText(input.fileName);
      const summary: ItemSummary = {
        id: randomUUID(),
        tenantId,
        channel: input.channel,
        state: 'received',
        source,
        contentSha256,
        size: input.size,
        ...(input.sidecarSha256 != null ? { sidecarSha256: storableText(input.sidecarSha256) } : {}),
        ...(messageId !== null ? { messageId } : {}),
        fileName,
        receivedAt: copy(input.receivedAt),
        round: 1,
        subject: null,
        kleNr: null,
        kleConfidence: null,
        destination: null,
        sensitive: [],
        error: null,
        updatedAt: copy(now),
        stateChangedAt: copy(now),
      };
      const sourceAttachment: StoredAttachment = { role: 'source', name: fileName, mimeType: null, blobSha256: contentSha256, textSource: null, size: input.size };
      db.items.set(summary.id, { summary, events: [], decisions: [], attachments: [sourceAttachment] });
      db.byKey.set(key, summary.id);
      if (messageKey !== undefined) db.byMessageId.set(messageKey, summary.id);
      return { item: toItem(summary), created: true };
    },

    async getItem(id: string) {
      const found = known(id);
      return found ? toItem(found.summary) : undefined;
    },

    async commit(step: StageCommit): Promise<CommitResult> {
      assertTransition(step.from, step.to);
      const outcome = step.decision ? storedOutcome(step.decision) : undefined;
      const found = known(step.itemId);
      if (!found || found.summary.state !== step.from) return { committed: false, state: found?.summary.state };
      // Everything below is synchronous: nothing else can run between the check and the writes.
      const now = clock.now();
      const { summary } = found;
      moveTo(summary, step.to, now);
      applyPatch(summary, step.patch ?? {});
      if (step.nextRound) summary.round += 1;
      if (step.content) {
        found.extracted = storableJson(step.content);
        found.attachments = [
          ...found.attachments.filter((a) => a.role !== 'attachment'),
          // Main-document files first, as db/item-store.ts writes them.
          ...[...(found.extracted.mainDocuments ?? []), ...found.extracted.attachments].map((a) => ({
            role: 'attachment' as const,
            name: a.name,
            mimeType: a.mimeType,
            blobSha256: a.blob?.sha256 ?? null,
            textSource: a.textSource,
            size: a.size,
          })),
        ];
      }
      if (step.decision) {
        const decision: DecisionRow = {
          stage: step.decision.stage,
          round: summary.round,
          outcome: outcome ?? {},
          reasons: storableJson(step.decision.reasons),
          ruleSetVersion: storableTextOrNull(step.decision.ruleSetVersion),
          ruleId: storableTextOrNull(step.decision.ruleId),
          createdAt: copy(now),
        };
        const same = found.decisions.findIndex((d) => d.stage === decision.stage && d.round === decision.round);
        if (same >= 0) found.decisions[same] = decision;
        else found.decisions.push(decision);
      }
      addEvent(found, step.event);
      return { committed: true, item: toItem(summary) };
    },

    async appendEvent(itemId: string, event: ItemEvent) {
      addEvent(row(itemId), event);
    },

    async getExtracted(itemId: string) {
      const found = known(itemId);
      return found?.extracted ? structuredClone(found.extracted) : undefined;
    },

    async latestDecision<S extends DecisionStage>(itemId: string, stage: S) {
      const mine = (known(itemId)?.decisions ?? []).filter((d) => d.stage === stage);
      const newest = mine.reduce<DecisionRow | undefined>((best, d) => (!best || d.round >= best.round ? d : best), undefined);
      return newest ? storedDecision(stage, newest) : undefined;
    },

    async latestClassification(itemId: string) {
      return classificationOf(await store.latestDecision(itemId, 'classify'));
    },

    async findItem(itemId: string) {
      const found = known(itemId);
      return found ? structuredClone(found.summary) : undefined;
    },

    async listEvents(itemId: string) {
      return structuredClone(known(itemId)?.events ?? []);
    },

    async listDecisions(itemId: string): Promise<StoredDecision[]> {
      return (known(itemId)?.decisions ?? []).map((d) => toStoredDecision({ ...d, outcome: structuredClone(d.outcome), reasons: structuredClone(d.reasons) }));
    },

    async listAttachments(itemId: string) {
      return structuredClone(known(itemId)?.attachments ?? []);
    },

    async countByState() {
      const counts = emptyStateCounts();
      for (const { summary } of db.items.values()) if (summary.tenantId === tenantId) counts[summary.state] += 1;
      return counts;
    },

    async listItems(options: ListItemsOptions = {}) {
      const { state, changedBefore, limit = 100 } = options;
      return [...db.items.values()]
        .map((r) => r.summary)
        .filter((s) => s.tenantId === tenantId && (!state || s.state === state))
        .filter((s) => !changedBefore || s.stateChangedAt < changedBefore)
        .sort((a, b) => a.stateChangedAt.getTime() - b.stateChangedAt.getTime() || compare(a.id, b.id))
        .slice(0, limit)
        .map((s) => structuredClone(s));
    },

    forTenant(other: string) {
      return createMemoryItemStore({ tenantId: other, clock, rows: db });
    },

    async forceState(itemId: string, state: ItemState, patch: ItemStatePatch = {}) {
      const { summary } = row(itemId);
      moveTo(summary, state, clock.now());
      applyPatch(summary, patch);
    },
  };
  return store;
}

function toItem(summary: ItemSummary): Item {
  return {
    id: summary.id,
    tenantId: summary.tenantId,
    channel: summary.channel,
    state: summary.state,
    source: summary.source,
    contentSha256: summary.contentSha256,
    size: summary.size,
    ...(summary.sidecarSha256 !== undefined ? { sidecarSha256: summary.sidecarSha256 } : {}),
    ...(summary.messageId !== undefined ? { messageId: summary.messageId } : {}),
    fileName: summary.fileName,
    receivedAt: copy(summary.receivedAt),
    round: summary.round,
  };
}

function copy(date: Date): Date {
  return new Date(date.getTime());
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** What a `real` column gives back: float4, printed as the shortest decimal that reads back the same. */
function asReal(value: number): number {
  const single = Math.fround(value);
  if (!Number.isFinite(single)) return single;
  for (let digits = 1; digits < 9; digits++) {
    const candidate = Number(single.toPrecision(digits));
    if (Math.fround(candidate) === single) return candidate;
  }
  return Number(single.toPrecision(9));
}
