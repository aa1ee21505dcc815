// Chart 3: what was sent each day against the limit in force, to show where the limit bit.
import type { TopLevelSpec } from "vega-lite";
import type { RunResult } from "../../sim/result.js";
import type { ProjectionResult } from "../../studies/projections/contract.js";
import { isRun, subtitleFor, timeX } from "./common.js";
import { INK, PAGE_WIDTH, PANEL_HEIGHT, VEGA_LITE_SCHEMA, chartConfig } from "./theme.js";

const OUTCOMES = ["delivered", "failed", "deferred"] as const;
const LIMIT_LABEL = "messaging limit (users / 24 h)";
const REACHED_LABEL = "users newly counted (limit usage)";

const Y_TITLE = "Messages or users (per day)";

/** Noon UTC of a calendar date: where a point or whisker sits over that day's bar. */
function midday(date: string): string {
  return `${date}T12:00:00.000Z`;
}

function seriesColor(domain: string[], range: string[]): Record<string, unknown> {
  return { scale: { domain, range }, legend: { title: null } };
}

function runSendsChart(result: RunResult): TopLevelSpec {
  const bars = result.daily.flatMap((d) =>
    OUTCOMES.map((outcome, order) => ({ date: d.date, series: `${outcome} messages`, order, value: Math.max(0, d[outcome]) })),
  );
  // Unlimited days are left out of the limit line: there is nothing to send against.
  const limits = result.daily.filter((d) => d.limit !== null).map((d) => ({ date: d.date, value: d.limit as number, series: LIMIT_LABEL }));
  const reached = result.daily.map((d) => ({ mid: midday(d.date), value: d.uniqueReached, series: REACHED_LABEL }));
  const domain = [...OUTCOMES.map((o) => `${o} messages`), REACHED_LABEL, LIMIT_LABEL];
  const range = [INK.primary, INK.warn, INK.secondary, INK.accent, INK.text];
  const color = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({ field: "series", type: "nominal", ...seriesColor(domain, range), ...extra });
  const x = { ...timeX("date"), timeUnit: "utcyearmonthdate" };
  const hasUnlimited = result.daily.some((d) => d.limit === null);
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: "Daily sends against the messaging limit",
      subtitle: [subtitleFor(result), ...(hasUnlimited ? ["No limit line on days the limit is unlimited."] : [])],
    },
    width: PAGE_WIDTH,
    height: PANEL_HEIGHT,
    layer: [
      {
        data: { values: bars },
        mark: { type: "bar", opacity: 0.85 },
        encoding: { x, y: { field: "value", type: "quantitative", title: Y_TITLE, stack: "zero", axis: { format: "~s" } }, color: color(), order: { field: "order" } },
      },
      {
        data: { values: reached },
        mark: { type: "line", point: { size: 16 }, strokeDash: [4, 2] },
        encoding: { x: timeX("mid"), y: { field: "value", type: "quantitative", title: Y_TITLE }, color: color() },
      },
      {
        data: { values: limits },
        mark: { type: "line", interpolate: "step-after" },
        encoding: { x, y: { field: "value", type: "quantitative", title: Y_TITLE }, color: color() },
      },
    ],
    config: chartConfig(),
  } as unknown as TopLevelSpec;
}

function projectionSendsChart(result: ProjectionResult): TopLevelSpec | null {
  if (result.daily.length === 0) return null;
  const delivered = result.daily.map((d) => ({ date: d.date, mid: midday(d.date), series: "delivered messages (median)", ...d.delivered }));
  const limits = result.daily
    .filter((d) => d.limit.q50 !== null && Number.isFinite(d.limit.q50))
    .map((d) => ({ date: d.date, series: "messaging limit (median, users / 24 h)", value: d.limit.q50 }));
  const domain = ["delivered messages (median)", "q05–q95 across runs", "messaging limit (median, users / 24 h)"];
  const range = [INK.primary, INK.text, INK.warn];
  const x = { ...timeX("date"), timeUnit: "utcyearmonthdate" };
  const colorField = { field: "series", type: "nominal", ...seriesColor(domain, range) };
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: "Daily sends against the messaging limit",
      subtitle: [subtitleFor(result), ...(limits.length < result.daily.length ? ["No limit line on days the median limit is unlimited."] : [])],
    },
    width: PAGE_WIDTH,
    height: PANEL_HEIGHT,
    layer: [
      {
        data: { values: delivered },
        layer: [
          { mark: { type: "bar", opacity: 0.8 }, encoding: { x, y: { field: "q50", type: "quantitative", title: Y_TITLE, axis: { format: "~s" } }, color: colorField } },
          {
            mark: { type: "rule" },
            encoding: { x: timeX("mid"), y: { field: "q05", type: "quantitative", title: Y_TITLE }, y2: { field: "q95" }, color: { datum: "q05–q95 across runs", ...seriesColor(domain, range) } },
          },
        ],
      },
      {
        data: { values: limits },
        mark: { type: "line", interpolate: "step-after" },
        encoding: { x, y: { field: "value", type: "quantitative", title: Y_TITLE }, color: colorField },
      },
    ],
    config: chartConfig(),
  } as unknown as TopLevelSpec;
}

/**
 * Chart 3 — daily sends (stacked by outcome) against the messaging limit in force, with the
 * users newly counted toward the limit each day. For a projection: median delivered per day
 * with its q05–q95 range and the median limit.
 *
 * @example
 * ```ts
 * const spec = sendsChart(result);
 * ```
 */
export function sendsChart(result: RunResult | ProjectionResult): TopLevelSpec | null {
  return isRun(result) ? runSendsChart(result) : projectionSendsChart(result);
}
