// The package entry point: the README's library example, run as written (fewer runs).
import { describe, expect, it } from "vitest";
import { loadScenario, compileScenario, simulate, project, checkThrottle, fromBottleneck, RULE_SETS, VERSION } from "../index.js";

describe("import … from \"tiersim\"", () => {
  it("runs the README example", async () => {
    const loaded = loadScenario("scenarios/quickstart.yaml");
    if (!loaded.ok) throw new Error(loaded.issues.map((i) => i.message).join("\n"));
    const config = compileScenario(loaded.scenario, loaded.ruleSet, { days: 10 });

    const run = simulate(config);
    expect(run.schema).toBe("tiersim/run@1");
    expect(run.tool.version).toBe(VERSION);
    expect(run.summary.reachedAt).toHaveProperty("100000");

    const projection = await project(config, { runs: 4, workers: 1 });
    expect(projection.schema).toBe("tiersim/projection@1");
    expect(projection.runs).toBe(4);
    expect(projection.reachedAt.unlimited.share).toBeGreaterThanOrEqual(0);

    const check = checkThrottle(config, () => fromBottleneck({ maxConcurrent: 20, minTime: 15 }), {
      assertions: ["errors.130429 == 0", "limit.overshoot == 0"],
    });
    expect(check.ok).toBe(false);
    expect(check.failures.map((f) => f.metric)).toEqual(["limit.overshoot"]);
    expect(Object.keys(RULE_SETS)).toHaveLength(4);
  });

  it("a bad scenario comes back as issues, not an exception", () => {
    const loaded = loadScenario("no/such.yaml");
    expect(loaded.ok).toBe(false);
  });
});
