import fc from "fast-check";
import { quantileSorted } from "simple-statistics";
import { describe, expect, it } from "vitest";
import { limitQuantiles, quantileSorted as r7, quantilesR7 } from "../../../studies/stats/quantile.js";
import { SEED } from "../../seed.js";

describe("R-7 quantiles", () => {
  it("match simple-statistics' and numpy's known vector [3,6,7,8,8,10,13,15,16,20]", () => {
    const q = quantilesR7([3, 6, 7, 8, 8, 10, 13, 15, 16, 20]);
    // The three published values (d3-array and simple-statistics tests, numpy.quantile default).
    expect(q.q25).toBe(7.25);
    expect(q.q50).toBe(9);
    expect(q.q75).toBe(14.5);
    // By hand with h = (n − 1)p: q05 → h = 0.45 → 3 + 0.45·(6 − 3) = 4.35;
    // q95 → h = 8.55 → 16 + 0.55·(20 − 16) = 18.2 (numpy.quantile gives the same).
    expect(q.q05).toBeCloseTo(4.35, 12);
    expect(q.q95).toBeCloseTo(18.2, 12);
  });

  it("match the odd-length vector of simple-statistics' tests, in any input order", () => {
    // [3,6,7,8,8,9,10,13,15,16,20]: h = 10p → q05 = 3 + 0.5·3 = 4.5, q25 = 7 + 0.5·1 = 7.5,
    // q50 = 9, q75 = 13 + 0.5·2 = 14, q95 = 16 + 0.5·4 = 18.
    expect(quantilesR7([20, 16, 15, 13, 10, 9, 8, 8, 7, 6, 3])).toEqual({ q05: 4.5, q25: 7.5, q50: 9, q75: 14, q95: 18 });
  });

  it("numpy's documented example: the median of [10, 7, 4, 3, 2, 1] is 3.5", () => {
    expect(quantilesR7([10, 7, 4, 3, 2, 1]).q50).toBe(3.5);
  });

  it("a single value is every quantile; an empty input is refused", () => {
    expect(quantilesR7([5])).toEqual({ q05: 5, q25: 5, q50: 5, q75: 5, q95: 5 });
    expect(() => quantilesR7([])).toThrow(RangeError);
  });

  it("of sorted values, typed arrays included: the levels throttle checks report (p50, p95, p99)", () => {
    const xs = Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    // h = 9p: p50 → 5 + 0.5 = 5.5; p95 → 9 + 0.55 = 9.55; p99 → 9 + 0.91 = 9.91.
    expect(r7(xs, 0.5)).toBeCloseTo(5.5, 12);
    expect(r7(xs, 0.95)).toBeCloseTo(9.55, 12);
    expect(r7(xs, 0.99)).toBeCloseTo(9.91, 12);
    expect(r7(Float64Array.of(7), 0.95)).toBe(7);
    expect(() => r7([], 0.5)).toThrow(RangeError);
    expect(() => r7([1, 2], 1.5)).toThrow(RangeError);
  });

  it("unrounded on request (charts), rounded to 6 decimals by default (results)", () => {
    expect(quantilesR7([0, 1 / 3], { round: false }).q50).toBe(1 / 6);
    expect(quantilesR7([0, 1 / 3]).q50).toBe(0.166667);
  });

  describe(`properties (seed ${SEED})`, () => {
    const values = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 60 });
    it("agree with the textbook formula h = (n − 1)p at every level (to 6 decimals)", () => {
      fc.assert(
        fc.property(values, (xs) => {
          const sorted = [...xs].sort((a, b) => a - b);
          const q = quantilesR7(xs);
          for (const [k, p] of [["q05", 0.05], ["q25", 0.25], ["q50", 0.5], ["q75", 0.75], ["q95", 0.95]] as const) {
            const h = (sorted.length - 1) * p;
            const lo = Math.floor(h);
            const textbook = sorted[lo] + (h - lo) * (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]);
            expect(q[k]).toBeCloseTo(textbook, 5);
            expect(quantilesR7(xs, { round: false })[k]).toBe(quantileSorted(sorted, p));
          }
        }),
        { seed: SEED, numRuns: 200 },
      );
    });
    it("are ordered and within [min, max]", () => {
      fc.assert(
        fc.property(values, (xs) => {
          const q = quantilesR7(xs);
          const lo = Math.min(...xs) - 1e-6;
          const hi = Math.max(...xs) + 1e-6;
          expect(q.q05).toBeGreaterThanOrEqual(lo);
          expect(q.q05).toBeLessThanOrEqual(q.q25);
          expect(q.q25).toBeLessThanOrEqual(q.q50);
          expect(q.q50).toBeLessThanOrEqual(q.q75);
          expect(q.q75).toBeLessThanOrEqual(q.q95);
          expect(q.q95).toBeLessThanOrEqual(hi);
        }),
        { seed: SEED, numRuns: 200 },
      );
    });
  });
});

describe("limit quantiles (R-1, unlimited highest)", () => {
  it("return limits that occur, with null above every number", () => {
    expect(limitQuantiles([2000, 10000, null, null])).toEqual({ q05: 2000, q25: 2000, q50: 10000, q75: null, q95: null });
    expect(limitQuantiles([100000, 10000, 2000, 10000, 10000])).toEqual({ q05: 2000, q25: 10000, q50: 10000, q75: 10000, q95: 100000 });
  });
  it(`never interpolate (seed ${SEED})`, () => {
    const rung = fc.constantFrom(250, 2000, 10000, 100000, null);
    fc.assert(
      fc.property(fc.array(rung, { minLength: 1, maxLength: 50 }), (xs) => {
        for (const v of Object.values(limitQuantiles(xs))) expect(xs).toContain(v);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});

