// The package entry points: the README's library example, run as written (fewer runs and
// days), and the public surface — named exports only, every one of them deliberate.
import { existsSync, readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import * as tiersim from "../index.js";
import * as examplesBarrel from "../examples/tiersim.js";
import { loadScenario, compileScenario, simulate, project, sweep, checkThrottle, fromBottleneck, RULE_SETS, VERSION } from "../index.js";

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

    const swept = await sweep(loaded, { vary: { "audience.segments[1].block": [0.001, 0.01] }, runs: 2, days: 2, workers: 1 });
    expect(swept.ok).toBe(true);
    if (swept.ok) expect(swept.result.sensitivity[0]).toMatchObject({ parameter: "audience.segments[1].block" });
    const refused = await sweep(loaded, { vary: { "audience.segments[1].blok": [0.001] }, runs: 2 });
    expect(refused.ok).toBe(false);

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

describe("the public surface", () => {
  it("names every export: no `export *` that would leak internals", () => {
    expect(readFileSync("index.ts", "utf8")).not.toMatch(/export \*/);
  });

  it("exports exactly these values (a new one is a decision: add it here and to the README)", () => {
    expect(Object.keys(tiersim).sort()).toEqual(
      [
        "CONTRACT_NAMES", "DEFAULT_EXPLORE_ASSERTIONS", "DEFAULT_MAX_EVENTS", "DEFAULT_RULE_SET_ID", "DEFAULT_SEND_DURATION_MS", "ERROR_CODES", "EmulatorError", "GIVE_UP", "ISSUE_CODES", "MAX_DAYS", "MAX_RESUBMITS", "MAX_RETRIES", "MIN_CADENCE_MS", "MIN_RETRY_DELAY_MS",
        "PARALYSIS_CAUSES", "RESULT_CONTRACTS", "RULE_SETS", "RULE_SET_IDS", "RUN_EVENT_TYPES", "SHARD_SCHEMA", "THROTTLE_METRICS", "ThrottleAssertionError", "ThrottleFault",
        "VERSION", "aggregate", "applyOverrides", "buildVariants", "builtinThrottle", "caseScenario", "checkThrottle", "compileScenario", "describeValues",
        "errorInfo", "estimateEvents", "expectThrottle", "exploreCases", "exploreThrottle", "formatIssue", "fromBottleneck", "fromPQueue", "getParameter", "getRuleSet", "guardThrottle",
        "limitQuantiles", "listRuleSets", "loadScenario", "loadScenarioFile", "loadScenarioText", "meanCI", "mergeShards", "parameterPaths",
        "parseAssertions", "parseResult", "parseShardSpec", "project", "quantileSorted", "quantilesR7", "renderReport", "renderThrottleReport",
        "replicate", "resultJsonSchema", "retryByClass", "retryDelay", "ruleSetSources", "rules", "scenarioHash", "scenarioJsonSchema", "shardIndices",
        "shardText", "simulate", "startEmulator", "sweep", "sweepVariants", "throttleProblems", "withRetryPolicy",
      ].sort(),
    );
  });

  it("the examples' barrel offers only names the package exports, so copying an example means changing one import", () => {
    for (const name of Object.keys(examplesBarrel)) expect(Object.keys(tiersim), name).toContain(name);
  });

  it("tiersim/models is a real entry point of the built package: the pure rule models", async () => {
    const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { exports: Record<string, { types: string; default: string }> };
    for (const name of [".", "./models"]) {
      const entry = pkg.exports[name];
      expect(existsSync(entry.default), entry.default).toBe(true);
      expect(existsSync(entry.types), entry.types).toBe(true);
    }
    const models = (await import(pathToFileURL(pkg.exports["./models"].default).href)) as Record<string, unknown>;
    for (const name of ["RULE_SETS", "DistinctWindow", "MessagingLimit", "QualityMeter", "TemplateState", "priceOf", "parseDuration", "DAY"]) expect(models, name).toHaveProperty(name);
    expect(tiersim.rules.listRuleSets().map((r) => r.id)).toEqual(["meta-2021-09", "seed-2023-02", "meta-2023-11", "meta-2025-10"]);
  });
});
