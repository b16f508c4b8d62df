// In-memory ItemStore + ItemQueries for fast pipeline tests. Behaves like db/item-store.ts — the shared
// contract suite (test/support/item-store-contract.ts) runs against both — including the jsonb round
// trip (Dates become strings) and the cleaning of text PostgreSQL would reject.
import { randomUUID } from 'node:crypto';
import type { ExtractedContent, Item, ItemState } from '../../core/model.js';
import type { Clock, ItemEvent, ItemStatePatch, ItemStore, NewItem, StageDecision } from '../../core/ports.js';
import {
  emptyStateCounts,
  type ItemQueries,
  type ItemSummary,
  type ListItemsOptions,
  type StoredAttachment,
  type StoredDecision,
} from '../../db/item-queries.js';
import { isItemId, ItemNotFoundError } from '../../db/item-store.js';
import { storableJson, storableText, storableTextOrNull } from '../../db/storable.js';

interface Row {
  summary: ItemSummary;
  extracted?: ExtractedContent;
  events: ItemEvent[];
  decisions: StoredDecision[];
  attachments: StoredAttachment[];
}

export type MemoryItemStore = ItemStore & ItemQueries;

export function createMemoryItemStore(clock: Clock = { now: () => new Date() }): MemoryItemStore {
  const rows = new Map<string, Row>();
  const byKey = new Map<string, string>();
  const byMessageId = new Map<string, string>();

  function known(id: string): Row | undefined {
    return isItemId(id) ? rows.get(id.toLowerCase()) : undefined;
  }

  function row(id: string): Row {
    const found = known(id);
    if (!found) throw new ItemNotFoundError(id);
    return found;
  }

  return {
    async createItem(input: NewItem) {
      const tenantId = storableText(input.tenantId);
      const contentSha256 = storableText(input.contentSha256);
      const source = storableText(input.source);
      const key = JSON.stringify([tenantId, contentSha256, source]);
      const existing = byKey.get(key);
      if (existing) return { item: toItem(row(existing).summary), created: false };
      const messageId = storableTextOrNull(input.messageId);
      const messageKey = messageId === null ? undefined : JSON.stringify([tenantId, source, messageId]);
      const original = messageKey === undefined ? undefined : byMessageId.get(messageKey);
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
        subject: null,
        kleNr: null,
        kleConfidence: null,
        destination: null,
        sensitive: [],
        error: null,
        updatedAt: copy(now),
        stateChangedAt: copy(now),
      };
      const sourceAttachment: StoredAttachment = {
        role: 'source',
        name: fileName,
        mimeType: null,
        blobSha256: contentSha256,
        textSource: null,
        size: input.size,
      };
      rows.set(summary.id, { summary, events: [], decisions: [], attachments: [sourceAttachment] });
      byKey.set(key, summary.id);
      if (messageKey !== undefined) byMessageId.set(messageKey, summary.id);
      return { item: toItem(summary), created: true };
    },

    async getItem(id: string) {
      const found = known(id);
      return found ? toItem(found.summary) : undefined;
    },

    async setState(id: string, state: ItemState, patch: ItemStatePatch = {}) {
      const { summary } = row(id);
      const now = clock.now();
      if (summary.state !== state) summary.stateChangedAt = copy(now);
      summary.state = state;
      summary.updatedAt = copy(now);
      if (patch.subject !== undefined) summary.subject = storableTextOrNull(patch.subject);
      if (patch.kleNr !== undefined) summary.kleNr = storableTextOrNull(patch.kleNr);
      if (patch.kleConfidence !== undefined) summary.kleConfidence = patch.kleConfidence === null ? null : asReal(patch.kleConfidence);
      if (patch.destination !== undefined) summary.destination = storableTextOrNull(patch.destination);
      if (patch.sensitive !== undefined) summary.sensitive = patch.sensitive.map(storableText);
      if (patch.error !== undefined) summary.error = patch.error === null ? null : storableJson(patch.error);
    },

    async appendEvent(itemId: string, event: ItemEvent) {
      row(itemId).events.push({
        stage: event.stage,
        type: storableText(event.type),
        at: copy(event.at),
        ...(event.data !== undefined ? { data: storableJson(event.data) } : {}),
      });
    },

    async saveDecision(itemId: string, decision: StageDecision) {
      row(itemId).decisions.push({
        stage: decision.stage,
        outcome: storableJson(decision.outcome),
        reasons: storableJson(decision.reasons),
        ...(decision.ruleSetVersion != null ? { ruleSetVersion: storableText(decision.ruleSetVersion) } : {}),
        ruleId: storableTextOrNull(decision.ruleId),
        createdAt: copy(clock.now()),
      });
    },

    async saveExtracted(itemId: string, content: ExtractedContent) {
      const found = row(itemId);
      found.extracted = storableJson(content);
      found.summary.updatedAt = copy(clock.now());
      found.attachments = [
        ...found.attachments.filter((a) => a.role !== 'attachment'),
        ...found.extracted.attachments.map((a) => ({
          role: 'attachment' as const,
          name: a.name,
          mimeType: a.mimeType,
          blobSha256: a.blob?.sha256 ?? null,
          textSource: a.textSource,
          size: a.size,
        })),
      ];
    },

    async getExtracted(itemId: string) {
      const found = known(itemId);
      return found?.extracted ? structuredClone(found.extracted) : undefined;
    },

    async listEvents(itemId: string) {
      return structuredClone(known(itemId)?.events ?? []);
    },

    async listDecisions(itemId: string) {
      return structuredClone(known(itemId)?.decisions ?? []);
    },

    async listAttachments(itemId: string) {
      return structuredClone(known(itemId)?.attachments ?? []);
    },

    async countByState(tenantId: string) {
      const counts = emptyStateCounts();
      for (const { summary } of rows.values()) if (summary.tenantId === tenantId) counts[summary.state] += 1;
      return counts;
    },

    async listItems(tenantId: string, options: ListItemsOptions = {}) {
      const { state, changedBefore, limit = 100 } = options;
      return [...rows.values()]
        .map((r) => r.summary)
        .filter((s) => s.tenantId === tenantId && (!state || s.state === state))
        .filter((s) => !changedBefore || s.stateChangedAt < changedBefore)
        .sort((a, b) => a.stateChangedAt.getTime() - b.stateChangedAt.getTime() || compare(a.id, b.id))
        .slice(0, limit)
        .map((s) => structuredClone(s));
    },
  };
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
