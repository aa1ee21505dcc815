// The counters of one slice of a webhook log (the whole log, or one segment of it with
// `--segment-by`): messages per hour of the log by what became of them, latency histograms,
// failures by code, inbound messages, distinct users. Hours every fit will count (older than
// the longest settle stretch) are rolled up into one row, so a year of log keeps a day's rows.
import { DistinctCounter } from "./distinct.js";
import { LogHistogram } from "./log-histogram.js";

/** Slots per hour: delivered, read, replied, read-and-replied, marketing delivered, stops. */
export const H_DELIVERED = 0;
export const H_READ = 1;
export const H_REPLIED = 2;
export const H_READ_REPLIED = 3;
export const H_MARKETING = 4;
export const H_STOPS = 5;
const H_SLOTS = 6;

/** Counts over the messages that had time to settle (see {@link Tally.settled}). */
export interface Settled {
  delivered: number;
  read: number;
  replied: number;
  readReplied: number;
  marketing: number;
  stops: number;
}

/**
 * Counters of one slice of a log.
 *
 * @example
 * ```ts
 * const t = new Tally();
 * t.hour(ts)[H_DELIVERED]++;
 * t.settled(cutSeconds, lastSeconds).delivered;
 * ```
 */
export class Tally {
  delivered = 0;
  read = 0;
  failed = 0;
  replied = 0;
  inbound = 0;
  stops = 0;
  readonly failures = new Map<number, number>();
  readonly readLatency = new LogHistogram();
  readonly replyLatency = new LogHistogram();
  readonly users = new DistinctCounter();
  /** Hour index (Unix seconds / 3600) → slots, for the hours not rolled up. */
  readonly hours = new Map<number, Float64Array>();
  /** The sum of the hours before {@link rolledHour}. */
  private readonly rolled = new Float64Array(H_SLOTS);
  /** Hours with an index below this are in {@link rolled}. */
  private rolledHour = -Infinity;

  hour(ts: number): Float64Array {
    const h = Math.floor(ts / 3600);
    if (h < this.rolledHour) return this.rolled;
    let row = this.hours.get(h);
    if (row === undefined) this.hours.set(h, (row = new Float64Array(H_SLOTS)));
    return row;
  }

  /**
   * Adds the hours that end by `before` (Unix seconds) into one row. Only safe for hours every
   * later {@link settled} call counts: its `cut` must not fall before `before`.
   */
  rollUp(before: number): void {
    const upTo = Math.floor(before / 3600);
    if (!(upTo > this.rolledHour)) return;
    this.rolledHour = upTo;
    for (const [h, row] of this.hours) {
      if (h >= upTo) continue;
      for (let i = 0; i < H_SLOTS; i++) this.rolled[i] += row[i];
      this.hours.delete(h);
    }
  }

  fail(code: number): void {
    this.failed++;
    this.failures.set(code, (this.failures.get(code) ?? 0) + 1);
  }

  /**
   * Counts of messages whose delivery hour ends by `cut` (Unix seconds): the rates' numerators
   * and denominators over messages that had time to be read and answered. With `cut` at or
   * after `last` (nothing to leave out), every hour counts.
   */
  settled(cut: number, last: number): Settled {
    const out: Settled = { delivered: 0, read: 0, replied: 0, readReplied: 0, marketing: 0, stops: 0 };
    if (this.rolledHour > -Infinity && cut < last && cut < this.rolledHour * 3600) {
      throw new RangeError(`cut ${cut} falls in hours already rolled up (before ${this.rolledHour * 3600}): fold with a settle at least as long as the fit's`);
    }
    const rows = this.rolledHour > -Infinity ? [...this.hours, [this.rolledHour - 1, this.rolled] as const] : this.hours;
    for (const [h, row] of rows) {
      if ((h + 1) * 3600 > cut && cut < last) continue;
      out.delivered += row[H_DELIVERED];
      out.read += row[H_READ];
      out.replied += row[H_REPLIED];
      out.readReplied += row[H_READ_REPLIED];
      out.marketing += row[H_MARKETING];
      out.stops += row[H_STOPS];
    }
    return out;
  }
}
