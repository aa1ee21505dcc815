// First-order sensitivity indices against functions with known indices: Ishigami, and sums
// of independent inputs (S_i = c_i² / Σ c²).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { firstOrderIndex, rankFirstOrder } from "../../../studies/stats/first-order.js";
import { SEED } from "../../seed.js";
import { streamFor } from "../../../sim/engine/index.js";

/** The project's seeded uniforms, keyed by the test's seed: [0, 1) with 32-bit resolution. */
function uniforms(seed: number): () => number {
  const rng = streamFor(seed >>> 0, "first-order-test");
  return () => rng.nextFloat();
}

describe("firstOrderIndex", () => {
  it("recovers the Ishigami function's indices (a = 7, b = 0.1): S1 0.314, S2 0.442, S3 0", () => {
    const a = 7;
    const b = 0.1;
    const n = 20_000;
    const u = uniforms(SEED);
    const x1 = new Float64Array(n);
    const x2 = new Float64Array(n);
    const x3 = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      x1[i] = Math.PI * (2 * u() - 1);
      x2[i] = Math.PI * (2 * u() - 1);
      x3[i] = Math.PI * (2 * u() - 1);
      y[i] = Math.sin(x1[i]) + a * Math.sin(x2[i]) ** 2 + b * x3[i] ** 4 * Math.sin(x1[i]);
    }
    const v = (a * a) / 8 + (b * Math.PI ** 4) / 5 + (b * b * Math.PI ** 8) / 18 + 0.5;
    const s1 = (0.5 * (1 + (b * Math.PI ** 4) / 5) ** 2) / v;
    const s2 = (a * a) / 8 / v;
    expect(s1).toBeCloseTo(0.3139, 3);
    expect(s2).toBeCloseTo(0.4424, 3);
    expect(Math.abs(firstOrderIndex(x1, y).index - s1)).toBeLessThan(0.03);
    expect(Math.abs(firstOrderIndex(x2, y).index - s2)).toBeLessThan(0.03);
    expect(firstOrderIndex(x3, y).index).toBeLessThan(0.03);
    expect(rankFirstOrder({ x1, x2, x3 }, y).map((r) => r.parameter)).toEqual(["x2", "x1", "x3"]);
  });

  it(`gives c_i² / Σ c² for a weighted sum of independent uniforms (seed ${SEED})`, () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 2, maxLength: 4 }), fc.integer(), (c, seed) => {
        const total = c.reduce((s, ci) => s + ci * ci, 0);
        if (total < 1e-6) return true;
        const n = 4000;
        const u = uniforms(seed);
        const xs = c.map(() => new Float64Array(n));
        const y = new Float64Array(n);
        for (let i = 0; i < n; i++) for (let j = 0; j < c.length; j++) y[i] += c[j] * (xs[j][i] = u());
        return c.every((ci, j) => Math.abs(firstOrderIndex(xs[j], y).index - (ci * ci) / total) < 0.06);
      }),
      { seed: SEED, numRuns: 25 },
    );
  });

  it("is 0 for a constant output and refuses mismatched or tiny samples", () => {
    expect(firstOrderIndex([1, 2, 3, 4, 5], [2, 2, 2, 2, 2]).index).toBe(0);
    // A horizon in days that binary floating point cannot hold: its mean over 40 runs is off in
    // the last bit, which must not read as variance that the input explains.
    const horizon = 1007 / 24;
    const xs = Array.from({ length: 40 }, (_, i) => i);
    expect(firstOrderIndex(xs, xs.map(() => horizon)).index).toBe(0);
    expect(() => firstOrderIndex([1, 2, 3], [1, 2, 3])).toThrow(/at least 4/);
    expect(() => firstOrderIndex([1, 2, 3, 4], [1, 2, 3])).toThrow(/differ/);
  });
});
