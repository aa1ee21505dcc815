// p-queue (v6–v9) on virtual time. The adapter re-implements how PQueue starts jobs from its
// option object:
// - a job starts when fewer than `concurrency` run and fewer than `intervalCap` started in the
//   current interval;
// - intervals are fixed windows: the first start after the queue was idle starts a
//   `setInterval(interval)`; each tick resets the count (to the jobs still running when
//   `carryoverConcurrencyCount` is set) and starts what it can; the timer stops when a tick
//   finds nothing counted and nothing running, or when the queue runs empty;
// - when the timer is stopped, the next start compares with the end of the *first* window of
//   the stopped timer: past it, the count resets and a new window starts now; before it, the
//   old count stands until a timeout at that end resumes the ticks.
// Windows that restart whenever the queue drains are how a p-queue config can send more than
// `intervalCap` within one `interval` of wall time.
import type { ParalysisCause } from "../../result.js";
import type { Throttle, ThrottleView } from "../throttle.js";
import { numberOption, rejectUnknown, sendDuration, type AdapterOptions } from "./adapter-options.js";
import { TimeFifo } from "./fifo.js";

/** The PQueue constructor options that shape timing (others are accepted and ignored). */
export interface PQueueOptions {
  concurrency?: number;
  intervalCap?: number;
  interval?: number;
  carryoverConcurrencyCount?: boolean;
  /** Only `true`/absent: a queue that never starts sends nothing. */
  autoStart?: boolean;
  timeout?: number;
  throwOnTimeout?: boolean;
  queueClass?: unknown;
}

const KNOWN = ["concurrency", "intervalCap", "interval", "carryoverConcurrencyCount", "autoStart", "timeout", "throwOnTimeout", "queueClass"] as const;

/**
 * A p-queue as a {@link Throttle}: pass the options object your sender gives `new PQueue(…)`.
 * Each simulated send is one job, running for `sendDurationMs` (the API round trip, default
 * 200 ms) — which is what `concurrency` and `carryoverConcurrencyCount` count. While the
 * campaign is held back by something else (send window, platform back-off, paused template)
 * the queue starts nothing, as if paused. Used again after a run ended, it starts afresh.
 *
 * Unsupported: `autoStart: false`; `timeout` is accepted and ignored (a simulated send never
 * hangs). Unknown keys are an error, because p-queue would ignore a misspelt option silently.
 *
 * @example
 * ```ts
 * // 60 per second in fixed windows, 20 requests in flight.
 * const throttle = fromPQueue({ concurrency: 20, intervalCap: 60, interval: 1000 });
 * const result = simulate(config, { throttles: [throttle] });
 * ```
 */
export function fromPQueue(options: PQueueOptions, adapter: AdapterOptions = {}): Throttle {
  const o = options as Record<string, unknown>;
  rejectUnknown("p-queue", o, KNOWN);
  if (o.autoStart === false) throw new RangeError("p-queue option autoStart: false never starts a job by itself; check the config with autoStart left at true");
  const concurrency = numberOption("p-queue", o, "concurrency", 1, true) ?? Infinity;
  const intervalCap = numberOption("p-queue", o, "intervalCap", 1, true) ?? Infinity;
  const interval = numberOption("p-queue", o, "interval", 0) ?? 0;
  if (!Number.isInteger(interval)) throw new RangeError(`p-queue option interval must be a whole number of ms, got ${interval}`);
  return new VirtualPQueue(concurrency, intervalCap, interval, o.carryoverConcurrencyCount === true, sendDuration(adapter), adapter.name ?? "p-queue");
}

class VirtualPQueue implements Throttle {
  private readonly ignoreInterval: boolean;
  private readonly running = new TimeFifo();
  private count = 0;
  /** Whether the interval timer runs, and when it ticks next. */
  private active = false;
  private nextTick = Infinity;
  /** End of the first window of the last timer: what a restart compares with. */
  private intervalEnd = -Infinity;
  /** Pending resume timeout, or `Infinity`. */
  private resumeAt = Infinity;
  /** Jobs left in the queue after the last call: an empty queue stops the timer. */
  private queued = 0;
  private clock = 0;

  constructor(
    private readonly concurrency: number,
    private readonly intervalCap: number,
    private readonly interval: number,
    private readonly carryover: boolean,
    private readonly duration: number,
    readonly name: string,
  ) {
    this.ignoreInterval = interval === 0 || intervalCap === Infinity;
  }

  private reset(): void {
    this.running.clear();
    this.count = 0;
    this.active = false;
    this.nextTick = Infinity;
    this.intervalEnd = -Infinity;
    this.resumeAt = Infinity;
    this.queued = 0;
    this.clock = 0;
  }

  private sync(now: number, pending: number): void {
    if (now < this.clock) this.reset();
    // Timer ticks, resume timeouts and finished jobs up to now, in time order.
    for (;;) {
      const done = this.running.peek();
      const t = Math.min(done, this.nextTick, this.resumeAt);
      if (t > now) break;
      if (done === t) {
        this.running.shift();
        if (this.queued === 0) this.stopTimer();
      } else if (this.nextTick === t) {
        this.tick(t);
      } else {
        this.resumeAt = Infinity;
        this.count = this.carryover ? this.running.size : 0;
        this.startTimer(t);
      }
    }
    this.queued = pending;
    this.clock = now;
  }

  private tick(t: number): void {
    if (this.count === 0 && this.running.size === 0) this.stopTimer();
    else this.nextTick = t + this.interval;
    this.count = this.carryover ? this.running.size : 0;
    if (this.queued === 0) this.stopTimer();
  }

  private stopTimer(): void {
    this.active = false;
    this.nextTick = Infinity;
  }

  private startTimer(now: number): void {
    if (this.ignoreInterval || this.active) return;
    this.active = true;
    this.nextTick = now + this.interval;
    this.intervalEnd = now + this.interval;
  }

  /** Whether a start now may (re)start the timer; resets the count after a long pause, as p-queue does. */
  private canStartTimer(now: number): boolean {
    if (this.ignoreInterval || this.active) return true;
    if (this.resumeAt < Infinity) return false;
    if (this.intervalEnd - now < 0) {
      this.count = this.carryover ? this.running.size : 0;
      return true;
    }
    this.resumeAt = this.intervalEnd;
    return false;
  }

  private room(): number {
    const byConcurrency = this.concurrency - this.running.size;
    const byInterval = this.ignoreInterval ? Infinity : this.intervalCap - this.count;
    return Math.max(0, Math.min(byConcurrency, byInterval));
  }

  permits(v: ThrottleView): number {
    this.sync(v.now, v.pending);
    if (v.pending <= 0) return 0;
    this.canStartTimer(v.now);
    return Math.min(this.room(), v.pending);
  }

  wakeAt(v: ThrottleView): number {
    this.sync(v.now, v.pending);
    return Math.max(v.now + 1, Math.min(this.running.peek(), this.nextTick, this.resumeAt));
  }

  spend(now: number, n: number): void {
    if (n <= 0) return;
    const init = this.canStartTimer(now);
    for (let i = 0; i < n; i++) this.running.push(now + this.duration);
    this.count += n;
    this.queued = Math.max(0, this.queued - n);
    if (init) this.startTimer(now);
  }

  holdCause(): ParalysisCause | null {
    return null;
  }
}
