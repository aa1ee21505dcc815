// Realistic results for the report tests, built from a small seeded toy model so every
// number is consistent with every other (daily rows sum to the summary, events pair up,
// a projection's bands are the quantiles of its runs). Not the simulator: a stand-in with
// the published result shapes, so reports/ can be tested on its own.
import type { Limit, Quality } from "../../models/rules/types.js";
import type { DailyRow, ParalysisCause, RunEvent, RunResult, RunSummary } from "../../sim/result.js";
import type { ProjectionResult, Quantiles } from "../../studies/projections/contract.js";
import type { SweepResult } from "../../reports/sweep-types.js";
import { VERSION } from "../../index-version.js";
import { HOUR, DAY } from "../../models/duration.js";


/** mulberry32: a tiny seeded generator, so fixtures never depend on Math.random. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RunFixtureOptions {
  seed?: number;
  name?: string;
  days?: number;
  /** Name of the marketing template (for escaping tests). */
  template?: string;
  /** Name of the main campaign (for escaping tests). */
  campaign?: string;
}

const START = "2026-03-02T00:00:00.000Z";
const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * A plausible 30-day run: 250 → 2K (verification) → 10K → 100K → unlimited (auto-scale),
 * a template in review at the start, a quality dip that pauses the template for 3 h,
 * limit-exhaustion paralysis in the first week and one paralysis still open at the end.
 */
