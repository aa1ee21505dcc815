// Helpers shared by the chart builders: result shape tests, time and tier arithmetic, and
// the few Vega-Lite fragments (time axis, fan bands) that must look the same everywhere.
import { displayText, NAME_MAX } from "../sanitize.js";
import type { Limit } from "../../models/rules/types.js";
import type { RunResult, RunSummary } from "../../sim/result.js";
import type { ProjectionResult } from "../../studies/projections/contract.js";
import { FAN } from "./theme.js";
import { DAY } from "../../models/duration.js";

/** A result a chart can be drawn from (sweeps have their own chart, see `tornado.ts`). */
export type ChartableResult = RunResult | ProjectionResult;

export const DAY_MS = DAY;

/**
 * True for a single run (`tiersim/run@1`).
 *
 * @example
 * ```ts
 * if (isRun(result)) console.log(result.events.length);
 * ```
 */
export function isRun(result: ChartableResult): result is RunResult {
  return result.schema === "tiersim/run@1";
}

/**
 * Days elapsed from `start` to `at` (both ISO strings), fractional.
 *
 * @example
 * ```ts
 * daysBetween("2026-03-02T00:00:00.000Z", "2026-03-03T12:00:00.000Z"); // 1.5
 * ```
 */
export function daysBetween(start: string, at: string): number {
  return (Date.parse(at) - Date.parse(start)) / DAY_MS;
}

/**
 * ISO string of `start` plus a number of days.
 *
 * @example
 * ```ts
 * addDays("2026-03-02T00:00:00.000Z", 0.5); // "2026-03-02T12:00:00.000Z"
 * ```
 */
export function addDays(start: string, days: number): string {
  return new Date(Date.parse(start) + days * DAY_MS).toISOString();
}

/**
 * Thousands-separated integer or short decimal, for labels baked into the data.
 *
 * @example
 * ```ts
 * formatCount(12345.6); // "12,346"; formatCount(6.08) → "6.1"
 * ```
 */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const rounded = Math.abs(n) >= 100 ? Math.round(n) : Math.round(n * 10) / 10;
  return rounded.toLocaleString("en-US");
}

/**
 * Short name of a rung: `2000` → `2K`, `100000` → `100K`, `null` or `"unlimited"` → `unlimited`.
 *
 * @example
 * ```ts
 * tierLabel("10000"); // "10K"
 * ```
 */
export function tierLabel(tier: string | Limit): string {
  if (tier === null || tier === "unlimited") return "unlimited";
  const n = typeof tier === "number" ? tier : Number(tier);
  if (!Number.isFinite(n)) return String(tier);
  if (n >= 1_000_000 && n % 1_000_000 === 0) return `${n / 1_000_000}M`;
  if (n >= 1000 && n % 1000 === 0) return `${n / 1000}K`;
  return n.toLocaleString("en-US");
}

/** `reachedAt` keys in ladder order (defined with the result, in sim/tiers.ts). */
export { sortTierKeys } from "../../sim/tiers.js";

/**
 * Where "unlimited" is drawn on a log-scale limit axis: one decade above the highest finite
 * rung, so the step up to unlimited is visible and labelled instead of leaving the chart.
 *
 * @example
 * ```ts
 * unlimitedSentinel([250, 2000, 100000]); // 1_000_000
 * ```
 */
export function unlimitedSentinel(finite: number[]): number {
  const top = Math.max(1000, ...finite.filter((n) => Number.isFinite(n) && n > 0));
  return 10 ** (Math.ceil(Math.log10(top)) + 1);
}

/**
 * Reads a limit that may be `null` (or a non-finite number from a quantile of limits) as the
 * sentinel; anything above the sentinel is unlimited too, so an interpolated band between the
 * top rung and unlimited cannot stretch the axis.
 *
 * @example
 * ```ts
 * plottedLimit(null, 1e6); // 1e6
 * ```
 */
export function plottedLimit(limit: number | null | undefined, sentinel: number): number {
  return limit === null || limit === undefined || !Number.isFinite(limit) || limit > sentinel ? sentinel : limit;
}

/**
 * Subtitle naming what the chart is of, the scenario name cut to {@link NAME_MAX} characters;
 * Vega escapes it when it writes SVG text.
 *
 * @example
 * ```ts
 * subtitleFor(run); // "Spring ramp · rules meta-2025-10 · seed 42"
 * ```
 */
export function subtitleFor(result: ChartableResult): string {
  const runs = isRun(result) ? `seed ${result.seed}` : `${result.runs} runs, seed ${result.seed}`;
  return `${displayText(result.scenario.name, NAME_MAX)} · rules ${result.scenario.rules} · ${runs}`;
}

/**
 * Per-run summaries of a projection, or the run's own summary as a sample of one.
 *
 * @example
 * ```ts
 * summaries(projection).length === projection.runs;
 * ```
 */
export function summaries(result: ChartableResult): RunSummary[] {
  return isRun(result) ? [result.summary] : result.perRun.map((r) => r.summary);
}

/**
 * Currency of a result's costs (projections carry it in each run's summary).
 *
 * @example
 * ```ts
 * currencyOf(result); // "USD"
 * ```
 */
export function currencyOf(result: ChartableResult): string {
  return summaries(result)[0]?.cost.currency ?? "USD";
}

/**
 * The x encoding of every calendar chart: UTC scale so the SVG does not depend on the machine's time zone.
 *
 * @example
 * ```ts
 * const encoding = { x: timeX("date"), y: { field: "n", type: "quantitative" } };
 * ```
 */
export function timeX(field: string, title = "Date (UTC)"): Record<string, unknown> {
  return { field, type: "temporal", title, scale: { type: "utc" }, axis: { format: "%b %d", labelAngle: 0, tickCount: 8 } };
}

/**
 * Colour encoding for fan bands: one shared legend for the two bands and the median line.
 *
 * @example
 * ```ts
 * const color = fanColor(FAN.median.label);
 * ```
 */
export function fanColor(label: string): Record<string, unknown> {
  return {
    datum: label,
    scale: { domain: [FAN.outer.label, FAN.inner.label, FAN.median.label], range: [FAN.outer.color, FAN.inner.color, FAN.median.color] },
    legend: { title: "Across runs" },
  };
}

/**
 * The three layers of a fan chart over `x`: q05–q95 and q25–q75 areas and the median line.
 * Data rows must carry `q05 … q95` fields.
 *
 * @example
 * ```ts
 * const layer = fanLayers(timeX("date"), "Per day (users)");
 * ```
 */
export function fanLayers(x: Record<string, unknown>, yTitle: string, opts: { interpolate?: "step-after" | "linear"; yScale?: Record<string, unknown>; yAxis?: Record<string, unknown> } = {}): Array<Record<string, unknown>> {
  const interpolate = opts.interpolate ?? "linear";
  const y = (field: string): Record<string, unknown> => ({
    field,
    type: "quantitative",
    title: yTitle,
    ...(opts.yScale ? { scale: opts.yScale } : {}),
    ...(opts.yAxis ? { axis: opts.yAxis } : {}),
  });
  return [
    { mark: { type: "area", interpolate, opacity: 0.9 }, encoding: { x, y: y("q05"), y2: { field: "q95" }, color: fanColor(FAN.outer.label) } },
    { mark: { type: "area", interpolate, opacity: 0.9 }, encoding: { x, y: y("q25"), y2: { field: "q75" }, color: fanColor(FAN.inner.label) } },
    { mark: { type: "line", interpolate }, encoding: { x, y: y("q50"), color: fanColor(FAN.median.label) } },
  ];
}
