// `--assert "<metric> <op> <value>"`: parsing, the metric catalogue, and evaluation against
// one run's metrics. Parsing returns issues as data (the CLI turns them into exit 2); an
// assertion that does not hold is reported with the value actually seen.
import { PARALYSIS_CAUSES } from "../../sim/result.js";
import { round6 } from "../../sim/round.js";
import type { ThrottleRunMetrics } from "./metrics.js";
import { holds as holdsThreshold, parseThresholds, type MetricSpec, type ThresholdOp } from "../../scenarios/thresholds.js";

export type AssertionOp = ThresholdOp;

/** A parsed assertion: `metric op value`. */
export interface Assertion {
  /** The text as written. */
  source: string;
  metric: string;
  op: AssertionOp;
  value: number;
}

/** The metrics an assertion can name, with what each measures (`<code>`, `<tier>`, `<cause>` are placeholders). */
export const THROTTLE_METRICS: ReadonlyArray<{ name: string; unit: string; meaning: string }> = [
  { name: "errors.<code>", unit: "attempts", meaning: "attempts answered with that error code (refused before sending or failed), e.g. errors.130429, errors.131056, errors.131049" },
  { name: "errors.total", unit: "attempts", meaning: "attempts answered with any error code" },
  { name: "limit.overshoot", unit: "attempts", meaning: "sends started that the platform refused because the moving-24 h messaging limit was full" },
  { name: "paralysis.hours", unit: "hours", meaning: "hours campaigns wanted to send and could not, all causes" },
  { name: "paralysis.<cause>", unit: "hours", meaning: `paralysis hours of one cause: ${PARALYSIS_CAUSES.join(", ")}` },
  { name: "reachedAt.<tier>", unit: "days", meaning: "days from the start to a limit rung (e.g. reachedAt.10000, reachedAt.unlimited); Infinity when not reached" },
  { name: "ideal.reachedAt.<tier>", unit: "days", meaning: "the same for the ideal throttle (fill-limit, headroom 0) on the same scenario and seed" },
  { name: "rampDelay.<tier>", unit: "days", meaning: "reachedAt − ideal.reachedAt: days of ramp the throttle costs (Infinity when only the ideal reaches it, 0 when neither does)" },
  { name: "queue.p50 | queue.p95 | queue.p99 | queue.max | queue.mean", unit: "ms", meaning: "queue wait of the attempts (trace waitMs), R-7 quantiles" },
  { name: "deferred", unit: "sends", meaning: "sends put back to wait: re-queued after a refusal or scheduled for a retry" },
  { name: "dropped", unit: "sends", meaning: "sends never attempted plus sends given up after an error" },
  { name: "gaveUp", unit: "sends", meaning: "sends given up after an error (part of dropped)" },
  { name: "attempted | delivered", unit: "attempts", meaning: "send attempts; deliveries within the horizon" },
  { name: "utilisation | utilisation.max", unit: "ratio", meaning: "distinct users newly counted per local day / the higher of the limits at the day's start and end: mean (max) over days with a finite limit" },
];

/**
 * The metric names, one line, for error messages.
 *
 * @example
 * ```ts
 * knownMetricsText(); // "errors.<code>, errors.total, limit.overshoot, …"
 * ```
 */
export function knownMetricsText(): string {
  return THROTTLE_METRICS.map((m) => m.name).join(", ");
}

const TIER = "(\\d+|unlimited)";

/** The throttle metrics with their units, in the threshold grammar shared with `expect:`. */
export const THROTTLE_METRIC_SPECS: readonly MetricSpec[] = [
  { name: "errors.<code>", unit: "count", meaning: THROTTLE_METRICS[0].meaning, pattern: /^errors\.(\d+|total)$/ },
  { name: "limit.overshoot", unit: "count", meaning: THROTTLE_METRICS[2].meaning, pattern: /^limit\.overshoot$/ },
  { name: "paralysis.hours", unit: "hours", meaning: THROTTLE_METRICS[3].meaning, pattern: /^paralysis\.hours$/ },
  { name: "paralysis.<cause>", unit: "hours", meaning: THROTTLE_METRICS[4].meaning, pattern: new RegExp(`^paralysis\\.(${PARALYSIS_CAUSES.join("|")})$`) },
  { name: "reachedAt.<tier>", unit: "days", meaning: THROTTLE_METRICS[5].meaning, pattern: new RegExp(`^reachedAt\\.${TIER}$`) },
  { name: "ideal.reachedAt.<tier>", unit: "days", meaning: THROTTLE_METRICS[6].meaning, pattern: new RegExp(`^ideal\\.reachedAt\\.${TIER}$`) },
  { name: "rampDelay.<tier>", unit: "days", meaning: THROTTLE_METRICS[7].meaning, pattern: new RegExp(`^rampDelay\\.${TIER}$`) },
  { name: "queue.<stat>", unit: "ms", meaning: THROTTLE_METRICS[8].meaning, pattern: /^queue\.(p50|p95|p99|max|mean)$/ },
  { name: "deferred", unit: "count", meaning: THROTTLE_METRICS[9].meaning, pattern: /^deferred$/ },
  { name: "dropped", unit: "count", meaning: THROTTLE_METRICS[10].meaning, pattern: /^dropped$/ },
  { name: "gaveUp", unit: "count", meaning: THROTTLE_METRICS[11].meaning, pattern: /^gaveUp$/ },
  { name: "attempted | delivered", unit: "count", meaning: THROTTLE_METRICS[12].meaning, pattern: /^(attempted|delivered)$/ },
  { name: "utilisation | utilisation.max", unit: "ratio", meaning: THROTTLE_METRICS[13].meaning, pattern: /^utilisation(\.max)?$/ },
];

