// Small builders over Grafana's foundation SDK for the panels our dashboards repeat: a query on
// the provisioned Prometheus data source, a time series with its healthy/troubled thresholds
// drawn in, and a single-value stat coloured by the same thresholds.

import * as common from '@grafana/grafana-foundation-sdk/common';
import { ThresholdsConfigBuilder, ThresholdsMode, MappingType, type ValueMapping } from '@grafana/grafana-foundation-sdk/dashboard';
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

export function timeSeries(options: PanelOptions & { min?: number; max?: number; stack?: boolean }): timeseries.PanelBuilder {
  const panel = new timeseries.PanelBuilder()
    .title(options.title)
    .description(options.description)
    .datasource(PROMETHEUS)
    .unit(options.unit)
    .thresholds(thresholds(options.steps))
    .thresholdsStyle(new common.GraphThresholdsStyleConfigBuilder().mode(common.GraphThresholdsStyleMode.DashedAndArea))
    .fillOpacity(10)
    .lineWidth(1)
    .showPoints(common.VisibilityMode.Never)
    .legend(new common.VizLegendOptionsBuilder().showLegend(true).displayMode(common.LegendDisplayMode.List).placement(common.LegendPlacement.Bottom).calcs([]))
    .tooltip(new common.VizTooltipOptionsBuilder().mode(common.TooltipDisplayMode.Multi).sort(common.SortOrder.Descending))
    .span(options.width ?? 12)
    .height(options.height ?? 8);
  if (options.min !== undefined) panel.min(options.min);
  if (options.max !== undefined) panel.max(options.max);
  if (options.stack) panel.stacking(new common.StackingConfigBuilder().mode(common.StackingMode.Normal));
  for (const target of targets(options.queries)) panel.withTarget(target);
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
  const panel = new stat.PanelBuilder()
    .title(options.title)
    .description(options.description)
    .datasource(PROMETHEUS)
    .unit(options.unit)
    .thresholds(thresholds(options.steps))
    .colorMode(common.BigValueColorMode.Background)
    .graphMode(common.BigValueGraphMode.None)
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false))
    .noValue('no data')
    .span(options.width ?? 3)
    .height(options.height ?? 4);
  if (options.mappings) panel.mappings(options.mappings);
  for (const target of targets(options.queries)) panel.withTarget(target);
  return panel;
}
