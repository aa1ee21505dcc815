// Template quality from negative feedback and low read rates (reference §4.4, [S17]), measured
// on the deliveries of a moving window: every signal is filed under the hour its message was
// delivered, so feedback arriving later belongs to the delivery it answers. That is what makes
// "new negative feedback on deliveries made after an unpause" measurable: a reset forgets
// every delivery before it, and the block that trickles in afterwards about one of them too.
import { HOUR } from "../duration.js";
import { scoreAtLeast, type ScoreTerms } from "../quality/exact.js";
import type { Quality, RuleSet } from "../rules/types.js";

/** Counts over a set of deliveries. */
export interface FeedbackCounts {
  delivered: number;
  reads: number;
  /** Users who blocked without reporting. */
  blocks: number;
  /** Users who reported (and so blocked). */
  reports: number;
}

/**
 * Rolling template-quality score over `rs.templates.quality.window`, in hourly buckets by
 * delivery hour held in a ring (O(1) recording):
 *
 * score = (blocks + reportWeight × reports) / delivered + readRateWeight × max(0, lowReadRate − reads / delivered)
 *
 * A report weighs `quality.reportWeight` blocks in all (it replaces its block). Thresholds are
 * compared exactly (see `scoreAtLeast`): a score equal to a threshold reaches it. UNKNOWN until
 * `minDelivered` deliveries in the window. Meta publishes no formula: weights and thresholds
 * are rule-set parameters.
 *
 * @example
 * ```ts
 * const m = new TemplateQualityMeter(rs);
 * m.recordDelivered(0, 1_000); m.recordRead(0, 600);
 * for (let i = 0; i < 10; i++) m.recordFeedback(0, false);
 * m.rating(HOUR); // "RED" with redAt = 0.01: 10 blocks per 1,000 deliveries
 * ```
 */
export class TemplateQualityMeter {
  private readonly p: RuleSet["templates"]["quality"];
  private readonly reportWeight: number;
  private readonly slots: number;
  private readonly hourOf: Float64Array;
  private readonly delivered: Float64Array;
  private readonly reads: Float64Array;
  private readonly blocks: Float64Array;
  private readonly reports: Float64Array;
  /** First delivery hour that counts (after a reset). */
  private forgetBefore = -Infinity;
  private readonly scratch: FeedbackCounts = { delivered: 0, reads: 0, blocks: 0, reports: 0 };
  /**
   * The score's terms, reused: built by spreading the counts per call, V8 gave each result a
   * map of its own (tens of thousands of maps per run), and the map churn kept invalidating
   * optimized code run after run of a projection.
   */
  private readonly terms: ScoreTerms;

  constructor(rs: RuleSet) {
    this.p = rs.templates.quality;
    this.reportWeight = rs.quality.reportWeight;
    this.slots = Math.ceil(this.p.window / HOUR) + 1;
    this.hourOf = new Float64Array(this.slots).fill(-Infinity);
    this.delivered = new Float64Array(this.slots);
    this.reads = new Float64Array(this.slots);
    this.blocks = new Float64Array(this.slots);
    this.reports = new Float64Array(this.slots);
    this.terms = { delivered: 0, reads: 0, blocks: 0, reports: 0, reportWeight: this.reportWeight, lowReadRate: this.p.lowReadRate, readRateWeight: this.p.readRateWeight };
  }

  /** `n` messages delivered at `now` (the newest hour: opens its bucket). */
  recordDelivered(now: number, n = 1): void {
    this.delivered[now >= this.curFrom && now < this.curTo ? this.curSlot : this.open(Math.floor(now / HOUR))] += n;
  }

  /** `n` of the messages delivered at `deliveredAt` were read. */
  recordRead(deliveredAt: number, n = 1): void {
    const i = this.existing(deliveredAt);
    if (i >= 0) this.reads[i] += n;
  }

