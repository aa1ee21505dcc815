// The projection's terminal summary, in process: figures that read right at the edges.
import { describe, expect, it } from "vitest";
import { formatProjection } from "../../cli/projection-summary.js";
import { buildProjectionFixture } from "../reports/fixtures.js";

describe("projection summary", () => {
  it("a cause in under 5% of runs says how long it lasted where it struck, not a q95 of 0 h", () => {
    const p = buildProjectionFixture();
    const [cause, common] = Object.entries(p.paralysis.byCause)[0];
    // One run of 40 stalled 10 h for the rare cause: mean 0.25 h, every quantile 0.
    const rare = { probability: 1 / 40, hours: { ...common!.hours, q05: 0, q25: 0, q50: 0, q75: 0, q95: 0, mean: 0.25 } };
    const text = formatProjection({ ...p, paralysis: { ...p.paralysis, byCause: { ...p.paralysis.byCause, "portfolio-review": rare } } });
    expect(text).toMatch(/\n {2}portfolio-review +in 3% of runs, mean 0\.3 h \(10\.0 h per run it hit\)\n/);
    // A cause common enough keeps its q95.
    expect(text).toMatch(new RegExp(`\\n {2}${cause} +in \\d+% of runs, mean [\\d.]+ h \\(q95 [\\d.]+ h\\)\\n`));
  });
});
