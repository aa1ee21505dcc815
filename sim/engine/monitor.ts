// Statistics collectors that models feed as they run, so no model has to re-implement
// time-weighted averages or keep ad-hoc arrays (the most common thing SimPy users write by
// hand). Both are O(1) per update and allocate nothing per update (the tally's stored sample
// grows by doubling).
import { quantileSorted as r7QuantileSorted } from "simple-statistics";

/** Options of {@link LevelMonitor}. */
export interface LevelMonitorOptions {
  /** Time at which observation starts. Default 0. */
  start?: number;
  /** Level at `start`. Default 0. */
  initial?: number;
  /** Thresholds for which the time spent strictly above is accumulated. */
  above?: readonly number[];
}

/**
 * A piecewise-constant level observed over time (queue length, messages in flight, share of
 * the tier used): time-weighted mean, integral, min, max, and time spent above thresholds.
 * Updates must come in non-decreasing time order.
 * @example
 * ```ts
 * const inQueue = new LevelMonitor({ above: [10] });
 * inQueue.add(0, 1);    // level 1 from t=0
 * inQueue.add(30, 12);  // level 13 from t=30
 * inQueue.set(40, 0);   // level 0 from t=40
 * inQueue.mean(100);    // (1·30 + 13·10) / 100 = 1.6
 * inQueue.durationAbove(10, 100); // 10
 * ```
 */
export class LevelMonitor {
  private readonly start: number;
  private last: number;
  private level: number;
  private area = 0;
  private lo: number;
  private hi: number;
  private readonly thresholds: Float64Array;
  private readonly aboveTime: Float64Array;

  constructor(options: LevelMonitorOptions = {}) {
    this.start = options.start ?? 0;
    this.last = this.start;
    this.level = options.initial ?? 0;
    this.lo = this.level;
    this.hi = this.level;
    this.thresholds = Float64Array.from(options.above ?? []);
    this.aboveTime = new Float64Array(this.thresholds.length);
  }

  /** Current level. */
  get value(): number {
    return this.level;
  }

  /** Smallest level seen. */
  get min(): number {
    return this.lo;
  }

  /** Largest level seen. */
  get max(): number {
    return this.hi;
  }

  /** Set the level to `value` from time `now` on. */
  set(now: number, value: number): void {
    this.advance(now);
    this.level = value;
    if (value < this.lo) this.lo = value;
    if (value > this.hi) this.hi = value;
  }

  /** Change the level by `delta` from time `now` on. */
  add(now: number, delta: number): void {
    this.set(now, this.level + delta);
  }

  /** ∫ level dt from the start to `now` (≥ the last update). */
  integral(now: number): number {
    this.checkTime(now);
    return this.area + this.level * (now - this.last);
  }

  /** Time-weighted mean level over [start, now]; the current level when no time has passed. */
  mean(now: number): number {
    const span = now - this.start;
    return span > 0 ? this.integral(now) / span : this.level;
  }

  /**
   * Time spent with the level strictly above `threshold` during [start, now]. The threshold
   * must be one of `options.above`.
   */
  durationAbove(threshold: number, now: number): number {
    this.checkTime(now);
    const i = this.thresholds.indexOf(threshold);
    if (i < 0) throw new RangeError(`threshold ${threshold} was not registered in options.above`);
    return this.aboveTime[i] + (this.level > threshold ? now - this.last : 0);
  }

  private advance(now: number): void {
    this.checkTime(now);
    const dt = now - this.last;
    if (dt > 0) {
      this.area += this.level * dt;
      const th = this.thresholds;
      for (let i = 0; i < th.length; i++) if (this.level > th[i]) this.aboveTime[i] += dt;
      this.last = now;
    }
  }

  private checkTime(now: number): void {
    if (!(now >= this.last)) throw new RangeError(`monitor time must not go back: ${now} < ${this.last}`);
  }
}

/** Options of {@link Tally}. */
export interface TallyOptions {
  /** Keep every observation so {@link Tally.quantile} works. Default true. */
  keep?: boolean;
  /** Initial capacity of the stored sample. */
  capacity?: number;
}

/**
 * Observations without a time weight (waiting times, delays): count, mean, variance
 * (Welford's update, numerically stable), min, max, and R-7 quantiles over the stored sample.
 * @example
 * ```ts
 * const wait = new Tally();
 * for (const w of [3, 6, 7, 8, 8, 10, 13, 15, 16, 20]) wait.add(w);
 * wait.mean;          // 10.6
 * wait.quantile(0.25); // 7.25 (R-7, as numpy's default and d3-array)
 * ```
 */
