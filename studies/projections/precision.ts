// Precision targets: "days.100000.q50 ± 0.5d", "cost.mean ± 2%". A target names one figure of
// a projection and the half-width its confidence interval may have; a projection run to
// precision adds batches of replications until every target is met (see project.ts). Parsing
// and evaluation live here, pure: the same records always give the same verdict.
import { DAY } from "../../models/duration.js";
import { round6 } from "../../sim/round.js";
import { meanInterval, quantileInterval, shareInterval } from "../stats/independent.js";
import { pairedMeanInterval, pairedQuantileInterval, pairedShareInterval, type Interval } from "../stats/paired.js";
import type { ProjectionPrecision } from "./contract.js";
import type { ReplicationRecord } from "./types.js";

/** Confidence level of every precision interval. */
export const PRECISION_CONFIDENCE = 0.95;

/** What kind of statistic a target names; each has its own interval method. */
export type TargetKind = "mean" | "quantile" | "share";

/** The interval method of each kind, in words (written into `precision.methods`). */
export const PRECISION_METHODS: Readonly<Record<TargetKind, { independent: string; antithetic: string }>> = {
  mean: {
    independent: "Student t: mean ± t(0.975, n − 1) · s / √n over the runs with a value",
    antithetic: "Student t over antithetic pairs: ratio estimator Σ pair totals / Σ pair counts, delta-method (cluster) variance over the m pairs, t(0.975, m − 1)",
  },
  quantile: {
    independent:
      "exact distribution-free order-statistic interval [X(l), X(u)]: l the largest and u the smallest rank with P(B < l) ≤ 2.5 % and P(B ≥ u) ≤ 2.5 %, B ~ Binomial(n, p) (Hahn & Meeker §5.2); deterministic, no resampling; the estimate is the R-7 quantile",
    antithetic:
      "order statistics at ranks ⌊n(p − tσ)⌋ and ⌈n(p + tσ)⌉ + 1, σ² the delta-method variance over antithetic pairs of the empirical CDF at the estimate, floored at p(1 − p)/(4n) (Avramidis & Wilson 1998); deterministic",
  },
  share: {
    independent: "Wilson score interval of x runs out of n",
    antithetic: "Student t over antithetic pairs of the share (delta-method variance over pairs, floored at a quarter of the binomial variance around (x + 2)/(n + 4)), clipped to [0, 1]",
  },
};

/** One parsed `--precision` target. */
export interface PrecisionTarget {
  /** The target as written, normalised: `days.100000.q50 ± 0.5d`. */
  text: string;
  /** The figure's name: `days.100000.q50`. */
  metric: string;
  kind: TargetKind;
  /** Quantile level, for `quantile` targets. */
  level?: number;
  /** Allowed half-width: absolute in the figure's unit, or a fraction of the estimate when `relative`. */
  halfWidth: number;
  relative: boolean;
  /** Per-run value (`null`: no value, e.g. the rung was not reached) from a record and the start (ms since the epoch). */
  read: (r: ReplicationRecord, start: number) => number | null;
}

type Unit = "days" | "hours" | "share" | "count" | "money";

/** Per-run quantities a `<name>.<stat>` target can name, with their unit. */
const RUN_QUANTITIES: ReadonlyArray<readonly [string, Unit, (r: ReplicationRecord) => number]> = [
  ["attempted", "count", (r) => r.summary.messages.attempted],
  ["delivered", "count", (r) => r.summary.messages.delivered],
  ["read", "count", (r) => r.summary.messages.read],
  ["failed", "count", (r) => r.summary.messages.failed],
  ["rejected", "count", (r) => r.summary.messages.rejected],
  ["usersReached", "count", (r) => r.summary.users.reached],
  ["replied", "count", (r) => r.summary.users.replied],
  ["blocked", "count", (r) => r.summary.users.blocked],
  ["reported", "count", (r) => r.summary.users.reported],
  ["optedOut", "count", (r) => r.summary.users.optedOut],
  ["paralysisEpisodes", "count", (r) => r.summary.paralysis.episodes],
  ["paralysisHours", "hours", (r) => r.summary.paralysis.hours],
  ["paralysis.hours", "hours", (r) => r.summary.paralysis.hours],
  ["cost", "money", (r) => r.summary.cost.total],
  ["cost.total", "money", (r) => r.summary.cost.total],
];

/** The names `--precision` accepts, for messages and docs. */
export const PRECISION_METRIC_FORMS = [
  "days.<rung>.<stat>  days from the start to a rung (10000, 100000, unlimited…), over the runs that reached it",
  "reached.<rung>  share of runs reaching the rung",
  "paralysis.probability  share of runs with any paralysis",
  `<metric>.<stat>  per-run metric: ${RUN_QUANTITIES.map(([n]) => n).join(", ")}`,
  "<stat> = mean, or a quantile q01 … q99 (q50 = median)",
];

