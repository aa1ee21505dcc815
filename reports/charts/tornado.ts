// Chart 9: the tornado chart of a sweep — parameters ranked by how far they move a metric.
import type { TopLevelSpec } from "vega-lite";
import type { SweepResult } from "../sweep-types.js";
import { count } from "../figures.js";
import { displayText, NAME_MAX } from "../sanitize.js";
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
const SAME = "every value gives the same result";

/** Approximate width in px of a label at the chart's 10 px font (DejaVu Sans averages ~6.2 px a glyph). */
function labelWidth(text: string): number {
  return Math.ceil(text.length * 6.2) + 12;
}

/** Decimals that tell the ends of a span apart, for axis labels and figures baked into the data. */
function decimalsFor(span: number, magnitude: number): number {
  const ref = span > 0 ? span : Math.abs(magnitude);
  if (ref === 0 || ref >= 50) return 0;
  if (ref >= 5) return 1;
  if (ref >= 0.5) return 2;
  return Math.min(6, 2 + Math.ceil(-Math.log10(ref)));
}

/**
 * For a days-to-an-event metric of a sweep (`daysToUnlimited`), the variants whose runs never
 * got there: the sweep counts such a run as the horizon (a restricted mean), so a variant with
 * `shareUnlimited` 0 holds the horizon, not a day.
 */
function censoring(sweep: SweepResult, metric: string): { all: boolean; some: number } {
  if (metric !== "daysToUnlimited") return { all: false, some: 0 };
  const shares = sweep.variants.map((v) => v.metrics.shareUnlimited).filter((x): x is number => typeof x === "number");
  if (shares.length === 0) return { all: false, some: 0 };
  return { all: shares.length === sweep.variants.length && shares.every((x) => x === 0), some: shares.filter((x) => x < 1).length };
}

/**
 * Chart 9 — tornado chart for one metric of a sweep: one row per varied parameter, widest swing
 * on top, the parameter's name above a bar from the metric at its "low" value to the metric at
 * its "high" value; each end's parameter value is written outside its end (low to the left, high
 * to the right), so labels never sit on each other however close the ends are. A vertical rule
 * marks the baseline, the mean over all variants (the point every bar's ends average to in a
 * full grid). The plot spans the page width; the x axis always has a readable range, even when
 * every variant gives the same value. When no run of any variant reached the event a
 * days-to metric measures, the chart says so instead of plotting the horizon as a value.
 * `null` when the metric has no sensitivity rows.
 *
 * @example
 * ```ts
 * for (const metric of sweepMetrics(sweep)) specs.push(tornadoChart(sweep, metric));
 * ```
 */
