import { describe, expect, test } from "vitest";
import { loadScenarioFile } from "../../../scenarios/load-file.js";
import { compileScenario } from "../../../scenarios/compile.js";
import { replicationSeed } from "../../../sim/engine/index.js";
import {
  checkThrottle,
  expectThrottle,
  metricValue,
  parseAssertions,
  throttleProblems,
  ThrottleAssertionError,
} from "../../../studies/throttles/index.js";
import { fromBottleneck } from "../../../sim/sender/throttles/index.js";

function load(file: string, days?: number) {
  const loaded = loadScenarioFile(file);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
  return compileScenario(loaded.scenario, loaded.ruleSet, { days });
}
const burst = () => load("test/fixtures/throttles/burst.yaml");
const fast = () => fromBottleneck({ reservoir: 100, reservoirRefreshAmount: 100, reservoirRefreshInterval: 1000 });
const slow = () => fromBottleneck({ reservoir: 60, reservoirRefreshAmount: 60, reservoirRefreshInterval: 1000 });

describe("parseAssertions", () => {
  test("reads metric, operator and value; Infinity is a value", () => {
    const r = parseAssertions(["errors.130429 == 0", "queue.p95<=60000", "reachedAt.unlimited < inf", "paralysis.template-paused != 3.5"]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.assertions.map((a) => [a.metric, a.op, a.value])).toEqual([
      ["errors.130429", "==", 0],
      ["queue.p95", "<=", 60000],
      ["reachedAt.unlimited", "<", Infinity],
      ["paralysis.template-paused", "!=", 3.5],
    ]);
  });

  test("reports every malformed assertion at once, naming the known metrics", () => {
    const r = parseAssertions(["errors.throughput == 0", "limit.overshoot = 0", "queue.p95 < fast", "paralysis.lunch > 1"]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toHaveLength(4);
    expect(r.issues[0]).toMatch(/unknown metric "errors.throughput".*limit\.overshoot/);
    expect(r.issues[1]).toMatch(/<metric> <op> <value>/);
    expect(r.issues[2]).toMatch(/not a number/);
    expect(r.issues[3]).toMatch(/unknown paralysis cause "lunch"/);
  });
});

describe("checkThrottle", () => {
  test("an overshooting limiter fails with the value seen and the seed; a safe one passes", () => {
    const config = burst();
    const bad = checkThrottle(config, fast, { assertions: ["errors.130429 == 0", "errors.131056 == 0"] });
    expect(bad.ok).toBe(false);
    expect(bad.failures).toHaveLength(1);
    const f = bad.failures[0];
    expect(f).toMatchObject({ assertion: "errors.130429 == 0", metric: "errors.130429", op: "==", expected: 0, run: 0, seed: config.seed });
    expect(f.actual).toBe(bad.metrics[0].errors["130429"]);
    expect(f.message).toContain(`seed ${config.seed}`);
    const good = checkThrottle(config, slow, { assertions: ["errors.130429 == 0", "errors.131056 == 0", "limit.overshoot == 0"] });
    expect(good.ok).toBe(true);
    expect(good.failures).toEqual([]);
  });

  test("with runs, every run is checked over replication seeds, and a failing seed replays alone", () => {
    const config = burst();
    const r = checkThrottle(config, fast, { assertions: ["errors.130429 <= 30"], runs: 3, seed: 5 });
    expect(r.seeds).toEqual([0, 1, 2].map((i) => replicationSeed(5, config.name, i)));
    expect(r.metrics.map((m) => m.seed)).toEqual(r.seeds);
    expect(r.failures.length).toBeGreaterThan(0);
    const f = r.failures[0];
    const replay = checkThrottle(config, fast, { assertions: [f.assertion], seed: f.seed });
    expect(replay.failures[0].actual).toBe(f.actual);
  });

  test("the same inputs give the same metrics", () => {
    const config = burst();
    expect(checkThrottle(config, slow, { ideal: true })).toEqual(checkThrottle(config, slow, { ideal: true }));
  });

  test("metrics agree with the run: errors by day add up, overshoot is the over-limit code, quantiles are R-7", () => {
    const config = load("examples/throttles/launch.yaml", 2);
    const m = checkThrottle(config, fast, { ideal: true }).metrics[0];
    for (const [code, n] of Object.entries(m.errors)) {
      expect(m.errorsByDay.reduce((s, d) => s + (d.byCode[code] ?? 0), 0)).toBe(n);
    }
    expect(m.limitOvershoot).toBe(m.errors[String(config.ruleSet.limit.overLimitCode)] ?? 0);
    expect(m.limitOvershoot).toBeGreaterThan(0);
    expect(m.queue.count).toBe(m.attempted);
    expect(m.queue.p50).toBeLessThanOrEqual(m.queue.p95);
    expect(m.queue.p95).toBeLessThanOrEqual(m.queue.p99);
    expect(m.queue.p99).toBeLessThanOrEqual(m.queue.max);
    // Two days from 09:00 touch three local days: both lists cover each of them.
    expect(m.utilisation.byDay.map((d) => d.date)).toEqual(["2026-03-02", "2026-03-03", "2026-03-04"]);
    expect(m.errorsByDay.map((d) => d.date)).toEqual(["2026-03-02", "2026-03-03", "2026-03-04"]);
    expect(m.dropped).toBeGreaterThanOrEqual(m.gaveUp);
    expect(m.ideal).toBeDefined();
    expect(metricValue(m, "rampDelay.10000")).toBe(m.reachedAtDays["10000"]! - m.ideal!.reachedAtDays["10000"]!);
    expect(metricValue(m, "reachedAt.unlimited")).toBe(Infinity);
    expect(metricValue(m, "rampDelay.unlimited")).toBe(0);
  });

  test("the ideal throttle never ramps slower than a throttle that leaves half the limit unused", () => {
    const config = load("examples/throttles/launch.yaml", 3);
    const half = checkThrottle({ ...config, campaigns: config.campaigns.map((c) => ({ ...c, throttle: { policy: "fraction-of-limit", fraction: 0.4, headroom: 0, slowdown: 1 } })) }, undefined, { ideal: true });
    expect(metricValue(half.metrics[0], "rampDelay.10000")).toBeGreaterThan(0);
  });

  test("a throttle object cannot pace several runs; a factory can", () => {
    expect(() => checkThrottle(burst(), slow(), { runs: 2 })).toThrow(/factory/);
    expect(checkThrottle(burst(), slow, { runs: 2 }).metrics).toHaveLength(2);
  });

  test("something that is not a throttle is rejected with what is missing", () => {
    expect(throttleProblems({ name: "x", permits: () => 1 })).toEqual([
      "wakeAt must be a function (view) => when to ask again, ms",
      "spend must be a function (now, n) => void",
      "holdCause must be a function (view) => paralysis cause or null",
    ]);
    expect(() => checkThrottle(burst(), { name: "x" } as never)).toThrow(/not a Throttle: permits must be/);
    expect(() => checkThrottle(burst(), (() => ({ name: 1 })) as never)).toThrow(/factory returned/);
  });

  test("malformed assertions are an error that names the known metrics", () => {
    expect(() => checkThrottle(burst(), slow, { assertions: ["speed > 3"] })).toThrow(/unknown metric "speed".*errors\.<code>/s);
  });
});

describe("expectThrottle", () => {
  test("returns the result when every assertion holds", () => {
    expect(expectThrottle(burst(), slow, { assertions: ["errors.130429 == 0"] }).ok).toBe(true);
  });

  test("throws a ThrottleAssertionError with the failing assertion, the value and the replay seed", () => {
    const config = burst();
    let error: unknown;
    try {
      expectThrottle(config, fast, { assertions: ["errors.130429 == 0"] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ThrottleAssertionError);
    const e = error as ThrottleAssertionError;
    expect(e.message).toContain("errors.130429 == 0 failed");
    expect(e.message).toContain(`--seed ${config.seed}`);
    expect(e.result.failures[0].actual).toBeGreaterThan(0);
  });
});