/** A parse result: the target, or a message saying what is wrong and how to write it. */
export type ParsedTarget = { ok: true; target: PrecisionTarget } | { ok: false; message: string };

const HELP = `write "<metric> ± <half-width>", for example "days.100000.q50 ± 0.5d", "cost.mean ± 2%" or "reached.100000 ± 0.05" (± may be written +-)`;

function parseStat(stat: string): { kind: "mean" } | { kind: "quantile"; level: number } | null {
  if (stat === "mean") return { kind: "mean" };
  const m = /^q(\d{2})$/.exec(stat);
  if (m && Number(m[1]) >= 1 && Number(m[1]) <= 99) return { kind: "quantile", level: Number(m[1]) / 100 };
  return null;
}

/** Parses a half-width in the figure's unit: days accept `d`/`h`, hours `h`/`d`, shares `pp`; `%` is relative everywhere. */
function parseHalfWidth(text: string, unit: Unit): { value: number; relative: boolean } | string {
  const m = /^(\d+(?:\.\d+)?|\.\d+)\s*(%|d|h|pp)?$/.exec(text);
  if (!m) return `the half-width "${text}" is not a positive number with an optional unit (%, d, h, pp)`;
  const value = Number(m[1]);
  if (!(value > 0)) return `the half-width must be greater than 0, got "${text}"`;
  const suffix = m[2];
  if (suffix === "%") return { value: value / 100, relative: true };
  if (suffix === undefined) return { value, relative: false };
  if (suffix === "pp") return unit === "share" ? { value: value / 100, relative: false } : `"pp" (percentage points) applies to shares only; give ${unitHint(unit)}`;
  if (unit === "days") return { value: suffix === "d" ? value : value / 24, relative: false };
  if (unit === "hours") return { value: suffix === "h" ? value : value * 24, relative: false };
  return `"${suffix}" is a duration and this figure is not one; give ${unitHint(unit)}`;
}

function unitHint(unit: Unit): string {
  switch (unit) {
    case "days":
      return "days (0.5, 0.5d or 12h) or a percentage of the estimate (5%)";
    case "hours":
      return "hours (6, 6h or 0.25d) or a percentage of the estimate (5%)";
    case "share":
      return "a share (0.05), percentage points (5pp) or a percentage of the estimate (10%)";
    default:
      return "a number in the metric's unit or a percentage of the estimate (2%)";
  }
}

/**
 * Parses one `--precision` target.
 *
 * @example
 * ```ts
 * parsePrecisionTarget("days.100000.q50 ± 0.5d"); // { ok: true, target: { metric: "days.100000.q50", kind: "quantile", level: 0.5, halfWidth: 0.5, … } }
 * parsePrecisionTarget("cost.total.mean ± 2%");   // relative: ± 2 % of the mean cost
 * parsePrecisionTarget("speed ± 1");              // { ok: false, message: "…" }
 * ```
 */
export function parsePrecisionTarget(input: string): ParsedTarget {
  const m = /^\s*([A-Za-z0-9_.]+)\s*(?:±|\+-|\+\/-)\s*(\S+(?:\s*\S+)?)\s*$/.exec(input);
  if (!m) return { ok: false, message: `--precision "${input}": ${HELP}` };
  const metric = m[1];
  const width = m[2].replace(/\s+/g, "");
  const fail = (why: string): ParsedTarget => ({ ok: false, message: `--precision "${input}": ${why}` });
  const build = (kind: TargetKind, unit: Unit, read: PrecisionTarget["read"], level?: number): ParsedTarget => {
    const hw = parseHalfWidth(width, unit);
    if (typeof hw === "string") return fail(hw);
    const text = `${metric} ± ${width}`;
    return { ok: true, target: { text, metric, kind, ...(level === undefined ? {} : { level }), halfWidth: hw.value, relative: hw.relative, read } };
  };

  const parts = metric.split(".");
  if (parts[0] === "days") {
    if (parts.length !== 3 || !/^(\d+|unlimited)$/.test(parts[1])) return fail(`days targets are days.<rung>.<stat>, e.g. days.100000.q50 or days.unlimited.mean`);
    const stat = parseStat(parts[2]);
    if (!stat) return fail(`"${parts[2]}" is not a statistic: use mean or q01 … q99`);
    const tier = parts[1];
    const read = (r: ReplicationRecord, start: number): number | null => {
      const at = r.summary.reachedAt[tier];
      return typeof at === "string" ? (Date.parse(at) - start) / DAY : null;
    };
    return build(stat.kind, "days", read, stat.kind === "quantile" ? stat.level : undefined);
  }
  if (parts[0] === "reached") {
    if (parts.length !== 2 || !/^(\d+|unlimited)$/.test(parts[1])) return fail(`reached targets are reached.<rung>, e.g. reached.100000`);
    const tier = parts[1];
    return build("share", "share", (r) => (typeof r.summary.reachedAt[tier] === "string" ? 1 : 0));
  }
  if (metric === "paralysis.probability") {
    return build("share", "share", (r) => (r.summary.paralysis.episodes > 0 || r.summary.paralysis.hours > 0 ? 1 : 0));
  }
  const dot = metric.lastIndexOf(".");
  const name = dot < 0 ? metric : metric.slice(0, dot);
  const quantity = RUN_QUANTITIES.find(([n]) => n === name);
  if (!quantity || dot < 0) return fail(`unknown figure "${metric}"; the figures are:\n  ${PRECISION_METRIC_FORMS.join("\n  ")}`);
  const stat = parseStat(metric.slice(dot + 1));
  if (!stat) return fail(`"${metric.slice(dot + 1)}" is not a statistic: use mean or q01 … q99`);
  const read = quantity[2];
  return build(stat.kind, quantity[1], (r) => read(r), stat.kind === "quantile" ? stat.level : undefined);
}

