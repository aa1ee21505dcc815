import { describe, expect, test } from "vitest";
import { GIVE_UP, builtinThrottle, type Throttle } from "../../../sim/sender/throttle.js";
import { loadScenarioFile } from "../../../scenarios/load-file.js";
import { compileScenario } from "../../../scenarios/compile.js";
import { simulate } from "../../../sim/run.js";
import { retryByClass, retryDelay, withRetryPolicy } from "../../../sim/sender/throttles/index.js";
import { checkThrottle } from "../../../studies/throttles/index.js";
import { HOUR } from "../../../models/duration.js";


describe("retryByClass: Meta's advice per error code and class", () => {
  test("130429 backs off exponentially from 1 s, capped at a minute, 8 tries", () => {
    expect([1, 2, 3, 4, 7, 8].map((a) => retryDelay(retryByClass, 130429, a))).toEqual([1000, 2000, 4000, 8000, 60_000, 60_000]);
    expect(retryDelay(retryByClass, 130429, 9)).toBe(GIVE_UP);
  });

  test("131056 waits 4^x seconds, x = 0, 1, 2…", () => {
    expect([1, 2, 3, 4, 5].map((a) => retryDelay(retryByClass, 131056, a))).toEqual([1000, 4000, 16_000, 64_000, 256_000]);
    expect(retryDelay(retryByClass, 131056, 6)).toBe(GIVE_UP);
  });

  test("131049 is retried once, after 24 h; 131048 stops at once", () => {
    expect(retryDelay(retryByClass, 131049, 1)).toBe(24 * HOUR);
    expect(retryDelay(retryByClass, 131049, 2)).toBe(GIVE_UP);
    expect(retryDelay(retryByClass, 131048, 1)).toBe(GIVE_UP);
  });

  test("codes without their own rule follow their class; unknown codes defer to the scenario", () => {
    expect(retryDelay(retryByClass, 80007, 2)).toBe(2000); // seconds class
    expect(retryDelay(retryByClass, 368, 1)).toBe(GIVE_UP); // account health
    expect(retryDelay(retryByClass, 131026, 1)).toBe(GIVE_UP); // permanent
    expect(retryDelay(retryByClass, 131000, 1)).toBe(60_000); // transient
    expect(retryDelay(retryByClass, 999_999, 1)).toBeUndefined();
  });

  test("a policy can override one code and keep the rest", () => {
    const policy = { ...retryByClass, codes: { ...retryByClass.codes, "131049": { after: 48 * HOUR, max: 2, backoff: "fixed" as const } } };
    expect(retryDelay(policy, 131049, 2)).toBe(48 * HOUR);
    expect(retryDelay(policy, 131056, 2)).toBe(4000);
  });
});

describe("withRetryPolicy", () => {
  const base = builtinThrottle({ policy: "fixed-rate", rate: 60, headroom: 0, slowdown: 1 });

  test("adds retry decisions to a throttle that has none, and passes pacing through", () => {
    const t = withRetryPolicy(base);
    expect(t.onError?.(131056, 2, 0)).toBe(4000);
    expect(t.onError?.(131048, 1, 0)).toBe(GIVE_UP);
    const v = { now: 0, limit: 1000, counted24h: 0, nextCapacityAt: null, quality: "GREEN" as const, templateStatus: "APPROVED" as const, mps: 80, pending: 100 };
    expect(t.permits(v)).toBe(60);
    t.spend(0, 60);
    expect(t.permits(v)).toBe(0);
    expect(t.name).toBe("fixed-rate");
  });

  test("the throttle's own choice wins where it has one", () => {
    const own: Throttle = { ...base, name: "own", permits: (v) => base.permits(v), wakeAt: (v) => base.wakeAt(v), spend: (n, k) => base.spend(n, k), holdCause: () => null, onError: (code) => (code === 131049 ? 12 * HOUR : undefined) };
    const t = withRetryPolicy(own, retryByClass);
    expect(t.onError?.(131049, 1, 0)).toBe(12 * HOUR);
    expect(t.onError?.(130429, 1, 0)).toBe(1000);
  });

  test("outcomes and signals reach the wrapped throttle", () => {
    const seen: string[] = [];
    const t = withRetryPolicy({ ...base, permits: () => 1, wakeAt: () => 0, spend: () => {}, holdCause: () => null, onOutcome: (o, c) => seen.push(`${o}:${c}`), onSignal: (s) => seen.push(s.type) });
    t.onOutcome?.("failed", 131049, 5);
    t.onSignal?.({ type: "quality-changed", from: "GREEN", to: "YELLOW" }, 6);
    expect(seen).toEqual(["failed:131049", "quality-changed"]);
  });
});

describe("retryByClass in a run", () => {
  test("a user refused with 131049 is tried once more, 24 h later, then given up", () => {
    const loaded = loadScenarioFile("test/fixtures/throttles/us-marketing.yaml");
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
    const config = compileScenario(loaded.scenario, loaded.ruleSet);
    const make = () => withRetryPolicy(builtinThrottle(config.campaigns[0].throttle), retryByClass);
    const attempts = new Map<number, Array<{ at: number; code: number | null }>>();
    simulate(config, {
      throttles: [make()],
      trace: (r) => attempts.set(r.user, [...(attempts.get(r.user) ?? []), { at: Date.parse(r.at), code: r.code }]),
    });
    const capped = [...attempts.values()].filter((a) => a[0].code === 131049);
    expect(capped.length).toBeGreaterThan(100);
    for (const a of capped) {
      expect(a).toHaveLength(2);
      expect(a[1].at - a[0].at).toBe(24 * HOUR);
    }
    // Each capped user is given up after the second refusal: counted as dropped.
    const m = checkThrottle(config, make).metrics[0];
    expect(m.errors["131049"]).toBe(2 * capped.length);
    expect(m.gaveUp).toBeGreaterThanOrEqual(capped.length);
  });
});
