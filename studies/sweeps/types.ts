// The result of `tiersim sweep` (`tiersim/sweep@1`), produced here and read by the reports'
// tornado chart: the sweep runs every combination of the varied parameters (each a Monte Carlo
// projection of `runs` runs) and ranks the parameters by how far each moves each metric.
import type { RuleSetId } from "../../models/rules/types.js";
import type { ToolInfo } from "../../sim/result.js";

/** One varied combination and the metrics it produced (means over its runs). */
export interface SweepVariant {
  /** Value of each varied parameter, keyed by its scenario path (e.g. `autoScale.delay`). */
  values: Record<string, string | number>;
  /** Metric name → value, e.g. `daysToUnlimited`, `usersReached`, `paralysisHours`. */
  metrics: Record<string, number>;
}

/** How one metric moves between a parameter's value giving the lowest and the highest metric. */
export interface SweepSensitivity {
  /** Scenario path of the varied parameter. */
  parameter: string;
  /** Metric name, as in `SweepVariant.metrics`. */
  metric: string;
  /** The parameter value at which the metric is lowest, and that metric (averaged over the other parameters). */
  low: { value: string | number; metric: number };
  /** The parameter value at which the metric is highest, and that metric. */
  high: { value: string | number; metric: number };
  /** `high.metric − low.metric` (≥ 0): the ranking key of the tornado chart. */
  swing: number;
}

/**
 * A parameter sweep: `tiersim/sweep@1`.
 *
 * @example
 * ```ts
 * const top = sweep.sensitivity.filter((s) => s.metric === "usersReached").sort((a, b) => b.swing - a.swing)[0];
 * ```
 */
export interface SweepResult {
  schema: "tiersim/sweep@1";
  tool: ToolInfo;
  /** The base scenario every variant starts from. */
  scenario: { name: string; rules: RuleSetId; overrides: Record<string, unknown>; timezone: string };
  /** Master seed; every variant uses the same replication seeds (common random numbers). */
  seed: number;
  /** Runs per variant. */
  runs: number;
  variants: SweepVariant[];
  sensitivity: SweepSensitivity[];
}
