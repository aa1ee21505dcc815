import * as fc from "fast-check";
import { describe, expect, test } from "vitest";
import { compileScenario } from "../../../scenarios/compile.js";
import { loadScenarioText } from "../../../scenarios/load.js";
import { caseScenario, exploreCases, exploreThrottle, type ExploreScenario } from "../../../studies/throttles/index.js";
import { SEED } from "../../seed.js";
import { createThrottle as planted } from "../../fixtures/throttles/planted.js";
import { createThrottle as safe } from "../../../examples/throttles/safe.js";

function build(s: ExploreScenario) {
  const loaded = loadScenarioText(JSON.stringify(s), "explore");
  if (!loaded.ok) throw new Error(loaded.issues.map((i) => i.message).join("; "));
  return compileScenario(loaded.scenario, loaded.ruleSet);
}

describe(`explore (seed ${SEED})`, () => {
  test("every generated case is a valid scenario of its era, with the starting limit on the ladder", () => {
    fc.assert(
      fc.property(exploreCases(fc), (c) => {
        const config = build(caseScenario(c));
        expect(config.ruleSet.id).toBe(c.rules);
        expect(config.audience.optedIn).toBe(c.audience);
        expect(config.ruleSet.limit.ladder).toContain(caseScenario(c).business.limit);
      }),
      { seed: SEED, numRuns: 80 },
    );
  });

  test("finds the planted violation and shrinks it to the smallest audience that triggers it", async () => {
    const found = await exploreThrottle({ fc, build, makeSource: () => planted, assertions: ["limit.overshoot == 0"], numRuns: 40, seed: SEED });
    expect(found.ok).toBe(false);
    if (found.ok) return;
    const c = found.counterExample.case;
    expect(c.audience).toBe(1001);
    expect(c.days).toBe(1);
    expect(c.rung).toBe(0);
    expect(found.counterExample.failures[0]).toMatchObject({ assertion: "limit.overshoot == 0", seed: c.seed });
    expect(found.counterExample.scenario.audience.optedIn).toBe(1001);
  });

  test("finds nothing for a throttle that respects every limit", async () => {
    const found = await exploreThrottle({ fc, build, makeSource: () => safe, numRuns: 20, seed: SEED });
    expect(found).toMatchObject({ ok: true, numRuns: 20, assertions: ["limit.overshoot == 0", "errors.130429 == 0", "errors.131056 == 0"] });
  });
});