  /** A user blocked (and, if `report`, reported) in answer to a message delivered at `deliveredAt`. */
  recordFeedback(deliveredAt: number, report: boolean): void {
    const i = this.existing(deliveredAt);
    if (i < 0) return;
    if (report) this.reports[i] += 1;
    else this.blocks[i] += 1;
  }

  /** Takes back one block-only signal of the delivery hour of `deliveredAt` (it became a report). */
  removeBlock(deliveredAt: number): void {
    const i = this.existing(deliveredAt);
    if (i >= 0 && this.blocks[i] > 0) this.blocks[i] -= 1;
  }

  /** Forgets every delivery made before `now`'s hour (a fresh start after an unpause or an edit). */
  reset(now: number): void {
    this.forgetBefore = Math.floor(now / HOUR);
  }

  /** Counts over the deliveries made from `since`'s hour to `now` that the window still holds (and no reset forgot). */
  counts(since: number, now: number): FeedbackCounts {
    const hNow = Math.floor(now / HOUR);
    const first = Math.max(this.forgetBefore, Math.floor(since / HOUR), Math.floor((now - this.p.window) / HOUR));
    const c = this.scratch;
    c.delivered = c.reads = c.blocks = c.reports = 0;
    for (let i = 0; i < this.slots; i++) {
      const h = this.hourOf[i];
      if (h < first || h > hNow) continue;
      c.delivered += this.delivered[i];
      c.reads += this.reads[i];
      c.blocks += this.blocks[i];
      c.reports += this.reports[i];
    }
    return c;
  }

  /** Whether the feedback on `c` reaches `threshold` (exactly; no deliveries never reach it). */
  atLeast(c: FeedbackCounts, threshold: number): boolean {
    if (c.delivered <= 0) return false;
    const terms = this.terms;
    terms.delivered = c.delivered;
    terms.reads = c.reads;
    terms.blocks = c.blocks;
    terms.reports = c.reports;
    return scoreAtLeast(terms, threshold);
  }

  /** Score at `now` (floating point, for display) and the deliveries it rests on. */
  score(now: number): { score: number; delivered: number } {
    const c = this.counts(-Infinity, now);
    if (c.delivered === 0) return { score: 0, delivered: 0 };
    const shortfall = Math.max(0, this.p.lowReadRate - c.reads / c.delivered);
    return { score: (c.blocks + this.reportWeight * c.reports) / c.delivered + this.p.readRateWeight * shortfall, delivered: c.delivered };
  }

  /** Rating at `now`: RED at or above `redAt`, YELLOW at or above `yellowAt`, else GREEN; UNKNOWN below `minDelivered`. */
  rating(now: number): Quality {
    const c = this.counts(-Infinity, now);
    if (c.delivered < this.p.minDelivered || c.delivered === 0) return "UNKNOWN";
    if (this.atLeast(c, this.p.redAt)) return "RED";
    if (this.atLeast(c, this.p.yellowAt)) return "YELLOW";
    return "GREEN";
  }

  /** The bucket of hour `h`, opened (emptied) if it held an older hour. */
  private open(h: number): number {
    const i = h % this.slots;
    if (this.hourOf[i] !== h) {
      this.hourOf[i] = h;
      this.delivered[i] = 0;
      this.reads[i] = 0;
      this.blocks[i] = 0;
      this.reports[i] = 0;
    }
    // The hour just opened, cached: deliveries, and reads filed under them, come in runs within
    // one hour, and then skip the division and the float modulo. Buckets are reassigned only
    // here, which moves the cache, so the cached bucket always holds the cached hour.
    this.curFrom = h * HOUR;
    this.curTo = this.curFrom + HOUR;
    this.curSlot = i;
    return i;
  }

  private curFrom = Infinity;
  private curTo = -Infinity;
  private curSlot = 0;

  /** The bucket still holding the delivery hour of `at`, or −1 when it has left the ring. */
  private existing(at: number): number {
    if (at >= this.curFrom && at < this.curTo) return this.curSlot;
    const h = Math.floor(at / HOUR);
    const i = h % this.slots;
    return this.hourOf[i] === h ? i : -1;
  }
}
