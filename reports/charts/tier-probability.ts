// Chart 7: for a projection, the probability of having reached each rung by day d — the
// empirical distribution of the runs' reach times, read straight from `perRun`.
import type { TopLevelSpec } from "vega-lite";
import type { RunResult } from "../../sim/result.js";
import type { ProjectionResult } from "../../studies/projections/contract.js";
import { daysBetween, isRun, sortTierKeys, subtitleFor, tierLabel } from "./common.js";
import { CATEGORY_PALETTE, PAGE_WIDTH, PANEL_HEIGHT, VEGA_LITE_SCHEMA, chartConfig } from "./theme.js";

/** One point of a tier's step curve: `probability` of having reached `tier` by `day`. */
export interface TierProbabilityPoint {
  tier: string;
  day: number;
  probability: number;
}

/**
 * Empirical P(rung reached by day d) per rung, as step points: (0, 0), one step per run that
 * reached the rung, and a last point at the horizon. Runs that never reached it keep the
 * curve below 1, at the rung's `share`.
 *
 * @example
 * ```ts
 * const last = tierProbabilityCurves(projection).filter((p) => p.tier === "10K").at(-1); // probability = reachedAt["10000"].share
 * ```
 */
export function tierProbabilityCurves(result: ProjectionResult): TierProbabilityPoint[] {
  const runs = result.perRun.length;
  if (runs === 0) return [];
  const horizon = daysBetween(result.start, result.end);
  const tiers = sortTierKeys([...new Set([...Object.keys(result.reachedAt), ...result.perRun.flatMap((r) => Object.keys(r.summary.reachedAt))])]);
  const points: TierProbabilityPoint[] = [];
  for (const tier of tiers) {
    const label = tierLabel(tier);
    const days = result.perRun
      .map((r) => r.summary.reachedAt[tier])
      .filter((at): at is string => typeof at === "string")
      .map((at) => Math.max(0, daysBetween(result.start, at)))
      .sort((a, b) => a - b);
    points.push({ tier: label, day: 0, probability: 0 });
    days.forEach((day, i) => points.push({ tier: label, day, probability: (i + 1) / runs }));
    points.push({ tier: label, day: horizon, probability: days.length / runs });
  }
  return points;
}

/**
 * Chart 7 — time to each tier: the probability of having reached each rung by day d of the
 * run (projections only; a single run has no probabilities, so `null`).
 *
 * @example
 * ```ts
 * tierProbabilityChart(run); // null
 * tierProbabilityChart(projection); // step curves, one per rung
 * ```
 */
export function tierProbabilityChart(result: RunResult | ProjectionResult): TopLevelSpec | null {
  if (isRun(result)) return null;
  const points = tierProbabilityCurves(result);
  if (points.length === 0) return null;
  const tiers = [...new Set(points.map((p) => p.tier))];
  const horizon = daysBetween(result.start, result.end);
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: "Time to each tier", subtitle: [subtitleFor(result), "Share of runs that had reached each messaging limit by day d."] },
    width: PAGE_WIDTH,
    height: PANEL_HEIGHT,
    data: { values: points },
    mark: { type: "line", interpolate: "step-after" },
    encoding: {
      x: { field: "day", type: "quantitative", title: "Day of the run (days since start)", scale: { domain: [0, horizon], nice: false } },
      y: { field: "probability", type: "quantitative", title: "Runs that reached it (%)", scale: { domain: [0, 1] }, axis: { format: ".0%" } },
      color: { field: "tier", type: "nominal", title: "Messaging limit reached", sort: tiers, scale: { domain: tiers, range: CATEGORY_PALETTE.slice(0, tiers.length) } },
    },
    config: chartConfig(),
  } as unknown as TopLevelSpec;
}
