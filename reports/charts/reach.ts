// Chart 2: distinct users reached per day and cumulatively; a fan chart for a projection.
import type { TopLevelSpec } from "vega-lite";
import type { RunResult } from "../../sim/result.js";
import type { ProjectionResult } from "../../studies/projections/contract.js";
import { fanLayers, isRun, subtitleFor, timeX } from "./common.js";
import { HALF_PANEL_HEIGHT, INK, PAGE_WIDTH, VEGA_LITE_SCHEMA, chartConfig } from "./theme.js";

const CUMULATIVE_TITLE = "Ever reached";
const DAILY_TITLE = "Counted per day";
/** Why daily reach alternates: said on the chart where daily reach is shown. */
const WINDOW_NOTE = ["Counted per day: users newly counted toward the limit, a moving 24 h window;", "a user counts again 24 h after they were last counted."];

function runReachChart(result: RunResult): TopLevelSpec {
  let total = 0;
  // Cumulative = users reached at least once (results written before `newlyReached` existed fall
  // back to the daily counts); per day = users counted toward the limit that day.
  const rows = result.daily.map((d) => {
    total += d.newlyReached ?? d.uniqueReached;
    return { date: d.date, perDay: d.uniqueReached, cumulative: total };
  });
  const x = timeX("date");
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: "Distinct users reached", subtitle: [subtitleFor(result), ...WINDOW_NOTE] },
    data: { values: rows },
    vconcat: [
      {
        width: PAGE_WIDTH,
        height: HALF_PANEL_HEIGHT,
        mark: { type: "line", point: { size: 18 }, color: INK.primary },
        encoding: { x, y: { field: "cumulative", type: "quantitative", title: `${CUMULATIVE_TITLE} (users)`, axis: { format: "~s" } } },
      },
      {
        width: PAGE_WIDTH,
        height: HALF_PANEL_HEIGHT,
        mark: { type: "bar", color: INK.primary, opacity: 0.85 },
        encoding: {
          x: { ...timeX("date"), timeUnit: "utcyearmonthdate" },
          y: { field: "perDay", type: "quantitative", title: `${DAILY_TITLE} (users)`, axis: { format: "~s" } },
        },
      },
    ],
    config: chartConfig(),
  } as unknown as TopLevelSpec;
}

function projectionReachChart(result: ProjectionResult): TopLevelSpec | null {
  if (result.daily.length === 0) return null;
  const cumulative = result.daily.map((d) => ({ date: d.date, ...d.cumulativeReach }));
  const perDay = result.daily.map((d) => ({ date: d.date, ...d.reach }));
  const x = timeX("date");
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: "Distinct users reached", subtitle: [subtitleFor(result), ...WINDOW_NOTE] },
    vconcat: [
      { width: PAGE_WIDTH, height: HALF_PANEL_HEIGHT, data: { values: cumulative }, layer: fanLayers(x, `${CUMULATIVE_TITLE} (users)`, { yAxis: { format: "~s" } }) },
      { width: PAGE_WIDTH, height: HALF_PANEL_HEIGHT, data: { values: perDay }, layer: fanLayers(x, `${DAILY_TITLE} (users)`, { yAxis: { format: "~s" } }) },
    ],
    resolve: { scale: { color: "shared" }, legend: { color: "shared" } },
    config: chartConfig(),
  } as unknown as TopLevelSpec;
}

/**
 * Chart 2 — distinct users reached: cumulative (top) and per day (bottom). A single run
 * draws a line and bars; a projection draws fan charts (q05–q95, q25–q75, median).
 *
 * @example
 * ```ts
 * const spec = reachChart(projection); // two stacked fan charts
 * ```
 */
export function reachChart(result: RunResult | ProjectionResult): TopLevelSpec | null {
  return isRun(result) ? runReachChart(result) : projectionReachChart(result);
}
