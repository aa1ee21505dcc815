// What the business side of a run shares: the configuration, the engine and its event kinds,
// the recorder, the platform it sends through, its campaigns, and the modules that act on them.
import type { SimConfig } from "../config.js";
import type { EventKinds, Simulation } from "../engine/index.js";
import type { Platform } from "../platform/index.js";
import type { Recorder } from "../recorder.js";
import type { CampaignRun } from "./campaign.js";
import type { Lifecycle } from "./lifecycle.js";
import type { Paralysis } from "./paralysis.js";
import type { Pump } from "./pump.js";
import type { Retries } from "./retries.js";
import type { Tracer } from "./trace.js";

export interface SenderContext {
  readonly cfg: SimConfig;
  readonly seed: number;
  /** The antithetic twin of the run with `seed`: every random draw is complemented (u → 1 − u). */
  readonly antithetic: boolean;
  readonly engine: Simulation;
  readonly kinds: EventKinds;
  readonly rec: Recorder;
  readonly platform: Platform;
  readonly campaigns: CampaignRun[];
  /** The `--trace` rows, when asked for. */
  readonly tracer: Tracer | undefined;
  readonly iso: (t: number) => string;
  /** Set once every module exists. */
  modules: { lifecycle: Lifecycle; paralysis: Paralysis; pump: Pump; retries: Retries };
}
