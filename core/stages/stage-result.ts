// What a stage step writes, as data: a StageCommit (core/ports.ts) — content, decision, event and the
// state move with compare-and-set. Stages compute commits; the handler hands each to `ItemStore.commit`,
// which writes it in one transaction, so a step is either fully written or not at all, and a repeat of
// a step that already happened writes nothing.
import { RESUME_STAGE, type ItemState, type JobStage } from '../lifecycle.js';
import type { Reason } from '../model.js';
import type { CommitResult, StageCommit } from '../ports.js';

export type { StageCommit };

/**
 * The job stage that comes after a commit: for a commit that was refused (another run already moved the
 * item on), the stage that resumes the item from the state it is in now — never an error.
 */
export function nextStageAfter(result: CommitResult): JobStage | undefined {
  const state: ItemState | undefined = result.committed ? result.item.state : result.state;
  return state === undefined ? undefined : RESUME_STAGE[state];
}

/** Only codes and sizes go into events: never message bodies or CPR numbers. */
export function reasonCodes(reasons: Reason[]): string[] {
  return reasons.map((reason) => reason.code);
}
