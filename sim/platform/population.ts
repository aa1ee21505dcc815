// The audience as struct-of-arrays: one row per user, a handful of bytes each, no object
// per user. Users are numbered in opt-in order, so "users existing at time t" is simply the
// id range [0, size) — campaigns iterate it with a cursor.
import { decayFactor } from "../../models/fatigue.js";

/** Bit flags of a user. */
export const UNDELIVERABLE = 1;
export const BLOCKED = 2;
export const OPTED_OUT = 4;
export const REPORTED = 8;
export const REPLIED = 16;
export const REACHED = 32;

/**
 * Population state in typed arrays that grow by doubling as users opt in.
 *
 * @example
 * ```ts
 * const p = new Population(1000);
 * const u = p.add(0, 2, false); // segment 0, market 2
 * p.cswUntil[u] = 86_400_000;   // a customer-service window is open for a day
 * ```
 */
export class Population {
  size = 0;
  segment: Uint8Array;
  market: Uint8Array;
  flags: Uint8Array;
  /** End of the user's customer-service window (ms since start); 0 = none. */
  cswUntil: Float64Array;
  /** Deliveries to the user so far: the counter of their keyed random draws. */
  deliveries: Uint16Array;
  /**
   * Fatigue: exposure to earlier deliveries (an exponentially weighted count, models/fatigue.ts)
   * as of `fatigueAt`. Float32 is plenty: a time rounded by a few hundred ms in a month (2 s in
   * a year) moves a weight with a 7-day window by a few millionths.
   */
  fatigue: Float32Array;
  fatigueAt: Float32Array;
  /** The last decay weight touch computed, and the elapsed time and window it is for. */
  private decayElapsed = NaN;
  private decayWindow = NaN;
  private decay = 1;

  constructor(capacity: number) {
    const n = Math.max(16, capacity);
    this.segment = new Uint8Array(n);
    this.market = new Uint8Array(n);
    this.flags = new Uint8Array(n);
    this.cswUntil = new Float64Array(n);
    this.deliveries = new Uint16Array(n);
    this.fatigue = new Float32Array(n);
    this.fatigueAt = new Float32Array(n);
  }

  get capacity(): number {
    return this.segment.length;
  }

  /** Adds a user; returns their id. */
  add(segment: number, market: number, undeliverable: boolean): number {
    if (this.size === this.capacity) this.grow();
    const u = this.size++;
    this.segment[u] = segment;
    this.market[u] = market;
    this.flags[u] = undeliverable ? UNDELIVERABLE : 0;
    return u;
  }

  has(u: number, flag: number): boolean {
    return (this.flags[u] & flag) !== 0;
  }

  /**
   * Counts a delivery at `now` for fatigue and returns the user's exposure to earlier ones: each
   * weighs exp(−age / window) (0 for the first delivery).
   */
  touch(u: number, now: number, window: number): number {
    // decayExposure, with its weight kept for the next user: the users of one pump batch were
    // all last reached in one batch too (the day before, for a daily send), so nine deliveries in
    // ten decay by the same elapsed time and need no exp() (about 1 % of a delivery's work).
    let before = this.fatigue[u];
    const elapsed = now - this.fatigueAt[u];
    if (before !== 0 && elapsed > 0) {
      if (elapsed !== this.decayElapsed || window !== this.decayWindow) {
        this.decayElapsed = elapsed;
        this.decayWindow = window;
        this.decay = decayFactor(elapsed, window);
      }
      before *= this.decay;
    }
    this.fatigue[u] = before + 1;
    this.fatigueAt[u] = now;
    return before;
  }

  private grow(): void {
    const n = this.capacity * 2;
    const g = <T extends Uint8Array | Uint16Array | Float32Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.segment = g(this.segment, (k) => new Uint8Array(k));
    this.market = g(this.market, (k) => new Uint8Array(k));
    this.flags = g(this.flags, (k) => new Uint8Array(k));
    this.cswUntil = g(this.cswUntil, (k) => new Float64Array(k));
    this.deliveries = g(this.deliveries, (k) => new Uint16Array(k));
    this.fatigue = g(this.fatigue, (k) => new Float32Array(k));
    this.fatigueAt = g(this.fatigueAt, (k) => new Float32Array(k));
  }
}
