// Writes the dashboards Grafana provisions (../dashboards/*.json) from the TypeScript that
// describes them: `npm run dashboards -w monitoring`. The tests check the committed files equal
// what this generates, so the JSON is never edited by hand.

import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { host } from './host.ts';
import { serviceHealth } from './service-health.ts';
import { workshop } from './workshop.ts';

export const DASHBOARDS_DIR = fileURLToPath(new URL('../dashboards/', import.meta.url));

/** File name → dashboard JSON as committed. */
export function dashboards(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const builder of [serviceHealth(), host(), workshop()]) {
    const dashboard = builder.build();
    // The SDK leaves panel ids unset (rows get 0); Grafana links and alerts address panels by id.
    dashboard.panels?.forEach((panel, index) => {
      panel.id = index + 1;
    });
    files[`${dashboard.uid}.json`] = `${JSON.stringify(dashboard, null, 2)}\n`;
  }
  return files;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [name, json] of Object.entries(dashboards())) {
    writeFileSync(`${DASHBOARDS_DIR}${name}`, json);
    console.log(`wrote monitoring/grafana/dashboards/${name}`);
  }
}
