// The online replay's learning curve as an SVG file (ECharts, rendered on the server: no browser, no DOM),
// so the curve can be looked at, attached to a report or put beside a pull request. Cumulative figures are
// solid lines, the per-window figures dashed, top-1 with nothing learned dotted; axis labels are Danish.
import * as echarts from 'echarts';
import type { CurvePoint, LearningCurve } from '../../classifiers/online-replay.js';

export interface PlotOptions {
  /** Named in the title: the online replay of <corpus>, n items. */
  corpus: string;
  /** The same replay with nothing learned: drawn dotted, for comparison. */
  baseline?: LearningCurve;
  width?: number;
  height?: number;
}

/** The series the plot draws, by name: what a reader (and a test) finds in the SVG's legend. */
export const SERIES = {
  top1: 'Top-1 (kumuleret)',
  automation: 'Automatisering (kumuleret)',
  misroute: 'Fejlfordelinger (kumuleret)',
  routableRecall: 'Fordelbar recall (kumuleret)',
  top1Window: 'Top-1 (pr. vindue)',
  automationWindow: 'Automatisering (pr. vindue)',
  top1Baseline: 'Top-1 uden læring (kumuleret)',
} as const;

const percent = (x: number | null): number | null => (x === null ? null : Math.round(x * 1000) / 10);

export function learningCurveSvg(curve: LearningCurve, options: PlotOptions): string {
  const items = curve.cumulative.at(-1)?.to ?? 0;
  const line = (name: string, points: readonly CurvePoint[], pick: (p: CurvePoint) => number | null, style: 'solid' | 'dashed' | 'dotted' = 'solid') => ({
    name,
    type: 'line' as const,
    data: points.map((p) => [p.to, percent(pick(p))]),
    connectNulls: false,
    symbolSize: 5,
    lineStyle: style === 'solid' ? { width: 2 } : { type: style, width: 1 },
  });
  const names = Object.values(SERIES).filter((name) => options.baseline || name !== SERIES.top1Baseline);
  const width = options.width ?? 1000;
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height: options.height ?? 500 });
  try {
    chart.setOption({
      animation: false,
      title: { text: `Online genafspilning af ${options.corpus}, ${items} breve`, subtext: `Lært undervejs fra intet; vinduer på ${curve.windowSize} breve`, left: 'center' },
      // One legend entry a line at the right: text widths measured on the server need not match the viewer's font.
      legend: { orient: 'vertical', left: width - 280, top: 'middle', itemGap: 14, data: names },
      grid: { left: 70, right: 300, top: 80, bottom: 60 },
      xAxis: { type: 'value', name: 'Breve behandlet', nameLocation: 'middle', nameGap: 28, min: 0, max: Math.max(items, 1) },
      yAxis: { type: 'value', name: 'Andel (%)', nameLocation: 'middle', nameGap: 45, min: 0, max: 100 },
      series: [
        line(SERIES.top1, curve.cumulative, (p) => p.top1),
        line(SERIES.automation, curve.cumulative, (p) => p.automation),
        line(SERIES.misroute, curve.cumulative, (p) => p.misroute),
        line(SERIES.routableRecall, curve.cumulative, (p) => p.routableRecall),
        line(SERIES.top1Window, curve.windows, (p) => p.top1, 'dashed'),
        line(SERIES.automationWindow, curve.windows, (p) => p.automation, 'dashed'),
        ...(options.baseline ? [line(SERIES.top1Baseline, options.baseline.cumulative, (p) => p.top1, 'dotted')] : []),
      ],
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
