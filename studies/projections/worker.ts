// Worker-thread entry of the replication pool: one task = one batch of replications.
import { runBatch } from "./replicate.js";
import type { ReplicationBatch, ReplicationTask } from "./replicate.js";

/**
 * Tinypool calls the default export with each task.
 *
 * @example
 * ```ts
 * await pool.run({ config, seedKey: config.name, master: 42, indices: [0, 1] }); // → work(task) in a worker
 * ```
 */
export default function work(task: ReplicationTask): ReplicationBatch {
  return runBatch(task);
}
