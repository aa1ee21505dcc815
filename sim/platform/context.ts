// What every room of the platform shares: the run's configuration, its clock and event
// kinds, the recorder, the keyed draws, and the listener on the business side. Rooms reach
// one another through `rooms`, set once when the platform is assembled.
import type { RuleSet } from "../../models/rules/types.js";
import type { SimConfig } from "../config.js";
import type { EventKinds, Simulation } from "../engine/index.js";
import type { Recorder } from "../recorder.js";
import type { Audience } from "./audience.js";
import type { Caps } from "./caps.js";
import type { Draws } from "./draws.js";
import type { Enforcement } from "./enforcement.js";
import type { PlatformListener } from "./events.js";
import type { Limits } from "./limit.js";
import type { Pacing } from "./pacing.js";
import type { Pricing } from "./pricing.js";
import type { QualityRoom } from "./quality.js";
import type { Send } from "./send.js";
import type { Templates } from "./templates.js";
import type { Throughput } from "./throughput.js";
import type { WireTap } from "./tap.js";

/** The rooms of the platform, one per simulated feature. */
export interface Rooms {
  audience: Audience;
  limits: Limits;
  quality: QualityRoom;
  templates: Templates;
  throughput: Throughput;
  caps: Caps;
  pricing: Pricing;
  pacing: Pacing;
  enforcement: Enforcement;
  send: Send;
}

export interface PlatformContext {
  readonly cfg: SimConfig;
  readonly rs: RuleSet;
  readonly seed: number;
  /** The antithetic twin of the run with `seed`: every random draw is complemented (u → 1 − u). */
  readonly antithetic: boolean;
  readonly engine: Simulation;
  readonly kinds: EventKinds;
  readonly rec: Recorder;
  readonly draws: Draws;
  /** The business side (the sender of a run). */
  listener: PlatformListener;
  /** Hears each message's wire moments (`--webhooks`); null — nobody listening — by default. */
  tap: WireTap | null;
  /** Set when every room exists. */
  rooms: Rooms;
  /** A sequential uniform stream for one purpose, seeded by the run's seed and its name. */
  uniformFor(purpose: string): () => number;
  /** Records the headline limit and quality in force from `now` in the daily rows. */
  sampleHeadline(now: number): void;
}
