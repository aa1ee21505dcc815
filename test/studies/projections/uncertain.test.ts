// Uncertain parameters: each replication draws its own values, keyed by (replication seed,
// parameter path), so a projection spreads wider than with point values, and its bytes do
// not depend on the worker count or the sharding, nor the draws on a sweep's variant; a
// single run uses the means.
import { describe, expect, it } from "vitest";
import { configFromText } from "../../sim/helpers.js";
import { project, replicate } from "../../../studies/projections/project.js";
import { mergeShards, scenarioHash, shardIndices, shardText } from "../../../studies/projections/shard.js";
import { sweep } from "../../../studies/sweeps/sweep.js";
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

/** The scenario of the tests above with its delays, inbound rate and growth as distributions. */
const withUncertainDelays = (latency: string, inbound: string, growth: string): string =>
  scenario("0.6")
    .replace("{ triangular: [0.01, 0.02, 0.06] }", `0.03, inboundPerDay: ${inbound}`)
    .replace("optedIn: 800,", `optedIn: 800, growthPerDay: ${growth}, latency: ${latency},`);

const DELAYS = withUncertainDelays("{ read: { lognormal: { median: 20m, p95: 3h } }, reply: { uniform: [5m, 1h] }, deliver: { triangular: [1s, 2s, 10s] } }", "{ lognormal: { median: 0.01, p95: 0.1 } }", "{ uniform: [50, 250] }");

describe("uncertain delays, inbound and growth rates", () => {
  it("validate in every form; a Beta of a duration or a bad duration inside is refused with one message", () => {
    expect(loadScenarioText(DELAYS, "a.yaml").ok).toBe(true);
    expect(loadScenarioText(withUncertainDelays("{ read: 20m }", "{ beta: [1, 99] }", "{ triangular: [0, 100, 400] }"), "a.yaml").ok).toBe(true);
    const messages = (text: string): string[] => {
      const r = loadScenarioText(text, "a.yaml");
      return r.ok ? [] : r.issues.map((i) => `${String(i.path)}: ${i.message}`);
    };
    const bad = messages(withUncertainDelays("{ read: { lognormal: { median: 20m, p95: 3q } } }", "0.01", "0"));
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatch(/audience\.latency\.read\.lognormal\.p95: .*expected a duration/);
    expect(messages(withUncertainDelays("{ read: { lognormal: { median: 3h, p95: 20m } } }", "0.01", "0")).join(" ")).toMatch(/median ≤ p95/);
    expect(messages(withUncertainDelays("{ read: { uniform: [1h, 10m] } }", "0.01", "0")).join(" ")).toMatch(/shortest must not exceed the longest/);
    expect(messages(withUncertainDelays("{ read: { beta: [2, 3] } }", "0.01", "0")).length).toBeGreaterThan(0);
    expect(messages(withUncertainDelays("{ read: 20m }", "{ uniform: [-1, 2] }", "0")).length).toBeGreaterThan(0);
  });

  it("a single run uses the means; each replication draws every one, keyed by its path", () => {
    const config = configFromText(DELAYS);
    // Log-normal mean: median · e^(σ²/2), σ = ln(p95 / median) / 1.645.
    const sigma = Math.log(9) / 1.6448536269514722;
    expect(config.audience.latency.read).toBeCloseTo(20 * 60_000 * Math.exp((sigma * sigma) / 2), 6);
    expect(config.audience.latency.reply).toBeCloseTo((5 + 60) / 2 * 60_000, 6);
    expect(config.audience.latency.deliver).toBeCloseTo(13_000 / 3, 6);
    expect(config.audience.growthPerDay).toBeCloseTo(150, 12);
    expect(config.audience.segments[0].inboundPerDay).toBeCloseTo(0.01 * Math.exp((Math.log(10) / 1.6448536269514722) ** 2 / 2), 12);
    expect(config.uncertain?.map((u) => u.path)).toEqual([
      "audience.segments.all.inboundPerDay",
      "audience.growthPerDay",
      "audience.latency.deliver",
      "audience.latency.read",
      "audience.latency.reply",
    ]);
    const a = withDrawnParameters(config, 11);
    const b = withDrawnParameters(config, 12);
    expect(a.config.audience.latency.read).toBe(a.values["audience.latency.read"]);
    expect(a.config.audience.growthPerDay).toBe(a.values["audience.growthPerDay"]);
    expect(a.config.audience.segments[0].inboundPerDay).toBe(a.values["audience.segments.all.inboundPerDay"]);
    expect(a.values["audience.latency.reply"]).toBeGreaterThanOrEqual(5 * 60_000);
    expect(a.values["audience.latency.reply"]).toBeLessThanOrEqual(60 * 60_000);
    for (const k of Object.keys(a.values)) expect(a.values[k]).not.toBe(b.values[k]);
    // The draw of a path depends on that path only: adding a parameter moves no other draw.
    const more = configFromText(DELAYS.replace("read: 0.6", "read: { uniform: [0.5, 0.7] }"));
    const c = withDrawnParameters(more, 11).values;
    for (const k of Object.keys(a.values)) expect(c[k]).toBe(a.values[k]);
    // The configuration compiled from the file is left as it was.
    expect(config.audience.latency.read).toBeCloseTo(20 * 60_000 * Math.exp((sigma * sigma) / 2), 6);
  });

  it("give the same bytes for 1 and 2 workers and for two shards merged, and move the runs", async () => {
    const config = configFromText(DELAYS);
    const one = await project(config, { runs: 6, workers: 1 });
    const two = await project(config, { runs: 6, workers: 2 });
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
    const hash = scenarioHash(config);
    const files = [];
    for (const index of [1, 2]) {
      const shard = { index, count: 2 };
      const { header, records } = await replicate(config, { runs: 6, workers: 1, indices: shardIndices(6, shard) });
      files.push({ file: `shard-${index}.jsonl`, text: shardText(header!, hash, shard, records) });
    }
    const merged = mergeShards(files);
    expect(merged.ok).toBe(true);
    if (merged.ok) expect(JSON.stringify(merged.projection)).toBe(JSON.stringify(one));
    // The draws reach the runs: more growth, more users.
    const byGrowth = [...one.perRun].sort((x, y) => x.parameters!["audience.growthPerDay"] - y.parameters!["audience.growthPerDay"]);
    const users = (r: (typeof one.perRun)[number]): number => r.summary.users.reached;
    expect(users(byGrowth[5])).toBeGreaterThan(users(byGrowth[0]));
  }, 120_000);
});

