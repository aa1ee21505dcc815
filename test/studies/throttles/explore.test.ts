import * as fc from "fast-check";
import { describe, expect, test } from "vitest";
import { stringify } from "yaml";
import { compileScenario } from "../../../scenarios/compile.js";
import { loadScenarioText } from "../../../scenarios/load.js";
import { caseScenario, checkThrottle, compileCase, exploreCases, exploreThrottle } from "../../../studies/throttles/index.js";
import { SEED } from "../../seed.js";
import { createThrottle as planted } from "../../fixtures/throttles/planted.js";
import { createThrottle as safe } from "../../../examples/throttles/safe.js";

describe(`explore (seed ${SEED})`, () => {
  test("every generated case is a valid scenario of its era, with the starting limit on the ladder", () => {
    fc.assert(
      fc.property(exploreCases(fc), (c) => {
        const config = compileCase(c);
        expect(config.ruleSet.id).toBe(c.rules);
        expect(config.audience.optedIn).toBe(c.audience);
        expect(config.ruleSet.limit.ladder).toContain(caseScenario(c).business!.limit);
      }),
      { seed: SEED, numRuns: 80 },
    );
  });

  test("finds the planted violation and shrinks it to the smallest audience that triggers it", async () => {
    const found = await exploreThrottle({ fc, makeSource: () => planted, assertions: ["limit.overshoot == 0"], numRuns: 40, seed: SEED });
    expect(found.ok).toBe(false);
    if (found.ok) return;
    const c = found.counterExample.case;
    expect(c.audience).toBe(1001);
    expect(c.days).toBe(1);
    expect(c.rung).toBe(0);
    expect(found.counterExample.failures[0]).toMatchObject({ assertion: "limit.overshoot == 0", seed: c.seed });
    expect(found.counterExample.scenario.audience.optedIn).toBe(1001);
  });

  test("the counter-example is a scenario file that replays the failure, with --days applied", async () => {
    const found = await exploreThrottle({ fc, makeSource: () => planted, assertions: ["limit.overshoot == 0"], numRuns: 40, seed: SEED, days: 2 });
    expect(found.ok).toBe(false);
    if (found.ok) return;
    expect(found.counterExample.scenario.days).toBe(2);
    const loaded = loadScenarioText(stringify(found.counterExample.scenario), "counter-example.yaml");
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    const replay = checkThrottle(compileScenario(loaded.scenario, loaded.ruleSet), planted, { assertions: ["limit.overshoot == 0"] });
    expect(replay.failures.map((f) => f.actual)).toEqual(found.counterExample.failures.map((f) => f.actual));
  });

  test("finds nothing for a throttle that respects every limit", async () => {
    const found = await exploreThrottle({ fc, makeSource: () => safe, numRuns: 20, seed: SEED });
    expect(found).toMatchObject({ ok: true, numRuns: 20, assertions: ["limit.overshoot == 0", "errors.130429 == 0", "errors.131056 == 0"] });
  });
});
