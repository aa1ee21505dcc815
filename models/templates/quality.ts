// Template quality from negative feedback and low read rates (reference §4.4, [S17]).
import type { Quality, RuleSet } from "../rules/types.js";
import { ratingOf } from "../quality/rating.js";

const HOUR = 3_600_000;

/**
 * Rolling template-quality score over `rs.templates.quality.window`, hourly buckets in a ring
 * (O(1) recording):
 *
 * score = (blocks + reports) / delivered + readRateWeight × max(0, lowReadRate − reads / delivered)
 *
 * so feedback dominates and a read rate below `lowReadRate` adds a penalty proportional to the
 * shortfall. UNKNOWN until `minDelivered` deliveries in the window (new templates start UNKNOWN).
 * Meta publishes no formula: the weights are rule-set parameters.
 *
 * @example
 * ```ts
 * const m = new TemplateQualityMeter(rs);
 * m.recordDelivered(0, 1_000); m.recordRead(0, 600);
 * for (let i = 0; i < 20; i++) m.recordBlock(0);
 * m.rating(0); // "RED" with redAt = 0.01
 * ```
 */
export class TemplateQualityMeter {
  private readonly p: RuleSet["templates"]["quality"];
  private readonly slots: number;
  private readonly hourOf: Float64Array;
  private readonly delivered: Float64Array;
  private readonly reads: Float64Array;
  private readonly negative: Float64Array;
  private forgetBefore = -Infinity;

  constructor(rs: RuleSet) {
    this.p = rs.templates.quality;
    this.slots = Math.ceil(this.p.window / HOUR) + 1;
    this.hourOf = new Float64Array(this.slots).fill(-Infinity);
    this.delivered = new Float64Array(this.slots);
    this.reads = new Float64Array(this.slots);
    this.negative = new Float64Array(this.slots);
  }

  recordDelivered(now: number, n = 1): void {
    this.delivered[this.slot(now)] += n;
  }
  recordRead(now: number, n = 1): void {
    this.reads[this.slot(now)] += n;
  }
  recordBlock(now: number): void {
    this.negative[this.slot(now)] += 1;
  }
  recordReport(now: number): void {
    this.negative[this.slot(now)] += 1;
  }

  /** Drop every signal recorded before the hour of `now` (e.g. a fresh start after an edit). */
  reset(now: number): void {
    this.forgetBefore = Math.floor(now / HOUR);
  }

  /** Score at `now` and the deliveries it rests on. */
  score(now: number): { score: number; delivered: number } {
    const hNow = Math.floor(now / HOUR);
    const first = Math.max(this.forgetBefore, Math.floor((now - this.p.window) / HOUR));
    let d = 0;
    let r = 0;
    let neg = 0;
    for (let i = 0; i < this.slots; i++) {
      const h = this.hourOf[i];
      if (h < first || h > hNow) continue;
      d += this.delivered[i];
      r += this.reads[i];
      neg += this.negative[i];
    }
    if (d === 0) return { score: 0, delivered: 0 };
    const shortfall = Math.max(0, this.p.lowReadRate - r / d);
    return { score: neg / d + this.p.readRateWeight * shortfall, delivered: d };
  }

  rating(now: number): Quality {
    const { score, delivered } = this.score(now);
    return ratingOf(score, delivered, this.p, "UNKNOWN");
  }

  private slot(now: number): number {
    const h = Math.floor(now / HOUR);
    const i = h % this.slots;
    if (this.hourOf[i] !== h) {
      this.hourOf[i] = h;
      this.delivered[i] = 0;
      this.reads[i] = 0;
      this.negative[i] = 0;
    }
    return i;
  }
}
