// Human-readable routing report for `fordeler process` without --json.
import type { ItemReport } from '../core/report-contract.js';
import { basename } from 'node:path';

const COLUMNS = ['item', 'channel', 'KLE', 'conf.', 'by', 'status', 'destination', 'why'] as const;

export function reportRow(report: ItemReport): string[] {
  const firstReason = report.decision.reasons.find((r) => r.code.startsWith('route.') || r.code.startsWith('extract.') || r.code.includes('unexpected'));
  const why =
    report.decision.status === 'routed'
      ? (report.decision.ruleId ?? '')
      : report.decision.status === 'parked' && report.suggestions.length > 0
        ? `forslag: ${report.suggestions.map((s) => `${s.kle}${s.destination ? `→${s.destination}` : ''}`).join(', ')}`
        : (firstReason?.message ?? '');
  return [
    basename(report.source),
    report.channel,
    report.kle.nr ?? '–',
    report.kle.nr ? report.kle.confidence.toFixed(2) : '',
    report.kle.source,
    report.decision.status,
    report.decision.destination ?? (report.decision.status === 'parked' ? 'rest' : ''),
    truncate(why, 70),
  ];
}

export function formatTable(rows: string[][]): string {
  const all = [COLUMNS as readonly string[], ...rows];
  const widths = COLUMNS.map((_, col) => Math.max(...all.map((row) => (row[col] ?? '').length)));
  const line = (row: readonly string[]) => row.map((cell, col) => cell.padEnd(widths[col] ?? 0)).join('  ').trimEnd();
  return [line(all[0] ?? []), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function formatSummary(reports: ItemReport[], seconds: number): string {
  const count = (status: string) => reports.filter((r) => r.decision.status === status).length;
  const byDestination = new Map<string, number>();
  for (const r of reports) {
    if (r.decision.status !== 'routed' || !r.decision.destination) continue;
    byDestination.set(r.decision.destination, (byDestination.get(r.decision.destination) ?? 0) + 1);
  }
  const destinations = [...byDestination.entries()].sort((a, b) => b[1] - a[1]).map(([d, n]) => `${d} ${n}`).join(', ');
  return [
    `${reports.length} item${reports.length === 1 ? '' : 's'} in ${seconds.toFixed(1)} s: ${count('routed')} routed, ${count('parked')} parked (restpostkasse), ${count('failed')} failed`,
    destinations ? `routed to: ${destinations}` : '',
  ].filter(Boolean).join('\n');
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
