// Issue 15, acceptance: "A projection with uncertain parameters shows wider bands than the same
// scenario with point values, and ranks the parameters that drive days to 100K." On the shipped
// example scenarios/uncertain-growth.yaml, days to 100K is set by the list's growth by
// construction (the limit rises once ~5,100 users were reached in 7 days, and the list starts at
// 2,000), so drawing the growth per run must widen its band, and the ranking must put it first.
import { describe, expect, it } from "vitest";
import { compileScenario } from "../../../scenarios/compile.js";
import { loadScenarioFile } from "../../../scenarios/load-file.js";
import { project } from "../../../studies/projections/project.js";
import { atMeans } from "../../../studies/projections/uncertain.js";
import { sensitivityChart } from "../../../reports/charts/sensitivity.js";
import { buildReport } from "../../../reports/document.js";

const RUNS = 24;

describe("scenarios/uncertain-growth.yaml", () => {
  it("spreads days to 100K at least 4 times wider than at its means, and ranks the growth first", async () => {
    const loaded = loadScenarioFile("scenarios/uncertain-growth.yaml");
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
    const config = compileScenario(loaded.scenario, loaded.ruleSet);
    expect(config.uncertain?.map((u) => u.path)).toContain("audience.growthPerDay");
    const uncertain = await project(config, { runs: RUNS, workers: 2 });
    const point = await project(atMeans(config), { runs: RUNS, workers: 2 });

    // Every run of both reaches 100K, so each band is over all runs, none left out.
    expect(uncertain.reachedAt["100000"].share).toBe(1);
    expect(point.reachedAt["100000"].share).toBe(1);
    const width = (p: typeof point): number => p.reachedAt["100000"].days!.q95 - p.reachedAt["100000"].days!.q05;
    expect(width(point)).toBeGreaterThan(0);
    expect(width(uncertain)).toBeGreaterThan(4 * width(point));
    expect(width(uncertain)).toBeGreaterThan(5); // days
    // The other bands widen too: users reached over the horizon.
    const reachSpread = (p: typeof point): number => {
      const xs = p.perRun.map((r) => r.summary.users.reached).sort((a, b) => a - b);
      return xs[xs.length - 1] - xs[0];
    };
    expect(reachSpread(uncertain)).toBeGreaterThan(4 * reachSpread(point));

    // The ranking: growth explains most of the variance of days to 100K.
    const days = uncertain.sensitivity!.outcomes.find((o) => o.outcome === "days.100000")!;
    expect(days.indices[0].parameter).toBe("audience.growthPerDay");
    expect(days.indices[0].index).toBeGreaterThan(0.6);
    expect(days.indices[1].index).toBeLessThan(days.indices[0].index / 2);
    // Unlimited, which no run reaches, is the same in every run: nothing to rank.
    expect(uncertain.sensitivity!.outcomes.map((o) => o.outcome)).not.toContain("days.unlimited");
    // The report draws it and writes it as a table; the point-value projection has no ranking.
    expect(sensitivityChart(uncertain)).not.toBeNull();
    expect(buildReport(uncertain).markdown).toMatch(/\| days\.100000 \| audience\.growthPerDay 0\.\d\d \|/);
    expect(point.sensitivity).toBeUndefined();
    expect(buildReport(point).markdown).not.toMatch(/Which unknown drives/);
  }, 240_000);
});
