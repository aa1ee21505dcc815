// checkThrottle: run a scenario with a throttle (once, or over replication seeds), measure it,
// and hold every assertion against every run. It returns data; expectThrottle is the same
// check that throws, for test suites — with the seed that replays the failing run.
import type { SimConfig } from "../../sim/config.js";
import { replicationSeed } from "../../sim/engine/index.js";
import { RetryPolicy } from "../../sim/sender/retry.js";
import { simulate } from "../../sim/run.js";
import { GIVE_UP, builtinThrottle, type Throttle, type ThrottleSignal, type ThrottleView, type AttemptOutcomeName } from "../../sim/sender/throttle.js";
import type { ParalysisCause } from "../../sim/result.js";
import { THROTTLE_METRICS, holds, metricValue, needsIdeal, parseAssertions, type Assertion, type AssertionOp } from "./assertions.js";
import { MetricsCollector, type ThrottleRunMetrics } from "./metrics.js";
import { ThrottleFault, describeError, guardThrottle } from "./guard.js";

/** What a throttle factory learns about the campaign it paces. */
export interface ThrottleContext {
  /** Campaign name and index in the scenario. */
  campaign: string;
  campaignIndex: number;
  /** Template and phone number the campaign sends with. */
  template: string;
  phone: string;
  /** Replication index (0 for a single run) and the run's seed. */
  run: number;
  seed: number;
}

/** Makes a fresh throttle for one campaign of one run. */
export type ThrottleFactory = (ctx: ThrottleContext) => Throttle;

/**
 * The throttle to check: a factory (called once per campaign per run: the safe choice for a
 * throttle with state), a single throttle object (only for one run of a one-campaign
 * scenario), or `undefined` for the scenario's own declarative `throttle` blocks.
 */
export type ThrottleSource = Throttle | ThrottleFactory | undefined;

/** Options of {@link checkThrottle}. */
export interface CheckThrottleOptions {
  /** Assertions as `"<metric> <op> <value>"` texts (or parsed); all must hold in every run. */
  assertions?: ReadonlyArray<string | Assertion>;
  /** Runs (default 1). With more than 1, run i uses `replicationSeed(seed, scenario name, i)`. */
  runs?: number;
  /** The seed of a single run, or the master seed of several (default: the scenario's). */
  seed?: number;
  /** Also run the ideal throttle (fill-limit, headroom 0) for ramp comparisons; default: when an assertion needs it. */
  ideal?: boolean;
}

/** One assertion that did not hold in one run. */
export interface AssertionFailure {
  assertion: string;
  metric: string;
  op: AssertionOp;
  expected: number;
  actual: number;
  run: number;
  /** Seed that replays the failing run: `checkThrottle(config, throttle, { seed })`. */
  seed: number;
  /** One readable sentence. */
  message: string;
}

/** What {@link checkThrottle} returns. */
export interface ThrottleCheckResult {
  /** Every assertion held in every run. */
  ok: boolean;
  scenario: string;
  /** Names of the throttles, per campaign (of the first run). */
  throttles: string[];
  runs: number;
  seeds: number[];
  assertions: string[];
  /** Per run, in run order. */
  metrics: ThrottleRunMetrics[];
  failures: AssertionFailure[];
}

/**
 * Problems that keep `value` from being a {@link Throttle} (empty when it is one).
 *
 * @example
 * ```ts
 * throttleProblems({ name: "x", permits: () => 1 });
 * // ["wakeAt must be a function (view) => ms", "spend must be …", "holdCause must be …"]
 * ```
 */
export function throttleProblems(value: unknown): string[] {
  if (typeof value !== "object" || value === null) return [`a throttle must be an object, got ${value === null ? "null" : typeof value}`];
  const t = value as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof t.name !== "string") problems.push("name must be a string");
  const required: Array<[string, string]> = [
    ["permits", "(view) => how many attempts may start now"],
    ["wakeAt", "(view) => when to ask again, ms"],
    ["spend", "(now, n) => void"],
    ["holdCause", "(view) => paralysis cause or null"],
  ];
  for (const [k, sig] of required) if (typeof t[k] !== "function") problems.push(`${k} must be a function ${sig}`);
  for (const k of ["onError", "onOutcome", "onSignal"]) if (t[k] !== undefined && typeof t[k] !== "function") problems.push(`${k}, when present, must be a function`);
  return problems;
}

/**
 * The seeds of a check: the seed itself for one run, replication seeds for several.
 *
 * @example
 * ```ts
 * checkSeeds(config, 1, 42); // [42]
 * checkSeeds(config, 3, 42); // [replicationSeed(42, config.name, 0), …1, …2]
 * ```
 */
