// Thresholds, one grammar for `expect:` in scenario files, `--expect` on `run` / `sweep` and
// `check-throttle --assert`: `<metric> <op> <value>[unit]`, e.g. `days.unlimited.q50 <= 7d`,
// `paralysis.hours.q95 < 24h`, `rates.delivered >= 90%`, `cost.total.q50 < 10000`.
// Values carry units: durations (`500ms`, `90s`, `15m`, `24h`, `7d`, `1w`) are converted into
// the metric's own time unit, `%` into a ratio; a plain number is in the metric's unit. Metric
// names are checked against a catalogue, with a did-you-mean suggestion. Pure: issues are data.
import { closest } from "../models/rules/suggest.js";
import { PARALYSIS_CAUSES } from "../sim/result.js";

export type ThresholdOp = "==" | "!=" | "<" | "<=" | ">" | ">=";

/** The unit a metric is measured in; a threshold's value is converted into it. */
export type MetricUnit = "days" | "hours" | "ms" | "count" | "ratio" | "money";

/** A metric a threshold can name: a pattern (`<tier>`, `<cause>`, `<code>`, `<stat>` are placeholders). */
export interface MetricSpec {
  name: string;
  unit: MetricUnit;
  meaning: string;
  /** Matches the concrete names of this metric. */
  pattern: RegExp;
}

/** A parsed threshold: `metric op value`, the value in the metric's unit. */
export interface Threshold {
  /** The text as written. */
  source: string;
  metric: string;
  op: ThresholdOp;
  value: number;
  unit: MetricUnit;
}

export type ParseThresholdsResult = { ok: true; thresholds: Threshold[] } | { ok: false; issues: string[] };

const OPS: readonly ThresholdOp[] = ["==", "!=", "<=", ">=", "<", ">"];
const PATTERN = /^\s*([A-Za-z][\w.-]*)\s*(==|!=|<=|>=|<|>)\s*(\S+)\s*$/;
const VALUE = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)\s*(ms|s|m|h|d|w|%)?$/i;
const MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const PER_UNIT_MS: Partial<Record<MetricUnit, number>> = { days: 86_400_000, hours: 3_600_000, ms: 1 };

/** Statistics a projection metric takes as suffix: quantiles over the runs and the mean. */
export const STATS = ["q05", "q25", "q50", "q75", "q95", "mean"] as const;
const STAT = `(${STATS.join("|")})`;
const TIER = "(\\d+|unlimited)";
const CAUSE = `(${PARALYSIS_CAUSES.join("|")})`;

/**
 * Metrics of one run, named as `run` results are (`summary.…`), for `expect:` and `--expect`.
 * In a projection or sweep each takes a statistic over the runs: `<metric>.q50`, `.q95`, `.mean`
 * …; `days.<tier>.share` and `paralysis.probability` are shares of runs.
 */
export const RUN_METRICS: readonly MetricSpec[] = [
  { name: "days.<tier>", unit: "days", meaning: "days from the start to a limit rung (days.10000, days.unlimited); not reached counts as never (fails < and <=)", pattern: new RegExp(`^days\\.${TIER}$`) },
  { name: "paralysis.hours", unit: "hours", meaning: "hours campaigns were stalled inside their send windows, all causes", pattern: /^paralysis\.hours$/ },
  { name: "paralysis.episodes", unit: "count", meaning: "paralysis episodes (one per continuous stall)", pattern: /^paralysis\.episodes$/ },
  { name: "paralysis.<cause>", unit: "hours", meaning: `stalled hours of one cause: ${PARALYSIS_CAUSES.join(", ")}`, pattern: new RegExp(`^paralysis\\.${CAUSE}$`) },
  { name: "messages.<kind>", unit: "count", meaning: "attempted, delivered, read, failed, rejected, deferred, held or dropped messages", pattern: /^messages\.(attempted|accepted|delivered|read|failed|rejected|deferred|held|inFlight|dropped)$/ },
  { name: "users.<kind>", unit: "count", meaning: "reached (distinct users delivered to), replied, blocked, reported or optedOut", pattern: /^users\.(reached|replied|blocked|reported|optedOut)$/ },
  { name: "rates.<kind>", unit: "ratio", meaning: "delivered, failed, rejected (of attempted) or read (of delivered), as a ratio or %", pattern: /^rates\.(delivered|failed|rejected|read)$/ },
  { name: "errors.<code>", unit: "count", meaning: "failures and refusals with a WhatsApp error code (errors.131049), or errors.total", pattern: /^errors\.(\d+|total)$/ },
  { name: "cost.total", unit: "money", meaning: "cost of the run, in the scenario's currency", pattern: /^cost\.total$/ },
];

