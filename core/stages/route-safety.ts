// The routing-safety gate between the rules' decision and the route stage's commit. A route that rests on
// the classifier's guess of the emne goes ahead only when the destination is safe (classifiers/destination-
// risk.ts): likely enough for this tenant, clearly ahead of any other destination, stricter for sensitive
// items. And a parked item whose guesses all point at one destination — 32.30.04 or 32.30.08, both to the
// sick-pay system — is routed there although no single emne was sure enough (not a sensitive one). Rules that do not read the
// emne (subject, sender, MeMo metadata) and emner the sender stated or a person chose are the
// municipality's or the sender's own word: they pass unchanged. A destination that a weak signal chose by
// breaking a tie between emner of different destinations (the ensemble says so) counts as a close call.
// Pure; `fordeler eval` uses the same gate.
import { destinationShares, judgeDestination, weakTieBreak, type DestinationSafety, type DestinationShare, type SafetyVerdict } from '../../classifiers/destination-risk.js';
import type { Classification, Reason, RouteDecision } from '../model.js';
import type { Router } from '../ports.js';

/** What the gate saw, stored with the route decision: the data risk control later learns the threshold from. */
export interface SafetyRecord {
  /** 'classifier': the decision rests on the guessed emne and was judged; 'statement': it does not, or the emne was stated. */
  basis: 'classifier' | 'statement';
  /** The top destination and its probability (also for statements, for the record). */
  destination: string | null;
  probability: number;
  required: number;
  safe: boolean;
  why?: Exclude<SafetyVerdict, { safe: true }>['why'];
  /** The three most likely destinations. */
  shares: DestinationShare[];
}

export interface GatedDecision {
  decision: RouteDecision;
  safety: SafetyRecord;
  /** Set when the gate routed a parked item: the best emne that goes to the destination (a guess, not confirmed). */
  inferredKle?: { nr: string; score: number };
}

export interface SafetyInput {
  decision: RouteDecision;
  classification: Classification;
  router: Pick<Router, 'destinationForKle' | 'ruleDependsOnKle'>;
  safety: DestinationSafety;
  /** The item carries a sensitive flag (children, health, criminal). */
  sensitive: boolean;
}

const percent = (p: number): string => `${Math.round(p * 100)} %`;

const WHY_DANISH: Record<Exclude<SafetyVerdict, { safe: true }>['why'], string> = {
  below_threshold: 'sandsynligheden for modtageren er under tærsklen',
  close_destinations: 'en anden modtager er næsten lige så sandsynlig',
  no_destination: 'de sandsynlige emner har ingen modtager',
};

export function applyRouteSafety(input: SafetyInput): GatedDecision {
  const { decision, classification, router, safety, sensitive } = input;
  const destinationFor = (nr: string): string | null => router.destinationForKle(nr).destination;
  const shares = destinationShares(classification, destinationFor);
  const judged = judgeDestination(shares, safety, sensitive);
  // A destination chosen by a weak signal's tie-break between emner of different destinations is a coin toss.
  const tie = judged.safe ? weakTieBreak(classification, destinationFor) : undefined;
  const verdict: SafetyVerdict = tie ? { ...judged, safe: false, why: 'close_destinations' } : judged;
  const guessed = classification.source === 'classifier';
  const dependsOnKle = decision.ruleId !== null && (router.ruleDependsOnKle?.(decision.ruleId) ?? true);
  const record = (basis: SafetyRecord['basis']): SafetyRecord => ({
    basis,
    destination: verdict.destination,
    probability: verdict.probability,
    required: verdict.required,
    safe: verdict.safe,
    ...(verdict.safe ? {} : { why: verdict.why }),
    shares: shares.slice(0, 3),
  });

  if (decision.status === 'routed') {
    if (!guessed || !dependsOnKle) return { decision, safety: record('statement') };
    if (verdict.safe && verdict.destination === decision.destination) return { decision, safety: record('classifier') };
    const why = verdict.safe ? 'en anden modtager er mere sandsynlig' : WHY_DANISH[verdict.why];
    const reason: Reason = {
      code: 'route.destination_unsafe',
      message: `Reglen ${decision.ruleId} ville sende til ${decision.destination}, men ${why} (${percent(probabilityOf(shares, decision.destination))}, kræver ${percent(verdict.required)}${sensitive ? ', følsomme oplysninger' : ''}): parkeret med forslag`,
      data: { ruleId: decision.ruleId, destination: decision.destination, probability: probabilityOf(shares, decision.destination), required: verdict.required, sensitive, why: verdict.safe ? 'other_destination' : verdict.why, shares: shares.slice(0, 3) },
    };
    return {
      decision: { ...decision, status: 'parked', destination: null, ruleId: null, reasons: [...decision.reasons, reason] },
      safety: { ...record('classifier'), safe: false, ...(verdict.safe ? {} : { why: verdict.why }) },
    };
  }

  // Parked: route by the destination when the guesses agree on one, though no single emne was sure enough —
  // only for a calibrated guess below the KLE threshold (an abstention's confidence is no probability), and
  // never for a sensitive item: moving it out of the rest mailbox on guesses alone is the risk not to take.
  const calibratedGuess = classification.reasons.some((reason) => reason.code === 'classify.below_threshold');
  if (!guessed || classification.nr !== null || !calibratedGuess || sensitive || !verdict.safe) return { decision, safety: record(guessed ? 'classifier' : 'statement') };
  const top = shares[0] as DestinationShare;
  const nr = top.emner[0] as string;
  const target = router.destinationForKle(nr);
  const score = classification.candidates.find((c) => c.nr === nr)?.score ?? 0;
  const reason: Reason = {
    code: 'route.destination_probability',
    message: `Intet enkelt emne var sikkert nok, men emnerne ${top.emner.join(', ')} går alle til ${verdict.destination} (${percent(verdict.probability)}, kræver ${percent(verdict.required)})`,
    data: { destination: verdict.destination, probability: verdict.probability, required: verdict.required, emner: top.emner, ruleId: target.ruleId, sensitive },
  };
  return {
    decision: { ...decision, status: 'routed', destination: verdict.destination, ruleId: target.ruleId, reasons: [...decision.reasons, reason] },
    safety: record('classifier'),
    inferredKle: { nr, score },
  };
}

function probabilityOf(shares: readonly DestinationShare[], destination: string | null): number {
  return shares.find((share) => share.destination === destination)?.probability ?? 0;
}
