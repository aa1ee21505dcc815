// Checking thresholds (`expect:`, `--expect`) against a run or a projection: each measured value
// with whether it holds, for the terminal and for JUnit XML. The grammar and the metric names
// live with the scenario format (scenarios/thresholds.ts); this is their evaluation.
import type { RunResult, RunSummary } from "../sim/result.js";
import type { ProjectionResult } from "./projections/contract.js";
import { catalogue, holds, parseThresholds, type MetricSpec, type Threshold } from "../scenarios/thresholds.js";
import type { STATS } from "../scenarios/thresholds.js";
import { DAY } from "../models/duration.js";

/** One threshold checked: what was measured and whether it held. */
export interface ThresholdCheck {
  threshold: Threshold;
  /** The value measured, in the threshold's unit; `null` when the outcome was never reached. */
  measured: number | null;
  /** For a projection: how many runs reached a censored outcome (days.<tier>…). */
  reached?: { runs: number; of: number };
  passed: boolean;
}


/**
 * The value of a run metric (see `RUN_METRICS`) in one run's summary; `null` for a rung not
 * reached.
 *
 * @example
 * ```ts
 * runMetric(result.summary, result.start, "paralysis.hours"); // 274.602899
 * ```
 */
export function runMetric(s: RunSummary, start: string, metric: string): number | null {
  const [head, rest] = [metric.slice(0, metric.indexOf(".")), metric.slice(metric.indexOf(".") + 1)];
  switch (head) {
    case "days": {
      const at = s.reachedAt[rest];
      // A rung the run starts at or above was never "reached": it is not in reachedAt.
      if (at === undefined) return rest in s.reachedAt ? null : 0;
      return at === null ? null : (Date.parse(at) - Date.parse(start)) / DAY;
    }
    case "paralysis":
      if (rest === "hours") return s.paralysis.hours;
      if (rest === "episodes") return s.paralysis.episodes;
      return s.paralysis.byCause[rest as keyof typeof s.paralysis.byCause] ?? 0;
    case "messages":
      return s.messages[rest as keyof RunSummary["messages"]];
    case "users":
      return s.users[rest as keyof RunSummary["users"]];
    case "rates": {
      const m = s.messages;
      const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);
      if (rest === "read") return ratio(m.read, m.delivered);
      return ratio(m[rest as "delivered" | "failed" | "rejected"], m.attempted);
    }
    case "errors":
      return rest === "total" ? Object.values(s.failuresByCode).reduce((a, b) => a + b, 0) : (s.failuresByCode[rest] ?? 0);
    case "cost":
      return s.cost.total;
  }
  throw new Error(`unknown metric ${metric}`);
}

/** R-7 quantile over values where `null` (never reached) ranks above every number. */
function quantile(values: Array<number | null>, p: number): number | null {
  const sorted = values.map((v) => v ?? Infinity).sort((a, b) => a - b);
  const h = (sorted.length - 1) * p;
  const lo = sorted[Math.floor(h)];
  const hi = sorted[Math.ceil(h)];
  if (lo === Infinity || hi === Infinity) return null;
  return lo + (h - Math.floor(h)) * (hi - lo);
}

/**
 * The value of a projection metric: a statistic over the runs of a run metric (`.q50`,
 * `.q95`, `.mean` …; a run that never reached a rung ranks above all others, so `q50` is
 * `null` when fewer than half did), or a share of runs.
 *
 * @example
 * ```ts
 * projectionMetric(projection, "days.unlimited.q50"); // null when most runs never get there
 * ```
 */
export function projectionMetric(p: ProjectionResult, metric: string): { value: number | null; reached?: { runs: number; of: number } } {
  if (metric === "paralysis.probability") return { value: p.paralysis.probability };
  const share = /^days\.(.+)\.share$/.exec(metric);
  const values = (m: string): Array<number | null> => p.perRun.map((r) => runMetric(r.summary, p.start, m));
  if (share) {
    const v = values(`days.${share[1]}`);
    return { value: v.filter((x) => x !== null).length / v.length };
  }
  const stat = metric.slice(metric.lastIndexOf(".") + 1) as (typeof STATS)[number];
  const base = metric.slice(0, metric.lastIndexOf("."));
  const v = values(base);
  const reached = base.startsWith("days.") ? { runs: v.filter((x) => x !== null).length, of: v.length } : undefined;
  if (stat === "mean") return { value: v.some((x) => x === null) ? null : (v as number[]).reduce((a, b) => a + b, 0) / v.length, reached };
  const p0 = { q05: 0.05, q25: 0.25, q50: 0.5, q75: 0.75, q95: 0.95 }[stat];
  return { value: quantile(v, p0), reached };
}

/**
 * Checks parsed thresholds against a run or a projection. A threshold written for the other
 * kind of result (a projection statistic on a single run) is an issue, not a failure.
 *
 * @example
 * ```ts
 * const checks = checkThresholds(projection, parsed.thresholds);
 * checks.every((c) => c.passed);
 * ```
 */
export function checkThresholds(result: RunResult | ProjectionResult, thresholds: readonly Threshold[]): ThresholdCheck[] {
  return thresholds.map((threshold) => {
    if (result.schema === "tiersim/run@1") {
      const measured = runMetric(result.summary, result.start, threshold.metric);
      return { threshold, measured, passed: holds(measured, threshold.op, threshold.value) };
    }
    const { value, reached } = projectionMetric(result, threshold.metric);
    return { threshold, measured: value, ...(reached ? { reached } : {}), passed: holds(value, threshold.op, threshold.value) };
  });
}

/**
 * Parses thresholds for a kind of result, with a hint when a name belongs to the other kind
 * (`paralysis.hours.q95` on a single run: "a statistic over runs: add --runs").
 *
 * @example
 * ```ts
 * parseFor("projection", ["cost.total.q50 < 10000"]);
 * ```
 */
export function parseFor(kind: "run" | "projection", texts: readonly string[]): { ok: true; thresholds: Threshold[] } | { ok: false; issues: string[] } {
  const own = catalogue(kind);
  const other: readonly MetricSpec[] = catalogue(kind === "run" ? "projection" : "run");
  const parsed = parseThresholds(texts, own);
  if (parsed.ok) return parsed;
  const issues = parsed.issues.map((issue, i) => {
    const text = texts.filter((t) => !parseThresholds([t], own).ok)[i] ?? "";
    const name = /^\s*([A-Za-z][\w.-]*)/.exec(text)?.[1] ?? "";
    if (name && other.some((s) => s.pattern.test(name))) {
      return kind === "run"
        ? `"${text}": ${name} is a statistic over many runs; give --runs N (a projection), or name the run's own metric (${name.replace(/\.(q05|q25|q50|q75|q95|mean|share)$/, "")})`
        : `"${text}": ${name} is a single run's metric; in a projection add a statistic, e.g. ${name}.q50 or ${name}.q95`;
    }
    return issue;
  });
  return { ok: false, issues };
}
