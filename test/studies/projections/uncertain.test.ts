// Uncertain parameters: each replication draws its own values, keyed by (replication seed,
// parameter path), so a projection spreads wider than with point values, and its bytes do
// not depend on the worker count; a single run uses the means.
import { describe, expect, it } from "vitest";
import { configFromText } from "../../sim/helpers.js";
import { project } from "../../../studies/projections/project.js";
import { drawParameter, withDrawnParameters } from "../../../studies/projections/uncertain.js";
import { distMean } from "../../../models/uncertain.js";
import { RULE_RANGES } from "../../../models/rules/uncertain-ranges.js";
import { loadScenarioText } from "../../../scenarios/load.js";
import { sensitivityChart } from "../../../reports/charts/sensitivity.js";
import { chartsFor, renderSvg } from "../../../reports/index.js";

const scenario = (read: string): string =>
  [
    "name: uncertain",
    "start: 2026-03-02T00:00:00Z",
    "days: 2",
    "seed: 5",
    "business: { verification: verified }",
    "templates: [{ name: promo, category: MARKETING, status: APPROVED }]",
    `audience: { optedIn: 800, segments: [{ name: all, share: 1, read: ${read}, reply: { triangular: [0.01, 0.02, 0.06] } }] }`,
    "campaigns: [{ name: c, template: promo, start: 2026-03-02, cadence: daily }]",
  ].join("\n");

function readShares(p: Awaited<ReturnType<typeof project>>): number[] {
  return p.perRun.map((r) => r.summary.messages.read / Math.max(1, r.summary.messages.delivered));
}

function spread(xs: number[]): number {
  return Math.max(...xs) - Math.min(...xs);
}

describe("uncertain scenario parameters", () => {
  it("validate in their three forms and refuse bad ones with a fix", () => {
    expect(loadScenarioText(scenario("{ beta: [60, 40] }"), "a.yaml").ok).toBe(true);
    expect(loadScenarioText(scenario("{ uniform: [0.4, 0.8] }"), "a.yaml").ok).toBe(true);
    const bad = loadScenarioText(scenario("{ uniform: [0.8, 0.4] }"), "a.yaml");
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issues.map((i) => i.message).join(" ")).toMatch(/low must not exceed high/);
    expect(loadScenarioText(scenario("{ uniform: [0.4, 1.8] }"), "a.yaml").ok).toBe(false);
  });

  it("a single run uses the means; each replication draws its own values, the same on every machine", () => {
    const config = configFromText(scenario("{ uniform: [0.2, 0.9] }"));
    expect(config.audience.segments[0].read).toBeCloseTo(0.55, 12);
    expect(config.audience.segments[0].reply).toBeCloseTo(0.03, 12);
    expect(config.uncertain?.map((u) => u.path)).toEqual(["audience.segments.all.read", "audience.segments.all.reply"]);
    const a = withDrawnParameters(config, 1).values;
    const b = withDrawnParameters(config, 2).values;
    expect(a).toEqual(withDrawnParameters(config, 1).values);
    expect(a["audience.segments.all.read"]).not.toBe(b["audience.segments.all.read"]);
    // Draws follow the distribution: the mean of many is the distribution's mean.
    let sum = 0;
    for (let s = 0; s < 4000; s++) sum += drawParameter({ beta: [3, 7] }, "x", s);
    expect(sum / 4000).toBeCloseTo(distMean({ beta: [3, 7] }), 2);
  });

  it("uncertainty: { rules: true } draws the unpublished rule-set parameters, thresholds kept in order", () => {
    const base = configFromText(scenario("0.6").replace("{ triangular: [0.01, 0.02, 0.06] }", "0.03"));
    const config = configFromText(scenario("0.6").replace("{ triangular: [0.01, 0.02, 0.06] }", "0.03") + "\nuncertainty: { rules: true }");
    expect(config.uncertain?.map((u) => u.path)).toEqual(RULE_RANGES.map((r) => r.path));
    // A single run keeps every point value.
    expect(config.ruleSet).toEqual(base.ruleSet);
    expect(config.audience).toEqual(base.audience);
    const before = JSON.stringify(config.ruleSet);
    for (const seed of [1, 2, 3, 4, 5]) {
      const { config: drawn, values } = withDrawnParameters(config, seed);
      const scale = values["rules.quality.thresholds"];
      expect(scale).toBeGreaterThanOrEqual(0.5);
      expect(scale).toBeLessThanOrEqual(2);
      expect(drawn.ruleSet.quality.yellowAt).toBeCloseTo(base.ruleSet.quality.yellowAt * scale, 12);
      expect(drawn.ruleSet.quality.redAt).toBeGreaterThan(drawn.ruleSet.quality.yellowAt);
      expect(drawn.ruleSet.perUserCap.otherBusinessesShare).toBe(values["rules.perUserCap.otherBusinessesShare"]);
      expect(drawn.audience.fatigue.blockMultiplierPerMessage).toBe(values["audience.fatigue.blockMultiplierPerMessage"]);
    }
    expect(JSON.stringify(config.ruleSet)).toBe(before);
  });

  it("widen the projection, and give the same bytes for 1 and 2 workers", async () => {
    const uncertain = configFromText(scenario("{ uniform: [0.2, 0.9] }"));
    const point = configFromText(scenario("0.55").replace("{ triangular: [0.01, 0.02, 0.06] }", "0.03"));
    const one = await project(uncertain, { runs: 12, workers: 1 });
    const two = await project(uncertain, { runs: 12, workers: 2 });
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
    const fixed = await project(point, { runs: 12, workers: 1 });
    expect(spread(readShares(one))).toBeGreaterThan(3 * spread(readShares(fixed)));
    expect(fixed.sensitivity).toBeUndefined();
    expect(chartsFor(fixed).map((c) => c.id)).not.toContain("sensitivity");
    expect(fixed.perRun[0].parameters).toBeUndefined();
    expect(one.perRun[3].parameters!["audience.segments.all.read"]).toBe(withDrawnParameters(uncertain, one.perRun[3].seed).values["audience.segments.all.read"]);
  }, 60_000);

  it("rank the parameter that drives each outcome (first-order indices)", async () => {
    // Reply drawn over a wide range, read over a narrow one: replies are the reply rate's doing.
    const config = configFromText(scenario("{ uniform: [0.59, 0.61] }").replace("{ triangular: [0.01, 0.02, 0.06] }", "{ uniform: [0.0, 0.3] }"));
    const p = await project(config, { runs: 40, workers: 1 });
    const replied = p.sensitivity!.outcomes.find((o) => o.outcome === "users.replied")!;
    expect(replied.indices[0].parameter).toBe("audience.segments.all.reply");
    expect(replied.indices[0].index).toBeGreaterThan(0.8);
    expect(p.sensitivity!.method).toMatch(/correlation ratio/);
    // The report ranks them in a chart; a projection without uncertain parameters has none.
    const spec = sensitivityChart(p)!;
    expect(await renderSvg(spec)).toMatch(/^<svg/);
    expect(chartsFor(p).map((c) => c.id)).toContain("sensitivity");
  }, 120_000);
});