/** Metrics only a projection (or each sweep variant) has: shares of runs. */
const SHARE_METRICS: readonly MetricSpec[] = [
  { name: "days.<tier>.share", unit: "ratio", meaning: "share of runs reaching the rung", pattern: new RegExp(`^days\\.${TIER}\\.share$`) },
  { name: "paralysis.probability", unit: "ratio", meaning: "share of runs with any paralysis", pattern: /^paralysis\.probability$/ },
];

/**
 * The catalogue for a kind of result: a run's metrics as they are; a projection's with a
 * statistic suffix (`.q05` … `.q95`, `.mean`), plus shares of runs.
 *
 * @example
 * ```ts
 * catalogue("projection").map((m) => m.name); // ["days.<tier>.<stat>", …, "days.<tier>.share", …]
 * ```
 */
export function catalogue(kind: "run" | "projection"): readonly MetricSpec[] {
  if (kind === "run") return RUN_METRICS;
  return [
    ...RUN_METRICS.map((m) => ({ ...m, name: `${m.name}.<stat>`, pattern: new RegExp(`${m.pattern.source.slice(0, -1)}\\.${STAT}$`) })),
    ...SHARE_METRICS,
  ];
}

/** Every metric a threshold may name in a scenario's `expect:` (run and projection alike). */
export const EXPECT_METRICS: readonly MetricSpec[] = [...catalogue("run"), ...catalogue("projection")];

/** Concrete example names for did-you-mean (placeholders filled with common values). */
function examples(specs: readonly MetricSpec[]): string[] {
  const fill = (n: string): string[] => {
    const out = [n];
    const rep = (xs: string[], ph: string, vals: string[]): string[] => xs.flatMap((x) => (x.includes(ph) ? vals.map((v) => x.replace(ph, v)) : [x]));
    let r = out;
    r = rep(r, "<tier>", ["1000", "10000", "100000", "unlimited"]);
    r = rep(r, "<stat>", [...STATS]);
    r = rep(r, "<cause>", [...PARALYSIS_CAUSES]);
    r = rep(r, "<kind>", ["attempted", "delivered", "read", "failed", "reached", "blocked"]);
    r = rep(r, "<code>", ["total", "131049", "130429"]);
    return r;
  };
  return specs.flatMap((s) => fill(s.name)).filter((n) => specs.some((s) => s.pattern.test(n)));
}

/**
 * Parses a value with an optional unit into the metric's unit; a string describing the
 * problem when it cannot be.
 */
function convert(raw: string, unit: MetricUnit, metric: string): number | string {
  if (/^[+]?(inf|infinity)$/i.test(raw)) return Infinity;
  const m = VALUE.exec(raw);
  if (!m) return `${raw} is not a number (write e.g. 7d, 24h, 2%, 10000)`;
  const n = Number(m[1]);
  const u = m[2]?.toLowerCase();
  if (u === undefined) return n;
  if (u === "%") {
    if (unit !== "ratio") return `${metric} is in ${unit}, not a share: drop the %`;
    return n / 100;
  }
  const per = PER_UNIT_MS[unit];
  if (per === undefined) return `${metric} is in ${unit}, not a duration: drop the ${u}`;
  return (n * MS[u]) / per;
}

