// Users who stop marketing messages from the business are counted in every output.
import { describe, expect, it } from "vitest";
import { runText } from "./helpers.js";
import { segmentsScenario } from "./segments-scenario.js";
import { dailyCsv } from "../../cli/tables.js";
import { funnelChart } from "../../reports/charts/funnel.js";

const audience = (plan: string, optOut = 0): string => segmentsScenario(plan, { optOut });

describe("opt-outs", () => {
  it("are counted in the summary, the daily rows, daily.csv and the funnel chart", () => {
    const result = runText(audience(`    plan: [{ at: 2026-03-02T10:00:00Z, count: 10000 }, { at: 2026-03-03T10:00:00Z, count: 5000 }]`, 0.05));
    const u = result.summary.users;
    // 15,000 marketing deliveries at 5 %: 750 expected, σ ≈ 27.
    expect(u.optedOut).toBeGreaterThan(650);
    expect(u.optedOut).toBeLessThan(850);
    expect(result.daily.reduce((a, d) => a + (d.optedOut ?? 0), 0)).toBe(u.optedOut);
    expect(result.daily[0].optedOut).toBeGreaterThan(result.daily[1].optedOut ?? 0);
    const csv = dailyCsv(result).split("\n");
    const col = csv[0].split(",").indexOf("optedOut");
    expect(col).toBeGreaterThan(0);
    expect(Number(csv[1].split(",")[col])).toBe(result.daily[0].optedOut);
    expect(JSON.stringify(funnelChart(result))).toContain("opted out of marketing");
  });
});
