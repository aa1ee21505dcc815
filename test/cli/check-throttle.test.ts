// End to end: `tiersim check-throttle` on the documented examples — exit codes, the readable
// explanation of failed assertions, --json, --runs, throttle modules in TypeScript and
// JavaScript, and --explore finding, shrinking and writing a replayable counter-example.
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadScenarioFile } from "../../scenarios/load-file.js";
import { tiersim } from "./tiersim.js";

const LAUNCH = "examples/throttles/launch.yaml";
const BURST = "test/fixtures/throttles/burst.yaml";
const NEVER_OVERSHOOT = ["--assert", "errors.130429 == 0", "--assert", "errors.131056 == 0", "--assert", "limit.overshoot == 0"];

describe("tiersim check-throttle: the examples/throttles commands", () => {
  it("passes the safe throttle: exit 0, every assertion ticked", () => {
    const r = tiersim(["check-throttle", LAUNCH, "--throttle", "examples/throttles/safe.ts", ...NEVER_OVERSHOOT]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("✓ errors.130429 == 0");
    expect(r.stdout).toContain("✓ limit.overshoot == 0");
    expect(r.stdout).toContain("All assertions hold.");
  });

  it("fails the overshooting throttle: exit 1, each failure explained with its value and seed", () => {
    const r = tiersim(["check-throttle", LAUNCH, "--throttle", "examples/throttles/overshoot.ts", ...NEVER_OVERSHOOT]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ errors\.130429 == 0 failed in run 0 \(seed 11\): errors\.130429 is [1-9]\d* attempts, expected == 0/);
    expect(r.stdout).toMatch(/✗ limit\.overshoot == 0 failed in run 0 \(seed 11\): limit\.overshoot is [1-9]\d* attempts/);
    expect(r.stdout).toContain("✓ errors.131056 == 0");
    expect(r.stdout).toContain("Replay a run with --seed 11");
  });

  it("prints the throttle report and exits 0 without --assert", () => {
    const r = tiersim(["check-throttle", LAUNCH, "--throttle", "examples/throttles/overshoot.ts", "--days", "1"]);
    expect(r.code).toBe(0);
    for (const section of ["Errors by code:", "130429", "Errors by day:", "Queue wait: p50", "p95", "p99", "deferred", "dropped", "Limit utilisation", "Days to each tier", "ideal"]) {
      expect(r.stdout).toContain(section);
    }
  });
});

describe("tiersim check-throttle: limiter configs as modules", () => {
  it("a Bottleneck config of 100 msg/s (a .mjs module) trips 130429 on an 80 mps number; at 60 msg/s it does not", () => {
    const fast = tiersim(["check-throttle", BURST, "--throttle", "test/fixtures/throttles/bottleneck-100.mjs", "--assert", "errors.130429 == 0", "--json"]);
    expect(fast.code).toBe(1);
    const doc = JSON.parse(fast.stdout);
    expect(doc.metrics[0].errors["130429"]).toBeGreaterThan(0);
    const slow = tiersim(["check-throttle", BURST, "--throttle", "test/fixtures/throttles/bottleneck-60.mjs", "--assert", "errors.130429 == 0", "--json"]);
    expect(slow.code).toBe(0);
    expect(JSON.parse(slow.stdout).metrics[0].errors["130429"]).toBeUndefined();
  });
});

describe("tiersim check-throttle: --json and --runs", () => {
  it("prints one JSON document with the failures, their seeds and actual values", () => {
    const r = tiersim(["check-throttle", BURST, "--throttle", "examples/throttles/overshoot.ts", "--assert", "errors.130429 == 0", "--json"]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.schema).toBe("tiersim/throttle-check@1");
    expect(doc.ok).toBe(false);
    expect(doc.failures).toHaveLength(1);
    expect(doc.failures[0]).toMatchObject({ assertion: "errors.130429 == 0", seed: 7, run: 0 });
    expect(doc.failures[0].actual).toBe(doc.metrics[0].errors["130429"]);
    expect(doc.metrics[0].queue).toHaveProperty("p95");
    expect(doc.metrics[0].reachedAtDays.unlimited).toBeNull();
  });

  it("with --runs the assertion must hold in every run, and a failure names the seed that broke it", () => {
    const args = ["check-throttle", BURST, "--throttle", "examples/throttles/safe.ts", "--runs", "4", "--seed", "9", "--json"];
    // Undeliverable numbers (131026) vary with the seed: a threshold between the runs' counts fails some runs only.
    const counts: number[] = JSON.parse(tiersim([...args]).stdout).metrics.map((m: { errors: Record<string, number> }) => m.errors["131026"] ?? 0);
    const threshold = [...counts].sort((a, b) => a - b)[1];
    expect(Math.min(...counts)).toBeLessThan(threshold);
    const r = tiersim([...args, "--assert", `errors.131026 < ${threshold}`]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    const broken = doc.metrics.filter((m: { errors: Record<string, number> }) => m.errors["131026"] >= threshold).map((m: { seed: number }) => m.seed);
    expect(broken.length).toBeGreaterThan(0);
    expect(doc.failures.map((f: { seed: number }) => f.seed)).toEqual(broken);
    // Replaying a failing seed alone reproduces the failure; the text report names the seed.
    const replay = tiersim(["check-throttle", BURST, "--throttle", "examples/throttles/safe.ts", "--seed", String(broken[0]), "--assert", `errors.131026 < ${threshold}`]);
    expect(replay.code).toBe(1);
    expect(replay.stdout).toContain(`(seed ${broken[0]})`);
  });
});

describe("tiersim check-throttle: mistakes", () => {
  it("exits 3 for a throttle module given as the scenario, and says where it goes", () => {
    const r = tiersim(["check-throttle", "examples/throttles/overshoot.ts"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("examples/throttles/overshoot.ts is a JavaScript or TypeScript module, not a scenario (YAML or JSON)");
    expect(r.stderr).toContain("--throttle examples/throttles/overshoot.ts");
    // One line, not a YAML error for every line of the module.
    expect(r.stderr).not.toContain("YAML syntax");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("exits 2 for a malformed --assert and names the known metrics", () => {
    const r = tiersim(["check-throttle", BURST, "--assert", "throughput.errors = 0"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("malformed --assert");
    expect(r.stderr).toContain("errors.<code>");
    expect(r.stderr).toContain("limit.overshoot");
    expect(r.stderr).toContain("queue.p95");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("exits 3 when the module does not implement the Throttle interface, saying what is missing", () => {
    const r = tiersim(["check-throttle", BURST, "--throttle", "test/fixtures/throttles/not-a-throttle.ts"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("does not implement the Throttle interface");
    expect(r.stderr).toContain("wakeAt must be a function");
    expect(r.stderr).toContain("spend must be a function");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("exits 3 for a module that does not exist or exports no throttle", () => {
    expect(tiersim(["check-throttle", BURST, "--throttle", "test/fixtures/throttles/missing.ts"]).code).toBe(3);
    const r = tiersim(["check-throttle", BURST, "--throttle", "test/fixtures/throttles/burst.yaml"]);
    expect(r.code).toBe(3);
  });

  it("exits 2 without a scenario, or with --explore but no --throttle", () => {
    expect(tiersim(["check-throttle"]).code).toBe(2);
    expect(tiersim(["check-throttle", "--explore"]).code).toBe(2);
  });
});

describe("tiersim check-throttle --explore", () => {
  it("finds the planted violation (limit ignored above 1,000 recipients) and shrinks it to a YAML that reproduces it", () => {
    const dir = mkdtempSync(join(tmpdir(), "tiersim-explore-"));
    const file = join(dir, "counterexample.yaml");
    const planted = "test/fixtures/throttles/planted.ts";
    const r = tiersim(["check-throttle", "--explore", "--throttle", planted, "--assert", "limit.overshoot == 0", "--explore-runs", "50", "--seed", "1", "--counterexample", file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("Counter-example");
    const yaml = readFileSync(file, "utf8");
    expect(yaml).toContain("fast-check seed 1");
    expect(r.stdout).toContain(yaml);
    // It loads with the scenario loader, and is minimal: just over 1,000 recipients, on the lowest rung, one day.
    const loaded = loadScenarioFile(file);
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(loaded.scenario.audience.optedIn).toBe(1001);
    expect(loaded.scenario.days).toBe(1);
    expect(typeof loaded.scenario.seed).toBe("number");
    // It reproduces the violation with the planted throttle, and not with a throttle that respects the limit.
    expect(tiersim(["check-throttle", file, "--throttle", planted, "--assert", "limit.overshoot == 0"]).code).toBe(1);
    expect(tiersim(["check-throttle", file, "--throttle", "examples/throttles/safe.ts", "--assert", "limit.overshoot == 0"]).code).toBe(0);
  });

  it("reports no violation for the safe example, exit 0", () => {
    const r = tiersim(["check-throttle", "--explore", "--throttle", "examples/throttles/safe.ts", "--explore-runs", "25", "--seed", "2"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("No violation of limit.overshoot == 0, errors.130429 == 0, errors.131056 == 0 in 25 generated scenarios");
  });
});

describe("check-throttle --out", () => {
  it("writes the check as JSON and a throttle report with its errors chart", () => {
    const dir = mkdtempSync(join(tmpdir(), "tiersim-throttle-out-"));
    const r = tiersim(["check-throttle", LAUNCH, "--throttle", "examples/throttles/overshoot.ts", "--assert", "errors.130429 == 0", "--days", "2", "--out", dir]);
    expect(r.code).toBe(1);
    const check = JSON.parse(readFileSync(join(dir, "throttle-check.json"), "utf8"));
    expect(check.schema).toBe("tiersim/throttle-check@1");
    expect(check.ok).toBe(false);
    const md = readFileSync(join(dir, "report.md"), "utf8");
    expect(md).toContain("## Verdict");
    expect(md).toMatch(/errors\.130429 == 0 \| failed in 1 run; run 1 \(seed \d+\): errors\.130429 was [1-9]/);
    expect(md).toContain("Speed of ramp against an ideal throttle");
    const html = readFileSync(join(dir, "report.html"), "utf8");
    // Its one chart is interactive like every report's: inline spec, vega's runtime, the page script; nothing loaded.
    expect(html).toContain('<figure id="chart-throttle-errors" data-spec="chart-throttle-errors-spec">');
    expect(html).not.toMatch(/<script[^>]*\bsrc=/i);
    expect(html).toContain("<svg");
    for (const ext of ["svg", "png", "vl.json"]) expect(existsSync(join(dir, "charts", `throttle-errors.${ext}`))).toBe(true);
  });
});