/**
 * Parses thresholds against a catalogue of metrics. Every problem is reported at once, an
 * unknown metric with the closest known name.
 *
 * @example
 * ```ts
 * parseThresholds(["days.unlimited.q50 <= 7d"], catalogue("projection"));
 * // { ok: true, thresholds: [{ metric: "days.unlimited.q50", op: "<=", value: 7, unit: "days", … }] }
 * parseThresholds(["paralysis.hour.q95 < 24h"], catalogue("projection")).ok; // false: did you mean paralysis.hours.q95?
 * ```
 */
export function parseThresholds(texts: readonly string[], specs: readonly MetricSpec[]): ParseThresholdsResult {
  const thresholds: Threshold[] = [];
  const issues: string[] = [];
  for (const text of texts) {
    const problem = parseOne(text, specs);
    if (typeof problem === "string") issues.push(problem);
    else thresholds.push(problem);
  }
  return issues.length ? { ok: false, issues } : { ok: true, thresholds };
}

/**
 * The metric names of a catalogue, one line, for error messages.
 *
 * @example
 * ```ts
 * metricNames(catalogue("run")); // "days.<tier>, paralysis.hours, …"
 * ```
 */
export function metricNames(specs: readonly MetricSpec[]): string {
  return specs.map((s) => s.name).join(", ");
}

/** One threshold, or the problem with it in words. */
export function parseOne(text: string, specs: readonly MetricSpec[]): Threshold | string {
  const m = PATTERN.exec(text);
  if (!m) return `"${text}" is not "<metric> <op> <value>" (op is one of ${OPS.join(" ")}; e.g. "paralysis.hours < 24h")`;
  const [, metric, op, raw] = m;
  const spec = specs.find((s) => s.pattern.test(metric));
  if (!spec) {
    const guess = closest(metric, examples(specs), Math.max(3, Math.floor(metric.length / 3)));
    const cause = /^paralysis\.([^.]+)$/.exec(metric);
    const what = cause && !(PARALYSIS_CAUSES as readonly string[]).includes(cause[1]) && specs.some((s) => s.name.startsWith("paralysis.<cause>")) ? `unknown paralysis cause "${cause[1]}" (causes: ${PARALYSIS_CAUSES.join(", ")})` : `unknown metric "${metric}"`;
    return `"${text}": ${what}${guess ? `; did you mean "${guess}"?` : ""}`;
  }
  const value = convert(raw, spec.unit, metric);
  if (typeof value === "string") return `"${text}": ${value}`;
  return { source: text.trim(), metric, op: op as ThresholdOp, value, unit: spec.unit };
}

/**
 * Whether `actual op expected` holds; `null` (an outcome never reached) counts as +∞.
 *
 * @example
 * ```ts
 * holds(3, "<=", 3);   // true
 * holds(null, "<", 7); // false: never reached is not within 7 days
 * ```
 */
export function holds(actual: number | null, op: ThresholdOp, expected: number): boolean {
  const a = actual ?? Infinity;
  switch (op) {
    case "==":
      return a === expected;
    case "!=":
      return a !== expected;
    case "<":
      return a < expected;
    case "<=":
      return a <= expected;
    case ">":
      return a > expected;
    case ">=":
      return a >= expected;
  }
}

/**
 * A measured value in the threshold's unit, for messages: `6.2 d`, `23.5 h`, `91.2%`, `42,331.70`.
 *
 * @example
 * ```ts
 * formatMeasured(0.912, "ratio"); // "91.2%"
 * ```
 */
export function formatMeasured(v: number | null, unit: MetricUnit): string {
  if (v === null || v === Infinity) return "not reached";
  const n = (x: number, d: number): string => x.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: 0 });
  switch (unit) {
    case "days":
      return `${n(v, 2)} d`;
    case "hours":
      return `${n(v, 1)} h`;
    case "ms":
      return `${n(v, 0)} ms`;
    case "ratio":
      return `${n(v * 100, 1)}%`;
    case "money":
      return n(v, 2);
    case "count":
      return n(v, 2);
  }
}
