// studies/: work over many runs of a scenario — Monte Carlo projections (replications on
// worker threads, shards and their merge), parameter sweeps, and throttle checks. Functions
// return data and never print; input problems come back as issues, never as exceptions.
export { project, replicate } from "./projections/project.js";
export type { ProjectOptions, ReplicateOptions, Replications } from "./projections/project.js";
export { aggregate, indexProblems, REPLICATION_SEED_METHOD } from "./projections/aggregate.js";
export { parseShardSpec, shardIndices, shardText, mergeShards, scenarioHash, SHARD_SCHEMA } from "./projections/shard.js";
export type { ShardSpec, ShardLine, ShardFile, MergeResult } from "./projections/shard.js";
export { runSeed, runBatch, toRecord, headerOf } from "./projections/replicate.js";
export type { ReplicationTask, ReplicationBatch } from "./projections/replicate.js";
export { ReplicationPool, defaultWorkers, batchSize } from "./projections/pool.js";
export type { ProjectionHeader, ReplicationRecord, DailySeries } from "./projections/types.js";
export { sweep, sweepVariants, sensitivity, variantMetrics, SWEEP_METRICS, SENSITIVITY_METRICS } from "./sweeps/sweep.js";
export type { SweepOptions, SweepScenarioOptions, SweepOutcome, SweepRun } from "./sweeps/sweep.js";
export { buildVariants, resolvePath, typeValue, MAX_VARIANTS } from "./sweeps/variants.js";
export type { SweepInput, SweepIssue, SweepIssueCode, VaryInput, VaryValue, Axis, BuildVariantsResult } from "./sweeps/variants.js";
export type { SweepResult, SweepVariant, SweepSensitivity } from "./sweeps/contract.js";
export { parseVary, parsePath, formatPath, expandItem, gridIndices } from "./sweeps/vary.js";
export type { VarySpec, VaryError, PathSegment } from "./sweeps/vary.js";
export { quantileSorted, quantilesR7, limitQuantiles, LEVELS, QUANTILE_METHOD, LIMIT_QUANTILE_METHOD } from "./stats/quantile.js";
export { meanCI, describeValues, studentTQuantile, INTERVAL_METHOD } from "./stats/mean.js";