export function buildRunFixture(opts: RunFixtureOptions = {}): RunResult {
  const seed = opts.seed ?? 42;
  const days = opts.days ?? 30;
  const name = opts.name ?? "Newly verified retailer — spring ramp";
  const template = opts.template ?? "spring_promo";
  const campaign = opts.campaign ?? "spring-sale";
  const r = rng(seed);
  const t0 = Date.parse(START);
  const end = t0 + days * DAY;

  // Rung times in days since start, jittered per seed; a late rung may fall past the horizon.
  const ladder: Array<{ to: Limit; day: number; reason: "verification" | "auto-scale" }> = [
    { to: 2000, day: 1.2 + r() * 1.5, reason: "verification" },
    { to: 10000, day: 5.5 + r() * 2.5, reason: "auto-scale" },
    { to: 100000, day: 11 + r() * 4, reason: "auto-scale" },
    { to: null, day: 19 + r() * 14, reason: "auto-scale" },
  ];
  const events: RunEvent[] = [];
  const limitAt = (ms: number): Limit => {
    let l: Limit = 250;
    for (const step of ladder) if (t0 + step.day * DAY <= ms) l = step.to;
    return l;
  };
  let prev: Limit = 250;
  const reachedAt: Record<string, string | null> = {};
  for (const step of ladder) {
    const at = t0 + step.day * DAY;
    const key = step.to === null ? "unlimited" : String(step.to);
    if (at < end) {
      events.push({ at: iso(at), type: "limit-changed", from: prev, to: step.to, reason: step.reason });
      reachedAt[key] = iso(at);
      prev = step.to;
    } else {
      reachedAt[key] = null;
    }
  }

  // Template review, a quality dip and the 3 h pause it causes.
  const approvedAt = t0 + (0.2 + r() * 0.3) * DAY;
  const dipAt = t0 + (8 + r() * 2) * DAY;
  events.push({ at: iso(t0), type: "campaign-started", campaign });
  events.push({ at: iso(approvedAt), type: "template-status-changed", template, from: "PENDING", to: "APPROVED", reason: "review-approved" });
  events.push({ at: iso(dipAt - 6 * HOUR), type: "quality-changed", scope: "portfolio", from: "GREEN", to: "YELLOW" });
  events.push({ at: iso(dipAt - 2 * HOUR), type: "template-quality-changed", template, from: "GREEN", to: "RED" });
  events.push({ at: iso(dipAt), type: "template-status-changed", template, from: "APPROVED", to: "PAUSED", reason: "low-quality-pause-3h" });
  events.push({ at: iso(dipAt + 3 * HOUR), type: "template-status-changed", template, from: "PAUSED", to: "APPROVED", reason: "pause-ended" });
  events.push({ at: iso(dipAt + 2.5 * DAY), type: "quality-changed", scope: "portfolio", from: "YELLOW", to: "GREEN" });
  events.push({ at: iso(t0 + 3 * DAY), type: "campaign-started", campaign: "weekly-digest" });
  events.push({ at: iso(t0 + 3 * DAY), type: "template-status-changed", template: "order_update", from: "PENDING", to: "APPROVED", reason: "review-approved" });

  const paralysis: Array<{ campaign: string; cause: ParalysisCause; from: number; to: number | null }> = [
    { campaign, cause: "template-pending", from: t0, to: approvedAt },
    { campaign, cause: "template-paused", from: dipAt, to: dipAt + 3 * HOUR },
    { campaign: "weekly-digest", cause: "per-user-cap", from: t0 + 10 * DAY + 9 * HOUR, to: t0 + 10 * DAY + 15 * HOUR },
  ];
  // While the limit is the binding constraint the fill-limit throttle runs dry each afternoon.
  for (let d = 0; d < days; d++) {
    const ms = t0 + d * DAY + 15 * HOUR;
    const l = limitAt(ms);
    if (l !== null && l <= 10000 && ms > approvedAt) paralysis.push({ campaign, cause: "messaging-limit", from: ms + r() * 2 * HOUR, to: t0 + (d + 1) * DAY + 9 * HOUR });
  }
  paralysis.push({ campaign: "weekly-digest", cause: "throughput", from: end - 4 * HOUR, to: null });
  const byCause: Partial<Record<ParalysisCause, number>> = {};
  let paralysisHours = 0;
  for (const p of paralysis) {
    events.push({ at: iso(p.from), type: "paralysis-started", campaign: p.campaign, cause: p.cause });
    const hours = ((p.to ?? end) - p.from) / HOUR;
    if (p.to !== null) events.push({ at: iso(p.to), type: "paralysis-ended", campaign: p.campaign, cause: p.cause, hours });
    byCause[p.cause] = (byCause[p.cause] ?? 0) + hours;
    paralysisHours += hours;
  }
  events.push({ at: iso(end - 1 * DAY), type: "campaign-completed", campaign, sent: 0 });
  events.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));

  const qualityAt = (ms: number): Quality => (ms >= dipAt - 6 * HOUR && ms < dipAt + 2.5 * DAY ? "YELLOW" : "GREEN");
  const audience = 150_000;
  let reachedSoFar = 0;
  const daily: DailyRow[] = [];
  for (let d = 0; d < days; d++) {
    const dayEnd = t0 + (d + 1) * DAY - 1;
    const limitStart = limitAt(t0 + d * DAY);
    const cap = limitStart === null ? 60_000 : limitStart;
    const growth = d * 1000;
    const remaining = Math.max(0, audience + growth - reachedSoFar);
    const uniqueReached = Math.round(Math.min(cap * (0.7 + r() * 0.25), remaining, 60_000));
    reachedSoFar += uniqueReached;
    const attempted = Math.round(uniqueReached * (1.05 + r() * 0.05));
    const failed = Math.round(attempted * (0.025 + r() * 0.01));
    const deferred = Math.round(attempted * 0.01 * r());
    const delivered = Math.max(0, attempted - failed - deferred - Math.round(attempted * 0.02));
    const read = Math.round(delivered * (0.55 + r() * 0.1));
    const replied = Math.round(read * 0.05);
    const blocked = Math.round(delivered * 0.003);
    const optedOut = Math.round(delivered * 0.004);
    const marketing = Math.round(delivered * 0.85) * 0.0615;
    const utility = Math.round(delivered * 0.15) * 0.0198;
    const costByCategory = { MARKETING: round2(marketing), UTILITY: round2(utility) };
    daily.push({
      date: iso(t0 + d * DAY).slice(0, 10),
      limit: limitAt(dayEnd),
      quality: qualityAt(dayEnd),
      uniqueReached,
      newlyReached: uniqueReached,
      attempted,
      delivered,
      read,
      replied,
      blocked,
      optedOut,
      failed,
      deferred,
      cost: round2(costByCategory.MARKETING + costByCategory.UTILITY),
      costByCategory,
    });
  }
  const sum = (k: keyof DailyRow): number => daily.reduce((s, row) => s + (row[k] as number), 0);
  const failed = sum("failed");
  const summary: RunSummary = {
    limit: { initial: 250, final: limitAt(end) },
    reachedAt,
    messages: {
      attempted: sum("attempted"),
      accepted: sum("attempted") - Math.round(sum("attempted") * 0.015),
      delivered: sum("delivered"),
      read: sum("read"),
      failed,
      deferred: sum("deferred"),
      rejected: Math.round(sum("attempted") * 0.015),
      inFlight: 12,
      held: 0,
      dropped: 0,
    },
    users: { reached: sum("uniqueReached"), replied: sum("replied"), blocked: sum("blocked"), reported: Math.round(sum("blocked") * 0.2), optedOut: sum("optedOut") },
    failuresByCode: { "131049": Math.round(failed * 0.45), "131026": Math.round(failed * 0.4), "130429": failed - Math.round(failed * 0.45) - Math.round(failed * 0.4) },
    paralysis: { episodes: paralysis.length, hours: paralysisHours, byCause },
    cost: {
      currency: "USD",
      total: round2(daily.reduce((s, row) => s + row.cost, 0)),
      byCategory: {
        MARKETING: round2(daily.reduce((s, row) => s + row.costByCategory.MARKETING, 0)),
        UTILITY: round2(daily.reduce((s, row) => s + row.costByCategory.UTILITY, 0)),
      },
    },
  };
  return {
    schema: "tiersim/run@1",
    tool: { name: "tiersim", version: VERSION },
    scenario: { name, rules: "meta-2025-10", overrides: { "autoScale.delay": "6h" }, timezone: "Europe/Madrid" },
    seed,
    start: START,
    end: iso(end),
    summary,
    daily,
    events,
  };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function r7(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, s.length - 1);
  return s[lo] + (h - lo) * (s[hi] - s[lo]);
}

