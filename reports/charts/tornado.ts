// Chart 9: the tornado chart of a sweep — parameters ranked by how far they move a metric.
import type { TopLevelSpec } from "vega-lite";
import type { SweepResult } from "../sweep-types.js";
import { formatCount } from "./common.js";
import { INK, PAGE_WIDTH, VEGA_LITE_SCHEMA, chartConfig } from "./theme.js";

/**
 * `daysToUnlimited` → `days to unlimited`: metric keys read as words in titles.
 *
 * @example
 * ```ts
 * humanizeMetric("paralysisHours"); // "paralysis hours"
 * ```
 */
export function humanizeMetric(metric: string): string {
  return metric
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[._-]+/g, " ")
    .toLowerCase()
    .trim();
}

/**
 * Metrics of a sweep's sensitivity ranking, in the order they first appear.
 *
 * @example
 * ```ts
 * sweepMetrics(sweep); // ["usersReached", "paralysisHours", …]
 * ```
 */
export function sweepMetrics(sweep: SweepResult): string[] {
  return [...new Set(sweep.sensitivity.map((s) => s.metric))];
}

const LOW = "value giving the lowest result";
const HIGH = "value giving the highest result";

/**
 * Chart 9 — tornado chart for one metric of a sweep: one bar per varied parameter from the
 * metric at its "low" value to the metric at its "high" value, widest swing on top, each end
 * labelled with the parameter value. `null` when the metric has no sensitivity rows.
 *
 * @example
 * ```ts
 * for (const metric of sweepMetrics(sweep)) specs.push(tornadoChart(sweep, metric));
 * ```
 */
export function tornadoChart(sweep: SweepResult, metric: string = sweepMetrics(sweep)[0]): TopLevelSpec | null {
  const rows = sweep.sensitivity.filter((s) => s.metric === metric).sort((a, b) => b.swing - a.swing || a.parameter.localeCompare(b.parameter));
  if (rows.length === 0) return null;
  const bars = rows.map((s) => ({
    parameter: s.parameter,
    lo: Math.min(s.low.metric, s.high.metric),
    hi: Math.max(s.low.metric, s.high.metric),
    swing: formatCount(s.swing),
  }));
  const ends = rows.flatMap((s) => [
    { parameter: s.parameter, end: LOW, metric: s.low.metric, label: `${s.low.value}` },
    { parameter: s.parameter, end: HIGH, metric: s.high.metric, label: `${s.high.value}` },
  ]);
  const order = rows.map((s) => s.parameter);
  const name = humanizeMetric(metric);
  const xTitle = `${name} (mean of ${sweep.runs} runs per variant)`;
  const y = { field: "parameter", type: "nominal", title: "Varied parameter", sort: order, axis: { labelLimit: 300 } };
  const x = (field: string): Record<string, unknown> => ({ field, type: "quantitative", title: xTitle, scale: { zero: false, padding: 48 } });
  const color = { field: "end", type: "nominal", title: null, scale: { domain: [LOW, HIGH], range: [INK.primary, INK.warn] }, legend: { columns: 1 } };
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: `Sensitivity of ${name}`,
      subtitle: [`${sweep.scenario.name} · rules ${sweep.scenario.rules} · ${sweep.variants.length} variants, seed ${sweep.seed}`, "Widest swing first; labels are the parameter values at each end."],
    },
    width: PAGE_WIDTH - 280,
    height: { step: 30 },
    layer: [
      { data: { values: bars }, mark: { type: "bar", height: { band: 0.55 }, color: "#bdbdbd" }, encoding: { y, x: x("lo"), x2: { field: "hi" } } },
      {
        data: { values: ends },
        layer: [
          { mark: { type: "point", filled: true, size: 70 }, encoding: { y, x: x("metric"), color } },
          {
            mark: { type: "text", fontSize: 10, dy: -11, color: INK.text },
            encoding: { y, x: x("metric"), text: { field: "label" } },
          },
        ],
      },
    ],
    config: chartConfig(),
  } as unknown as TopLevelSpec;
}
