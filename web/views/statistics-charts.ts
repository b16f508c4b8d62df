// The Statistik page's charts: ECharts rendered on the server as SVG (as cli/plot/learning-curve.ts does;
// no browser script), each returned with the figures it draws so the page can give it a text alternative.
// ECharts escapes the labels it writes; the SVG root gets role="img" and an aria-label we escape ourselves.
import * as echarts from 'echarts';
import { escapeHtml, raw, type Html } from '../html.js';

export interface ChartSpec {
  /** The chart's accessible name (also its heading on the page). */
  label: string;
  categories: readonly string[];
  series: readonly { name: string; values: readonly (number | null)[]; stack?: string }[];
  kind: 'bar' | 'line' | 'horizontal-bar';
  /** The value axis' name, e.g. "Forsendelser" or "Andel (%)". */
  valueName: string;
  max?: number;
}

const WIDTH = 860;
const PALETTE = ['#0059b3', '#008139', '#b35c00', '#6c2a9c', '#c40000', '#1f7a7a'];

/** One chart as an SVG string with role="img" and the label as its accessible name. */
export function chartSvg(spec: ChartSpec): Html {
  const horizontal = spec.kind === 'horizontal-bar';
  const height = horizontal ? Math.max(160, 60 + spec.categories.length * 28) : 320;
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height });
  try {
    const category = { type: 'category' as const, data: [...spec.categories], axisLabel: { hideOverlap: true } };
    const value = { type: 'value' as const, name: spec.valueName, nameLocation: 'middle' as const, nameGap: horizontal ? 28 : 45, minInterval: 1, ...(spec.max !== undefined ? { max: spec.max } : {}) };
    chart.setOption({
      animation: false,
      color: PALETTE,
      legend: spec.series.length > 1 ? { top: 0, data: spec.series.map((s) => s.name) } : undefined,
      grid: { left: horizontal ? 160 : 70, right: 30, top: spec.series.length > 1 ? 40 : 20, bottom: 50 },
      xAxis: horizontal ? value : category,
      yAxis: horizontal ? category : value,
      series: spec.series.map((s) => ({
        name: s.name,
        type: spec.kind === 'line' ? 'line' : 'bar',
        data: [...s.values],
        ...(s.stack ? { stack: s.stack } : {}),
        ...(spec.kind === 'line' ? { connectNulls: false, symbolSize: 5 } : {}),
      })),
    });
    const svg = chart.renderToSVGString();
    return raw(svg.replace(/^<svg /, `<svg role="img" aria-label="${escapeHtml(spec.label)}" style="max-width:100%;height:auto" `));
  } finally {
    chart.dispose();
  }
}
