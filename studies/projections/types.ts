// Per-replication records: what a worker sends back, what a shard line carries, and what
// aggregation reads. Small and structured-clone friendly on purpose.
import type { RunSummary } from "../../sim/result.js";
import type { ProjectionResult } from "./contract.js";
import type { DailySeries } from "./shard-contract.js";

export type { DailySeries } from "./shard-contract.js";

/** One replication's outcome. */
export interface ReplicationRecord {
  /** Replication index, 0-based: the unit of seeding, sharding and ordering. */
  index: number;
  /** The run's seed, derived from (master seed, scenario, index); a twin carries its pair's seed. */
  seed: number;
  /** The run is the antithetic twin (every uniform u → 1 − u) of the run with `seed`. */
  antithetic?: true;
  summary: RunSummary;
  daily: DailySeries;
  /** Values the replication drew for the scenario's uncertain parameters, by path (absent: none). */
  parameters?: Record<string, number>;
}

/** What every replication of one projection shares: identity, horizon and calendar. */
export interface ProjectionHeader {
  tool: ProjectionResult["tool"];
  scenario: ProjectionResult["scenario"];
  /** Master seed. */
  seed: number;
  /** Total replications of the projection (not of a shard). */
  runs: number;
  start: string;
  end: string;
  /** Local dates of the daily series, in order. */
  dates: string[];
  /** Replications in antithetic pairs (runs 2j, 2j + 1): intervals of the mean treat the pair as the unit. */
  antithetic?: boolean;
}