function quantiles(values: number[]): Quantiles {
  return { q05: r7(values, 0.05), q25: r7(values, 0.25), q50: r7(values, 0.5), q75: r7(values, 0.75), q95: r7(values, 0.95) };
}

function withMean(values: number[]): Quantiles & { mean: number; ci95: [number, number] } {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const sd = n > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1)) : 0;
  const half = (2.02 * sd) / Math.sqrt(n);
  return { ...quantiles(values), mean, ci95: [mean - half, mean + half] };
}

/** A projection aggregated from `runs` fixture runs (seeds 1…runs): its bands are their quantiles. */
export function buildProjectionFixture(opts: { runs?: number; name?: string } = {}): ProjectionResult {
  const runs = opts.runs ?? 40;
  const perRunResults = Array.from({ length: runs }, (_, i) => buildRunFixture({ seed: 1000 + i, ...(opts.name ? { name: opts.name } : {}) }));
  const first = perRunResults[0];
  const t0 = Date.parse(first.start);
  const tiers = Object.keys(first.summary.reachedAt);
  const reachedAt: ProjectionResult["reachedAt"] = {};
  for (const tier of tiers) {
    const days = perRunResults.map((x) => x.summary.reachedAt[tier]).filter((a): a is string => a !== null).map((a) => (Date.parse(a) - t0) / DAY);
    reachedAt[tier] = { share: days.length / runs, days: days.length > 0 ? withMean(days) : null };
  }
  // Limits are rungs, so their bands take the lower order statistic (no value between rungs);
  // unlimited ranks above every finite limit and is written as null, as JSON would hold it.
  const limitBand = (vals: Limit[]): Quantiles => {
    const s = [...vals].sort((a, b) => (a === null ? 1 : 0) - (b === null ? 1 : 0) || (a ?? 0) - (b ?? 0));
    const at = (p: number): number => s[Math.floor((s.length - 1) * p)] as number;
    return { q05: at(0.05), q25: at(0.25), q50: at(0.5), q75: at(0.75), q95: at(0.95) };
  };
  const cumulative = perRunResults.map((x) => {
    let c = 0;
    return x.daily.map((d) => (c += d.newlyReached));
  });
  const daily = first.daily.map((row, i) => ({
    date: row.date,
    limit: limitBand(perRunResults.map((x) => x.daily[i].limit)),
    reach: quantiles(perRunResults.map((x) => x.daily[i].uniqueReached)),
    cumulativeReach: quantiles(cumulative.map((c) => c[i])),
    delivered: quantiles(perRunResults.map((x) => x.daily[i].delivered)),
    cost: quantiles(perRunResults.map((x) => x.daily[i].cost)),
  }));
  const causes = [...new Set(perRunResults.flatMap((x) => Object.keys(x.summary.paralysis.byCause)))] as ParalysisCause[];
  const byCause: ProjectionResult["paralysis"]["byCause"] = {};
  for (const cause of causes) {
    const hours = perRunResults.map((x) => x.summary.paralysis.byCause[cause] ?? 0);
    byCause[cause] = { probability: hours.filter((h) => h > 0).length / runs, hours: withMean(hours) };
  }
  return {
    schema: "tiersim/projection@1",
    tool: { name: "tiersim", version: VERSION },
    scenario: first.scenario,
    seed: 42,
    runs,
    start: first.start,
    end: first.end,
    method: {
      quantiles: "R-7 (linear interpolation between order statistics)",
      levels: ["q05", "q25", "q50", "q75", "q95"],
      interval: "two-sided 95 % Student-t interval of the mean",
      replicationSeed: "hash(master seed, scenario, replication index)",
    },
    reachedAt,
    paralysis: {
      probability: perRunResults.filter((x) => x.summary.paralysis.episodes > 0).length / runs,
      hours: withMean(perRunResults.map((x) => x.summary.paralysis.hours)),
      byCause,
    },
    metrics: {
      usersReached: withMean(perRunResults.map((x) => x.summary.users.reached)),
      delivered: withMean(perRunResults.map((x) => x.summary.messages.delivered)),
      costTotal: withMean(perRunResults.map((x) => x.summary.cost.total)),
    },
    daily,
    perRun: perRunResults.map((x, index) => ({ index, seed: x.seed, summary: x.summary })),
  };
}

