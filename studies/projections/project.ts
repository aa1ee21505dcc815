// Monte Carlo projection: many replications of one scenario, summarised. Returns data and
// never prints; progress and cancellation come in through callbacks and an AbortSignal.
import type { SimConfig } from "../../sim/config.js";
import type { ProjectionResult } from "./contract.js";
import { aggregate } from "./aggregate.js";
import { defaultWorkers, ReplicationPool } from "./pool.js";
import { evaluateTargets, precisionRecord, type PrecisionTarget } from "./precision.js";
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
  /**
   * Antithetic pairs: replication 2j + 1 is the twin of 2j (same seed, every uniform u → 1 − u).
   * `runs` must be even.
   */
  antithetic?: boolean;
  /** Called as replications finish: (done, total). */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/** Options of {@link projectToPrecision}. */
export interface PrecisionOptions extends Omit<ProjectOptions, "runs"> {
  /** Targets every interval must meet (see parsePrecisionTarget). */
  targets: readonly PrecisionTarget[];
  /** Replications per batch; the rule is checked after each whole batch. Default {@link DEFAULT_BATCH}. */
  batch?: number;
  /** Run cap; default {@link DEFAULT_MAX_RUNS}. */
  maxRuns?: number;
}

/** Replications per batch of a projection run to precision. */
export const DEFAULT_BATCH = 20;
/** Run cap of a projection run to precision. */
export const DEFAULT_MAX_RUNS = 1000;

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

function checkRuns(runs: number, antithetic = false): void {
  if (!Number.isInteger(runs) || runs < 1) throw new RangeError(`runs must be a whole number ≥ 1, got ${runs}`);
  if (antithetic && runs % 2 !== 0) throw new RangeError(`antithetic replications come in pairs: runs must be even, got ${runs}`);
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
  checkRuns(opts.runs, opts.antithetic);
  const master = opts.seed ?? config.seed;
  const indices = opts.indices ?? Array.from({ length: opts.runs }, (_, i) => i);
  if (indices.length === 0) return { header: null, records: [] };
  const pool = opts.pool ?? new ReplicationPool(Math.max(1, Math.min(opts.workers ?? defaultWorkers(), indices.length)));
  try {
    const batches = await pool.run(config, opts.seedKey ?? config.name, master, indices, {
      onProgress: opts.onProgress ? (done) => opts.onProgress?.(done, indices.length) : undefined,
      signal: opts.signal,
      antithetic: opts.antithetic,
    });
    const records = batches.flatMap((b) => b.records).sort((a, b) => a.index - b.index);
    return { header: { ...batches[0].header, seed: master, runs: opts.runs, ...(opts.antithetic ? { antithetic: true } : {}) }, records };
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

/**
 * A projection that chooses its own run count: replications in batches of `batch`, in
 * replication order, until every target's 95 % interval is as narrow as asked or `maxRuns`
 * ran. The rule is checked only after whole batches, over all runs so far, so the result is
 * the same, byte for byte, for any `workers`. The projection records the targets, what each
 * reached and why the run stopped (`precision`); `runs` is the runs used.
 *
 * @example
 * ```ts
 * const target = parsePrecisionTarget("days.100000.q50 ± 0.5d");
 * if (target.ok) {
 *   const p = await projectToPrecision(config, { targets: [target.target] });
 *   console.log(p.runs, p.precision?.targets[0].halfWidth);
 * }
 * ```
 */
export async function projectToPrecision(config: SimConfig, opts: PrecisionOptions): Promise<ProjectionResult> {
  const batch = opts.batch ?? DEFAULT_BATCH;
  const maxRuns = opts.maxRuns ?? DEFAULT_MAX_RUNS;
  const antithetic = opts.antithetic === true;
  if (opts.targets.length === 0) throw new RangeError("a projection to precision needs at least one target");
  checkRuns(batch, antithetic);
  checkRuns(maxRuns, antithetic);
  const master = opts.seed ?? config.seed;
  const seedKey = opts.seedKey ?? config.name;
  const pool = new ReplicationPool(Math.max(1, Math.min(opts.workers ?? defaultWorkers(), batch)));
  try {
    const records: ReplicationRecord[] = [];
    let header: Omit<ProjectionHeader, "seed" | "runs"> | undefined;
    for (;;) {
      const from = records.length;
      const count = Math.min(batch, maxRuns - from);
      const indices = Array.from({ length: count }, (_, i) => from + i);
      const batches = await pool.run(config, seedKey, master, indices, {
        onProgress: opts.onProgress ? (done) => opts.onProgress?.(from + done, maxRuns) : undefined,
        signal: opts.signal,
        antithetic,
      });
      header ??= batches[0].header;
      records.push(...batches.flatMap((b) => b.records).sort((a, b) => a.index - b.index));
      const statuses = evaluateTargets(opts.targets, records, Date.parse(header.start), antithetic);
      if (statuses.every((s) => s.met) || records.length >= maxRuns) {
        const projection = aggregate({ ...header, seed: master, runs: records.length, ...(antithetic ? { antithetic: true } : {}) }, records);
        return withPrecision(projection, precisionRecord(statuses, { batch, maxRuns, antithetic }));
      }
    }
  } finally {
    await pool.destroy();
  }
}

/** The projection with its `precision` block right after the run count, where a reader looks for it. */
function withPrecision(p: ProjectionResult, precision: NonNullable<ProjectionResult["precision"]>): ProjectionResult {
  const { schema, tool, scenario, seed, runs, ...rest } = p;
  return { schema, tool, scenario, seed, runs, precision, ...rest };
}
