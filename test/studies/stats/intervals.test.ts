import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Xoshiro128ss } from "../../../sim/engine/index.js";
import { meanInterval, quantileInterval, shareInterval } from "../../../studies/stats/independent.js";
import { binomialCdf, quantileRanks } from "../../../studies/stats/order-statistics.js";
import { MAX_VARIANCE_REDUCTION, pairedMeanInterval, pairedQuantileInterval, pairedShareInterval } from "../../../studies/stats/paired.js";
import { wilsonInterval } from "../../../studies/stats/proportion.js";
import { incompleteBeta, logGamma } from "../../../studies/stats/special.js";
import { SEED } from "../../seed.js";

describe("special functions", () => {
  it("ln Γ and I_x(a, b) match known values", () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
    expect(incompleteBeta(0.5, 2, 2)).toBeCloseTo(0.5, 12);
    // I_x(1, b) = 1 − (1 − x)^b
    expect(incompleteBeta(0.3, 1, 4)).toBeCloseTo(1 - 0.7 ** 4, 12);
  });
});

describe("order-statistic interval of a quantile", () => {
  it("binomial CDF agrees with the sum of its terms", () => {
    let sum = 0;
    let term = 0.5 ** 20;
    for (let k = 0; k <= 5; k++) {
      sum += term;
      term *= (20 - k) / (k + 1);
    }
    expect(binomialCdf(5, 20, 0.5)).toBeCloseTo(sum, 12);
    expect(binomialCdf(-1, 20, 0.5)).toBe(0);
    expect(binomialCdf(20, 20, 0.5)).toBe(1);
  });

  it("gives the textbook ranks for the median of 20 (6th and 15th), and no lower end for q05", () => {
    const r = quantileRanks(20, 0.5, 0.95);
    expect([r.lower, r.upper]).toEqual([6, 15]);
    expect(r.coverage).toBeGreaterThanOrEqual(0.95);
    expect(quantileRanks(20, 0.05, 0.95).lower).toBeNull();
  });

  it(`coverage is at least the confidence for any n and p (seed ${SEED})`, () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }), fc.double({ min: 0.01, max: 0.99, noNaN: true }), (n, p) => {
        const r = quantileRanks(n, p, 0.95);
        if (r.lower !== null && r.upper !== null) expect(r.lower).toBeLessThan(r.upper);
        const below = r.lower === null ? 0 : binomialCdf(r.lower - 1, n, p);
        const above = r.upper === null ? 0 : 1 - binomialCdf(r.upper - 1, n, p);
        expect(below).toBeLessThanOrEqual(0.025 + 1e-12);
        expect(above).toBeLessThanOrEqual(0.025 + 1e-12);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it("covers the true median of a uniform in about 95 % of samples of 40", () => {
    const rng = Xoshiro128ss.fromSeed(SEED);
    let covered = 0;
    const trials = 2000;
    for (let t = 0; t < trials; t++) {
      const xs = Array.from({ length: 40 }, () => rng.nextFloat());
      const i = quantileInterval(xs, 0.5, 0.95);
      if (i.lower !== null && i.upper !== null && i.lower <= 0.5 && 0.5 <= i.upper) covered++;
    }
    expect(covered / trials).toBeGreaterThan(0.93);
    expect(covered / trials).toBeLessThan(0.99);
  });
});

describe("intervals over independent runs", () => {
  it("mean: Student t; quantile: order statistics; share: Wilson", () => {
    const m = meanInterval([1, 2, 3, 4], 0.95);
    expect(m.lower).toBeCloseTo(0.44574, 5);
    expect(m.upper).toBeCloseTo(4.55426, 5);
    expect(meanInterval([3], 0.95)).toEqual({ estimate: 3, lower: null, upper: null, n: 1 });
    expect(quantileInterval([...Array(20).keys()], 0.5, 0.95)).toEqual({ estimate: 9.5, lower: 5, upper: 14, n: 20 });
    const [lo, hi] = wilsonInterval(20, 20, 0.95);
    expect(lo).toBeCloseTo(0.838875, 6);
    expect(hi).toBe(1);
    expect(shareInterval([1, 1, 1, 0], 0.95).lower).toBeCloseTo(0.300642, 6);
  });
});

describe("intervals over antithetic pairs", () => {
  it("a pair mean that never varies has a zero-width interval; independent noise does not", () => {
    expect(pairedMeanInterval([1, 3, 2, 2, 0, 4], 0.95)).toEqual({ estimate: 2, lower: 2, upper: 2, n: 6 });
    const noisy = pairedMeanInterval([1, 2, 2, 3, 0, 4], 0.95);
    expect(noisy.upper! - noisy.lower!).toBeGreaterThan(0);
  });

  it("a missing value drops out of its pair without breaking the ratio", () => {
    const r = pairedMeanInterval([1, null, 3, 5, 2, 2], 0.95);
    expect(r.estimate).toBeCloseTo(13 / 5, 12);
    expect(r.n).toBe(5);
  });

  it("shares and quantiles never gain more than MAX_VARIANCE_REDUCTION over independent runs", () => {
    // Perfectly anti-correlated indicators: the pair variance is zero; the floor keeps a width.
    const ind = Array.from({ length: 40 }, (_, i) => i % 2);
    const s = pairedShareInterval(ind, 0.95);
    expect(s.upper! - s.lower!).toBeGreaterThan(0);
    const indep = shareInterval(ind, 0.95);
    expect((indep.upper! - indep.lower!) / (s.upper! - s.lower!)).toBeLessThan(Math.sqrt(MAX_VARIANCE_REDUCTION) * 1.3);
    const rng = Xoshiro128ss.fromSeed(SEED);
    const xs: number[] = [];
    for (let j = 0; j < 100; j++) {
      const u = rng.nextFloat();
      xs.push(u, 1 - u);
    }
    const q = pairedQuantileInterval(xs, 0.5, 0.95);
    expect(q.lower).not.toBeNull();
    expect(q.upper).not.toBeNull();
    expect(q.lower!).toBeLessThanOrEqual(q.estimate);
    expect(q.upper!).toBeGreaterThanOrEqual(q.estimate);
  });
});
