// Building a sweep's variants from a loaded scenario, and the library's sweep(loaded, { vary }):
// every problem comes back as an issue with the message the CLI prints, never as an exception.
import { describe, expect, it } from "vitest";
import { compileScenario } from "../../../scenarios/compile.js";
import { loadScenarioText } from "../../../scenarios/load.js";
import type { LoadedScenario } from "../../../scenarios/load.js";
import { sweep, sweepVariants } from "../../../studies/sweeps/sweep.js";
import { buildVariants, resolvePath, typeValue } from "../../../studies/sweeps/variants.js";
import type { SweepIssue } from "../../../studies/sweeps/variants.js";
import { smallScenarioText } from "../fixtures.js";

function loaded(edit?: (t: string) => string): LoadedScenario {
  const r = loadScenarioText(smallScenarioText(edit), "small.yaml");
  if (!r.ok) throw new Error(r.issues.map((i) => i.message).join("\n"));
  return r;
}

const messages = (issues: readonly SweepIssue[]): string[] => issues.map((i) => i.message);

describe("resolvePath and typeValue", () => {
  const base = loaded();

  it("read what the scenario holds at a path, defaults of the rule set under overrides", () => {
    expect(resolvePath({ path: "audience.segments[1].block", segments: ["audience", "segments", 1, "block"] }, base)).toEqual({ existing: 0.003, duration: false });
    expect(resolvePath({ path: "overrides.autoScale.delay", segments: ["overrides", "autoScale.delay"] }, base)).toEqual({ existing: 21_600_000, duration: true });
    // An optional key the file leaves out: no value yet, but the path is valid.
    expect(resolvePath({ path: "campaigns[0].end", segments: ["campaigns", 0, "end"] }, base)).toEqual({ existing: undefined, duration: false });
  });

  it("name the closest valid path for one that leads nowhere", () => {
    expect(resolvePath({ path: "audience.segments[1].blok", segments: ["audience", "segments", 1, "blok"] }, base)).toMatchObject({
      code: "unknown-path",
      message: expect.stringMatching(/no key "blok" under audience.segments\[1\].*closest valid path: audience.segments\[1\].block$/),
    });
    expect(resolvePath({ path: "audience.segments[7].block", segments: ["audience", "segments", 7, "block"] }, base)).toMatchObject({
      code: "unknown-path",
      message: expect.stringContaining("has 2 items (positions 0 to 1); closest valid path: audience.segments[1].block"),
    });
    expect(resolvePath({ path: "audience.segments", segments: ["audience", "segments"] }, base)).toMatchObject({ code: "not-a-value" });
  });

  it("type a value by the value at its path", () => {
    const delay = { existing: 21_600_000, duration: true };
    expect(typeValue("overrides.autoScale.delay", "6h", delay)).toBe("6h");
    expect(typeValue("overrides.autoScale.delay", "3600000", delay)).toBe(3_600_000);
    expect(typeValue("overrides.autoScale.delay", "soon", delay)).toMatchObject({ code: "bad-value", message: expect.stringContaining("expected a number or a duration") });
    expect(typeValue("x", "true", { existing: false, duration: false })).toBe(true);
    expect(typeValue("x", "yes", { existing: false, duration: false })).toMatchObject({ code: "bad-value", message: 'bad --vary value "yes" for x: expected true or false' });
    expect(typeValue("rules", "meta-2023-11", { existing: "meta-2025-10", duration: false })).toBe("meta-2023-11");
  });
});

