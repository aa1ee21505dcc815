// Public API of the discrete-event core. sim/engine is generic: it knows nothing of
// WhatsApp, campaigns or tiers, and imports nothing outside this folder.
export { EventHeap } from "./heap.js";
export { Simulation, SimulationError } from "./scheduler.js";
export type { EventHandle, EventHandler, SimulationOptions, SimulationErrorCode } from "./scheduler.js";
export {
  murmur3,
  philox,
  replicationSeed,
  SplitMix64,
  Xoshiro128ss,
  streamFor,
  streamKey,
  keyedUniform,
  KeyedSource,
  exponential,
  exponentialFromU,
  normal,
  normalQuantile,
  logNormal,
  logNormalFromU,
  poisson,
} from "./random.js";
export type { UniformSource, StreamKey } from "./random.js";
export { LevelMonitor, Tally, batchMeans } from "./monitor.js";
export type { LevelMonitorOptions, TallyOptions, BatchMeansResult } from "./monitor.js";
