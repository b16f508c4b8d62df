// Re-distribution as a pure decision: may a person place this item now, and what does placing it write.
// Placing starts the next delivery round (a new AnvenderTransaktionsID, so the new receiver gets a new
// hand-over, never a repeat of the refused one) and puts the item back in `routed` with a manual route
// decision. The store applies the result in one transaction with the re-distribution record.
import { canTransition, isOneOf, REDISTRIBUTABLE_STATES, type ItemState } from '../lifecycle.js';
import type { StageCommit } from '../ports.js';

/** Where a re-distribution came from: the CLI, the HTTP API, or a folder move in the IMAP rest mailbox. */
export type RedistributionVia = 'cli' | 'api' | 'imap-folder';

export interface RedistributionRequest {
  item: { id: string; state: ItemState; round: number; destination: string | null };
  toDestination: string;
  by: string;
  via: RedistributionVia;
  /** The KLE emne the placing confirms, when known. */
  kleNr: string | null;
  /** `kleNr` was inferred from the destination (a candidate routing there), not given by the person. */
  kleInferred?: boolean;
  at: Date;
}

export type RedistributionPlan =
  | { kind: 'refused'; reason: 'in_progress'; message: string }
  | { kind: 'commit'; round: number; fromDestination: string | null; commit: StageCommit & { nextRound: true; to: 'routed' } };

/**
 * A person may place the item when the lifecycle lists its state as re-distributable and allows the move
 * to `routed` from it. (`routed` itself is listed but has no `routed → routed` move: its handover is under
 * way, and a commit by that handover must not land in the next round; it can be placed once it settles.)
 */
export function mayRedistribute(state: ItemState): boolean {
  return isOneOf(state, REDISTRIBUTABLE_STATES) && canTransition(state, 'routed');
}

export function planRedistribution(request: RedistributionRequest): RedistributionPlan {
  const { item, toDestination, by, via, kleNr, at } = request;
  const inferred = kleNr !== null && request.kleInferred === true;
  if (!mayRedistribute(item.state)) {
    const doing = item.state === 'routed' ? 'being handed over' : 'still being processed';
    return { kind: 'refused', reason: 'in_progress', message: `item ${item.id} is ${doing} (${item.state}); place it when it is delivered or parked` };
  }
  const from = item.destination;
  const round = item.round + 1;
  const data = { from, to: toDestination, by, via, round, ...(kleNr ? { kle: kleNr } : {}), ...(inferred ? { kleInferred: true } : {}) };
  return {
    kind: 'commit',
    round,
    fromDestination: from,
    commit: {
      itemId: item.id,
      from: item.state,
      to: 'routed',
      nextRound: true,
      patch: { destination: toDestination, error: null },
      event: { stage: 'route', type: 'redistributed', at, data },
      decision: {
        stage: 'route',
        outcome: { status: 'routed', destination: toDestination, ruleId: null, manual: true, kle: kleNr, by, ...(inferred ? { kleInferred: true } : {}) },
        reasons: [{ code: 'route.redistributed', message: `Re-distributed to ${toDestination} by ${by} (${via})${from ? `, from ${from}` : ''}`, data }],
        ruleId: null,
      },
    },
  };
}
