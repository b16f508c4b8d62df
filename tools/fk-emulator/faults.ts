// Seeded fault injection for FordelingsobjektAfsend: one PRNG draw per call decides whether it fails, a
// second which kind; the phase (before or after recording) alternates so exactly half are each. The
// failures are what a sender meets when the service struggles: HTTP 500 and 503 carrying a SOAP 1.1
// soap:Server fault without a TransportKvittering (schema-valid, and no verdict on the request, so the
// sender retries), or a request never answered (`timeout`: the sender's own deadline fires).
import type http from 'node:http';
import { el, soapEnvelope } from '../../sf2900/index.js';
import { soap } from './server.js';
import type { FailureKind, FkEmulatorStats } from './types.js';

export type Injected = { kind: FailureKind; phase: 'before' | 'after' };

const FAULT_TEXT: Record<Exclude<FailureKind, 'timeout'>, string> = {
  500: 'Intern fejl i Fordelingskomponenten',
  503: 'Fordelingskomponenten er midlertidigt utilgængelig',
};

/** The answer to an injected 500 or 503: a bare soap:Server fault. */
export function serverFault(kind: Exclude<FailureKind, 'timeout'>): string {
  return soapEnvelope(el('soap:Fault', el('faultcode', 'soap:Server'), el('faultstring', FAULT_TEXT[kind])));
}

export function drawFailure(fail: { rate: number; kinds: FailureKind[] } | undefined, random: () => number, stats: FkEmulatorStats): Injected | undefined {
  if (!fail || !fail.kinds.length || random() >= fail.rate) return undefined;
  const kind = fail.kinds[Math.floor(random() * fail.kinds.length)]!;
  const injected = stats.faultsInjected.beforeRecording + stats.faultsInjected.afterRecording;
  const phase = injected % 2 === 0 ? 'before' : 'after';
  stats.faultsInjected[phase === 'before' ? 'beforeRecording' : 'afterRecording']++;
  stats.faultsInjected.byKind[kind]++;
  return { kind, phase };
}

/** Answers the failure; a `timeout` is kept open in `hanging` until the client gives up or reset() ends it. */
export function injectFailure(res: http.ServerResponse, kind: FailureKind, hanging: Set<http.ServerResponse>): void {
  if (kind === 'timeout') {
    hanging.add(res);
    res.on('close', () => hanging.delete(res));
    return;
  }
  soap(res, Number(kind), serverFault(kind));
}
