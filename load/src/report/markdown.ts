// The report as Markdown: what ran, the results table per stage, the thresholds and the verdict.
// The CLI prints the same text when the run ends.

import type { RunReport } from './model.ts';
import { pct } from './model.ts';
import { rows } from './table.ts';

const cell = (text: string) => text.replaceAll('|', '\\|');

export function markdown(report: RunReport): string {
  const lines = [
    `# Load run: ${report.scenario}${report.interrupted ? ' (interrupted)' : ''}`,
    '',
    `${report.summary}.`,
    '',
    `- Command: \`${report.command}\``,
    `- API: ${report.url}`,
    `- From ${report.startedAt} to ${report.endedAt}`,
    `- Server figures: ${report.stages[0]?.server?.source ?? report.stages[0]?.serverError ?? 'none'}`,
    '',
  ];
  if (report.stages.length > 1) {
    lines.push('## Stages', '', '| stage | users | req/s (mean) | p95 | 4xx | error rate | backend CPU | DB p95 | pool waiters | within thresholds |', '|---|---|---|---|---|---|---|---|---|---|');
    for (const s of report.stages) {
      const cpu = s.server?.cpuMean === undefined ? '—' : `${(s.server.cpuMean * 100).toFixed(0)} %`;
      const db = s.server?.dbP95 === undefined ? '—' : `${s.server.dbP95.toFixed(1)} ms`;
      lines.push(`| ${s.label} | ${s.users} | ${s.client.meanRps.toFixed(1)} | ${s.client.p95.toFixed(1)} ms | ${pct(s.rate4xx)} | ${pct(s.errorRate)} | ${cpu} | ${db} | ${s.server?.poolWaitersPeak ?? '—'} | ${s.withinTargets ? 'yes' : 'no'} |`);
    }
    lines.push('');
  }
  for (const stage of report.stages) {
    lines.push(`## ${report.stages.length > 1 ? `Stage: ${stage.label}` : 'Results'} (${stage.users} user${stage.users === 1 ? '' : 's'}${stage.rate ? `, ${stage.rate} req/s` : ''})`, '');
    lines.push('| figure | client saw | server saw | Grafana panel |', '|---|---|---|---|');
    for (const row of rows(stage)) lines.push(`| ${cell(row.figure)} | ${cell(row.client)} | ${cell(row.server)} | ${cell(row.panel)} |`);
    if (stage.serverError) lines.push('', `Server figures unavailable: ${stage.serverError}`);
    lines.push('');
  }
  lines.push('## Thresholds', '');
  for (const stage of report.stages) {
    for (const check of stage.checks) lines.push(`- ${report.stages.length > 1 ? `${stage.label}: ` : ''}${check.name} ${check.value} (${check.limit}) — ${check.passed ? 'met' : '**not met**'}`);
  }
  lines.push('', `**Verdict: ${report.interrupted ? 'interrupted' : report.verdict.passed ? 'PASS' : 'FAIL'}** — judged on ${report.verdict.judged}.`, '');
  return lines.join('\n');
}
