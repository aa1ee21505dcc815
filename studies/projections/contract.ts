// The result contract of a Monte Carlo projection (DESIGN §7): `tiersim/projection@1`. The zod
// schema is its single source — the TypeScript types, `tiersim report`'s validation of a saved
// file and the generated `schemas/projection.schema.json` (see ../contracts.ts). A breaking
// change bumps the `@1`.
import { z } from "zod";
import { Limit, Real, ScenarioHeader, Seed, Share, Time, TierKey, ToolInfo, LocalDate, MAX_COUNT } from "../../sim/contract.js";
import { Cause, RunSummary } from "../../sim/result.js";

/** Quantile levels reported everywhere: R-7 (numpy "linear"); q95 is the value 95 % of runs stay at or below. */
export const Quantiles = z
  .strictObject({
    q05: Real.describe("5th percentile."),
    q25: Real.describe("25th percentile (lower quartile)."),
    q50: Real.describe("Median."),
    q75: Real.describe("75th percentile (upper quartile)."),
    q95: Real.describe("95th percentile."),
  })
  .meta({ id: "quantiles", description: "Quantiles across runs at q05 q25 q50 q75 q95 (R-7, see method.quantiles)." });
export type Quantiles = z.infer<typeof Quantiles>;

/** Quantiles of limits: `null` is unlimited (ranked above every number). */
export const LimitQuantiles = z
  .strictObject({
    q05: Limit.describe("5th percentile."),
    q25: Limit.describe("25th percentile."),
    q50: Limit.describe("Median."),
    q75: Limit.describe("75th percentile."),
    q95: Limit.describe("95th percentile."),
  })
  .meta({ id: "limitQuantiles", description: "Limit bands: R-1 quantiles of the limit in force, so each value is a rung some run had; null = unlimited." });
export type LimitQuantiles = z.infer<typeof LimitQuantiles>;

/** The mean across runs and its two-sided 95 % Student-t interval. */
export const MeanCI = z.strictObject({
  mean: Real.describe("Mean across runs."),
  ci95: z.tuple([Real, Real]).describe("Two-sided 95 % Student-t interval of the mean (see method.interval)."),
});
export type MeanCI = z.infer<typeof MeanCI>;

/** The distribution of one per-run quantity: its quantiles, mean and interval. */
export const Distribution = Quantiles.extend(MeanCI.shape).meta({ id: "distribution", description: "Quantiles, mean and 95 % interval of one per-run quantity." });
export type Distribution = z.infer<typeof Distribution>;

/** What a projection run to precision (`--precision`) aimed at, reached, and why it stopped. */
export const ProjectionPrecision = z
  .strictObject({
    met: z.boolean().describe("Whether every target was met (false: the run stopped at maxRuns)."),
    stopped: z.enum(["precise", "max-runs"]).describe("Why replications stopped: every target met, or the run cap reached."),
    confidence: Share.describe("Confidence level of every interval (0.95)."),
    batch: z.number().int().min(1).max(MAX_COUNT).describe("Replications per batch; the stopping rule is checked only after whole batches, in replication order."),
    maxRuns: z.number().int().min(1).max(MAX_COUNT).describe("The run cap (--max-runs)."),
    methods: z
      .partialRecord(z.enum(["mean", "quantile", "share"]), z.string())
      .describe("The confidence-interval method of each kind of target, in words."),
    targets: z
      .array(
        z.strictObject({
          metric: z.string().describe("The figure, e.g. days.100000.q50."),
          target: z.string().describe("The target as given, normalised: metric ± half-width."),
          kind: z.enum(["mean", "quantile", "share"]).describe("Kind of statistic; selects the interval method (see methods)."),
          estimate: Real.nullable().describe("Point estimate over all runs (quantiles R-7); null when no run had a value."),
          interval: z.tuple([Real.nullable(), Real.nullable()]).describe("Two-sided interval at `confidence`; a null end is unbounded (too few runs)."),
          halfWidth: Real.nullable().describe("Precision reached: max(estimate − lower, upper − estimate); null while unbounded."),
          required: Real.nullable().describe("Half-width asked for, in the figure's unit (a % target times |estimate|)."),
          n: z.number().int().min(0).max(MAX_COUNT).describe("Runs with a value (days targets: runs that reached the rung)."),
          met: z.boolean().describe("halfWidth ≤ required."),
        }),
      )
      .min(1)
      .describe("One entry per --precision target, in the order given."),
  })
  .meta({ id: "projectionPrecision", description: "Precision targets of a projection run to precision: runs used = `runs`." });
export type ProjectionPrecision = z.infer<typeof ProjectionPrecision>;

