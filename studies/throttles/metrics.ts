// What a throttle check measures in one run: errors by code (in total and per local day),
// sends refused for the messaging limit, paralysis, days to each tier, queue latency
// quantiles, deferred versus dropped sends, and limit utilisation. Collected from the
// per-attempt trace and the run's result, so a check sees exactly what `tiersim run --trace`
// would write.
import type { SimConfig } from "../../sim/config.js";
import type { ParalysisCause, RunResult, TraceRow } from "../../sim/result.js";
import { round6 } from "../../sim/round.js";
import { quantileSorted } from "../stats/quantile.js";
import { DAY } from "../../models/duration.js";


/** Queue wait of the attempts, ms: R-7 quantiles (linear interpolation between order statistics). */
export interface QueueLatency {
  /** Attempts measured. */
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** One local day of limit use. */
export interface UtilisationDay {
  date: string;
  /** The higher of the limits in force at the day's start and end (`null` = unlimited). */
  limit: number | null;
  /** Distinct users newly counted toward the limit that day. */
  counted: number;
  /** counted / limit; `null` on unlimited days. */
  ratio: number | null;
}

/** Everything a throttle check measures in one run. */
export interface ThrottleRunMetrics {
  seed: number;
  /** Attempts answered with each error code: refused before sending or failed after. */
  errors: Record<string, number>;
  /** The same per local day of the scenario's time zone (days without errors have `{}`). */
  errorsByDay: Array<{ date: string; byCode: Record<string, number> }>;
  /**
   * Sends the throttle started that the platform refused because the moving-24 h messaging
   * limit was full (the rule set's over-limit code). A throttle that respects the limit has 0.
   */
  limitOvershoot: number;
  paralysis: { hours: number; byCause: Partial<Record<ParalysisCause, number>> };
  /** Days from the start to each rung above the initial limit; `null` = not reached within the horizon. */
  reachedAtDays: Record<string, number | null>;
  /** The same for the ideal throttle (fill-limit, headroom 0) on the same scenario and seed, when computed. */
  ideal?: { reachedAtDays: Record<string, number | null> };
  queue: QueueLatency;
  attempted: number;
  delivered: number;
  /** Sends put back to wait: re-queued after a refusal or scheduled for a retry. */
  deferred: number;
  /** Sends never attempted (an occurrence replaced by the next, a plan out of fresh users) plus sends given up after an error. */
  dropped: number;
  /** Of `dropped`: sends given up after a refusal or failure (retry policy said stop). */
  gaveUp: number;
  utilisation: { mean: number | null; max: number | null; byDay: UtilisationDay[] };
}

/**
 * Accumulates trace rows of one run; {@link finish} combines them with the run's result.
 *
 * @example
 * ```ts
 * const c = new MetricsCollector(config);
 * const result = simulate(config, { trace: (row) => c.row(row) });
 * const metrics = c.finish(result, 0);
 * ```
 */
export class MetricsCollector {
  private waits = new Float64Array(1024);
  private n = 0;
  private readonly byDay: Array<Map<number, number>>;
  private readonly byCode = new Map<number, number>();
  private lastAt = "";
  private lastDay = 0;
  /** Set by the retry instrumentation: sends given up. */
  gaveUp = 0;

  constructor(private readonly config: SimConfig) {
    // The same day count as the run's daily rows: local days the horizon touches.
    let days = 0;
    while (days + 1 < config.dayStarts.length && config.dayStarts[days] < config.horizon) days++;
    this.byDay = Array.from({ length: Math.max(1, days) }, () => new Map());
  }

  row(r: TraceRow): void {
    if (this.n === this.waits.length) {
      const next = new Float64Array(this.waits.length * 2);
      next.set(this.waits);
      this.waits = next;
    }
    this.waits[this.n++] = r.waitMs;
    if (r.code === null) return;
    this.byCode.set(r.code, (this.byCode.get(r.code) ?? 0) + 1);
    // Rows come in time order and many share a timestamp: parse each distinct one once.
    if (r.at !== this.lastAt) {
      this.lastAt = r.at;
      this.lastDay = this.dayOf(Date.parse(r.at) - this.config.startEpoch);
    }
    const m = this.byDay[this.lastDay];
    m.set(r.code, (m.get(r.code) ?? 0) + 1);
  }

  private dayOf(t: number): number {
    const starts = this.config.dayStarts;
    let d = 0;
    while (d + 1 < this.byDay.length && starts[d + 1] <= t) d++;
    return d;
  }

  finish(result: RunResult, seed: number, ideal?: RunResult): ThrottleRunMetrics {
    const s = result.summary;
    const startMs = Date.parse(result.start);
    const days = this.byDay.length;
    const errorsByDay = result.daily.slice(0, days).map((row, d) => ({ date: row.date, byCode: codeRecord(this.byDay[d] ?? new Map()) }));
    const util: UtilisationDay[] = result.daily.map((row, d) => {
      // The higher of the limits at the day's start and end: the day's capacity whichever way the limit moved.
      const startLimit = d === 0 ? s.limit.initial : result.daily[d - 1].limit;
      const limit = startLimit === null || row.limit === null ? null : Math.max(startLimit, row.limit);
      return { date: row.date, limit, counted: row.uniqueReached, ratio: limit === null || limit <= 0 ? null : round6(row.uniqueReached / limit) };
    });
    const ratios = util.map((u) => u.ratio).filter((r): r is number => r !== null);
    const metrics: ThrottleRunMetrics = {
      seed,
      errors: codeRecord(this.byCode),
      errorsByDay,
      limitOvershoot: this.byCode.get(this.config.ruleSet.limit.overLimitCode) ?? 0,
      paralysis: { hours: s.paralysis.hours, byCause: { ...s.paralysis.byCause } },
      reachedAtDays: reachedDays(result, startMs),
      queue: latency(this.waits.subarray(0, this.n)),
      attempted: s.messages.attempted,
      delivered: s.messages.delivered,
      deferred: s.messages.deferred,
      dropped: s.messages.dropped + this.gaveUp,
      gaveUp: this.gaveUp,
      utilisation: {
        mean: ratios.length ? round6(ratios.reduce((a, b) => a + b, 0) / ratios.length) : null,
        max: ratios.length ? Math.max(...ratios) : null,
        byDay: util,
      },
    };
    if (ideal) metrics.ideal = { reachedAtDays: reachedDays(ideal, Date.parse(ideal.start)) };
    return metrics;
  }
}

function reachedDays(result: RunResult, startMs: number): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const [tier, at] of Object.entries(result.summary.reachedAt)) out[tier] = at === null ? null : round6((Date.parse(at) - startMs) / DAY);
  return out;
}

function codeRecord(m: Map<number, number>): Record<string, number> {
  return Object.fromEntries([...m.entries()].sort(([a], [b]) => a - b).map(([k, v]) => [String(k), v]));
}

function latency(waits: Float64Array): QueueLatency {
  const sorted = Float64Array.from(waits).sort();
  const n = sorted.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i];
  return {
    count: n,
    // A run with no attempt has no waits: its quantiles are 0.
    p50: n ? round6(quantileSorted(sorted, 0.5)) : 0,
    p95: n ? round6(quantileSorted(sorted, 0.95)) : 0,
    p99: n ? round6(quantileSorted(sorted, 0.99)) : 0,
    max: n ? sorted[n - 1] : 0,
    mean: n ? round6(sum / n) : 0,
  };
}
