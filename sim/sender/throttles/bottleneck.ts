// Bottleneck (v2) on virtual time. The adapter re-implements the scheduling rules of
// Bottleneck's local datastore from its option object, so the configuration an engineer runs
// in production is what the simulation paces with:
// - a queued job *registers* when a drain finds capacity (running < maxConcurrent and
//   reservoir ≥ 1): it takes its slot and its reservoir unit at once, and starts after
//   `wait = max(nextRequest − now, 0)`; then nextRequest = start + minTime;
// - drains happen when a job is submitted, when one finishes, and on a reservoir refresh or
//   increase;
// - reservoir refreshes and increases are checked on a heartbeat every `heartbeatInterval`
//   (250 ms) from the limiter's creation, so a 1,100 ms refresh interval really refreshes
//   every 1,250 ms — as in the library.
// A job holds its slot from registration, so with minTime and maxConcurrent together the
// waiting jobs count against concurrency — the adapter keeps that, because it shapes the rate.
import type { ParalysisCause } from "../../result.js";
import type { Throttle, ThrottleView } from "../throttle.js";
import { numberOption, rejectUnknown, sendDuration, type AdapterOptions } from "./adapter-options.js";
import { TimeFifo } from "./fifo.js";

/** The Bottleneck constructor options that shape timing (others are accepted and ignored). */
export interface BottleneckOptions {
  maxConcurrent?: number | null;
  minTime?: number;
  reservoir?: number | null;
  reservoirRefreshInterval?: number | null;
  reservoirRefreshAmount?: number | null;
  reservoirIncreaseInterval?: number | null;
  reservoirIncreaseAmount?: number | null;
  reservoirIncreaseMaximum?: number | null;
  /** Only `null`/absent: dropping queued jobs is not something a campaign can do. */
  highWater?: number | null;
  strategy?: unknown;
  penalty?: number | null;
  heartbeatInterval?: number;
  id?: string;
  rejectOnDrop?: boolean;
  trackDoneStatus?: boolean;
  datastore?: string;
  clearDatastore?: boolean;
  clientOptions?: unknown;
  clusterNodes?: unknown;
  connection?: unknown;
  Promise?: unknown;
  Redis?: unknown;
  timeout?: number | null;
}

const KNOWN = [
  "maxConcurrent", "minTime", "reservoir", "reservoirRefreshInterval", "reservoirRefreshAmount", "reservoirIncreaseInterval",
  "reservoirIncreaseAmount", "reservoirIncreaseMaximum", "highWater", "strategy", "penalty", "heartbeatInterval", "id",
  "rejectOnDrop", "trackDoneStatus", "datastore", "clearDatastore", "clientOptions", "clusterNodes", "connection", "Promise", "Redis", "timeout",
] as const;

interface Settings {
  maxConcurrent: number | null;
  minTime: number;
  reservoir: number | null;
  /** Effective refresh period: the interval rounded up to whole heartbeats. */
  refreshEvery: number | null;
  refreshAmount: number;
  increaseEvery: number | null;
  increaseAmount: number;
  increaseMaximum: number | null;
}

function settings(options: BottleneckOptions): Settings {
  const o = options as Record<string, unknown>;
  rejectUnknown("Bottleneck", o, KNOWN);
  if (o.highWater !== undefined && o.highWater !== null) {
    throw new RangeError("Bottleneck option highWater drops queued jobs, which a simulated campaign cannot do; check the config without it (set highWater: null)");
  }
  const maxConcurrent = numberOption("Bottleneck", o, "maxConcurrent", 1);
  const heartbeat = numberOption("Bottleneck", o, "heartbeatInterval", 1) ?? 250;
  const refreshInterval = numberOption("Bottleneck", o, "reservoirRefreshInterval", 1);
  const refreshAmount = numberOption("Bottleneck", o, "reservoirRefreshAmount", 0);
  const increaseInterval = numberOption("Bottleneck", o, "reservoirIncreaseInterval", 1);
  const increaseAmount = numberOption("Bottleneck", o, "reservoirIncreaseAmount", 0);
  // The library starts its heartbeat only when interval and amount are both set.
  const refreshes = refreshInterval !== null && refreshAmount !== null;
  const increases = increaseInterval !== null && increaseAmount !== null;
  return {
    maxConcurrent,
    minTime: numberOption("Bottleneck", o, "minTime", 0) ?? 0,
    reservoir: numberOption("Bottleneck", o, "reservoir", 0),
    refreshEvery: refreshes ? Math.ceil(refreshInterval / heartbeat) * heartbeat : null,
    refreshAmount: refreshAmount ?? 0,
    increaseEvery: increases ? Math.ceil(increaseInterval / heartbeat) * heartbeat : null,
    increaseAmount: increaseAmount ?? 0,
    increaseMaximum: numberOption("Bottleneck", o, "reservoirIncreaseMaximum", 0),
  };
}

/**
 * A Bottleneck limiter as a {@link Throttle}: pass the options object your sender gives
 * `new Bottleneck(…)`. Each simulated send is one job of weight 1, occupying a concurrency slot
 * from registration until `sendDurationMs` after it starts. The limiter is created at the
 * scenario start (its heartbeat and reservoir timers count from there). While the campaign is
 * held back by something else (send window, platform back-off, paused template) the limiter
 * registers nothing, as if its queue were paused. Used again after a run ended, it starts afresh.
 *
 * Unsupported: `highWater` (dropping jobs) and weights other than 1; unknown keys are an
 * error, because Bottleneck would ignore a misspelt option silently.
 *
 * @example
 * ```ts
 * // 100 messages a second: far above a number's 80 mps, so the run shows 130429 refusals.
 * const throttle = fromBottleneck({ reservoir: 100, reservoirRefreshAmount: 100, reservoirRefreshInterval: 1000 });
 * const result = simulate(config, { throttles: [throttle] });
 * ```
 */
