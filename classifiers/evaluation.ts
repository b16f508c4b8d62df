// Classification quality on a labelled corpus (gold.jsonl of the dev corpus): emne top-1/top-3, group
// accuracy, coverage and precision at the operating threshold, a reliability table and a per-channel
// breakdown. Pure and deterministic; `fordeler eval` reads the corpus and prints it.
import type { KleSource } from '../core/model.js';

export interface GoldLabel {
  file: string;
  channel: string;
  /** null for post no emne fits (spam, newsletters): right only when the classifier abstains. */
  kle: string | null;
  kle_ok?: string[];
}

export interface EvalPrediction {
  file: string;
  channel: string;
  /** The emne the item is auto-classified as; null when it is parked for a person. */
  nr: string | null;
  confidence: number;
  source: KleSource;
  /** Ranked candidate emner; the first is the best guess also when `nr` is null. */
  candidates: string[];
}

export interface EvalMetrics {
  items: number;
  emneTop1: number;
  emneTop3: number;
  group: number;
  coverage: number;
  precision: number;
}

export interface ReliabilityBin {
  from: number;
  to: number;
  items: number;
  meanConfidence: number;
  accuracy: number;
}

export interface EvalReport {
  total: EvalMetrics;
  byChannel: Record<string, EvalMetrics>;
  reliability: ReliabilityBin[];
  /** Items judged wrong, for a person to look at (file, guess, gold). */
  errors: { file: string; guess: string | null; gold: string | null; confidence: number; covered: boolean }[];
}

const groupOf = (nr: string): string => nr.slice(0, 5);

interface Judged {
  gold: GoldLabel;
  prediction: EvalPrediction;
  guess: string | null;
  top1: boolean;
}

function judge(gold: GoldLabel, prediction: EvalPrediction): Judged {
  const guess = prediction.nr ?? prediction.candidates[0] ?? null;
  const accepted = gold.kle ? [gold.kle, ...(gold.kle_ok ?? [])] : [];
  const top1 = gold.kle === null ? prediction.nr === null : guess !== null && accepted.includes(guess);
  return { gold, prediction, guess, top1 };
}

function metricsOf(judged: Judged[]): EvalMetrics {
  const n = judged.length || 1;
  let top3 = 0, group = 0, covered = 0, coveredRight = 0;
  for (const j of judged) {
    const accepted = j.gold.kle ? [j.gold.kle, ...(j.gold.kle_ok ?? [])] : [];
    const groups = new Set(accepted.map(groupOf));
    if (j.gold.kle === null ? j.prediction.nr === null : j.prediction.candidates.slice(0, 3).some((nr) => accepted.includes(nr)) || (j.guess !== null && accepted.includes(j.guess))) top3++;
    if (j.gold.kle === null ? j.prediction.nr === null : j.guess !== null && groups.has(groupOf(j.guess))) group++;
    if (j.prediction.nr !== null) {
      covered++;
      if (j.top1) coveredRight++;
    }
  }
  return {
    items: judged.length,
    emneTop1: judged.filter((j) => j.top1).length / n,
    emneTop3: top3 / n,
    group: group / n,
    coverage: covered / n,
    precision: covered ? coveredRight / covered : 1,
  };
}

export function evaluate(golds: readonly GoldLabel[], predictions: readonly EvalPrediction[], bins = 10): EvalReport {
  const byFile = new Map(predictions.map((p) => [p.file, p]));
  const judged = golds.map((gold) => {
    const prediction = byFile.get(gold.file) ?? { file: gold.file, channel: gold.channel, nr: null, confidence: 0, source: 'none' as const, candidates: [] };
    return judge(gold, prediction);
  });
  const channels = [...new Set(judged.map((j) => j.gold.channel))].sort();
  const reliability: ReliabilityBin[] = [];
  for (let i = 0; i < bins; i++) {
    const from = i / bins;
    const to = (i + 1) / bins;
    const inBin = judged.filter((j) => j.prediction.confidence >= from && (j.prediction.confidence < to || (i === bins - 1 && j.prediction.confidence <= to)));
    if (inBin.length === 0) continue;
    reliability.push({
      from,
      to,
      items: inBin.length,
      meanConfidence: inBin.reduce((sum, j) => sum + j.prediction.confidence, 0) / inBin.length,
      accuracy: inBin.filter((j) => j.top1).length / inBin.length,
    });
  }
  return {
    total: metricsOf(judged),
    byChannel: Object.fromEntries(channels.map((channel) => [channel, metricsOf(judged.filter((j) => j.gold.channel === channel))])),
    reliability,
    errors: judged
      .filter((j) => !j.top1)
      .map((j) => ({ file: j.gold.file, guess: j.guess, gold: j.gold.kle, confidence: j.prediction.confidence, covered: j.prediction.nr !== null })),
  };
}

const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;

export function formatEvalReport(report: EvalReport, threshold: number): string {
  const row = (name: string, m: EvalMetrics) => `| ${name} | ${m.items} | ${pct(m.emneTop1)} | ${pct(m.emneTop3)} | ${pct(m.group)} | ${pct(m.coverage)} | ${pct(m.precision)} |`;
  const lines = [
    `Operating threshold: confidence ≥ ${threshold} is auto-classified; below it the item is parked with suggestions.`,
    '',
    '| slice | items | emne top-1 | emne top-3 | group | coverage | precision at threshold |',
    '|---|---:|---:|---:|---:|---:|---:|',
    row('**all**', report.total),
    ...Object.entries(report.byChannel).map(([channel, m]) => row(channel, m)),
    '',
    'Reliability (is a confidence of p right p of the time?):',
    '',
    '| confidence | items | mean confidence | accuracy |',
    '|---|---:|---:|---:|',
    ...report.reliability.map((b) => `| ${b.from.toFixed(1)}–${b.to.toFixed(1)} | ${b.items} | ${b.meanConfidence.toFixed(2)} | ${pct(b.accuracy)} |`),
  ];
  return lines.join('\n');
}

export function formatSweep(rows: (EvalMetrics & { threshold: number })[]): string {
  return [
    'Operating points (calibrated confidence threshold → share auto-classified, and how often those are right):',
    '',
    '| threshold | coverage | precision |',
    '|---:|---:|---:|',
    ...rows.map((r) => `| ${r.threshold.toFixed(2)} | ${pct(r.coverage)} | ${pct(r.precision)} |`),
  ].join('\n');
}
