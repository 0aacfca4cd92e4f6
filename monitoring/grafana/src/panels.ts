// Small builders over Grafana's foundation SDK for the panels our dashboards repeat: a query on
// the provisioned Prometheus data source, a time series with its healthy/troubled thresholds
// drawn in, and a single-value stat coloured by the same thresholds.

import * as common from '@grafana/grafana-foundation-sdk/common';
import { DashboardBuilder, DashboardLinkBuilder, DashboardLinkType, ThresholdsConfigBuilder, ThresholdsMode, MappingType, type ValueMapping } from '@grafana/grafana-foundation-sdk/dashboard';
import { DataqueryBuilder } from '@grafana/grafana-foundation-sdk/prometheus';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';

/** The data source provisioned by grafana/provisioning/datasources/prometheus.yml. */
export const PROMETHEUS = { type: 'prometheus', uid: 'bengkel-prometheus' };

export const GREEN = 'green';
export const YELLOW = 'yellow';
export const ORANGE = 'orange';
export const RED = 'red';

/** Colour steps: the first applies from minus infinity, each next one from its value up. */
export type Steps = [string, ...Array<[number, string]>];

/** 40 % and 80 % of a 1 Gbit/s link (125 MB/s), for network panels. */
export const LINK: Steps = [GREEN, [50e6, YELLOW], [100e6, RED]];

/** A dashboard of ours: fixed uid, tags, refresh, time range, and a link to the others. */
export function dashboard(title: string, uid: string, description: string, tags: string[], range: string, linkTitle: string, linkTag: string): DashboardBuilder {
  return new DashboardBuilder(title)
    .uid(uid)
    .description(description)
    .tags(tags)
    .editable()
    .refresh('30s')
    .time({ from: range, to: 'now' })
    .timezone('browser')
    .link(new DashboardLinkBuilder(linkTitle).type(DashboardLinkType.Dashboards).tags([linkTag]));
}

export interface Query {
  expr: string;
  legend: string;
}

interface PanelOptions {
  title: string;
  /** What the panel shows and what healthy looks like (shown on hover in Grafana). */
  description: string;
  unit: string;
  steps: Steps;
  queries: Query[];
  width?: number;
  height?: number;
}

function thresholds(steps: Steps): ThresholdsConfigBuilder {
  const [base, ...rest] = steps;
  return new ThresholdsConfigBuilder()
    .mode(ThresholdsMode.Absolute)
    .steps([{ value: null, color: base }, ...rest.map(([value, color]) => ({ value, color }))]);
}

function targets(queries: Query[]): DataqueryBuilder[] {
  return queries.map((query, index) =>
    new DataqueryBuilder()
      .expr(query.expr)
      .legendFormat(query.legend)
      .refId(String.fromCharCode(65 + index)),
  );
}

/** What every panel has: title, description, the data source, unit, thresholds, size and queries. */
function described<Panel extends timeseries.PanelBuilder | stat.PanelBuilder>(panel: Panel, options: PanelOptions, width: number, height: number): Panel {
  panel
    .title(options.title)
    .description(options.description)
    .datasource(PROMETHEUS)
    .unit(options.unit)
    .thresholds(thresholds(options.steps))
    .span(options.width ?? width)
    .height(options.height ?? height);
  for (const target of targets(options.queries)) panel.withTarget(target);
  return panel;
}

export function timeSeries(options: PanelOptions & { min?: number; max?: number; stack?: boolean; barsEvery?: string }): timeseries.PanelBuilder {
  const panel = described(new timeseries.PanelBuilder(), options, 12, 8)
    .thresholdsStyle(new common.GraphThresholdsStyleConfigBuilder().mode(common.GraphThresholdsStyleMode.DashedAndArea))
    .fillOpacity(10)
    .lineWidth(1)
    .showPoints(common.VisibilityMode.Never)
    .legend(new common.VizLegendOptionsBuilder().showLegend(true).displayMode(common.LegendDisplayMode.List).placement(common.LegendPlacement.Bottom).calcs([]))
    .tooltip(new common.VizTooltipOptionsBuilder().mode(common.TooltipDisplayMode.Multi).sort(common.SortOrder.Descending));
  if (options.min !== undefined) panel.min(options.min);
  if (options.max !== undefined) panel.max(options.max);
  if (options.stack) panel.stacking(new common.StackingConfigBuilder().mode(common.StackingMode.Normal));
  // One bar per period: the panel's least query step is the period, so each point is one bar.
  if (options.barsEvery) panel.drawStyle(common.GraphDrawStyle.Bars).fillOpacity(80).interval(options.barsEvery);
  return panel;
}

/** A value mapping that names the states of a 0/1 gauge such as `up`. */
export const UP_DOWN: ValueMapping[] = [
  {
    type: MappingType.ValueToText,
    options: { '0': { text: 'DOWN', color: RED, index: 0 }, '1': { text: 'UP', color: GREEN, index: 1 } },
  },
];

export function singleStat(options: PanelOptions & { mappings?: ValueMapping[] }): stat.PanelBuilder {
  const panel = described(new stat.PanelBuilder(), options, 3, 4)
    .colorMode(common.BigValueColorMode.Background)
    .graphMode(common.BigValueGraphMode.None)
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false))
    .noValue('no data');
  if (options.mappings) panel.mappings(options.mappings);
  return panel;
}