describe("sweep --uncertainty rules", () => {
  const text = scenario("0.6").replace("{ triangular: [0.01, 0.02, 0.06] }", "0.03");

  it("draws the same rule-set values in every variant (common random numbers)", async () => {
    const loaded = loadScenarioText(text, "s.yaml");
    if (!loaded.ok) throw new Error("fixture");
    const swept = await sweep(loaded, { vary: { "campaigns[0].throttle.headroom": [0, 0.3] }, runs: 4, workers: 1, uncertainty: "rules" });
    if (!swept.ok) throw new Error(swept.issues.map((i) => i.message).join("; "));
    const [a, b] = swept.projections;
    for (let i = 0; i < 4; i++) {
      expect(Object.keys(a.perRun[i].parameters!)).toEqual(RULE_RANGES.map((r) => r.path));
      expect(b.perRun[i].parameters).toEqual(a.perRun[i].parameters);
      expect(b.perRun[i].seed).toBe(a.perRun[i].seed);
    }
    expect(a.perRun[0].parameters).not.toEqual(a.perRun[1].parameters);
    // Without the flag the same sweep draws nothing.
    const plain = await sweep(loaded, { vary: { "campaigns[0].throttle.headroom": [0, 0.3] }, runs: 2, workers: 1 });
    if (plain.ok) expect(plain.projections[0].perRun[0].parameters).toBeUndefined();
  }, 120_000);

  it("refuses to vary a parameter the rule uncertainty sets outright", async () => {
    const loaded = loadScenarioText(text, "s.yaml");
    if (!loaded.ok) throw new Error("fixture");
    const refused = await sweep(loaded, { vary: ["audience.fatigue.blockMultiplierPerMessage=0.1,0.3"], runs: 2, uncertainty: "rules" });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.issues[0].message).toMatch(/drawn per replication/);
  });
});

describe("uncertain template review", () => {
  const text = scenario("0.6")
    .replace("{ triangular: [0.01, 0.02, 0.06] }", "0.03")
    .replace("status: APPROVED }", "status: PENDING, review: { median: { uniform: [1h, 30h] }, p95: { uniform: [2h, 20h] }, rejectProbability: { beta: [1, 9] } } }");

  it("draws median, p95 and rejection odds per replication; a p95 drawn below the median counts as the median", () => {
    const config = configFromText(text);
    expect(config.templates[0].review.median).toBeCloseTo(15.5 * 3_600_000, 6);
    expect(config.templates[0].review.p95).toBeCloseTo(15.5 * 3_600_000, 6); // mean 11h < mean median 15.5h
    expect(config.templates[0].review.rejectProbability).toBeCloseTo(0.1, 12);
    expect(config.uncertain?.map((u) => u.path)).toEqual(["templates.promo.review.median", "templates.promo.review.p95", "templates.promo.review.rejectProbability"]);
    let clamped = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const { config: drawn, values } = withDrawnParameters(config, seed);
      const r = drawn.templates[0].review;
      expect(r.median).toBe(values["templates.promo.review.median"]);
      expect(r.p95).toBe(Math.max(values["templates.promo.review.median"], values["templates.promo.review.p95"]));
      expect(r.rejectProbability).toBe(values["templates.promo.review.rejectProbability"]);
      if (values["templates.promo.review.p95"] < values["templates.promo.review.median"]) clamped++;
    }
    expect(clamped).toBeGreaterThan(0);
    // The compiled configuration is left as it was.
    expect(config.templates[0].review.median).toBeCloseTo(15.5 * 3_600_000, 6);
  });
});
