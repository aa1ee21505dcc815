// Public API of the discrete-event core. sim/engine is generic: it knows nothing of
// WhatsApp, campaigns or tiers, and imports nothing outside this folder.
export { EventHeap } from "./heap.js";
export { Simulation, SimulationError } from "./scheduler.js";
export type { EventHandle, EventHandler, SimulationOptions, SimulationErrorCode } from "./scheduler.js";
export { EventKinds } from "./kinds.js";
export { PayloadPool } from "./payloads.js";
export { murmur3 } from "./hash.js";
export { philox, philox2x32 } from "./philox.js";
export { ComplementedXoshiro128ss, SplitMix64, Xoshiro128ss } from "./generators.js";
export type { UniformSource } from "./generators.js";
export { replicationSeed, streamFor, streamKey, keyedUniform, KeyedSource } from "./streams.js";
export type { StreamKey } from "./streams.js";
export { residual } from "./residual.js";
export { rewritable } from "./rewritable.js";
export { exponential, exponentialFromU, normal, normalQuantile, logNormal, logNormalFromU, poisson } from "./distributions.js";
export { LevelMonitor, Tally, batchMeans } from "./monitor.js";
export type { LevelMonitorOptions, TallyOptions, BatchMeansResult } from "./monitor.js";
