// The committed Grafana dashboards as the tests read them: every panel and every PromQL query.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MONITORING } from './paths.ts';

export const DASHBOARDS = join(MONITORING, 'grafana/dashboards');

export interface Panel {
  id: number;
  type: string;
  title: string;
  description?: string;
  datasource?: { type: string; uid: string };
  targets?: Array<{ expr: string; legendFormat?: string }>;
  fieldConfig?: { defaults?: { thresholds?: { steps: Array<{ value: number | null; color: string }> } } };
}

export interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
}

export function committedDashboards(): Array<{ file: string; dashboard: Dashboard }> {
  return readdirSync(DASHBOARDS)
    .filter((file) => file.endsWith('.json'))
    .map((file) => ({ file, dashboard: JSON.parse(readFileSync(join(DASHBOARDS, file), 'utf8')) as Dashboard }));
}

export interface PanelQuery {
  where: string;
  expr: string;
}

/** Every query of every panel, labelled "dashboard › panel". */
export function dashboardQueries(): PanelQuery[] {
  return committedDashboards().flatMap(({ dashboard }) =>
    dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => ({ where: `${dashboard.title} › ${panel.title}`, expr: target.expr }))),
  );
}

/** A panel query as Prometheus itself can run it: Grafana's range variable given a fixed value. */
export function asPromQL(expr: string, rateInterval = '1m'): string {
  return expr.replaceAll('$__rate_interval', rateInterval);
}
