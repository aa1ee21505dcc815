// Quality rating of a number or portfolio from blocks and reports (reference §3): signals of
// the last `window` relative to delivered messages, each weighted by 2^(−age / halfLife).
// Meta publishes no formula; this one and its thresholds are rule-set parameters.
import { ratingOf } from "./rating.js";
import type { Quality, RuleSet } from "../rules/types.js";
import { HOUR } from "../duration.js";


/**
 * Recency-weighted block/report rate over a moving window, in hourly buckets held in a ring:
 * recording is O(1); {@link rating} walks the window's buckets (169 for 7 days), which the
 * simulator does once per `evaluateEvery`, not per message.
 *
 * rate = Σ w·(blocks + reportWeight·reports) / Σ w·delivered (a report replaces its block), w = 2^(−age/halfLife), age measured
 * from the middle of the signal's hour. A bucket counts while its hour overlaps the window.
 * Below `minDelivered` weighted deliveries the rating is the last one decided on enough of them
 * (`holdLastRating`; or the initial one when false, and before any decision).
 *
 * @example
 * ```ts
 * const q = new QualityMeter(rs, "GREEN");
 * q.recordDelivered(0, 10_000);
 * for (let i = 0; i < 200; i++) q.recordFeedback(0, false);
 * q.rating(3_600_000);  // "RED" with redAt = 0.01
 * ```
 */
export class QualityMeter {
  private readonly p: RuleSet["quality"];
  private readonly initial: Quality;
  /** The last rating decided on at least `minDelivered` weighted deliveries, or the initial one. */
  private decided: Quality;
  private readonly slots: number;
  private readonly hourOf: Float64Array;
  private readonly delivered: Float64Array;
  private readonly negative: Float64Array;

  constructor(rs: RuleSet, initial: Quality) {
    this.p = rs.quality;
    this.initial = initial;
    this.decided = initial;
    this.slots = Math.ceil(this.p.window / HOUR) + 1;
    this.hourOf = new Float64Array(this.slots).fill(-Infinity);
    this.delivered = new Float64Array(this.slots);
    this.negative = new Float64Array(this.slots);
  }

  /** `n` messages delivered at `now`. */
  recordDelivered(now: number, n = 1): void {
    this.delivered[this.slot(now)] += n;
  }

  /**
   * A user blocked the business at `now` and, if `report`, reported it too: a block weighs 1,
   * a report `reportWeight` in all (it replaces its block rather than adding to it).
   */
  recordFeedback(now: number, report: boolean): void {
    this.negative[this.slot(now)] += report ? this.p.reportWeight : 1;
  }

  /** A user who had blocked at `now` reports as well: the block's weight becomes a report's. */
  upgradeToReport(now: number): void {
    this.negative[this.slot(now)] += this.p.reportWeight - 1;
  }

  /** Weighted negative-signal rate at `now`, and the weighted deliveries it rests on. */
  weighted(now: number): { rate: number; delivered: number } {
    const hNow = Math.floor(now / HOUR);
    const firstHour = Math.floor((now - this.p.window) / HOUR);
    let d = 0;
    let neg = 0;
    for (let i = 0; i < this.slots; i++) {
      const h = this.hourOf[i];
      if (h < firstHour || h > hNow) continue;
      const age = Math.max(0, now - (h + 0.5) * HOUR);
      const w = Math.pow(2, -age / this.p.halfLife);
      d += w * this.delivered[i];
      neg += w * this.negative[i];
    }
    return { rate: d > 0 ? neg / d : 0, delivered: d };
  }

  /**
   * Rating at `now`. With `holdLastRating`, a rating decided here is kept for later calls with
   * too few deliveries: call it at non-decreasing times (the platform evaluates it on a clock).
   */
  rating(now: number): Quality {
    const { rate, delivered } = this.weighted(now);
    if (delivered < this.p.minDelivered) return this.p.holdLastRating ? this.decided : this.initial;
    return (this.decided = ratingOf(rate, delivered, this.p, this.initial));
  }

  /** The hour the last {@link slot} call fell in, [from, to), and its bucket. */
  private curFrom = Infinity;
  private curTo = -Infinity;
  private curSlot = 0;

  private slot(now: number): number {
    // Deliveries come in runs within one hour: skip the division and the float modulo then. The
    // cached bucket still holds its hour: buckets are reassigned only below, which moves the cache.
    if (now >= this.curFrom && now < this.curTo) return this.curSlot;
    const h = Math.floor(now / HOUR);
    const i = h % this.slots;
    if (this.hourOf[i] !== h) {
      this.hourOf[i] = h;
      this.delivered[i] = 0;
      this.negative[i] = 0;
    }
    this.curFrom = h * HOUR;
    this.curTo = this.curFrom + HOUR;
    this.curSlot = i;
    return i;
  }
}
