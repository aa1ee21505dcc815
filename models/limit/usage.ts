// What auto-scaling and the usage scaling path measure. Meta says "used at least half of the
// limit in the last 7 days" without saying how (reference §2.4), so both readings exist:
// the distinct users reached over the look-back, or the highest moving-24 h count seen in it.
import type { UtilizationMeasure } from "../rules/types.js";
import { DistinctWindow } from "./distinct-window.js";

/** One usage reading fed by every counted delivery. */
export interface UsageMeasure {
  /** A counted delivery to `user` at `now`; `movingCount` is the moving-24 h count right after it. */
  record(user: number, now: number, movingCount: number): void;
  /** The reading at `now`. */
  value(now: number): number;
}

/**
 * Distinct users with a counted delivery in the last `lookbackMs` (the 2023 wording
 * "conversations with unique customers in the last 7 days", and Meta's 100/200/200 example).
 * Also measures the usage scaling path (distinct users in 30 days).
 *
 * @example
 * ```ts
 * const u = new CumulativeUnique(7 * 86_400_000);
 * u.record(1, 0, 1); u.record(2, 86_400_000, 1); u.record(1, 2 * 86_400_000, 1);
 * u.value(2 * 86_400_000); // 2
 * ```
 */
export class CumulativeUnique implements UsageMeasure {
  private readonly w: DistinctWindow;

  constructor(lookbackMs: number, initialCapacity = 1024) {
    // A user stays in the look-back until 7 days after their latest counted delivery.
    this.w = new DistinctWindow(lookbackMs, { refreshOnRepeat: true, initialCapacity });
  }

  record(user: number, now: number, _movingCount?: number): void {
    this.w.record(user, now);
  }

  value(now: number): number {
    return this.w.count(now);
  }
}

/**
 * Highest moving-24 h distinct count observed at a counted delivery within the last
 * `lookbackMs`. A monotonic deque of (time, count) in typed arrays: amortised O(1).
 * The count only rises at deliveries, so observing it there catches every peak.
 *
 * @example
 * ```ts
 * const p = new PeakMoving24h(7 * 86_400_000);
 * p.record(1, 0, 300); p.record(2, 3_600_000, 120);
 * p.value(3_600_000);        // 300
 * p.value(7 * 86_400_000);   // 120: the 300 left the look-back
 * ```
 */
export class PeakMoving24h implements UsageMeasure {
  readonly lookbackMs: number;
  private times = new Float64Array(64);
  private values = new Float64Array(64);
  private head = 0;
  private size = 0;

  constructor(lookbackMs: number) {
    this.lookbackMs = lookbackMs;
  }

  record(_user: number, now: number, movingCount: number): void {
    const mask = this.times.length - 1;
    // Older readings no larger than this one can never be the maximum again.
    while (this.size > 0 && this.values[(this.head + this.size - 1) & mask] <= movingCount) this.size--;
    if (this.size === this.times.length) this.grow();
    const j = (this.head + this.size) & (this.times.length - 1);
    this.times[j] = now;
    this.values[j] = movingCount;
    this.size++;
  }

  value(now: number): number {
    const cutoff = now - this.lookbackMs;
    const mask = this.times.length - 1;
    while (this.size > 0 && this.times[this.head] <= cutoff) {
      this.head = (this.head + 1) & mask;
      this.size--;
    }
    return this.size > 0 ? this.values[this.head] : 0;
  }

  private grow(): void {
    const n = this.times.length;
    const t = new Float64Array(n * 2);
    const v = new Float64Array(n * 2);
    for (let i = 0; i < this.size; i++) {
      const j = (this.head + i) & (n - 1);
      t[i] = this.times[j];
      v[i] = this.values[j];
    }
    this.times = t;
    this.values = v;
    this.head = 0;
  }
}

/**
 * The usage reading a rule set asks for.
 *
 * @example
 * ```ts
 * const m = createUsageMeasure("peakMoving24h", 7 * 86_400_000);
 * m.record(0, 0, 1); m.value(0); // 1
 * ```
 */
export function createUsageMeasure(measure: UtilizationMeasure, lookbackMs: number, initialCapacity = 1024): UsageMeasure {
  return measure === "cumulativeUnique7d" ? new CumulativeUnique(lookbackMs, initialCapacity) : new PeakMoving24h(lookbackMs);
}
