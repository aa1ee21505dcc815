// Chart: which unknown drives each answer — a projection's first-order sensitivity indices,
// one panel per key outcome, the uncertain parameters ranked by the share of the outcome's
// variance each explains alone. Only for projections of scenarios with uncertain parameters.
import type { TopLevelSpec } from "vega-lite";
import type { ProjectionResult } from "../../studies/projections/contract.js";
import type { RunResult } from "../../sim/result.js";
import { INK, PAGE_WIDTH, VEGA_LITE_SCHEMA, chartConfig } from "./theme.js";

/**
 * Ranked first-order indices per outcome, or `null` without a `sensitivity` section.
 *
 * @example
 * ```ts
 * const spec = sensitivityChart(projection); // bars per outcome, largest index on top
 * ```
 */
export function sensitivityChart(result: RunResult | ProjectionResult): TopLevelSpec | null {
  if (result.schema !== "tiersim/projection@1" || !result.sensitivity) return null;
  const rows = result.sensitivity.outcomes.flatMap((o) => o.indices.map((i, rank) => ({ outcome: o.outcome, parameter: i.parameter, index: i.index, rank })));
  if (rows.length === 0) return null;
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: "Which unknown drives each answer", subtitle: "first-order sensitivity index: share of the outcome's variance a parameter explains alone" },
    data: { values: rows },
    facet: { row: { field: "outcome", type: "nominal", title: null, header: { labelAngle: 0, labelAlign: "left" } } },
    spec: {
      width: PAGE_WIDTH - 160,
      mark: { type: "bar", color: INK.primary },
      encoding: {
        y: { field: "parameter", type: "nominal", sort: { field: "rank" }, title: null },
        x: { field: "index", type: "quantitative", scale: { domain: [0, 1] }, title: "first-order index" },
        tooltip: [{ field: "outcome" }, { field: "parameter" }, { field: "index", format: ".3f" }],
      },
    },
    resolve: { scale: { y: "independent" } },
    config: chartConfig(),
  } as TopLevelSpec;
}