export function fromBottleneck(options: BottleneckOptions, adapter: AdapterOptions = {}): Throttle {
  return new VirtualBottleneck(settings(options), sendDuration(adapter), adapter.name ?? "bottleneck");
}

class VirtualBottleneck implements Throttle {
  private reservoir: number | null = null;
  private nextRequest = 0;
  private lastRefresh = 0;
  private lastIncrease = 0;
  /** Start times of registered jobs not yet handed to the campaign (non-decreasing). */
  private readonly registered = new TimeFifo();
  /** End times of started jobs still holding their slot. */
  private readonly inFlight = new TimeFifo();
  private queued = 0;
  private clock = 0;
  private lastStart = -Infinity;

  constructor(
    private readonly s: Settings,
    private readonly duration: number,
    readonly name: string,
  ) {
    this.reset();
  }

  private reset(): void {
    this.reservoir = this.s.reservoir;
    this.nextRequest = 0;
    this.lastRefresh = 0;
    this.lastIncrease = 0;
    this.registered.clear();
    this.inFlight.clear();
    this.queued = 0;
    this.clock = 0;
    this.lastStart = -Infinity;
  }

  private get running(): number {
    return this.registered.size + this.inFlight.size;
  }

  /** Brings the limiter to `now`: timers and finished jobs since the last call, then a drain. */
  private sync(now: number, pending: number): void {
    if (now < this.clock) this.reset();
    this.timers(now);
    while (this.inFlight.peek() <= now) this.inFlight.shift();
    // `pending` can be lower than what was registered (the campaign's count is an upper bound):
    // jobs that never existed give their slot and reservoir unit back.
    while (this.registered.size > pending) {
      this.registered.pop();
      if (this.reservoir !== null) this.reservoir++;
    }
    // Jobs whose start passed while the campaign was held back (back-off, limit, window) start
    // when it resumes, keeping their spacing: the paused queue does not burst on resume.
    const late = now - this.registered.peek();
    if (late >= 1) this.registered.addAll(late);
    this.nextRequest = (this.registered.size > 0 ? this.registered.at(this.registered.size - 1) : this.lastStart) + this.s.minTime;
    this.queued = Math.max(0, pending - this.registered.size);
    this.drain(now);
    this.clock = now;
  }

  /** Refreshes and increases due by `now`, in heartbeat order (refresh first on a shared beat). */
  private timers(now: number): void {
    const { refreshEvery, increaseEvery, increaseMaximum } = this.s;
    if (increaseEvery === null) {
      // A refresh sets the reservoir, so only the last one before `now` matters.
      if (refreshEvery !== null && this.lastRefresh + refreshEvery <= now) {
        this.lastRefresh += Math.floor((now - this.lastRefresh) / refreshEvery) * refreshEvery;
        this.reservoir = this.s.refreshAmount;
      }
      return;
    }
    for (;;) {
      const r = refreshEvery === null ? Infinity : this.lastRefresh + refreshEvery;
      const i = this.lastIncrease + increaseEvery;
      const t = Math.min(r, i);
      if (t > now) return;
      if (r === t) {
        this.lastRefresh = r;
        this.reservoir = this.s.refreshAmount;
      }
      if (i === t) {
        this.lastIncrease = i;
        const res = this.reservoir ?? 0;
        const incr = increaseMaximum !== null ? Math.min(this.s.increaseAmount, increaseMaximum - res) : this.s.increaseAmount;
        if (incr > 0) this.reservoir = res + incr;
        if (refreshEvery === null) {
          // Without refreshes the rest of the increases up to `now` add up in closed form.
          const k = Math.floor((now - this.lastIncrease) / increaseEvery);
          this.lastIncrease += k * increaseEvery;
          const after = (this.reservoir ?? 0) + k * this.s.increaseAmount;
          const capped = increaseMaximum === null ? after : Math.max(this.reservoir ?? 0, Math.min(increaseMaximum, after));
          if (k > 0 && this.s.increaseAmount > 0) this.reservoir = capped;
          return;
        }
      }
    }
  }

  private drain(now: number): void {
    const { maxConcurrent, minTime } = this.s;
    while (this.queued > 0 && (maxConcurrent === null || this.running < maxConcurrent) && (this.reservoir === null || this.reservoir >= 1)) {
      if (this.reservoir !== null) this.reservoir--;
      const start = Math.max(this.nextRequest, now);
      this.nextRequest = start + minTime;
      this.registered.push(start);
      this.queued--;
    }
  }

  permits(v: ThrottleView): number {
    this.sync(v.now, v.pending);
    let n = 0;
    while (n < this.registered.size && this.registered.at(n) <= v.now) n++;
    return n;
  }

  wakeAt(v: ThrottleView): number {
    this.sync(v.now, v.pending);
    let at = this.registered.size > 0 ? this.registered.peek() : Infinity;
    if (this.queued > 0) {
      // Something must free capacity before the queue moves: a finishing job or a timer.
      at = Math.min(at, this.inFlight.peek());
      if (this.s.refreshEvery !== null) at = Math.min(at, this.lastRefresh + this.s.refreshEvery);
      if (this.s.increaseEvery !== null) at = Math.min(at, this.lastIncrease + this.s.increaseEvery);
    }
    return Math.max(at, v.now + 1);
  }

  spend(now: number, n: number): void {
    for (let i = 0; i < n; i++) {
      if (this.registered.size > 0) this.registered.shift();
      else if (this.reservoir !== null) this.reservoir--;
      this.inFlight.push(now + this.duration);
      this.lastStart = now;
    }
  }

  holdCause(): ParalysisCause | null {
    return null;
  }
}