export function tornadoChart(sweep: SweepResult, metric: string = sweepMetrics(sweep)[0]): TopLevelSpec | null {
  const rows = sweep.sensitivity.filter((s) => s.metric === metric).sort((a, b) => b.swing - a.swing || a.parameter.localeCompare(b.parameter));
  if (rows.length === 0) return null;
  const name = humanizeMetric(metric);
  const head = `${displayText(sweep.scenario.name, NAME_MAX)} · rules ${sweep.scenario.rules} · ${sweep.variants.length} variants, seed ${sweep.seed}`;
  const censored = censoring(sweep, metric);
  if (censored.all) {
    return {
      $schema: VEGA_LITE_SCHEMA,
      title: { text: `Sensitivity of ${name}`, subtitle: [head, `Not reached: no run of any of the ${sweep.variants.length} variants reached unlimited`, "within the horizon, so no parameter can be ranked by this metric."] },
      width: PAGE_WIDTH,
      height: 40,
      data: { values: [{ text: `unlimited not reached in any variant (0 of ${count(sweep.variants.length * sweep.runs)} runs)` }] },
      mark: { type: "text", fontSize: 13, color: INK.muted, align: "center", baseline: "middle" },
      encoding: { text: { field: "text" }, x: { value: PAGE_WIDTH / 2 }, y: { value: 20 } },
      config: chartConfig(),
    } as unknown as TopLevelSpec;
  }
  const values = rows.flatMap((s) => [s.low.metric, s.high.metric]);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const variantValues = sweep.variants.map((v) => v.metrics[metric]).filter((x): x is number => typeof x === "number" && Number.isFinite(x));
  const baseline = variantValues.length > 0 ? variantValues.reduce((a, b) => a + b, 0) / variantValues.length : (min + max) / 2;
  const digits = decimalsFor(max - min, max);
  const fmt = (x: number): string => count(x, digits);
  const flat = (s: (typeof rows)[number]): boolean => s.swing === 0 || fmt(s.low.metric) === fmt(s.high.metric);
  const bars = rows.map((s) => ({
    parameter: s.parameter,
    lo: Math.min(s.low.metric, s.high.metric),
    hi: Math.max(s.low.metric, s.high.metric),
    swing: fmt(s.swing),
    low: `${s.low.value} → ${fmt(s.low.metric)}`,
    high: `${s.high.value} → ${fmt(s.high.metric)}`,
  }));
  const ends = rows.flatMap((s) =>
    flat(s)
      ? [{ parameter: s.parameter, end: SAME, metric: s.low.metric, label: "same for every value", side: "right", tip: fmt(s.low.metric) }]
      : [
          { parameter: s.parameter, end: LOW, metric: s.low.metric, label: `${s.low.value}`, side: "left", tip: `${s.low.value} → ${fmt(s.low.metric)}` },
          { parameter: s.parameter, end: HIGH, metric: s.high.metric, label: `${s.high.value}`, side: "right", tip: `${s.high.value} → ${fmt(s.high.metric)}` },
        ],
  );
  // Room in the domain for the end labels, which sit outside the bars: the widest label on
  // each side, in data units of the plot width.
  const leftPx = Math.max(16, ...ends.filter((e) => e.side === "left").map((e) => labelWidth(e.label)));
  const rightPx = Math.max(16, ...ends.filter((e) => e.side === "right").map((e) => labelWidth(e.label)));
  const width = PAGE_WIDTH - 20;
  const lo = Math.min(min, baseline);
  const hi = Math.max(max, baseline);
  // Every variant the same: a symmetric range around the value so the axis still has ticks.
  const span = hi - lo > 0 ? hi - lo : Math.max(Math.abs(hi) * 0.1, 1);
  const inner = Math.max(width - leftPx - rightPx, width / 3);
  const perPx = span / inner;
  const domain = hi - lo > 0 ? [lo - leftPx * perPx, hi + rightPx * perPx] : [lo - span / 2 - leftPx * perPx, hi + span / 2 + rightPx * perPx];
  const order = rows.map((s) => s.parameter);
  const xTitle = `${name} (mean of ${sweep.runs} runs per variant)`;
  const y = { field: "parameter", type: "nominal", title: null, sort: order, axis: null };
  const x = (field: string): Record<string, unknown> => ({ field, type: "quantitative", title: xTitle, scale: { domain, nice: false, zero: false }, axis: { format: `,.${digits}f`, tickCount: 6, labelOverlap: true } });
  // The legend lists only the kinds of end the chart draws.
  const kinds = [
    [LOW, INK.primary],
    [HIGH, INK.warn],
    [SAME, INK.muted],
  ].filter(([k]) => ends.some((e) => e.end === k));
  const color = { field: "end", type: "nominal", title: null, scale: { domain: kinds.map(([k]) => k), range: kinds.map(([, c]) => c) }, legend: { columns: 1 } };
  const notes = ["Widest swing first. A bar runs from the parameter's value giving the lowest", `result to the one giving the highest. Dashed line: mean of all variants (${fmt(baseline)}).`];
  if (hi - lo === 0) notes.push(`Every variant gives the same ${name}: no parameter moves it.`);
  if (censored.some > 0) notes.push(`${count(censored.some)} of ${count(sweep.variants.length)} variants have runs that never reached unlimited,`, "counted as the horizon: those values are lower bounds.");
  const tooltip = [
    { field: "parameter", type: "nominal", title: "Parameter" },
    { field: "low", type: "nominal", title: "Lowest at" },
    { field: "high", type: "nominal", title: "Highest at" },
    { field: "swing", type: "nominal", title: "Swing" },
  ];
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: `Sensitivity of ${name}`, subtitle: [head, ...notes] },
    width,
    height: { step: 44 },
    layer: [
      {
        data: { values: bars },
        layer: [
          { mark: { type: "bar", height: 12, color: "#bdbdbd" }, encoding: { y, x: x("lo"), x2: { field: "hi" }, tooltip } },
          { mark: { type: "text", align: "left", baseline: "bottom", dy: -9, fontSize: 11, fontWeight: "bold", color: INK.text }, encoding: { y, x: { value: 0 }, text: { field: "parameter" } } },
        ],
      },
      { data: { values: [{ baseline }] }, mark: { type: "rule", strokeDash: [4, 3], color: INK.text }, encoding: { x: x("baseline") } },
      {
        data: { values: ends },
        layer: [
          { mark: { type: "point", filled: true, size: 70, opacity: 1 }, encoding: { y, x: x("metric"), color, tooltip: [{ field: "parameter", title: "Parameter" }, { field: "tip", title: "Value → result" }] } },
          { transform: [{ filter: "datum.side === 'left'" }], mark: { type: "text", fontSize: 10, align: "right", baseline: "middle", dx: -8, color: INK.text }, encoding: { y, x: x("metric"), text: { field: "label" } } },
          { transform: [{ filter: "datum.side === 'right'" }], mark: { type: "text", fontSize: 10, align: "left", baseline: "middle", dx: 8, color: INK.text }, encoding: { y, x: x("metric"), text: { field: "label" } } },
        ],
      },
    ],
    config: chartConfig(),
  } as unknown as TopLevelSpec;
}