export function checkSeeds(config: SimConfig, runs: number, seed?: number): number[] {
  const master = seed ?? config.seed;
  if (runs === 1) return [master];
  return Array.from({ length: runs }, (_, i) => replicationSeed(master, config.name, i));
}

/**
 * Runs `config` with the throttle, `runs` times, and checks every assertion in every run.
 * Pure: no IO, no clock; the same inputs give the same result.
 *
 * @example
 * ```ts
 * const config = compileScenario(loaded.scenario, loaded.ruleSet, { days: 3 });
 * const check = checkThrottle(config, () => fromBottleneck({ minTime: 20 }), {
 *   assertions: ["errors.130429 == 0", "limit.overshoot == 0"],
 *   runs: 3,
 * });
 * if (!check.ok) console.error(check.failures.map((f) => f.message).join("\n"));
 * ```
 */
export function checkThrottle(config: SimConfig, throttle: ThrottleSource, options: CheckThrottleOptions = {}): ThrottleCheckResult {
  const runs = options.runs ?? 1;
  if (!Number.isInteger(runs) || runs < 1) throw new RangeError(`runs must be a whole number ≥ 1, got ${runs}`);
  const assertions = resolveAssertions(options.assertions ?? []);
  const wantIdeal = options.ideal ?? assertions.some((a) => needsIdeal(a.metric));
  if (throttle !== undefined && typeof throttle !== "function") {
    const problems = throttleProblems(throttle);
    if (problems.length) throw new TypeError(`not a Throttle: ${problems.join("; ")}`);
    if (runs > 1 || config.campaigns.length > 1) {
      throw new TypeError(
        `a single throttle object cannot pace ${runs > 1 ? `${runs} runs` : `${config.campaigns.length} campaigns`}: its state would carry over. Pass a factory instead: (ctx) => createYourThrottle()`,
      );
    }
  }
  const seeds = checkSeeds(config, runs, options.seed);
  const metrics: ThrottleRunMetrics[] = [];
  const failures: AssertionFailure[] = [];
  let names: string[] = [];
  seeds.forEach((seed, run) => {
    const m = measureRun(config, throttle, seed, run, wantIdeal);
    if (run === 0) names = m.names;
    metrics.push(m.metrics);
    for (const a of assertions) {
      const actual = metricValue(m.metrics, a.metric);
      if (!holds(actual, a.op, a.value)) failures.push(failure(a, actual, run, seed));
    }
  });
  return {
    ok: failures.length === 0,
    scenario: config.name,
    throttles: names,
    runs,
    seeds,
    assertions: assertions.map((a) => a.source),
    metrics,
    failures,
  };
}

/**
 * Thrown by {@link expectThrottle}: the failures, each with the seed that replays it.
 *
 * @example
 * ```ts
 * try {
 *   expectThrottle(config, createThrottle, { assertions: ["errors.130429 == 0"] });
 * } catch (e) {
 *   if (e instanceof ThrottleAssertionError) console.log(e.result.failures[0].seed);
 * }
 * ```
 */
export class ThrottleAssertionError extends Error {
  constructor(readonly result: ThrottleCheckResult) {
    super(
      `throttle check failed on "${result.scenario}":\n` +
        result.failures.map((f) => `  ✗ ${f.message}`).join("\n") +
        `\nReplay one run with checkThrottle(config, throttle, { seed: ${result.failures[0]?.seed} }) or tiersim check-throttle <scenario> --seed ${result.failures[0]?.seed}`,
    );
    this.name = "ThrottleAssertionError";
  }
}

/**
 * {@link checkThrottle} that throws a {@link ThrottleAssertionError} (naming each failed
 * assertion, its actual value and the replay seed) unless every assertion holds; returns the
 * result otherwise. Made for test suites.
 *
 * @example
 * ```ts
 * import { test } from "vitest";
 * test("our sender never trips throughput", () => {
 *   expectThrottle(config, () => fromPQueue({ intervalCap: 60, interval: 1000 }), {
 *     assertions: ["errors.130429 == 0", "errors.131056 == 0", "limit.overshoot == 0"],
 *     runs: 3,
 *   });
 * });
 * ```
 */
export function expectThrottle(config: SimConfig, throttle: ThrottleSource, options: CheckThrottleOptions = {}): ThrottleCheckResult {
  const result = checkThrottle(config, throttle, options);
  if (!result.ok) throw new ThrottleAssertionError(result);
  return result;
}

function resolveAssertions(list: ReadonlyArray<string | Assertion>): Assertion[] {
  const texts = list.filter((a): a is string => typeof a === "string");
  const parsed = parseAssertions(texts);
  if (!parsed.ok) throw new RangeError(`invalid assertion:\n  ${parsed.issues.join("\n  ")}`);
  let i = 0;
  return list.map((a) => (typeof a === "string" ? parsed.assertions[i++] : a));
}

