// The Statistik page's pure parts: durations as staff read them, every day of a period, and a chart's SVG
// with role="img", its escaped accessible name and escaped labels.
import { describe, expect, it } from 'vitest';
import { chartSvg } from './statistics-charts.js';
import { durationText, periodDays } from './statistics.js';

describe('the statistics views', () => {
  it('writes durations in Danish units', () => {
    expect(durationText(null)).toBe('–');
    expect(durationText(42)).toBe('42 s');
    expect(durationText(125 * 60)).toBe('2 t 5 min');
    expect(durationText(3 * 86_400 + 7200)).toBe('3 d 2 t');
  });

  it('lists every day of a period across a month end', () => {
    expect(periodDays('2026-02-27', '2026-03-02')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
  });

  it('renders an SVG with an accessible name, escaping the name and the labels', () => {
    const svg = chartSvg({ label: 'Hits "pr." <regel>', kind: 'horizontal-bar', categories: ['<script>x</script>'], valueName: 'Hits', series: [{ name: 'Hits', values: [3] }] }).value;
    expect(svg.startsWith('<svg role="img" aria-label="Hits &quot;pr.&quot; &lt;regel&gt;"')).toBe(true);
    expect(svg).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(svg).not.toContain('<script>');
  });
});