export class Tally {
  private n = 0;
  private m = 0;
  private s2 = 0;
  private lo = Infinity;
  private hi = -Infinity;
  private readonly keep: boolean;
  private sample: Float64Array;
  private sorted: Float64Array | null = null;

  constructor(options: TallyOptions = {}) {
    this.keep = options.keep ?? true;
    this.sample = new Float64Array(this.keep ? Math.max(16, options.capacity ?? 1024) : 0);
  }

  /** Record one observation. */
  add(x: number): void {
    const n = ++this.n;
    const d = x - this.m;
    this.m += d / n;
    this.s2 += d * (x - this.m);
    if (x < this.lo) this.lo = x;
    if (x > this.hi) this.hi = x;
    if (this.keep) {
      if (n > this.sample.length) {
        const grown = new Float64Array(this.sample.length * 2);
        grown.set(this.sample);
        this.sample = grown;
      }
      this.sample[n - 1] = x;
      this.sorted = null;
    }
  }

  /** Number of observations. */
  get count(): number {
    return this.n;
  }

  /** Mean (NaN when empty). */
  get mean(): number {
    return this.n === 0 ? NaN : this.m;
  }

  /** Sample variance with n − 1 in the denominator (NaN below two observations). */
  get variance(): number {
    return this.n < 2 ? NaN : this.s2 / (this.n - 1);
  }

  /** Sample standard deviation. */
  get stdDev(): number {
    return Math.sqrt(this.variance);
  }

  /** Smallest observation (Infinity when empty). */
  get min(): number {
    return this.lo;
  }

  /** Largest observation (−Infinity when empty). */
  get max(): number {
    return this.hi;
  }

  /** The stored observations in arrival order (a view; do not keep across `add`). */
  values(): Float64Array {
    return this.sample.subarray(0, this.keep ? this.n : 0);
  }

  /**
   * Quantile at level p ∈ [0, 1] by linear interpolation between order statistics — R type 7,
   * numpy's default "linear", d3-array and simple-statistics. Sorts a copy once per batch of
   * additions.
   * @throws RangeError when the tally keeps no sample, is empty, or p is outside [0, 1].
   */
  quantile(p: number): number {
    if (!this.keep) throw new RangeError("quantile() needs a Tally created with keep: true");
    if (this.n === 0) throw new RangeError("quantile() of an empty tally");
    if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile level must be in [0, 1], got ${p}`);
    if (this.sorted === null) this.sorted = this.sample.slice(0, this.n).sort();
    // simple-statistics only indexes and reads `length`: the typed array serves as it is.
    return r7QuantileSorted(this.sorted as unknown as number[], p);
  }
}

/** Result of {@link batchMeans}. */
export interface BatchMeansResult {
  /** Grand mean over the observations used (a whole number of batches). */
  mean: number;
  /** Standard error of the mean estimated from the batch means. */
  stdErr: number;
  /** Number of batches. */
  batches: number;
  /** Observations per batch (the remainder at the end is dropped). */
  batchSize: number;
  /** Lag-1 autocorrelation of the batch means; near 0 when batches are long enough. */
  lag1: number;
}

/**
 * Non-overlapping batch means for the mean of a correlated output series (e.g. successive
 * waiting times of a queue): split into `batches` equal batches, treat the batch means as
 * roughly independent, and estimate the standard error from them. A confidence interval is
 * `mean ± t(1 − α/2, batches − 1) · stdErr`.
 * @example
 * ```ts
 * const { mean, stdErr } = batchMeans(waits.values(), 20);
 * const ci99 = [mean - 2.861 * stdErr, mean + 2.861 * stdErr]; // t(0.995, 19) = 2.861
 * ```
 */
export function batchMeans(series: ArrayLike<number>, batches: number): BatchMeansResult {
  if (!Number.isInteger(batches) || batches < 2) throw new RangeError(`batches must be an integer ≥ 2, got ${batches}`);
  const size = Math.floor(series.length / batches);
  if (size < 1) throw new RangeError(`need at least ${batches} observations, got ${series.length}`);
  const means = new Float64Array(batches);
  let grand = 0;
  for (let b = 0; b < batches; b++) {
    let sum = 0;
    for (let i = b * size, end = i + size; i < end; i++) sum += series[i];
    means[b] = sum / size;
    grand += means[b];
  }
  grand /= batches;
  let ss = 0;
  let cross = 0;
  for (let b = 0; b < batches; b++) {
    const d = means[b] - grand;
    ss += d * d;
    if (b > 0) cross += d * (means[b - 1] - grand);
  }
  return {
    mean: grand,
    stdErr: Math.sqrt(ss / (batches - 1) / batches),
    batches,
    batchSize: size,
    lag1: ss > 0 ? cross / ss : 0,
  };
}
