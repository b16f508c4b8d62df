// The item lifecycle, defined once: the states an item can be in, the moves between them, which job stage
// resumes an item in each state, and which states wait for a machine, a person or nothing at all.
// Queues, the reconciler, the failed list, the stores and the rest mailbox derive from these tables;
// no other module lists states or transitions of its own.

export const ITEM_STATES = [
  'received',
  'extracted',
  'classified',
  'routed',
  'delivered',
  'accepted',
  'rejected',
  'parked',
  'failed',
] as const;
export type ItemState = (typeof ITEM_STATES)[number];

/**
 * The job stages, one queue each. `ocr` is extraction with OCR, on its own queue so that CPU-bound work is
 * sized apart from the cheap stages.
 */
export const JOB_STAGES = ['ingest', 'extract', 'ocr', 'classify', 'route', 'deliver'] as const;
export type JobStage = (typeof JOB_STAGES)[number];

/**
 * Every allowed move. A stage commit names the state it started from and the one it ends in; the store
 * refuses a move that is not listed here (a defect) and a start state the item is no longer in (a repeat).
 */
export const TRANSITIONS: Readonly<Record<ItemState, readonly ItemState[]>> = {
  // Extraction done, or bad input (parked), or failed for good.
  received: ['extracted', 'parked', 'failed'],
  extracted: ['classified', 'failed'],
  // Routed by a rule, or parked in the rest mailbox.
  classified: ['routed', 'parked', 'failed'],
  // Handed over; or the receiver said no before taking it (no receiver for the emne → rest mailbox); a
  // business receipt can overtake our own bookkeeping (accepted/rejected while the deliver job retries).
  routed: ['delivered', 'parked', 'rejected', 'accepted', 'failed'],
  // Waiting for the receiver's business receipt; `delivered → delivered` is a re-send with the same
  // transaction id when the receipt is overdue; a person may re-distribute a wrongly delivered item.
  delivered: ['delivered', 'accepted', 'rejected', 'failed', 'routed'],
  // Accepted by the receiver. A person may still re-distribute it (it was the wrong receiver after all).
  accepted: ['routed'],
  // Waiting for a person in the rest mailbox: re-distribution routes them again.
  rejected: ['routed'],
  parked: ['routed'],
  // A person retries a failed item from the stage that failed (or re-distributes it).
  failed: ['received', 'extracted', 'classified', 'routed'],
};

/** The job stage that moves an item on from a state; absent for states that wait for a person or nothing. */
export const RESUME_STAGE: Readonly<Partial<Record<ItemState, JobStage>>> = {
  received: 'ingest',
  extracted: 'classify',
  classified: 'route',
  routed: 'deliver',
  // Overdue business receipt: the deliver stage sends the same round again (same AnvenderTransaktionsID).
  delivered: 'deliver',
};

/** The states a job stage works on; in any other state the stage already ran and a repeated job is a no-op. */
export const INPUT_STATES: Readonly<Record<JobStage, readonly ItemState[]>> = {
  ingest: ['received'],
  extract: ['received'],
  ocr: ['received'],
  classify: ['extracted'],
  route: ['classified'],
  deliver: ['routed', 'delivered'],
};

/** States in which the machine still owes the item work; the reconciler looks for items stuck in them. */
export const IN_PROGRESS_STATES = ['received', 'extracted', 'classified', 'routed', 'delivered'] as const satisfies readonly ItemState[];

/** States that wait for a person: the rest mailbox (parked, rejected by the receiver) and failed shipments. */
export const AWAITING_PERSON_STATES = ['parked', 'rejected', 'failed'] as const satisfies readonly ItemState[];

/** In the rest mailbox: a person must place the item (parked, or sent back by its receiver). */
export const REST_MAILBOX_STATES = ['parked', 'rejected'] as const satisfies readonly ItemState[];

/** Nothing more will happen unless a person acts. */
export const FINAL_STATES = ['accepted'] as const satisfies readonly ItemState[];

/** Where a person's retry of a failed item starts, by the item stage that failed. */
export const RETRY_STATE: Readonly<Record<string, ItemState>> = {
  ingest: 'received',
  extract: 'received',
  classify: 'extracted',
  route: 'classified',
  deliver: 'routed',
  receipt: 'routed',
};

/**
 * States from which a person may re-distribute an item: not while the machine is still on its first way, and
 * not while a handover is in flight (`routed`): compare-and-set checks the state, not the round, so the
 * in-flight handover's commit could otherwise land in the new round.
 */
export const REDISTRIBUTABLE_STATES = ['delivered', 'accepted', 'rejected', 'parked', 'failed'] as const satisfies readonly ItemState[];

export function canTransition(from: ItemState, to: ItemState): boolean {
  return TRANSITIONS[from].includes(to);
}

/** A move the lifecycle does not allow: always a programming error, never bad input. */
export class IllegalTransitionError extends Error {
  override readonly name = 'IllegalTransitionError';
  constructor(
    readonly from: ItemState,
    readonly to: ItemState,
  ) {
    super(`an item cannot move from ${from} to ${to}`);
  }
}

export function assertTransition(from: ItemState, to: ItemState): void {
  if (!canTransition(from, to)) throw new IllegalTransitionError(from, to);
}

export function isInputState(stage: JobStage, state: ItemState): boolean {
  return INPUT_STATES[stage].includes(state);
}

export function isOneOf<S extends ItemState>(state: ItemState, states: readonly S[]): state is S {
  return (states as readonly ItemState[]).includes(state);
}
