// The work estimate: an upper bound of what a run does, proportional to what drives it, and the
// loader's refusal above the budget pointing at the key that drives the estimate most.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compileScenario, DEFAULT_MAX_EVENTS, estimateEvents, loadScenarioText, simulate } from "../../index.js";
import { BASES } from "../fuzz/documents.js";

function config(text: string, file = "x.yaml", days?: number): ReturnType<typeof compileScenario> {
  const r = loadScenarioText(text, file, { maxEvents: Infinity, days });
  if (!r.ok) throw new Error(r.issues.map((i) => i.message).join("\n"));
  return compileScenario(r.scenario, r.ruleSet, { days });
}

const QUICKSTART = readFileSync("scenarios/quickstart.yaml", "utf8");

describe("estimateEvents", () => {
  it("bounds what every (reduced) example really does: attempts plus users created", () => {
    for (const b of BASES) {
      const c = config(b.text, b.file, 3);
      const r = simulate(c);
      const users = c.audience.optedIn + c.audience.growthPerDay * 3;
      expect(estimateEvents(c).total, b.file).toBeGreaterThanOrEqual(r.summary.messages.attempted + users);
    }
  });

  it("takes an uncertain growth or inbound rate at its high end: some replication draws it", () => {
    const point = estimateEvents(config(QUICKSTART.replace("growthPerDay: 150", "growthPerDay: 600"))).total;
    const drawn = estimateEvents(config(QUICKSTART.replace("growthPerDay: 150", "growthPerDay: { uniform: [100, 600] }"))).total;
    expect(drawn).toBe(point);
    const inbound = estimateEvents(config(QUICKSTART.replace("inboundPerDay: 0.02 }", "inboundPerDay: { lognormal: { median: 0.02, p95: 0.2 } } }"))).total;
    expect(inbound).toBeGreaterThan(estimateEvents(config(QUICKSTART.replace("inboundPerDay: 0.02 }", "inboundPerDay: 0.2 }"))).total);
  });

  it("grows with the audience, the cadence and the retries that drive it", () => {
    const base = estimateEvents(config(QUICKSTART)).total;
    expect(estimateEvents(config(QUICKSTART.replace("optedIn: 30000", "optedIn: 60000"))).total).toBeGreaterThan(1.8 * base); // 34,494 → 64,494 users over the horizon
    const hourly = estimateEvents(config(QUICKSTART.replace("cadence: daily", "cadence: { every: 1h }"))).total;
    expect(hourly / base).toBeGreaterThan(20);
    expect(hourly / base).toBeLessThan(25);
    expect(estimateEvents(config(QUICKSTART.replace("max: 1 }", "max: 5 }"))).total).toBeGreaterThan(2 * base);
  });

  it("names its largest term with the keys that drive it", () => {
    const { terms } = estimateEvents(config(QUICKSTART.replace("cadence: daily", "cadence: { every: 2h }")));
    expect(terms[0].what).toContain('campaign "daily-deal": 360 occurrences (every 2h)');
    expect(terms[0].paths[0]).toEqual(["campaigns", 0, "cadence", "every"]);
    expect(terms[0].paths).toContainEqual(["audience", "optedIn"]);
  });

  it("keeps the examples and the 1M-user benchmark far below the default budget", () => {
    const large = estimateEvents(config(readFileSync("bench/scenarios/large.yaml", "utf8"), "large.yaml")).total;
    expect(large).toBeLessThan(DEFAULT_MAX_EVENTS / 10);
    for (const b of BASES) expect(estimateEvents(config(b.text, b.file)).total).toBeLessThan(DEFAULT_MAX_EVENTS / 100);
  });
});

describe("the loader's budget", () => {
  it("refuses above maxEvents with a too-much-work issue at the key that drives it, and follows --days", () => {
    const text = QUICKSTART.replace("cadence: daily", "cadence: { every: 1h }");
    const line = text.split("\n").findIndex((l) => l.includes("cadence: { every: 1h }")) + 1;
    const r = loadScenarioText(text, "q.yaml", { maxEvents: 1e7 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ code: "too-much-work", path: "campaigns[0].cadence.every", line });
    expect(r.issues[0].message).toMatch(/about 7\.\de\+7 events, more than the budget of 1\.0e\+7/);
    // Over 3 days instead of 30 the same scenario fits.
    expect(loadScenarioText(text, "q.yaml", { maxEvents: 1e7, days: 3 }).ok).toBe(true);
  });
});
