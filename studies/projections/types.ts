// Per-replication records: what a worker sends back, what a shard line carries, and what
// aggregation reads. Small and structured-clone friendly on purpose.
import type { Limit } from "../../models/rules/types.js";
import type { ProjectionResult, RunSummary } from "../../sim/result.js";

/** The daily series of one run that the projection's bands need (one entry per local day). */
export interface DailySeries {
  /** Limit in force at the end of each day; `null` = unlimited. */
  limit: Limit[];
  /** Distinct users newly counted toward the limit each day. */
  reach: number[];
  /** Users delivered to for the first time each day (cumulative reach adds these up). */
  firstReach: number[];
  delivered: number[];
  cost: number[];
}

/** One replication's outcome. */
export interface ReplicationRecord {
  /** Replication index, 0-based: the unit of seeding, sharding and ordering. */
  index: number;
  /** The run's seed, derived from (master seed, scenario, index). */
  seed: number;
  summary: RunSummary;
  daily: DailySeries;
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
}