/** Result of parsing assertions: all of them, or every problem at once. */
export type ParseAssertionsResult = { ok: true; assertions: Assertion[] } | { ok: false; issues: string[] };

/**
 * Parses `--assert` expressions in the threshold grammar shared with `expect:` and `--expect`:
 * values with units (`60s`, `24h`, `7d`, `80%`) converted into the metric's unit (queue waits in
 * ms, paralysis in hours, reachedAt in days, utilisation as a ratio), `Infinity` or `inf`, and a
 * did-you-mean for a mistyped metric.
 *
 * @example
 * ```ts
 * parseAssertions(["errors.130429 == 0", "queue.p95 < 60s"]);
 * // { ok: true, assertions: [{ metric: "errors.130429", op: "==", value: 0, … }, { metric: "queue.p95", op: "<", value: 60000, … }] }
 * parseAssertions(["erors.130429 == 0"]).ok; // false: unknown metric; did you mean "errors.130429"?
 * ```
 */
export function parseAssertions(texts: readonly string[]): ParseAssertionsResult {
  const parsed = parseThresholds(texts, THROTTLE_METRIC_SPECS);
  if (!parsed.ok) return { ok: false, issues: parsed.issues.map((i) => (/unknown (metric|paralysis cause)/.test(i) ? `${i}. Known metrics: ${knownMetricsText()}` : i)) };
  return { ok: true, assertions: parsed.thresholds.map((t) => ({ source: t.source, metric: t.metric, op: t.op, value: t.value })) };
}

/**
 * Whether a metric needs the ideal-throttle comparison run.
 *
 * @example
 * ```ts
 * needsIdeal("rampDelay.10000"); // true
 * ```
 */
export function needsIdeal(metric: string): boolean {
  return metric.startsWith("ideal.") || metric.startsWith("rampDelay.");
}

/**
 * The value of a metric in one run's metrics (`Infinity` for a tier not reached).
 *
 * @example
 * ```ts
 * metricValue(metrics, "errors.130429"); // 0 when no attempt was refused for throughput
 * ```
 */
export function metricValue(m: ThrottleRunMetrics, metric: string): number {
  const days = (r: Record<string, number | null> | undefined, tier: string): number => {
    if (!r) throw new Error(`metric ${metric} needs the ideal-throttle comparison`);
    const d = r[tier];
    return d === null || d === undefined ? Infinity : d;
  };
  const code = /^errors\.(\d+)$/.exec(metric);
  if (code) return m.errors[code[1]] ?? 0;
  const tier = /^(reachedAt|ideal\.reachedAt|rampDelay)\.(\d+|unlimited)$/.exec(metric);
  if (tier) {
    if (tier[1] === "reachedAt") return days(m.reachedAtDays, tier[2]);
    const ideal = days(m.ideal?.reachedAtDays, tier[2]);
    if (tier[1] === "ideal.reachedAt") return ideal;
    const own = days(m.reachedAtDays, tier[2]);
    return own === Infinity && ideal === Infinity ? 0 : round6(own - ideal);
  }
  const cause = /^paralysis\.(.+)$/.exec(metric);
  if (cause && cause[1] !== "hours") return m.paralysis.byCause[cause[1] as keyof typeof m.paralysis.byCause] ?? 0;
  switch (metric) {
    case "errors.total":
      return Object.values(m.errors).reduce((a, b) => a + b, 0);
    case "limit.overshoot":
      return m.limitOvershoot;
    case "paralysis.hours":
      return m.paralysis.hours;
    case "queue.p50":
    case "queue.p95":
    case "queue.p99":
    case "queue.max":
    case "queue.mean":
      return m.queue[metric.slice(6) as "p50"];
    case "deferred":
    case "dropped":
    case "gaveUp":
    case "attempted":
    case "delivered":
      return m[metric];
    case "utilisation":
      return m.utilisation.mean ?? 0;
    case "utilisation.max":
      return m.utilisation.max ?? 0;
  }
  throw new Error(`unknown metric ${metric}`);
}

/**
 * Whether `actual op expected` holds.
 *
 * @example
 * ```ts
 * holds(3, "<=", 3); // true
 * ```
 */
export function holds(actual: number, op: AssertionOp, expected: number): boolean {
  return holdsThreshold(actual, op, expected);
}