/** A Monte Carlo projection: `tiersim/projection@1`. */
export const ProjectionResult = z
  .strictObject({
    schema: z.literal("tiersim/projection@1").describe("The contract and its version."),
    tool: ToolInfo,
    scenario: ScenarioHeader,
    seed: Seed.describe("Master seed; replication seeds derive from it, the scenario name and the index."),
    runs: z
      .number()
      .int()
      .min(1, { error: "expected at least 1 run" })
      .max(MAX_COUNT)
      .describe("Replications."),
    antithetic: z
      .literal(true)
      .optional()
      .describe("Present when replications ran in antithetic pairs: run 2j + 1 is the twin (every uniform u → 1 − u) of run 2j, with the same seed."),
    start: Time.describe("Start of the horizon."),
    end: Time.describe("End of the horizon."),
    method: z
      .strictObject({
        quantiles: z.string().describe("How quantiles were computed."),
        levels: z.array(z.string()).describe("The quantile levels, in output order."),
        interval: z.string().describe("How the interval of the mean was computed."),
        replicationSeed: z.string().describe("How replication seeds are made."),
        limitQuantiles: z.string().optional().describe("How the daily limit bands are computed (limits are rungs, not interpolated)."),
        reachedAtDays: z.string().optional().describe("Unit and population of reachedAt[…].days."),
        paralysis: z.string().optional().describe("How paralysis probability and hours are counted."),
        antithetic: z.string().optional().describe("How antithetic pairs are formed and how intervals treat them (antithetic projections only)."),
      })
      .describe("How every statistic in the file was computed, in words."),
    reachedAt: z
      .record(
        TierKey,
        z.strictObject({
          share: Share.describe("Share of runs reaching the rung within the horizon."),
          days: Distribution.nullable().describe("Days from the start to the rung (fractional), over the runs that reached it; null when none did."),
        }),
      )
      .describe("Per rung above the initial limit: share of runs reaching it, and when."),
    paralysis: z
      .strictObject({
        probability: Share.describe("Share of runs with at least one paralysis."),
        hours: Distribution.describe("Hours of paralysis per run, all causes (0 for a run without)."),
        byCause: z
          .partialRecord(Cause, z.strictObject({ probability: Share.describe("Share of runs with this cause."), hours: Distribution.describe("Hours of this cause per run.") }))
          .describe("Per cause that occurred in any run."),
      })
      .describe("How often and how long campaigns stall."),
    metrics: z.record(z.string(), Distribution).describe("Summary metrics across runs (attempted, delivered, usersReached, paralysisHours, cost…)."),
    daily: z
      .array(
        z.strictObject({
          date: LocalDate.describe("Local calendar date."),
          limit: LimitQuantiles.describe("Limit in force at the end of the day."),
          reach: Quantiles.describe("Distinct users newly counted toward the limit that day."),
          cumulativeReach: Quantiles.describe("Distinct users delivered to so far."),
          delivered: Quantiles.describe("Messages delivered that day."),
          cost: Quantiles.describe("Cost that day."),
        }),
      )
      .min(1)
      .describe("Cross-sectional bands per local day."),
    representative: z
      .strictObject({
        index: z.number().int().min(0).max(MAX_COUNT).describe("Replication index of the representative run."),
        seed: Seed.describe("Its seed: `tiersim run --seed <seed>` replays it, events and all."),
        method: z.string().describe("How it was chosen, in words."),
      })
      .optional()
      .describe("The representative replication: the run nearest the medians of the key outcomes; the report draws its timeline charts from it. Absent in files written before it was added."),
    perRun: z
      .array(
        z.strictObject({
          index: z.number().int().min(0).max(MAX_COUNT).describe("Replication index, from 0."),
          seed: Seed.describe("The run's seed (replay it with tiersim run --seed)."),
          antithetic: z.literal(true).optional().describe("The run is the antithetic twin of the run with this seed (replay it with tiersim run --seed <seed> --antithetic)."),
          summary: RunSummary,
          parameters: z.record(z.string(), z.number()).optional().describe("Values this run drew for the scenario's uncertain parameters, by path."),
        }),
      )
      .min(1)
      .describe("Every run's summary, by index."),
    sensitivity: z
      .strictObject({
        method: z.string().describe("The estimator, in words."),
        outcomes: z
          .array(
            z.strictObject({
              outcome: z.string().describe("The outcome: days.<tier>, paralysis.hours, users.reached, users.replied, cost.total."),
              indices: z
                .array(z.strictObject({ parameter: z.string().describe("Scenario path of the uncertain parameter."), index: z.number().min(0).max(1).describe("First-order index: share of the outcome's variance it explains alone.") }))
                .describe("Ranked, largest first."),
            }),
          )
          .describe("Per key outcome, the uncertain parameters ranked by first-order index."),
      })
      .optional()
      .describe("Present when the scenario has uncertain parameters and the projection at least 4 runs: which unknown drives each answer."),
    precision: ProjectionPrecision.optional().describe("Present when the run count was chosen by --precision: the targets and what they reached."),
  })
  .superRefine((p, ctx) => {
    if (p.perRun.length !== p.runs) ctx.addIssue({ code: "custom", path: ["perRun"], message: `holds ${p.perRun.length} runs, but runs is ${p.runs}` });
    if (p.antithetic && p.runs % 2 !== 0) ctx.addIssue({ code: "custom", path: ["runs"], message: `antithetic replications come in pairs, but runs is ${p.runs}` });
    const rep = p.representative;
    if (rep && p.perRun[rep.index]?.seed !== rep.seed) ctx.addIssue({ code: "custom", path: ["representative"], message: `run ${rep.index} does not have seed ${rep.seed}` });
  })
  .describe("Result of `tiersim run <scenario> --runs N` and `tiersim merge`: a Monte Carlo projection. Quantile levels are q05 q25 q50 q75 q95 (R-7 unless `method` says otherwise; q05 is the 5th percentile, not '95 % exceedance').");
export type ProjectionResult = z.infer<typeof ProjectionResult>;
