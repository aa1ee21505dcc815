// Monte Carlo: projections, sweeps and shards (DESIGN §7, §8). Library functions return
// data and never print.
export { project, replicate } from "./project.js";
export type { ProjectOptions, ReplicateOptions, Replications } from "./project.js";
export { aggregate, indexProblems, REPLICATION_SEED_METHOD } from "./aggregate.js";
export { sweep, sensitivity, variantMetrics, SWEEP_METRICS, SENSITIVITY_METRICS } from "./sweep.js";
export type { SweepInput, SweepOptions } from "./sweep.js";
export type { SweepResult, SweepVariant, SweepSensitivity } from "./sweep-types.js";
export { parseShardSpec, shardIndices, shardText, mergeShards, scenarioHash, SHARD_SCHEMA } from "./shard.js";
export type { ShardSpec, ShardLine, ShardFile, MergeResult } from "./shard.js";
export { parseVary, parsePath, formatPath, expandItem, gridIndices } from "./vary.js";
export type { VarySpec, VaryError, PathSegment } from "./vary.js";
export { quantilesR7, limitQuantiles, meanCI, describeValues, studentTQuantile, LEVELS } from "./quantile.js";
export { runSeed, runBatch, toRecord, headerOf } from "./replicate.js";
export type { ReplicationTask, ReplicationBatch } from "./replicate.js";
export { ReplicationPool, defaultWorkers, batchSize } from "./pool.js";
export type { ProjectionHeader, ReplicationRecord, DailySeries } from "./types.js";
