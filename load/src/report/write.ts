// Writes a run's three reports into <out>/<time>-<scenario>/ and returns the folder.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { html } from './html.ts';
import { markdown } from './markdown.ts';
import type { RunReport } from './model.ts';

export function writeReports(out: string, report: RunReport): string {
  const stamp = report.startedAt.replace(/[:.]/g, '-').replace(/-\d{3}Z$/, 'Z');
  const folder = join(out, `${stamp}-${report.scenario}`);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'report.md'), markdown(report));
  writeFileSync(join(folder, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(folder, 'report.html'), html(report));
  return folder;
}
