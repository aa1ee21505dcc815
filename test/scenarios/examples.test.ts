// The shipped examples are the first thing a strategist copies: each must validate, carry the
// editor modeline, say what question it answers, and encode the numbers it claims to.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXAMPLES, MINIMAL_EXAMPLE } from "../../scenarios/docs.js";
import { loadScenarioFile } from "../../scenarios/load-file.js";
import { loadScenarioText } from "../../scenarios/load.js";
import type { Scenario } from "../../scenarios/schema.js";

const files = readdirSync("scenarios").filter((f) => f.endsWith(".yaml"));

function load(name: string): { scenario: Scenario; ruleId: string; ladder: Array<number | null> } {
  const r = loadScenarioFile(join("scenarios", name));
  if (!r.ok) throw new Error(`${name} is invalid:\n${JSON.stringify(r.issues, null, 2)}`);
  return { scenario: r.scenario, ruleId: r.ruleSet.id, ladder: r.ruleSet.limit.ladder };
}

const planTimes = (s: Scenario, campaign = 0): number[] => (s.campaigns[campaign].plan ?? []).map((e) => Date.parse(e.at));
const planTotal = (s: Scenario, campaign = 0): number => (s.campaigns[campaign].plan ?? []).reduce((a, e) => a + e.count, 0);

describe("example scenarios", () => {
  it("are all listed, with their question, in docs/scenario-format.md", () => {
    expect(EXAMPLES.map((e) => e.file).sort()).toEqual([...files].sort());
  });

  it("include every example the format promises", () => {
    for (const f of [
      "quickstart.yaml",
      "seed-2023-unverified.yaml",
      "verified-ramp-to-unlimited.yaml",
      "template-paralysis.yaml",
      "per-user-caps.yaml",
      "policy-enforcement.yaml",
      "worked-example-2days.yaml",
      "worked-example-4days.yaml",
      "worked-example-2025.yaml",
      "two-number-portfolio.yaml",
    ]) {
      expect(files).toContain(f);
    }
  });

  for (const f of files) {
    it(`${f} validates, has the modeline on line 1 and says what it answers`, () => {
      const text = readFileSync(join("scenarios", f), "utf8");
      expect(text.split("\n")[0]).toBe("# yaml-language-server: $schema=./scenario.schema.json");
      // Commented for newcomers: a header that states the question and how to adapt it.
      expect(text).toMatch(/^# Question: /m);
      expect(text).toMatch(/# To adapt it:/);
      const { scenario } = load(f);
      expect(scenario.description?.length ?? 0).toBeGreaterThan(20);
    });
  }

  it("quickstart is small enough to simulate in about a second", () => {
    const { scenario } = load("quickstart.yaml");
    const growth = scenario.audience.growthPerDay;
    if (typeof growth !== "number") throw new Error("quickstart's growth is a point value");
    const users = scenario.audience.optedIn + growth * scenario.days;
    expect(users).toBeGreaterThanOrEqual(20_000);
    expect(users).toBeLessThanOrEqual(50_000);
    expect(scenario.days).toBeLessThanOrEqual(30);
  });

  it("seed-2023-unverified is the brief's unverified sender capped at 50", () => {
    const { scenario, ruleId } = load("seed-2023-unverified.yaml");
    expect(ruleId).toBe("seed-2023-02");
    expect(scenario.business.verification).toBe("none");
    expect(scenario.business.limit).toBe(50);
  });

  it("worked-example-2days: 500 unique users at limit 1K, the 500th at 15:00 on day 1", () => {
    const { scenario, ruleId } = load("worked-example-2days.yaml");
    expect(ruleId).toBe("meta-2023-11");
    expect(scenario.business.limit).toBe(1000);
    expect(planTotal(scenario)).toBe(500);
    const times = planTimes(scenario);
    const start = Date.parse(scenario.start);
    expect(times[times.length - 1] - start).toBe(15 * 3_600_000);
  });

  it("worked-example-4days: 100 / 200 / 200 on days 1–3, the 500th at 19:00 on day 3", () => {
    const { scenario, ruleId } = load("worked-example-4days.yaml");
    expect(ruleId).toBe("meta-2023-11");
    const start = Date.parse(scenario.start);
    const perDay = [0, 0, 0];
    for (const e of scenario.campaigns[0].plan ?? []) perDay[Math.floor((Date.parse(e.at) - start) / 86_400_000)] += e.count;
    expect(perDay).toEqual([100, 200, 200]);
    const times = planTimes(scenario);
    expect(times[times.length - 1] - start).toBe(2 * 86_400_000 + 19 * 3_600_000);
  });

  it("worked-example-2025: 1,000 / 5,000 / 50,000 fit the 2K / 10K / 100K limits they meet", () => {
    const { scenario, ruleId, ladder } = load("worked-example-2025.yaml");
    expect(ruleId).toBe("meta-2025-10");
    const counts = (scenario.campaigns[0].plan ?? []).map((e) => e.count);
    expect(counts).toEqual([1000, 5000, 50_000]);
    // Each batch is at least half of the limit it is sent under, and the moving 24 h total fits it.
    const rungs = ladder.slice(1, 4) as number[];
    let cumulative = 0;
    counts.forEach((c, i) => {
      cumulative += c;
      expect(c).toBeGreaterThanOrEqual(rungs[i] / 2);
      expect(cumulative).toBeLessThanOrEqual(rungs[i]);
    });
  });

  it("two-number-portfolio runs main and support under the 2025 portfolio rules", () => {
    const { scenario, ruleId } = load("two-number-portfolio.yaml");
    expect(ruleId).toBe("meta-2025-10");
    expect(scenario.business.phoneNumbers.map((p) => p.id)).toEqual(["main", "support"]);
    expect(new Set(scenario.campaigns.map((c) => c.phone))).toEqual(new Set(["main", "support"]));
  });

  it("the minimal example in docs/scenario-format.md validates", () => {
    const r = loadScenarioText(MINIMAL_EXAMPLE, "minimal.yaml");
    expect(r.ok ? [] : r.issues).toEqual([]);
  });
});
