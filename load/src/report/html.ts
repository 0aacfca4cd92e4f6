// The report as one self-contained HTML page: the tables of the Markdown report and three SVG
// charts over time — requests per second, latency percentiles, errors — with the stages marked.

import type { RunReport } from './model.ts';
import { pct } from './model.ts';
import { rows } from './table.ts';

interface Series {
  name: string;
  color: string;
  points: Array<[number, number]>;
}

const escape = (text: string) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** A line chart: x in seconds from the start, y from 0 to the largest value (rounded up). */
export function lineChart(title: string, unit: string, series: Series[], stageStarts: Array<[number, string]>): string {
  const width = 720;
  const height = 230;
  const pad = { left: 56, right: 12, top: 28, bottom: 36 };
  const xs = series.flatMap((s) => s.points.map(([x]) => x));
  const ys = series.flatMap((s) => s.points.map(([, y]) => y));
  const xMax = Math.max(1, ...xs);
  const yMax = niceCeiling(Math.max(0, ...ys));
  const x = (v: number) => pad.left + (v / xMax) * (width - pad.left - pad.right);
  const y = (v: number) => height - pad.bottom - (v / yMax) * (height - pad.top - pad.bottom);
  const grid = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const value = yMax * f;
    return `<line x1="${pad.left}" x2="${width - pad.right}" y1="${y(value)}" y2="${y(value)}" stroke="#ddd"/><text x="${pad.left - 6}" y="${y(value) + 4}" text-anchor="end">${formatTick(value)}</text>`;
  });
  const xTicks = [0, xMax / 2, xMax].map((value) => `<text x="${x(value)}" y="${height - pad.bottom + 14}" text-anchor="middle">${Math.round(value)}</text>`);
  const stages = stageStarts.map(
    ([at, label]) => `<line x1="${x(at)}" x2="${x(at)}" y1="${pad.top}" y2="${height - pad.bottom}" stroke="#999" stroke-dasharray="4 3"/><text x="${x(at) + 4}" y="${pad.top + 10}">${escape(label)}</text>`,
  );
  const lines = series.map(
    (s) => `<polyline fill="none" stroke="${s.color}" stroke-width="1.5" points="${s.points.map(([px, py]) => `${x(px).toFixed(1)},${y(py).toFixed(1)}`).join(' ')}"/>`,
  );
  const legend = series.map((s, i) => `<text x="${pad.left + i * 120}" y="${height - 2}" fill="${s.color}">■ ${escape(s.name)}</text>`);
  return `<figure><svg viewBox="0 0 ${width} ${height}" role="img" aria-label="${escape(title)}" font-size="11" font-family="system-ui, sans-serif">
<text x="${pad.left}" y="16" font-size="13" font-weight="600">${escape(title)} (${escape(unit)})</text>
${grid.join('\n')}
${xTicks.join('\n')}
${stages.join('\n')}
${lines.join('\n')}
${legend.join('\n')}
<text x="${width - pad.right}" y="${height - 2}" text-anchor="end">seconds</text>
</svg></figure>`;
}

function niceCeiling(value: number): number {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((n) => n >= value)!;
}

const formatTick = (value: number) => (value === 0 ? '0' : value >= 100 ? value.toFixed(0) : value >= 1 ? value.toFixed(1) : value.toFixed(2));

export function html(report: RunReport): string {
  // One time axis over all stages.
  let offset = 0;
  const stageStarts: Array<[number, string]> = [];
  const points = { rps: [] as Array<[number, number]>, p50: [] as Array<[number, number]>, p95: [] as Array<[number, number]>, p99: [] as Array<[number, number]>, s4xx: [] as Array<[number, number]>, s5xx: [] as Array<[number, number]>, errors: [] as Array<[number, number]> };
  for (const stage of report.stages) {
    stageStarts.push([offset, stage.label]);
    for (const second of stage.timeline) {
      const t = offset + second.t + 1;
      points.rps.push([t, second.requests]);
      if (second.requests) {
        points.p50.push([t, second.p50]);
        points.p95.push([t, second.p95]);
        points.p99.push([t, second.p99]);
      }
      points.s4xx.push([t, second.s4xx]);
      points.s5xx.push([t, second.s5xx]);
      points.errors.push([t, second.errors]);
    }
    offset += stage.timeline.length;
  }
  const marks = report.stages.length > 1 ? stageStarts : [];
  const tables = report.stages
    .map((stage) => {
      const body = rows(stage).map((r) => `<tr><th scope="row">${escape(r.figure)}</th><td>${escape(r.client)}</td><td>${escape(r.server)}</td><td>${escape(r.panel)}</td></tr>`).join('\n');
      const checks = stage.checks.map((c) => `<li class="${c.passed ? 'met' : 'missed'}">${escape(c.name)} ${escape(c.value)} (${escape(c.limit)}) — ${c.passed ? 'met' : 'not met'}</li>`).join('');
      return `<h2>${escape(report.stages.length > 1 ? `Stage: ${stage.label}` : 'Results')} — ${stage.users} user${stage.users === 1 ? '' : 's'}</h2>
<table><thead><tr><th>figure</th><th>client saw</th><th>server saw</th><th>Grafana panel</th></tr></thead><tbody>${body}</tbody></table><ul>${checks}</ul>`;
    })
    .join('\n');
  const outcome = report.interrupted ? 'interrupted' : report.verdict.passed ? 'PASS' : 'FAIL';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Load run: ${escape(report.scenario)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#222}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
thead th{background:#f4f4f4}figure{margin:1rem 0}svg{width:100%;height:auto}.met{color:#1a7f37}.missed{color:#b42318;font-weight:600}
.verdict{font-size:1.2rem;font-weight:700}code{background:#f4f4f4;padding:0 .2rem}
</style></head><body>
<h1>Load run: ${escape(report.scenario)}</h1>
<p>${escape(report.summary)}. <code>${escape(report.command)}</code> against ${escape(report.url)}, ${escape(report.startedAt)} → ${escape(report.endedAt)}.</p>
<p class="verdict">${outcome} — judged on ${escape(report.verdict.judged)}; error rate limit ${pct(report.thresholds.maxErrorRate)}, p95 limit ${report.thresholds.maxP95Ms} ms.</p>
${lineChart('Requests per second', 'req/s', [{ name: 'answered', color: '#1f77b4', points: points.rps }], marks)}
${lineChart('Response time', 'ms', [{ name: 'p50', color: '#2ca02c', points: points.p50 }, { name: 'p95', color: '#ff7f0e', points: points.p95 }, { name: 'p99', color: '#d62728', points: points.p99 }], marks)}
${lineChart('Errors per second', 'per s', [{ name: '4xx', color: '#9467bd', points: points.s4xx }, { name: '5xx', color: '#d62728', points: points.s5xx }, { name: 'no answer', color: '#7f7f7f', points: points.errors }], marks)}
${tables}
</body></html>
`;
}