describe("buildVariants", () => {
  const base = loaded();

  it("builds the grid, first path slowest, from path=values texts or a record of values", () => {
    const fromText = buildVariants(base, ["audience.segments[1].block=0.001,0.01", "rules=meta-2023-11,meta-2025-10"]);
    const fromRecord = buildVariants(base, { "audience.segments[1].block": [0.001, 0.01], rules: ["meta-2023-11", "meta-2025-10"] });
    for (const built of [fromText, fromRecord]) {
      expect(built.ok).toBe(true);
      if (!built.ok) return;
      expect(built.inputs.map((v) => v.values)).toEqual([
        { "audience.segments[1].block": 0.001, rules: "meta-2023-11" },
        { "audience.segments[1].block": 0.001, rules: "meta-2025-10" },
        { "audience.segments[1].block": 0.01, rules: "meta-2023-11" },
        { "audience.segments[1].block": 0.01, rules: "meta-2025-10" },
      ]);
      expect(built.inputs[2].config.audience.segments[1].block).toBe(0.01);
      expect(built.inputs[2].config.ruleSet.id).toBe("meta-2023-11");
    }
  });

  it("applies days and seed to every variant, as to the base", () => {
    const built = buildVariants(base, ["campaigns[0].throttle.headroom=0,0.2"], { days: 3, seed: 9 });
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    for (const v of built.inputs) expect([v.config.seed, v.config.horizon]).toEqual([9, 3 * 86_400_000]);
  });

  it("reports every mistake in what to vary at once, as usage issues", () => {
    const built = buildVariants(base, ["audience.segments[1].blok=0.1", "block", "audience.segments[1].block=abc,0.2", "audience.segments[0].read=0.5", "audience.segments[0].read=0.6"]);
    expect(built.ok).toBe(false);
    if (built.ok) return;
    expect(built.issues.map((i) => i.code)).toEqual(["unknown-path", "bad-vary", "bad-value", "duplicate-path"]);
    expect(messages(built.issues)[2]).toBe('bad --vary value "abc" for audience.segments[1].block: expected a number (the scenario has 0.003)');
    expect(messages(built.issues)[3]).toBe("--vary audience.segments[0].read is given twice: list all its values in one --vary");
  });

  it("refuses an empty vary and a grid over 10,000 combinations", () => {
    expect(buildVariants(base, [])).toMatchObject({ ok: false, issues: [{ code: "bad-vary" }] });
    const big = buildVariants(base, ["audience.segments[0].read=0..1:101", "audience.segments[1].read=0..1:101"]);
    expect(big).toMatchObject({ ok: false, issues: [{ code: "grid-too-large", message: "the --vary grid has 10201 combinations; at most 10,000" }] });
  });

  it("returns the loader's issues, positioned in the variant's text, for each variant it refuses", () => {
    const built = buildVariants(base, ["audience.segments[1].block=0.001,2,3"]);
    expect(built.ok).toBe(false);
    if (built.ok) return;
    expect(built.issues.map((i) => [i.code, i.message])).toEqual([
      ["invalid-variant", "the variant small.yaml (audience.segments[1].block=2) is not a valid scenario"],
      ["invalid-variant", "the variant small.yaml (audience.segments[1].block=3) is not a valid scenario"],
    ]);
    const issue = built.issues[0].issues![0];
    expect(issue).toMatchObject({ code: "out-of-range", path: "audience.segments[1].block", file: "small.yaml (audience.segments[1].block=2)" });
    // Positioned at the value in the variant's YAML, not at the top of the file.
    expect(issue.line).toBeGreaterThan(20);
    expect(issue.message).toBe("number 2 is out of range: must be at most 1");
  });
});

describe("sweep(loaded, { vary })", () => {
  it("is the sweep of the variants it builds, and returns issues instead of throwing", async () => {
    const base = loaded();
    const swept = await sweep(base, { vary: { "campaigns[0].throttle.headroom": [0, 0.3] }, runs: 2, days: 1, workers: 1 });
    expect(swept.ok).toBe(true);
    if (!swept.ok) return;
    expect(swept.result.variants.map((v) => v.values)).toEqual([{ "campaigns[0].throttle.headroom": 0 }, { "campaigns[0].throttle.headroom": 0.3 }]);
    expect(swept.projections).toHaveLength(2);
    const built = buildVariants(base, ["campaigns[0].throttle.headroom=0,0.3"], { days: 1 });
    if (!built.ok) throw new Error("variants");
    const direct = await sweepVariants(compileScenario(base.scenario, base.ruleSet, { days: 1 }), built.inputs, { runs: 2, workers: 1, parameters: ["campaigns[0].throttle.headroom"] });
    expect(JSON.stringify(swept.result)).toBe(JSON.stringify(direct.result));

    const refused = await sweep(base, { vary: ["audiance.optedIn=5"], runs: 2 });
    expect(refused).toMatchObject({ ok: false, issues: [{ code: "unknown-path", message: expect.stringContaining("closest valid path: audience.optedIn") }] });
  });
});
