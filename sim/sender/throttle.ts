// Sender throttles: what a business's sending code does before each attempt. The engine asks
// a throttle, on virtual time, how many attempts may start now and, when none may, when to
// ask again. Built-in policies cover the common senders; engineers plug their own through the
// same interface.
import type { Limit, Quality, TemplateStatus } from "../../models/rules/types.js";
import type { ThrottleSpec } from "../config.js";
import type { ParalysisCause } from "../result.js";
import type { PlatformSignal } from "../platform/events.js";

/**
 * What a throttle can see when it decides: one object, refreshed by the engine before each
 * call (never retain it).
 */
export interface ThrottleView {
  /** Virtual time, ms since the scenario start. */
  now: number;
  /** Messaging limit in force for the sending number's scope (`null` = unlimited). */
  limit: Limit;
  /** Distinct users counted toward that limit in the moving 24 h (and places reserved by held messages). */
  counted24h: number;
  /** When the counted set next shrinks (`null` if nobody is counted). */
  nextCapacityAt: number | null;
  /** Quality rating of the number / portfolio. */
  quality: Quality;
  /** Status of the campaign's template. */
  templateStatus: TemplateStatus;
  /** Throughput of the sending number, messages per second. */
  mps: number;
  /** Sends waiting in the campaign. */
  pending: number;
}

/** A platform signal a throttle may react to (webhooks, in the real world). */
export type ThrottleSignal = PlatformSignal;

/**
 * Outcome of one attempt as a throttle sees it. A message held for quality assessment is
 * reported `held` when sent, then `delivered` or `failed` when pacing releases or drops it.
 */
export type AttemptOutcomeName = "delivered" | "failed" | "rejected" | "held";

/**
 * A sender throttle driven on virtual time: the engine asks it how many attempts may start
 * now and when to ask again, tells it about every attempt, refusal and platform signal, and
 * lets it choose the retry time after a refusal or failure.
 *
 * How the engine calls it, per campaign: a pump asks {@link Throttle.permits}; it attempts up
 * to that many sends and reports them with {@link Throttle.spend}; on 0 it asks
 * {@link Throttle.holdCause} (to record a paralysis) and sleeps until {@link Throttle.wakeAt}
 * (or until a platform change wakes it). A 130429 refusal backs the whole campaign off and
 * re-queues the user; a messaging-limit refusal re-queues and waits for capacity; 131056 and
 * failures (131049…) schedule a retry of that user — each after the delay
 * {@link Throttle.onError} returns, or the campaign's `retry` rules when it returns
 * `undefined`. Time is ms since the scenario start and never goes back within a run.
 *
 * Keep state in the object (or in a closure) and create one per campaign and run — that is
 * why tiersim takes factories `(ctx) => Throttle` (see `checkThrottle`, `--throttle`).
 *
 * @example
 * ```ts
 * import { GIVE_UP, type Throttle, type ThrottleView } from "tiersim";
 *
 * // 40 sends a second, never past 90 % of the messaging limit, half speed while quality is
 * // YELLOW, nothing while the template is paused; back off on 130429, stop on 131048.
 * export function createThrottle(): Throttle {
 *   let next = 0;
 *   let slow = false;
 *   const room = (v: ThrottleView) => (v.limit === null ? Infinity : Math.floor(v.limit * 0.9) - v.counted24h);
 *   const gap = () => (slow ? 50 : 25);
 *   return {
 *     name: "forty-per-second",
 *     permits: (v) => (v.templateStatus === "PAUSED" || room(v) <= 0 || v.now < next ? 0 : 1),
 *     wakeAt: (v) => (room(v) <= 0 ? (v.nextCapacityAt ?? v.now + 60_000) : Math.max(next, v.now + 1)),
 *     spend: (now, n) => { next = now + gap() * n; },
 *     holdCause: (v) => (v.templateStatus === "PAUSED" ? "template-paused" : room(v) <= 0 ? "messaging-limit" : null),
 *     onError: (code, attempt) => (code === 130429 ? 1000 * 2 ** (attempt - 1) : code === 131048 ? GIVE_UP : undefined),
 *     onSignal: (s) => { if (s.type === "quality-changed") slow = s.to === "YELLOW"; },
 *   };
 * }
 *
 * // const result = simulate(config, { throttles: [createThrottle()] });
 * // expectThrottle(config, createThrottle, { assertions: ["limit.overshoot == 0"] });
 * ```
 */
export interface Throttle {
  readonly name: string;
  /** How many attempts may start at `view.now` (0 = none; `Infinity` = as many as there are). */
  permits(view: ThrottleView): number;
  /** After `permits` returned 0: when to ask again (ms since start; `Infinity` = on the next platform signal). */
  wakeAt(view: ThrottleView): number;
  /** `n` attempts were started at `now`. */
  spend(now: number, n: number): void;
  /** When `permits` is 0 because of a platform limit, the paralysis cause it stands for; `null` for self-pacing. */
  holdCause(view: ThrottleView): ParalysisCause | null;
  /**
   * A refusal or failure with `code` for the `attempt`-th time for this user (or, for 130429, the
   * campaign's consecutive throughput refusals): ms to wait before retrying, {@link GIVE_UP}
   * (−1) to drop the send, or `undefined` to follow the campaign's `retry` rules.
   */
  onError?(code: number, attempt: number, now: number): number | undefined;
  /** Every attempt's outcome (code 0 when delivered). */
  onOutcome?(outcome: AttemptOutcomeName, code: number, now: number): void;
  /** Platform signals: limit, quality, template status, throughput changes. */
  onSignal?(signal: ThrottleSignal, now: number): void;
}

