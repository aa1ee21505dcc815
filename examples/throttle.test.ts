// Check your sender's throttle in your own test suite. Copy this file into your project,
// replace "./tiersim.js" with "tiersim", point SCENARIO at a scenario that looks like your
// traffic, and createThrottle at your throttle. The assertions must hold in every run; a
// failure names the assertion, the value seen and the seed that replays it.
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { checkThrottle, compileScenario, expectThrottle, fromBottleneck, loadScenarioFile, GIVE_UP, ThrottleAssertionError } from "./tiersim.js";
import { createThrottle } from "./throttles/safe.js";

const SCENARIO = fileURLToPath(new URL("./throttles/launch.yaml", import.meta.url));

/** The scenario compiled for the simulator; `days` shortens it for fast tests. */
function scenario(days?: number) {
  const loaded = loadScenarioFile(SCENARIO);
  if (!loaded.ok) throw new Error(`invalid scenario: ${JSON.stringify(loaded.issues)}`);
  return compileScenario(loaded.scenario, loaded.ruleSet, { days });
}

/** Overshooting limit, throughput or pair rate: the three things a throttle must never do. */
const NEVER_OVERSHOOT = ["limit.overshoot == 0", "errors.130429 == 0", "errors.131056 == 0"];

describe("our sender throttle", () => {
  test("never overshoots the messaging limit, throughput or pair rate, over 3 seeds", () => {
    const result = expectThrottle(scenario(2), createThrottle, { assertions: NEVER_OVERSHOOT, runs: 3 });
    expect(result.metrics).toHaveLength(3);
  });

  test("ramps as fast as the ideal throttle, within half a day, and keeps the queue under 5 minutes", () => {
    expectThrottle(scenario(2), createThrottle, { assertions: ["rampDelay.10000 <= 0.5", "queue.p95 < 300000"] });
  });

  test("waits a day after 131049, stops on 131048, and holds while the template is paused", () => {
    const t = createThrottle({ campaign: "c", campaignIndex: 0, template: "t", phone: "main", run: 0, seed: 0 });
    expect(t.onError?.(131049, 1, 0)).toBe(24 * 3_600_000);
    expect(t.onError?.(131048, 1, 0)).toBe(GIVE_UP);
    expect(t.onError?.(131056, 3, 0)).toBe(16_000);
    const paused = { now: 0, limit: 1000, counted24h: 0, nextCapacityAt: null, quality: "GREEN" as const, templateStatus: "PAUSED" as const, mps: 80, pending: 10 };
    expect(t.permits(paused)).toBe(0);
    expect(t.holdCause(paused)).toBe("template-paused");
  });

  test("a limiter that sends 100 a second is caught, with the seed to replay it", () => {
    const fast = () => fromBottleneck({ reservoir: 100, reservoirRefreshAmount: 100, reservoirRefreshInterval: 1000 });
    const check = checkThrottle(scenario(1), fast, { assertions: ["errors.130429 == 0"] });
    expect(check.ok).toBe(false);
    expect(check.failures[0].actual).toBeGreaterThan(0);
    expect(() => expectThrottle(scenario(1), fast, { assertions: ["errors.130429 == 0"] })).toThrow(ThrottleAssertionError);
    expect(() => expectThrottle(scenario(1), fast, { assertions: ["errors.130429 == 0"] })).toThrow(`seed: ${check.failures[0].seed}`);
  });
});
