// Monte Carlo projection: many replications of one scenario, summarised. Returns data and
// never prints; progress and cancellation come in through callbacks and an AbortSignal.
import type { SimConfig } from "../../sim/config.js";
import type { ProjectionResult } from "./contract.js";
import { aggregate } from "./aggregate.js";
import { defaultWorkers, ReplicationPool } from "./pool.js";
import type { ProjectionHeader, ReplicationRecord } from "./types.js";

/** Options of {@link project}. */
export interface ProjectOptions {
  /** Replications (≥ 1). */
  runs: number;
  /** Worker threads; default: available cores. Never changes the result. */
  workers?: number;
  /** Master seed; default: the configuration's seed. */
  seed?: number;
  /** Scenario key of the replication seeds; default: the configuration's name. */
  seedKey?: string;
  /** Called as replications finish: (done, total). */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/** Options of {@link replicate}: a projection's options plus the indices to run. */
export interface ReplicateOptions extends ProjectOptions {
  /** Replication indices to run (a shard); default: 0 … runs − 1. */
  indices?: readonly number[];
  /** An existing pool to run on (sweeps share one); default: a pool made for this call. */
  pool?: ReplicationPool;
}

/** Replications of a projection, or of a shard of it. */
export interface Replications {
  /** `null` when there was nothing to run (an empty shard). */
  header: ProjectionHeader | null;
  /** Ordered by index. */
  records: ReplicationRecord[];
}

function checkRuns(runs: number): void {
  if (!Number.isInteger(runs) || runs < 1) throw new RangeError(`runs must be a whole number ≥ 1, got ${runs}`);
}

/**
 * Runs replications on a worker pool and returns their records ordered by index — the
 * input of {@link aggregate} and of shard files.
 *
 * @example
 * ```ts
 * const { header, records } = await replicate(config, { runs: 300, indices: [0, 3, 6] });
 * ```
 */
export async function replicate(config: SimConfig, opts: ReplicateOptions): Promise<Replications> {
  checkRuns(opts.runs);
  const master = opts.seed ?? config.seed;
  const indices = opts.indices ?? Array.from({ length: opts.runs }, (_, i) => i);
  if (indices.length === 0) return { header: null, records: [] };
  const pool = opts.pool ?? new ReplicationPool(Math.max(1, Math.min(opts.workers ?? defaultWorkers(), indices.length)));
  try {
    const batches = await pool.run(config, opts.seedKey ?? config.name, master, indices, {
      onProgress: opts.onProgress ? (done) => opts.onProgress?.(done, indices.length) : undefined,
      signal: opts.signal,
    });
    const records = batches.flatMap((b) => b.records).sort((a, b) => a.index - b.index);
    return { header: { ...batches[0].header, seed: master, runs: opts.runs }, records };
  } finally {
    if (!opts.pool) await pool.destroy();
  }
}

/**
 * Monte Carlo projection of a scenario (`tiersim/projection@1`): `runs` replications seeded
 * by a hash of (master seed, scenario, index), run on worker threads and aggregated. The
 * result is the same, byte for byte once serialised, for any `workers`.
 *
 * @example
 * ```ts
 * const loaded = loadScenarioFile("scenarios/quickstart.yaml");
 * if (loaded.ok) {
 *   const p = await project(compileScenario(loaded.scenario, loaded.ruleSet), { runs: 200 });
 *   console.log(p.reachedAt["100000"].share, p.reachedAt["100000"].days?.q50);
 * }
 * ```
 */
export async function project(config: SimConfig, opts: ProjectOptions): Promise<ProjectionResult> {
  const { header, records } = await replicate(config, { ...opts, indices: undefined });
  if (header === null) throw new RangeError("a projection needs at least one run");
  return aggregate(header, records);
}
