// Beta posteriors: quantiles against known values, and the Jeffreys interval's coverage.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { betaFit, betaQuantile } from "../../../studies/stats/beta.js";
import { SEED } from "../../seed.js";

describe("betaQuantile", () => {
  it("matches known quantiles", () => {
    expect(betaQuantile(0.5, 2, 2)).toBeCloseTo(0.5, 12);
    // Beta(1, 1) is uniform; Beta(1, b) has quantile 1 − (1 − p)^(1/b).
    expect(betaQuantile(0.3, 1, 1)).toBeCloseTo(0.3, 12);
    expect(betaQuantile(0.9, 1, 3)).toBeCloseTo(1 - Math.pow(0.1, 1 / 3), 10);
    // Beta(2, 2) has CDF 3x² − 2x³: 0.104 at x = 0.2; Beta(a, 1) has quantile p^(1/a).
    expect(betaQuantile(0.104, 2, 2)).toBeCloseTo(0.2, 10);
    expect(betaQuantile(0.25, 4, 1)).toBeCloseTo(Math.pow(0.25, 0.25), 10);
  });
});

describe("betaFit (Jeffreys)", () => {
  it("carries its sample size: the same share from more trials gives a narrower interval", () => {
    const small = betaFit(3, 10);
    const large = betaFit(3000, 10000);
    expect(small.mean).toBeCloseTo(3.5 / 11, 12);
    expect(large.hi - large.lo).toBeLessThan((small.hi - small.lo) / 20);
    expect(betaFit(0, 10).lo).toBe(0);
    expect(betaFit(10, 10).hi).toBe(1);
  });

  it(`covers the true rate about 95 % of the time (seed ${SEED})`, () => {
    // Deterministic binomial draws from a seeded generator: coverage over 400 draws.
    fc.assert(
      fc.property(fc.double({ min: 0.02, max: 0.98, noNaN: true }), fc.integer({ min: 50, max: 400 }), fc.integer(), (p, n, s) => {
        let state = s >>> 0 || 1;
        const next = (): number => {
          state ^= state << 13;
          state >>>= 0;
          state ^= state >>> 17;
          state ^= state << 5;
          state >>>= 0;
          return state / 4294967296;
        };
        let covered = 0;
        for (let rep = 0; rep < 400; rep++) {
          let k = 0;
          for (let i = 0; i < n; i++) if (next() < p) k++;
          const f = betaFit(k, n);
          if (p >= f.lo && p <= f.hi) covered++;
        }
        return covered >= 0.9 * 400;
      }),
      { seed: SEED, numRuns: 20 },
    );
  });
});