/** A target's interval over the runs so far. */
export interface TargetStatus {
  target: PrecisionTarget;
  /** `null`: no run has a value yet. */
  interval: Interval | null;
  /** max(estimate − lower, upper − estimate); `null` while an end is unbounded. */
  achieved: number | null;
  /** The allowed half-width in the figure's unit (relative targets: times |estimate|). */
  required: number | null;
  met: boolean;
}

/**
 * Evaluates targets over records in replication order. With `antithetic`, runs 2j and 2j + 1
 * are a pair and the pair is the independent unit.
 *
 * @example
 * ```ts
 * const [s] = evaluateTargets([target], records, Date.parse(header.start), false);
 * s.met; // true once the interval is narrow enough
 * ```
 */
export function evaluateTargets(targets: readonly PrecisionTarget[], records: readonly ReplicationRecord[], start: number, antithetic: boolean): TargetStatus[] {
  return targets.map((target) => {
    const values = records.map((r) => target.read(r, start));
    const present = values.filter((v): v is number => v !== null);
    if (present.length === 0) return { target, interval: null, achieved: null, required: null, met: false };
    let interval: Interval;
    if (target.kind === "mean") interval = antithetic ? pairedMeanInterval(values, PRECISION_CONFIDENCE) : meanInterval(present, PRECISION_CONFIDENCE);
    else if (target.kind === "quantile") interval = antithetic ? pairedQuantileInterval(values, target.level as number, PRECISION_CONFIDENCE) : quantileInterval(present, target.level as number, PRECISION_CONFIDENCE);
    else interval = antithetic ? pairedShareInterval(present, PRECISION_CONFIDENCE) : shareInterval(present, PRECISION_CONFIDENCE);
    const { estimate, lower, upper } = interval;
    const achieved = lower === null || upper === null ? null : Math.max(estimate - lower, upper - estimate);
    const required = target.relative ? target.halfWidth * Math.abs(estimate) : target.halfWidth;
    return { target, interval, achieved, required, met: achieved !== null && achieved <= required };
  });
}

/** How a projection run to precision was stopped, for {@link precisionRecord}. */
export interface PrecisionRun {
  batch: number;
  maxRuns: number;
  antithetic: boolean;
}

/**
 * The `precision` block of a projection: the targets, what each reached, and why the run stopped.
 *
 * @example
 * ```ts
 * projection.precision = precisionRecord(evaluateTargets(targets, records, start, false), { batch: 20, maxRuns: 1000, antithetic: false });
 * ```
 */
export function precisionRecord(statuses: readonly TargetStatus[], run: PrecisionRun): ProjectionPrecision {
  const met = statuses.every((s) => s.met);
  const r = (x: number | null): number | null => (x === null ? null : round6(x));
  const kinds = [...new Set(statuses.map((s) => s.target.kind))].sort();
  return {
    met,
    stopped: met ? "precise" : "max-runs",
    confidence: PRECISION_CONFIDENCE,
    batch: run.batch,
    maxRuns: run.maxRuns,
    methods: Object.fromEntries(kinds.map((k) => [k, PRECISION_METHODS[k][run.antithetic ? "antithetic" : "independent"]])),
    targets: statuses.map((s) => ({
      metric: s.target.metric,
      target: s.target.text,
      kind: s.target.kind,
      estimate: s.interval === null ? null : round6(s.interval.estimate),
      interval: s.interval === null ? [null, null] : [r(s.interval.lower), r(s.interval.upper)],
      halfWidth: r(s.achieved),
      required: r(s.required),
      n: s.interval === null ? 0 : s.interval.n,
      met: s.met,
    })),
  };
}
