// Scores `fordeler process --json` predictions against a labelled corpus (gold.jsonl of the dev corpus).
// Pure: the CLI script reads the files.

export interface GoldItem {
  file: string;
  channel: string;
  kle: string | null;
  kle_ok?: string[];
  group: string | null;
  route: string;
  difficulty?: string;
}

export interface Prediction {
  source: string;
  kle?: { nr: string | null; candidates?: { nr: string; score: number }[] };
  decision?: { status: string; destination: string | null };
}

export interface Score {
  items: number;
  missing: number;
  failed: number;
  emneTop1: number;
  emneTop3: number;
  group: number;
  autoRouted: number;
  correctRoute: number;
  misrouted: number;
  restPrecision: number;
  restRecall: number;
}

export interface ScoreReport {
  total: Score;
  byChannel: Record<string, Score>;
  byDifficulty: Record<string, Score>;
}

const groupOf = (nr: string) => nr.split('.').slice(0, 2).join('.');

function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

interface Judged {
  gold: GoldItem;
  prediction?: Prediction;
}

function scoreOf(judged: Judged[]): Score {
  const n = judged.length;
  let missing = 0, failed = 0, top1 = 0, top3 = 0, group = 0, auto = 0, correctRoute = 0, misrouted = 0;
  let parkedTotal = 0, parkedCorrect = 0, goldRest = 0;
  for (const { gold, prediction } of judged) {
    const accepted = gold.kle ? [gold.kle, ...(gold.kle_ok ?? [])] : [];
    if (gold.route === 'rest') goldRest += 1;
    if (!prediction) {
      missing += 1;
      continue;
    }
    const status = prediction.decision?.status;
    // The best guess also when the item was parked below the confidence threshold (nr null, candidates kept);
    // post without an emne (gold null) is right only when it was not auto-classified.
    const autoClassified = prediction.kle?.nr ?? null;
    const predicted = autoClassified ?? prediction.kle?.candidates?.[0]?.nr ?? null;
    if (status === 'failed') failed += 1;
    if (gold.kle === null ? autoClassified === null : predicted !== null && accepted.includes(predicted)) top1 += 1;
    const top3List = (prediction.kle?.candidates ?? []).slice(0, 3).map((c) => c.nr);
    if (gold.kle === null ? autoClassified === null : top3List.some((nr) => accepted.includes(nr))) top3 += 1;
    const groups = new Set(accepted.map(groupOf));
    if (gold.kle === null ? autoClassified === null : predicted !== null && groups.has(groupOf(predicted))) group += 1;
    if (status === 'routed') {
      auto += 1;
      if (prediction.decision?.destination === gold.route) correctRoute += 1;
      else misrouted += 1;
    } else if (status === 'parked') {
      parkedTotal += 1;
      if (gold.route === 'rest') {
        correctRoute += 1;
        parkedCorrect += 1;
      }
    }
  }
  const rate = (k: number, d: number) => (d === 0 ? 0 : k / d);
  return {
    items: n,
    missing,
    failed,
    emneTop1: rate(top1, n),
    emneTop3: rate(top3, n),
    group: rate(group, n),
    autoRouted: rate(auto, n),
    correctRoute: rate(correctRoute, n),
    misrouted: rate(misrouted, n),
    restPrecision: rate(parkedCorrect, parkedTotal),
    restRecall: rate(parkedCorrect, goldRest),
  };
}

export function scorePredictions(gold: GoldItem[], predictions: Prediction[]): ScoreReport {
  const byFile = new Map<string, Prediction>();
  for (const prediction of predictions) byFile.set(fileName(prediction.source), prediction);
  const judged: Judged[] = gold.map((g) => {
    const prediction = byFile.get(fileName(g.file));
    return prediction ? { gold: g, prediction } : { gold: g };
  });
  const groupBy = (key: (g: GoldItem) => string) => {
    const out: Record<string, Score> = {};
    for (const value of [...new Set(judged.map((j) => key(j.gold)))].sort()) {
      out[value] = scoreOf(judged.filter((j) => key(j.gold) === value));
    }
    return out;
  };
  return {
    total: scoreOf(judged),
    byChannel: groupBy((g) => g.channel),
    byDifficulty: groupBy((g) => g.difficulty ?? 'unknown'),
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

export function formatScoreReport(report: ScoreReport): string {
  const header = '| slice | items | emne top-1 | emne top-3 | group | auto-routed | correct route | misrouted | rest precision | rest recall | failed | missing |';
  const rule = '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|';
  const row = (name: string, s: Score) =>
    `| ${name} | ${s.items} | ${pct(s.emneTop1)} | ${pct(s.emneTop3)} | ${pct(s.group)} | ${pct(s.autoRouted)} | ${pct(s.correctRoute)} | ${pct(s.misrouted)} | ${pct(s.restPrecision)} | ${pct(s.restRecall)} | ${s.failed} | ${s.missing} |`;
  return [
    header,
    rule,
    row('**all**', report.total),
    ...Object.entries(report.byChannel).map(([k, s]) => row(k, s)),
    ...Object.entries(report.byDifficulty).map(([k, s]) => row(k, s)),
  ].join('\n');
}