/** Returned by {@link Throttle.onError} to drop a send. */
export const GIVE_UP = -1;

/** Token bucket in fractional tokens; refills continuously at `rate` per second up to `capacity`. */
class Bucket {
  private tokens: number;
  private last = 0;
  constructor(
    public rate: number,
    public capacity: number,
  ) {
    this.tokens = capacity;
  }
  available(now: number): number {
    this.refill(now);
    return Math.floor(this.tokens + 1e-9);
  }
  take(now: number, n: number): void {
    this.refill(now);
    this.tokens -= n;
  }
  /** Earliest time at which `want` whole tokens are available. */
  readyAt(now: number, want: number): number {
    this.refill(now);
    const missing = Math.min(want, this.capacity) - this.tokens;
    return missing <= 0 ? now : now + Math.ceil((missing * 1000) / this.rate);
  }
  private refill(now: number): void {
    if (now > this.last) {
      this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) * this.rate) / 1000);
      this.last = now;
    }
  }
}

/** Sends as fast as it can: the platform's refusals are the only brake. */
class NoThrottle implements Throttle {
  readonly name = "none";
  permits(): number {
    return Infinity;
  }
  wakeAt(v: ThrottleView): number {
    return v.now;
  }
  spend(): void {}
  holdCause(): ParalysisCause | null {
    return null;
  }
}

/** A fixed rate (burst 1 s of tokens) or a token bucket. */
class RateThrottle implements Throttle {
  private readonly bucket: Bucket;
  constructor(
    readonly name: string,
    rate: number,
    burst: number,
  ) {
    this.bucket = new Bucket(rate, Math.max(1, burst));
  }
  permits(v: ThrottleView): number {
    return this.bucket.available(v.now);
  }
  wakeAt(v: ThrottleView): number {
    // Wait for a batch (one second of tokens) rather than one token: same average rate, far fewer events.
    return this.bucket.readyAt(v.now, Math.max(1, Math.min(v.pending, Math.floor(this.bucket.rate))));
  }
  spend(now: number, n: number): void {
    this.bucket.take(now, n);
  }
  holdCause(): ParalysisCause | null {
    return null;
  }
}

/**
 * Uses a share of the messaging limit per moving 24 h, paced at the number's throughput.
 * `fill-limit` is the share 1 − headroom; `quality-aware` also slows on YELLOW and stops on RED
 * or a paused template.
 */
class LimitThrottle implements Throttle {
  private bucket: Bucket | null = null;
  constructor(
    readonly name: string,
    private readonly share: number,
    private readonly qualityAware: boolean,
    private readonly slowdown: number,
  ) {}

  private pace(v: ThrottleView): Bucket {
    const rate = this.qualityAware && v.quality === "YELLOW" ? v.mps * this.slowdown : v.mps;
    if (!this.bucket) this.bucket = new Bucket(rate, Math.max(1, Math.floor(rate)));
    else if (this.bucket.rate !== rate) {
      this.bucket.rate = rate;
      this.bucket.capacity = Math.max(1, Math.floor(rate));
    }
    return this.bucket;
  }

  private room(v: ThrottleView): number {
    if (v.limit === null) return Infinity;
    return Math.floor(v.limit * this.share) - v.counted24h;
  }

  private stopped(v: ThrottleView): boolean {
    return this.qualityAware && (v.quality === "RED" || v.templateStatus === "PAUSED");
  }

  permits(v: ThrottleView): number {
    if (this.stopped(v)) return 0;
    const room = this.room(v);
    if (room <= 0) return 0;
    return Math.min(room, this.pace(v).available(v.now));
  }

  wakeAt(v: ThrottleView): number {
    if (this.stopped(v)) return v.now + 3_600_000;
    if (this.room(v) <= 0) return v.nextCapacityAt ?? v.now + 60_000;
    const b = this.pace(v);
    return b.readyAt(v.now, Math.max(1, Math.min(v.pending, Math.floor(b.rate))));
  }

  spend(now: number, n: number): void {
    this.bucket?.take(now, n);
  }

  holdCause(v: ThrottleView): ParalysisCause | null {
    // Stopping on RED is the sender's own choice, not a platform stall: no paralysis cause.
    if (this.stopped(v)) return v.templateStatus === "PAUSED" ? "template-paused" : null;
    return this.room(v) <= 0 ? "messaging-limit" : null;
  }
}

/**
 * Builds a built-in throttle from its declarative spec (the `throttle` block of a campaign).
 *
 * @example
 * ```ts
 * const t = builtinThrottle({ policy: "fill-limit", headroom: 0.1, slowdown: 0.5 });
 * ```
 */
export function builtinThrottle(spec: ThrottleSpec): Throttle {
  switch (spec.policy) {
    case "none":
      return new NoThrottle();
    case "fixed-rate": {
      const rate = spec.rate ?? 80;
      return new RateThrottle("fixed-rate", rate, Math.max(1, Math.floor(rate)));
    }
    case "token-bucket": {
      const rate = spec.rate ?? 80;
      return new RateThrottle("token-bucket", rate, spec.burst ?? Math.max(1, Math.floor(rate)));
    }
    case "fraction-of-limit":
      return new LimitThrottle("fraction-of-limit", spec.fraction ?? 0.5, false, 1);
    case "fill-limit":
      return new LimitThrottle("fill-limit", 1 - spec.headroom, false, 1);
    case "quality-aware":
      return new LimitThrottle("quality-aware", 1 - spec.headroom, true, spec.slowdown);
  }
}
