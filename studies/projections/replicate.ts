// One replication: the unit of work of every worker, shard and projection. Pure.
import { replicationSeed } from "../../sim/engine/index.js";
import type { SimConfig } from "../../sim/config.js";
import type { RunResult } from "../../sim/result.js";
import { simulate } from "../../sim/run.js";
import { withDrawnParameters } from "./uncertain.js";
import type { ProjectionHeader, ReplicationRecord } from "./types.js";

/**
 * Seed of replication `index`: a hash of (master seed, scenario key, index) — the same for
 * every worker count, shard and sweep variant (common random numbers).
 *
 * @example
 * ```ts
 * const seed = runSeed(42, "Quickstart", 0);
 * simulate(config, { seed });
 * ```
 */
export function runSeed(master: number, scenarioKey: string, index: number): number {
  return replicationSeed(master, scenarioKey, index);
}

/**
 * Keeps from a run what a projection needs: its summary and the daily series of the bands.
 *
 * @example
 * ```ts
 * const record = toRecord(3, seed, simulate(config, { seed }));
 * ```
 */
export function toRecord(index: number, seed: number, result: RunResult): ReplicationRecord {
  return {
    index,
    seed,
    ...(result.antithetic ? { antithetic: true as const } : {}),
    summary: result.summary,
    daily: {
      limit: result.daily.map((d) => d.limit),
      reach: result.daily.map((d) => d.uniqueReached),
      firstReach: result.daily.map((d) => d.newlyReached),
      delivered: result.daily.map((d) => d.delivered),
      cost: result.daily.map((d) => d.cost),
    },
  };
}

/**
 * The header every replication of a projection shares, read from any one of its runs
 * (identity, horizon and calendar do not depend on the seed).
 *
 * @example
 * ```ts
 * const header = headerOf(simulate(config), { seed: 42, runs: 200 });
 * ```
 */
export function headerOf(result: RunResult, p: { seed: number; runs: number }): ProjectionHeader {
  return {
    tool: result.tool,
    scenario: result.scenario,
    seed: p.seed,
    runs: p.runs,
    start: result.start,
    end: result.end,
    dates: result.daily.map((d) => d.date),
  };
}

/** A batch of replications for one worker task. */
export interface ReplicationTask {
  config: SimConfig;
  /** Scenario key of the replication seeds (the base scenario's name in a sweep). */
  seedKey: string;
  master: number;
  indices: number[];
  /** Antithetic pairs: odd index i runs the twin of index i − 1 (see {@link replicationPlan}). */
  antithetic?: boolean;
}

/**
 * Seed and variant of replication `index`. Plain projections seed every index on its own;
 * antithetic ones pair 2j and 2j + 1: both take the seed of 2j, and 2j + 1 draws every
 * uniform as its complement, so run 2j is the same run a plain projection makes.
 *
 * @example
 * ```ts
 * replicationPlan(42, "Quickstart", 3, true); // { seed: runSeed(42, "Quickstart", 2), antithetic: true }
 * ```
 */
export function replicationPlan(master: number, seedKey: string, index: number, antithetic: boolean): { seed: number; antithetic: boolean } {
  if (!antithetic) return { seed: runSeed(master, seedKey, index), antithetic: false };
  return { seed: runSeed(master, seedKey, index - (index % 2)), antithetic: index % 2 === 1 };
}

/** A batch's outcome: one record per index, and the shared header read from the first run. */
export interface ReplicationBatch {
  header: Omit<ProjectionHeader, "seed" | "runs">;
  records: ReplicationRecord[];
}

/**
 * Runs a batch of replications in index order.
 *
 * @example
 * ```ts
 * const { records } = runBatch({ config, seedKey: config.name, master: 42, indices: [0, 1, 2] });
 * ```
 */
export function runBatch(task: ReplicationTask): ReplicationBatch {
  let header: ReplicationBatch["header"] | undefined;
  const records: ReplicationRecord[] = [];
  for (const index of task.indices) {
    const { seed, antithetic } = replicationPlan(task.master, task.seedKey, index, task.antithetic === true);
    // Uncertain parameters are drawn from the plan's seed: an antithetic twin keeps its pair's values.
    const { config, values } = withDrawnParameters(task.config, seed);
    const result = simulate(config, antithetic ? { seed, antithetic } : { seed });
    if (header === undefined) {
      const { seed: _s, runs: _r, ...rest } = headerOf(result, { seed: 0, runs: 0 });
      header = rest;
    }
    const record = toRecord(index, seed, result);
    records.push(config.uncertain?.length ? { ...record, parameters: values } : record);
  }
  if (header === undefined) throw new RangeError("a batch needs at least one replication index");
  return { header, records };
}
