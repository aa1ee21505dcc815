// The residual of a decided uniform: uniform again, and independent of the decision it made —
// what lets one Philox block decide a delivery's events and their latencies.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { residual, streamFor } from "../../sim/engine/index.js";
import { SEED } from "../seed.js";

/** Kolmogorov–Smirnov distance of sorted samples from Uniform(0, 1). */
function ksUniform(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  let d = 0;
  s.forEach((x, i) => (d = Math.max(d, (i + 1) / s.length - x, x - i / s.length)));
  return d;
}

describe("residual", () => {
  it("maps the decided interval back onto [0, 1)", () => {
    expect(residual(0.1, 0.4)).toBeCloseTo(0.25, 15);
    expect(residual(0.7, 0.4)).toBeCloseTo(0.5, 15);
    expect(residual(0.3, 0)).toBe(0.3);
    expect(residual(0.3, 1)).toBe(0.3);
  });

  it(`is uniform on each side of the decision, for any p (seed ${SEED})`, () => {
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 0.95, noNaN: true }), fc.integer({ min: 1, max: 1e6 }), (p, key) => {
        const rng = streamFor(key, "residual-test");
        const below: number[] = [];
        const above: number[] = [];
        for (let i = 0; i < 4000; i++) {
          const u = rng.nextFloat();
          const r = residual(u, p);
          expect(r).toBeGreaterThanOrEqual(0);
          expect(r).toBeLessThan(1);
          (u < p ? below : above).push(r);
        }
        // KS critical value at α = 1e-5 is 2.47/√n (60 tests per run stay clear of chance failures).
        expect(ksUniform(below)).toBeLessThan(2.47 / Math.sqrt(below.length));
        expect(ksUniform(above)).toBeLessThan(2.47 / Math.sqrt(above.length));
      }),
      { seed: SEED, numRuns: 30 },
    );
  });
});
