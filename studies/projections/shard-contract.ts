// The contract of one line of a shard file (`tiersim run --runs N --shard I/N`):
// `tiersim/shard@1`. A line is one replication, self-contained: the projection's identity and
// calendar, the shard, the replication's index and seed, its summary and the daily series the
// bands need. The zod schema is the single source of the TypeScript type, of what `tiersim
// merge` accepts (every line is validated, cross-field rules included) and of the generated
// `schemas/shard.schema.json` (see ../contracts.ts).
import { z } from "zod";
import { Amount, Count, Limit, LocalDate, MAX_COUNT, ScenarioHeader, Seed, Time, ToolInfo } from "../../sim/contract.js";
import { replicationSeed } from "../../sim/engine/index.js";
import { RunSummary } from "../../sim/result.js";

/** Schema tag of every shard line. */
export const SHARD_SCHEMA = "tiersim/shard@1";

/** The most shards a job may be split into. */
export const MAX_SHARDS = 1_000_000;

/** The daily series of one run that the projection's bands need (one entry per local day). */
export const DailySeries = z
  .strictObject({
    limit: z.array(Limit).min(1, { error: "expected at least one day" }).describe("Limit in force at the end of each day; null = unlimited."),
    reach: z.array(Count).min(1, { error: "expected at least one day" }).describe("Distinct users newly counted toward the limit each day."),
    firstReach: z.array(Count).min(1, { error: "expected at least one day" }).describe("Users delivered to for the first time each day (cumulative reach adds these up)."),
    delivered: z.array(Count).min(1, { error: "expected at least one day" }).describe("Messages delivered each day."),
    cost: z.array(Amount).min(1, { error: "expected at least one day" }).describe("Cost each day."),
  })
  .describe("The run's daily series, one entry per local day of `dates`.");
export type DailySeries = z.infer<typeof DailySeries>;

const SERIES = ["limit", "reach", "firstReach", "delivered", "cost"] as const;

/** A shard: 1-based `index` of `count`. */
export const ShardSpec = z
  .strictObject({
    index: z.number().int().min(1, { error: "expected a shard number ≥ 1 (shards are numbered from 1)" }).max(MAX_SHARDS).describe("The shard's number, from 1."),
    count: z.number().int().min(1).max(MAX_SHARDS).describe("How many shards the job has."),
  })
  .describe("Which shard of the job wrote the line: replication i belongs to shard (i mod count) + 1.");
export type ShardSpec = z.infer<typeof ShardSpec>;

/** One line of a shard file: `tiersim/shard@1`. */
export const ShardLine = z
  .strictObject({
    schema: z.literal(SHARD_SCHEMA).describe("The contract and its version."),
    scenarioHash: z
      .string()
      .regex(/^sha256:[0-9a-f]{64}$/, { error: "expected sha256: and 64 hexadecimal digits" })
      .describe("SHA-256 of the compiled scenario without its seed: lines of different scenarios never merge."),
    tool: ToolInfo,
    scenario: ScenarioHeader,
    masterSeed: Seed.describe("Master seed of the projection."),
    runs: z.number().int().min(1, { error: "expected at least 1 run" }).max(MAX_COUNT).describe("Replications of the whole projection (not of the shard)."),
    start: Time.describe("Start of the horizon."),
    end: Time.describe("End of the horizon."),
    dates: z.array(LocalDate).min(1, { error: "expected at least one day" }).describe("Local dates of the daily series, in order."),
    shard: ShardSpec,
    index: z.number().int().min(0).max(MAX_COUNT).describe("Replication index, from 0: the unit of seeding, sharding and ordering."),
    seed: Seed.describe("The replication's seed, derived from (master seed, scenario name, index)."),
    summary: RunSummary,
    daily: DailySeries,
    parameters: z.record(z.string(), z.number()).optional().describe("Values the replication drew for the scenario's uncertain parameters, by path."),
  })
  .superRefine((l, ctx) => {
    const problem = (path: Array<string | number>, message: string): void => void ctx.addIssue({ code: "custom", path, message });
    for (const k of SERIES) {
      if (l.daily[k].length !== l.dates.length) problem(["daily", k], `has ${l.daily[k].length} days, but dates has ${l.dates.length}`);
    }
    if (!(Date.parse(l.start) < Date.parse(l.end))) problem(["end"], `must be after start (${l.start})`);
    if (l.shard.index > l.shard.count) problem(["shard", "index"], `shard ${l.shard.index} of ${l.shard.count} does not exist`);
    if (l.index >= l.runs) problem(["index"], `replication ${l.index} does not exist in a projection of ${l.runs} runs (indices 0 to ${l.runs - 1})`);
    else if (l.shard.index <= l.shard.count && l.index % l.shard.count !== l.shard.index - 1) {
      problem(["index"], `replication ${l.index} belongs to shard ${(l.index % l.shard.count) + 1} of ${l.shard.count}, not ${l.shard.index}`);
    }
    if (l.index < 2 ** 32) {
      const expected = replicationSeed(l.masterSeed, l.scenario.name, l.index);
      if (l.seed !== expected) problem(["seed"], `is not the seed of replication ${l.index} (master seed ${l.masterSeed}, scenario "${l.scenario.name}" gives ${expected})`);
    }
  })
  .describe("One line of a shard file written by `tiersim run --runs N --shard I/N`: one replication of a projection. `tiersim merge` combines the lines of every shard into the projection.");
export type ShardLine = z.infer<typeof ShardLine>;
