// The sweep result (`tiersim/sweep@1`). reports/sweep-types.ts declares the same shape for
// the tornado chart; sim/ cannot import reports/, so the producer's copy lives here and the
// two are kept identical (a test assigns one to the other).
import type { ProjectionResult, ToolInfo } from "../result.js";

/** One varied combination and the metrics it produced (means over its runs). */
export interface SweepVariant {
  /** Value of each varied parameter, keyed by its scenario path. */
  values: Record<string, string | number>;
  /** Metric name → value (see SWEEP_METRICS). */
  metrics: Record<string, number>;
}

/** How one metric moves between the parameter values giving its lowest and highest mean. */
export interface SweepSensitivity {
  parameter: string;
  metric: string;
  low: { value: string | number; metric: number };
  high: { value: string | number; metric: number };
  /** `high.metric − low.metric` (≥ 0): the ranking key of the tornado chart. */
  swing: number;
}

/** A parameter sweep: `tiersim/sweep@1`. */
export interface SweepResult {
  schema: "tiersim/sweep@1";
  tool: ToolInfo;
  scenario: ProjectionResult["scenario"];
  /** Master seed; every variant uses the same replication seeds (common random numbers). */
  seed: number;
  /** Runs per variant. */
  runs: number;
  variants: SweepVariant[];
  sensitivity: SweepSensitivity[];
}
