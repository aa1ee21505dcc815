// Everything a run counts, bucketed by local day, plus the event log — kept in typed arrays
// and plain counters so recording costs nothing per message beyond a few increments.
import type { Limit, Quality } from "../models/rules/types.js";
import type { DailyRow, MessageCounts, ParalysisCause, RunEvent, RunEventBody } from "./result.js";
import { round6 } from "./round.js";

/**
 * The per-day counters, by index: `rec.add(Daily.read, t)`. A number rather than a name so that
 * recording is one typed-array increment (the counters live in one Float64Array, day-major).
 */
export const Daily = { attempted: 0, delivered: 1, read: 2, replied: 3, blocked: 4, optedOut: 5, failed: 6, deferred: 7, uniqueReached: 8, newlyReached: 9, cost: 10 } as const;
/** A per-day counter (see {@link Daily}). */
export type DailyMetric = (typeof Daily)[keyof typeof Daily];
const METRICS = Object.keys(Daily).length;

/** Pricing categories a run may charge (Meta has four: marketing, utility, authentication, service). */
const CATEGORY_SLOTS = 8;

/** Converts ms since start to an ISO string (UTC, milliseconds). */
export type IsoClock = (t: number) => string;

export class Recorder {
  readonly messages: Omit<MessageCounts, "dropped"> = { attempted: 0, accepted: 0, delivered: 0, read: 0, failed: 0, deferred: 0, rejected: 0, inFlight: 0, held: 0 };
  readonly users = { reached: 0, replied: 0, blocked: 0, reported: 0, optedOut: 0 };
  readonly failuresByCode = new Map<number, number>();
  costTotal = 0;
  /** Sends dropped: an occurrence replaced by the next one, or the horizon reached with work left. */
  dropped = 0;
  readonly events: RunEvent[] = [];
  readonly paralysisHours = new Map<ParalysisCause, number>();
  paralysisEpisodes = 0;

  /** Counter `m` of local day `d` at `d × METRICS + m`. */
  private readonly daily: Float64Array;
  /** Number of local days the horizon touches. */
  readonly dayCount: number;
  /**
   * Cost by pricing category, in typed arrays indexed by the order in which categories were
   * registered (categoryIndex; a Map per delivery was a tenth of the campaign benchmark): run
   * totals, and per day at `day × CATEGORY_SLOTS + index`.
   */
  private readonly categories: string[] = [];
  private readonly categoryTotals = new Float64Array(CATEGORY_SLOTS);
  private readonly dayCategoryTotals: Float64Array;
  private readonly dayLimit: Array<Limit>;
  private readonly dayQuality: Quality[];
  private dayCursor = 0;

  /**
   * @param dayStarts local midnights in ms since start (see SimConfig.dayStarts)
   * @param horizon ms since start at which the run ends
   */
  constructor(
    private readonly dayStarts: number[],
    private readonly dayLabels: string[],
    private readonly horizon: number,
    readonly iso: IsoClock,
  ) {
    let n = 0;
    while (n + 1 < dayStarts.length && dayStarts[n] < horizon) n++;
    const days = (this.dayCount = Math.max(1, n));
    this.daily = new Float64Array(days * METRICS);
    this.dayCategoryTotals = new Float64Array(n * CATEGORY_SLOTS);
    this.dayLimit = new Array<Limit>(n).fill(null);
    this.dayQuality = new Array<Quality>(n).fill("UNKNOWN");
  }

  /** Local day index of `t` (binary search; times past the horizon map to the last day). */
  dayOf(t: number): number {
    const starts = this.dayStarts;
    let lo = 0;
    let hi = this.dayCount - 1;
    if (t >= starts[hi]) return hi;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= t) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  add(metric: DailyMetric, t: number, n = 1): void {
    if (t >= this.horizon) return;
    // Nearly every call falls in the same day as the previous one. The day change is a call of
    // its own so that this stays small enough for V8 to inline at each of the hot path's calls.
    const d = t >= this.lastFrom && t < this.lastTo ? this.lastDay : this.locateDay(t);
    this.daily[d * METRICS + metric] += n;
  }

  /** Moves the cached day to the one holding `t` (t < horizon) and returns it. */
  private locateDay(t: number): number {
    const d = (this.lastDay = this.dayOf(t));
    this.lastFrom = this.dayStarts[d];
    this.lastTo = d + 1 < this.dayCount ? this.dayStarts[d + 1] : Infinity;
    return d;
  }

