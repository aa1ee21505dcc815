import { describe, expect, it } from "vitest";
import { SEED } from "../../seed.js";
import { batchMeans } from "../../../sim/engine/index.js";
import { runMM1 } from "../../../sim/engine/examples/mm1.js";

// Student t quantiles t(0.995, ν) for the 99 % two-sided interval (standard tables).
const T995: Record<number, number> = { 19: 2.861, 29: 2.756 };

describe(`M/M/1 known answer: mean wait in queue Wq = ρ / (μ − λ) (seed ${SEED})`, () => {
  for (const [lambda, mu] of [
    [0.6, 1],
    [0.7, 1],
  ] as const) {
    it(`λ = ${lambda}/s, μ = ${mu}/s: theory lies in the 99 % batch-means interval`, () => {
      const customers = 1_000_000;
      const warmup = 10_000;
      const r = runMM1({ arrivalRate: lambda, serviceRate: mu, customers, seed: SEED, recordWaits: true });
      expect(r.customers).toBe(customers);
      const rho = lambda / mu;
      const theoryMs = (rho / (mu - lambda)) * 1000;
      const batches = 20;
      const bm = batchMeans(r.waits!.subarray(warmup), batches);
      const half = T995[batches - 1] * bm.stdErr;
      // Batches must be long enough for their means to be nearly independent, or the interval lies.
      expect(Math.abs(bm.lag1)).toBeLessThan(0.5);
      // The interval is informative: narrower than 5 % of the value.
      expect(half / theoryMs).toBeLessThan(0.05);
      expect(theoryMs).toBeGreaterThanOrEqual(bm.mean - half);
      expect(theoryMs).toBeLessThanOrEqual(bm.mean + half);
      // Server utilisation ≈ ρ.
      expect(Math.abs(r.utilization - rho)).toBeLessThan(0.01);
      // Each customer costs one arrival and one departure event.
      expect(r.events).toBe(2 * customers);
      // The integer clock keeps every wait a whole number of milliseconds.
      expect(r.waits!.every((w) => Number.isInteger(w))).toBe(true);
    });
  }

  it("the continuous-time variant agrees with theory too (λ = 0.6/s, μ = 1/s)", () => {
    const r = runMM1({ arrivalRate: 0.6, serviceRate: 1, customers: 1_000_000, seed: SEED, recordWaits: true, time: "real" });
    const bm = batchMeans(r.waits!.subarray(10_000), 20);
    const half = T995[19] * bm.stdErr;
    expect(Math.abs(bm.lag1)).toBeLessThan(0.5);
    expect(Math.abs(bm.mean - 1500)).toBeLessThanOrEqual(half);
    // Unrounded times: some wait is fractional, which the integer clock never produces.
    expect(Array.from(r.waits!.subarray(0, 1000)).some((w) => !Number.isInteger(w))).toBe(true);
  });

  it("is reproducible from its seed and changes with it", () => {
    const a = runMM1({ arrivalRate: 0.6, serviceRate: 1, customers: 20_000, seed: SEED, recordWaits: true });
    const b = runMM1({ arrivalRate: 0.6, serviceRate: 1, customers: 20_000, seed: SEED, recordWaits: true });
    const c = runMM1({ arrivalRate: 0.6, serviceRate: 1, customers: 20_000, seed: SEED + 1 });
    expect(Array.from(b.waits!)).toEqual(Array.from(a.waits!));
    expect(c.meanWait).not.toBe(a.meanWait);
  });

  it("refuses invalid parameters", () => {
    expect(() => runMM1({ arrivalRate: 0, serviceRate: 1, customers: 10, seed: 1 })).toThrow(RangeError);
    expect(() => runMM1({ arrivalRate: 1, serviceRate: 1, customers: 0, seed: 1 })).toThrow(RangeError);
  });
});