function failure(a: Assertion, actual: number, run: number, seed: number): AssertionFailure {
  const meaning = THROTTLE_METRICS.find((m) => m.name === a.metric || m.name.split(".")[0] === a.metric.split(".")[0]);
  const unit = meaning ? ` ${meaning.unit}` : "";
  return {
    assertion: a.source,
    metric: a.metric,
    op: a.op,
    expected: a.value,
    actual,
    run,
    seed,
    message: `${a.source} failed in run ${run} (seed ${seed}): ${a.metric} is ${fmt(actual)}${unit}, expected ${a.op} ${fmt(a.value)}${meaning ? ` — ${meaning.meaning}` : ""}`,
  };
}

function fmt(x: number): string {
  return Number.isFinite(x) ? String(x) : x > 0 ? "Infinity" : "-Infinity";
}

interface Measured {
  metrics: ThrottleRunMetrics;
  names: string[];
}

/**
 * One run with metrics; the ideal comparison when asked.
 *
 * @example
 * ```ts
 * const { metrics } = measureRun(config, createThrottle, config.seed, 0, true);
 * ```
 */
export function measureRun(config: SimConfig, source: ThrottleSource, seed: number, run: number, ideal: boolean): Measured {
  const collector = new MetricsCollector(config);
  const throttles = config.campaigns.map((c, i) => {
    const t = resolveOne(config, source, i, run, seed);
    return instrument(t, new RetryPolicy(c.retry), collector);
  });
  const result = simulate(config, { seed, trace: (row) => collector.row(row), throttles });
  const idealResult = ideal ? simulate(idealConfig(config), { seed }) : undefined;
  return { metrics: collector.finish(result, seed, idealResult), names: throttles.map((t) => t.name) };
}

/**
 * The throttle of campaign `i` in one run. A throttle that is not a built-in is someone's code:
 * every call is checked against the contract (guardThrottle), so a throw or a value the engine
 * cannot use surfaces as a ThrottleFault naming the method and the virtual time.
 */
function resolveOne(config: SimConfig, source: ThrottleSource, i: number, run: number, seed: number): Throttle {
  const c = config.campaigns[i];
  if (source === undefined) return builtinThrottle(c.throttle);
  if (typeof source !== "function") return guardThrottle(source, throttleLabel(source));
  let t: unknown;
  try {
    t = source({ campaign: c.name, campaignIndex: i, template: config.templates[c.template].name, phone: config.business.phones[c.phone].id, run, seed });
  } catch (e) {
    if (e instanceof ThrottleFault) throw e;
    throw new ThrottleFault("throttle factory", "factory", `threw: ${describeError(e)}`, null);
  }
  const problems = throttleProblems(t);
  if (problems.length) throw new ThrottleFault("throttle factory", "factory", `returned something that is not a Throttle: ${problems.join("; ")}`, null);
  return guardThrottle(t as Throttle, throttleLabel(t as Throttle));
}

function throttleLabel(t: Throttle): string {
  try {
    return `throttle "${String(t.name)}"`;
  } catch {
    return "throttle";
  }
}

/**
 * The same scenario with every campaign on fill-limit, headroom 0: the reference ramp of a sender
 * that uses the whole limit (not always the fastest: filling it can cost quality or templates).
 *
 * @example
 * ```ts
 * const ideal = simulate(idealConfig(config), { seed: 42 });
 * ```
 */
export function idealConfig(config: SimConfig): SimConfig {
  return { ...config, campaigns: config.campaigns.map((c) => ({ ...c, throttle: { policy: "fill-limit", headroom: 0, slowdown: 1 } })) };
}

/**
 * Passes every call through and settles retry decisions here (the throttle's choice, else
 * the campaign's retry rules — as the engine would), so that sends given up can be counted.
 */
function instrument(t: Throttle, retry: RetryPolicy, collector: MetricsCollector): Throttle {
  return {
    name: t.name,
    permits: (v: ThrottleView) => t.permits(v),
    wakeAt: (v: ThrottleView) => t.wakeAt(v),
    spend: (now: number, n: number) => t.spend(now, n),
    holdCause: (v: ThrottleView): ParalysisCause | null => t.holdCause(v),
    onError: (code: number, attempt: number, now: number): number => {
      const chosen = t.onError?.(code, attempt, now);
      const d = chosen === undefined ? retry.delay(code, attempt) : chosen < 0 ? GIVE_UP : chosen;
      if (d === GIVE_UP) collector.gaveUp++;
      return d;
    },
    onOutcome: (outcome: AttemptOutcomeName, code: number, now: number) => t.onOutcome?.(outcome, code, now),
    onSignal: (signal: ThrottleSignal, now: number) => t.onSignal?.(signal, now),
  };
}