  private lastDay = 0;
  private lastFrom = Infinity;
  private lastTo = -Infinity;

  failure(code: number, t: number): void {
    this.messages.failed++;
    this.failuresByCode.set(code, (this.failuresByCode.get(code) ?? 0) + 1);
    this.add(Daily.failed, t);
  }

  rejection(code: number, t: number): void {
    this.messages.rejected++;
    this.failuresByCode.set(code, (this.failuresByCode.get(code) ?? 0) + 1);
    this.add(Daily.failed, t);
  }

  /**
   * The index under which charges of pricing category `name` are kept (registered on first
   * ask): a caller asks once per category and charges by index, so a delivery compares no string.
   */
  categoryIndex(name: string): number {
    const c = this.categories.indexOf(name);
    if (c >= 0) return c;
    if (this.categories.length === CATEGORY_SLOTS) throw new RangeError(`more than ${CATEGORY_SLOTS} pricing categories`);
    return this.categories.push(name) - 1;
  }

  /** Charges `amount` at `t` to the category at index `category` (see {@link categoryIndex}). */
  charge(category: number, amount: number, t: number): void {
    if (amount === 0 || t >= this.horizon) return;
    this.costTotal += amount;
    this.categoryTotals[category] += amount;
    this.add(Daily.cost, t, amount);
    // `add` has just located t's day (t < horizon here): reuse it for the per-category bucket.
    this.dayCategoryTotals[this.lastDay * CATEGORY_SLOTS + category] += amount;
  }

  /** Cost by pricing category over the run, categories charged at least once, by name. */
  get costByCategory(): Record<string, number> {
    return this.categoryRecord(this.categoryTotals, 0);
  }

  /** The nonzero totals of `totals[offset + i]`, keyed by category name in sorted order and rounded. */
  private categoryRecord(totals: Float64Array, offset: number): Record<string, number> {
    const out: Record<string, number> = {};
    const order = this.categories.map((name, i) => [name, i] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [name, i] of order) if (totals[offset + i] > 0) out[name] = round6(totals[offset + i]);
    return out;
  }

  /** Hears every event as it is recorded (the webhook log); null by default. */
  onEvent: ((t: number, e: RunEventBody) => void) | null = null;

  event(t: number, e: RunEventBody): void {
    this.events.push({ at: this.iso(t), ...e } as RunEvent);
    if (this.onEvent !== null) this.onEvent(t, e);
  }

  /** One paralysis episode of `ms` stalled inside the send window. */
  paralysis(cause: ParalysisCause, ms: number): void {
    const h = ms / 3_600_000;
    this.paralysisEpisodes++;
    this.paralysisHours.set(cause, (this.paralysisHours.get(cause) ?? 0) + h);
  }

  /**
   * Samples the limit and quality in force at each day boundary up to `now`: a daily row
   * reports the state at the end of its day.
   */
  sampleState(now: number, limit: Limit, quality: Quality): void {
    while (this.dayCursor < this.dayCount && this.dayEnd(this.dayCursor) <= now) this.dayCursor++;
    for (let d = this.dayCursor; d < this.dayCount; d++) {
      this.dayLimit[d] = limit;
      this.dayQuality[d] = quality;
    }
  }

  private dayEnd(d: number): number {
    return Math.min(this.dayStarts[d + 1] ?? this.horizon, this.horizon);
  }

  dailyRows(): DailyRow[] {
    const rows: DailyRow[] = [];
    for (let d = 0; d < this.dayCount; d++) {
      rows.push({
        date: this.dayLabels[d],
        limit: this.dayLimit[d],
        quality: this.dayQuality[d],
        uniqueReached: this.daily[d * METRICS + Daily.uniqueReached],
        newlyReached: this.daily[d * METRICS + Daily.newlyReached],
        attempted: this.daily[d * METRICS + Daily.attempted],
        delivered: this.daily[d * METRICS + Daily.delivered],
        read: this.daily[d * METRICS + Daily.read],
        replied: this.daily[d * METRICS + Daily.replied],
        blocked: this.daily[d * METRICS + Daily.blocked],
        optedOut: this.daily[d * METRICS + Daily.optedOut],
        failed: this.daily[d * METRICS + Daily.failed],
        deferred: this.daily[d * METRICS + Daily.deferred],
        cost: round6(this.daily[d * METRICS + Daily.cost]),
        costByCategory: this.categoryRecord(this.dayCategoryTotals, d * CATEGORY_SLOTS),
      });
    }
    return rows;
  }
}
