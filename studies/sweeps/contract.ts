// The result contract of `tiersim sweep` (`tiersim/sweep@1`), produced here and read by the
// reports' tornado chart: the sweep runs every combination of the varied parameters (each a Monte
// Carlo projection of `runs` runs) and ranks the parameters by how far each moves each metric.
// The zod schema is its single source: the TypeScript types, `tiersim report`'s validation and
// the generated `schemas/sweep.schema.json` (see ../contracts.ts).
import { z } from "zod";
import { Amount, MAX_COUNT, Real, ScenarioHeader, Seed, ToolInfo } from "../../sim/contract.js";

const ParameterValue = z.union([z.string(), Real]).describe("A value of the varied parameter: a number, or text (durations like 6h, rule-set ids, true/false).");

/** One varied combination and the metrics it produced (means over its runs). */
export const SweepVariant = z.strictObject({
  values: z.record(z.string(), ParameterValue).describe("Value of each varied parameter, keyed by its scenario path (e.g. `overrides.autoScale.delay`)."),
  metrics: z.record(z.string(), Real).describe("Metric name → value (a mean over the variant's runs), e.g. daysToUnlimited, usersReached, paralysisHours."),
});
export type SweepVariant = z.infer<typeof SweepVariant>;

const End = z.strictObject({
  value: ParameterValue,
  metric: Real.describe("The metric at that value, averaged over the other parameters' values."),
});

/** How one metric moves between a parameter's value giving the lowest and the highest metric. */
export const SweepSensitivity = z.strictObject({
  parameter: z.string().describe("Scenario path of the varied parameter."),
  metric: z.string().describe("Metric name, as in the variants' metrics."),
  low: End.describe("The parameter value at which the metric is lowest, and that metric."),
  high: End.describe("The parameter value at which the metric is highest, and that metric."),
  swing: Amount.describe("high.metric − low.metric (≥ 0): the ranking key of the tornado chart."),
});
export type SweepSensitivity = z.infer<typeof SweepSensitivity>;

/**
 * A parameter sweep: `tiersim/sweep@1`.
 *
 * @example
 * ```ts
 * const top = sweep.sensitivity.filter((s) => s.metric === "usersReached").sort((a, b) => b.swing - a.swing)[0];
 * ```
 */
export const SweepResult = z
  .strictObject({
    schema: z.literal("tiersim/sweep@1").describe("The contract and its version."),
    tool: ToolInfo,
    scenario: ScenarioHeader.describe("The base scenario every variant starts from."),
    seed: Seed.describe("Master seed; every variant uses the same replication seeds (common random numbers)."),
    runs: z.number().int().min(1).max(MAX_COUNT).describe("Runs per variant."),
    variants: z.array(SweepVariant).min(1).describe("Every combination of the varied values, the first parameter varying slowest."),
    sensitivity: z.array(SweepSensitivity).describe("Per metric, the parameters ranked by swing, widest first."),
  })
  .describe("Result of `tiersim sweep`: a projection per combination of varied parameters on the same replication seeds, and how far each parameter moves each metric.");
export type SweepResult = z.infer<typeof SweepResult>;