/** A 2×2×2 sweep over three parameters with three metrics; sensitivity computed from the variants. */
export function buildSweepFixture(opts: { name?: string } = {}): SweepResult {
  const grid = {
    "autoScale.delay": ["6h", "24h"],
    "audience.growthPerDay": [500, 2000],
    "campaigns[0].throttle.headroom": [0, 0.2],
  } as const;
  const variants: SweepResult["variants"] = [];
  for (const delay of grid["autoScale.delay"])
    for (const growth of grid["audience.growthPerDay"])
      for (const headroom of grid["campaigns[0].throttle.headroom"]) {
        const daysToUnlimited = 18 + (delay === "24h" ? 4.5 : 0) - growth / 1000 + headroom * 10;
        variants.push({
          values: { "autoScale.delay": delay, "audience.growthPerDay": growth, "campaigns[0].throttle.headroom": headroom },
          metrics: {
            daysToUnlimited,
            usersReached: 420_000 + growth * 28 - headroom * 90_000 - (delay === "24h" ? 35_000 : 0),
            paralysisHours: 60 - headroom * 150 + (delay === "24h" ? 12 : 0),
          },
        });
      }
  const sensitivity: SweepResult["sensitivity"] = [];
  for (const parameter of Object.keys(grid) as Array<keyof typeof grid>) {
    for (const metric of ["daysToUnlimited", "usersReached", "paralysisHours"]) {
      const means = grid[parameter].map((value: string | number) => {
        const vs = variants.filter((v) => v.values[parameter] === value).map((v) => v.metrics[metric]);
        return { value, metric: vs.reduce((s, x) => s + x, 0) / vs.length };
      });
      const sorted = [...means].sort((a, b) => a.metric - b.metric);
      const low = sorted[0];
      const high = sorted[sorted.length - 1];
      sensitivity.push({ parameter, metric, low, high, swing: high.metric - low.metric });
    }
  }
  sensitivity.sort((a, b) => b.swing - a.swing);
  return {
    schema: "tiersim/sweep@1",
    tool: { name: "tiersim", version: VERSION },
    scenario: { name: opts.name ?? "Newly verified retailer — spring ramp", rules: "meta-2025-10", overrides: {}, timezone: "Europe/Madrid" },
    seed: 42,
    runs: 20,
    variants,
    sensitivity,
  };
}
