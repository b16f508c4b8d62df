import type { ItemState, Reason } from '../model.js';
import type { ItemEvent, ItemStatePatch, ItemStore, StageDecision } from '../ports.js';

/**
 * What a stage decided, as data. Stages compute; `applyStageResult` writes. Keeping the write in one
 * place makes every stage safe to repeat: the same inputs give the same rows.
 */
export interface StageResult {
  itemId: string;
  state: ItemState;
  patch?: ItemStatePatch;
  event: ItemEvent;
  decision?: StageDecision;
}

export async function applyStageResult(items: ItemStore, result: StageResult): Promise<void> {
  if (result.decision) await items.saveDecision(result.itemId, result.decision);
  await items.appendEvent(result.itemId, result.event);
  await items.setState(result.itemId, result.state, result.patch);
}

/** Only codes and sizes go into events: never message bodies or CPR numbers. */
export function reasonCodes(reasons: Reason[]): string[] {
  return reasons.map((reason) => reason.code);
}
