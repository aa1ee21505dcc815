import { describe, expect, it } from "vitest";
import { describeValues, meanCI, studentTQuantile } from "../../../studies/stats/mean.js";

describe("Student t and the interval of the mean", () => {
  it("t(0.975, df) matches the published table values", () => {
    // R: qt(0.975, c(1, 2, 9, 29, 1000))
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.706204736, 8);
    expect(studentTQuantile(0.975, 2)).toBeCloseTo(4.30265273, 8);
    expect(studentTQuantile(0.975, 9)).toBeCloseTo(2.262157163, 8);
    expect(studentTQuantile(0.975, 29)).toBeCloseTo(2.045229642, 8);
    expect(studentTQuantile(0.975, 1000)).toBeCloseTo(1.962339081, 8);
  });
  it("mean ± t·s/√n on a known sample", () => {
    // [1,2,3,4]: mean 2.5, s = 1.2909944, t(0.975, 3) = 3.1824463 → half-width 2.0542603.
    expect(meanCI([1, 2, 3, 4])).toEqual({ mean: 2.5, ci95: [0.44574, 4.55426] });
    expect(meanCI([7])).toEqual({ mean: 7, ci95: [7, 7] });
    expect(describeValues([2, 2, 2])).toEqual({ q05: 2, q25: 2, q50: 2, q75: 2, q95: 2, mean: 2, ci95: [2, 2] });
  });
});
