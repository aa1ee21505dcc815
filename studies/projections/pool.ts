// The worker-thread pool of replications: the only module of studies/ that starts threads or
// looks at the file system (to find the compiled worker). Results never depend on the
// number of workers: tasks are batches of replication indices, each replication seeded by
// its index, and the caller orders records by index before aggregating.
import { setMaxListeners } from "node:events";
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import Tinypool from "tinypool";
import type { SimConfig } from "../../sim/config.js";
import type { ReplicationBatch, ReplicationTask } from "./replicate.js";

/**
 * Cores this process may use: the default worker count.
 *
 * @example
 * ```ts
 * new ReplicationPool(defaultWorkers());
 * ```
 */
export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

/** The module a worker thread loads, and the Node flags it needs. */
export interface WorkerEntry {
  filename: string;
  execArgv: string[];
}

/**
 * A worker must load JavaScript. From dist/ the worker sits beside this module; from the
 * TypeScript sources (vitest, tsx) it is the compiled twin in dist/, which the test setup
 * builds first. (Loading the .ts worker through `--import tsx` does not work in worker
 * threads on Node 20: the loader hooks do not reach the worker's entry module.)
 *
 * @example
 * ```ts
 * workerEntry("file:///app/dist/studies/projections/pool.js"); // { filename: "file:///app/dist/studies/projections/worker.js", execArgv: [] }
 * ```
 */
export function workerEntry(moduleUrl: string = import.meta.url, exists: (path: string) => boolean = existsSync): WorkerEntry {
  if (fileURLToPath(moduleUrl).endsWith(".js")) return { filename: new URL("./worker.js", moduleUrl).href, execArgv: [] };
  const compiled = new URL("../../dist/studies/projections/worker.js", moduleUrl);
  if (!exists(fileURLToPath(compiled))) {
    throw new Error(`the replication worker runs compiled code and ${fileURLToPath(compiled)} is missing: build first (npm run build)`);
  }
  return { filename: compiled.href, execArgv: [] };
}

/**
 * Batch size for `count` replications on `workers` threads: about 48 tasks per worker (at
 * most 64 replications a task), so the ~35 µs dispatch of a task stays negligible, the last
 * tasks still balance the load, and progress moves in small steps.
 *
 * @example
 * ```ts
 * batchSize(1000, 4); // 6
 * ```
 */
export function batchSize(count: number, workers: number): number {
  // About 48 tasks per worker: the last task leaves the other cores idle, so the tail is at most
  // 1/48 of the run, while dispatch (~35 µs a task) stays negligible next to a replication.
  return Math.min(64, Math.max(1, Math.ceil(count / (workers * 48))));
}

/** Options of {@link ReplicationPool.run}. */
export interface PoolRunOptions {
  /** Called after each finished batch with replications done so far (of this call). */
  onProgress?: (done: number) => void;
  signal?: AbortSignal;
  /** Antithetic pairs: odd indices run the twin of the index before (see replicationPlan). */
  antithetic?: boolean;
}

/**
 * A pool of worker threads running replications.
 *
 * @example
 * ```ts
 * const pool = new ReplicationPool(2);
 * try {
 *   const batches = await pool.run(config, config.name, 42, [0, 1, 2, 3]);
 * } finally {
 *   await pool.destroy();
 * }
 * ```
 */
export class ReplicationPool {
  private readonly pool: Tinypool;

  /** @param entry the worker module; default: {@link workerEntry}. */
  constructor(
    readonly workers: number,
    entry: WorkerEntry = workerEntry(),
  ) {
    if (!Number.isInteger(workers) || workers < 1) throw new RangeError(`workers must be a whole number ≥ 1, got ${workers}`);
    this.pool = new Tinypool({ filename: entry.filename, execArgv: entry.execArgv, minThreads: workers, maxThreads: workers, idleTimeout: 60_000 });
  }

  /**
   * Runs the replications `indices` of `config` and resolves with one batch per task, in
   * task order. Rejects with an AbortError when `signal` aborts.
   *
   * @example
   * ```ts
   * const batches = await pool.run(config, config.name, 42, [0, 1, 2], { onProgress: (d) => console.error(d) });
   * ```
   */
  async run(config: SimConfig, seedKey: string, master: number, indices: readonly number[], opts: PoolRunOptions = {}): Promise<ReplicationBatch[]> {
    const size = batchSize(indices.length, this.workers);
    const tasks: ReplicationTask[] = [];
    for (let i = 0; i < indices.length; i += size) tasks.push({ config, seedKey, master, indices: indices.slice(i, i + size), ...(opts.antithetic ? { antithetic: true } : {}) });
    let done = 0;
    const controller = new AbortController();
    // The pool listens on the signal once per queued task.
    setMaxListeners(tasks.length + 10, controller.signal);
    const onAbort = (): void => controller.abort(opts.signal?.reason);
    opts.signal?.addEventListener("abort", onAbort, { once: true });
    if (opts.signal?.aborted) controller.abort(opts.signal.reason);
    try {
      return await Promise.all(
        tasks.map(async (task) => {
          const batch = (await this.pool.run(task, { signal: controller.signal })) as ReplicationBatch;
          done += task.indices.length;
          opts.onProgress?.(done);
          return batch;
        }),
      );
    } catch (err) {
      // One failed task fails the whole run: stop the others instead of finishing them.
      controller.abort(err);
      throw err;
    } finally {
      opts.signal?.removeEventListener("abort", onAbort);
    }
  }

  /**
   * Stops every worker.
   *
   * @example
   * ```ts
   * await pool.destroy();
   * ```
   */
  async destroy(): Promise<void> {
    await this.pool.destroy();
  }
}
