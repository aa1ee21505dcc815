import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { quantile as ssQuantile, variance as ssVariance } from "simple-statistics";
import { SEED } from "../../seed.js";
import { LevelMonitor, Tally, batchMeans } from "../../../sim/engine/index.js";

describe("LevelMonitor", () => {
  it("computes the time-weighted mean, integral, extremes and time above thresholds", () => {
    const m = new LevelMonitor({ above: [10, 0] });
    m.add(0, 1);
    m.add(30, 12);
    m.set(40, 0);
    expect(m.integral(100)).toBe(1 * 30 + 13 * 10);
    expect(m.mean(100)).toBeCloseTo(1.6, 12);
    expect(m.durationAbove(10, 100)).toBe(10);
    expect(m.durationAbove(0, 100)).toBe(40);
    expect([m.min, m.max, m.value]).toEqual([0, 13, 0]);
  });

  it("counts the current level up to `now` and starts from `start`/`initial`", () => {
    const m = new LevelMonitor({ start: 100, initial: 2, above: [1] });
    expect(m.mean(100)).toBe(2);
    expect(m.integral(150)).toBe(100);
    expect(m.durationAbove(1, 150)).toBe(50);
    m.set(150, 4);
    expect(m.mean(200)).toBe(3);
  });

  it("refuses time going back and unregistered thresholds", () => {
    const m = new LevelMonitor();
    m.set(10, 1);
    expect(() => m.set(5, 2)).toThrow(RangeError);
    expect(() => m.durationAbove(3, 20)).toThrow(RangeError);
  });

  it(`agrees with a step-function integral computed from the change list (seed ${SEED})`, () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: -5, max: 5 })), { maxLength: 60 }), fc.integer({ min: 0, max: 50 }), (steps, tail) => {
        const m = new LevelMonitor({ above: [2] });
        let t = 0;
        const changes: Array<[number, number]> = [];
        let level = 0;
        for (const [dt, v] of steps) {
          t += dt;
          m.set(t, v);
          changes.push([t, v]);
        }
        const end = t + tail;
        let area = 0;
        let above = 0;
        let prev = 0;
        for (const [ct, v] of changes) {
          area += level * (ct - prev);
          if (level > 2) above += ct - prev;
          prev = ct;
          level = v;
        }
        area += level * (end - prev);
        if (level > 2) above += end - prev;
        expect(m.integral(end)).toBe(area);
        expect(m.durationAbove(2, end)).toBe(above);
        const levels = [0, ...steps.map((s) => s[1])];
        expect(m.max).toBe(Math.max(...levels));
        expect(m.min).toBe(Math.min(...levels));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe("Tally", () => {
  it("R-7 quantiles on the reference vector (same as numpy, d3-array, simple-statistics)", () => {
    const t = new Tally();
    for (const x of [3, 6, 7, 8, 8, 10, 13, 15, 16, 20]) t.add(x);
    expect(t.quantile(0.25)).toBe(7.25);
    expect(t.quantile(0.5)).toBe(9);
    expect(t.quantile(0.75)).toBe(14.5);
    expect(t.quantile(0)).toBe(3);
    expect(t.quantile(1)).toBe(20);
    expect(t.mean).toBeCloseTo(10.6, 12);
    expect([t.count, t.min, t.max]).toEqual([10, 3, 20]);
  });

  it(`matches simple-statistics on random samples (seed ${SEED})`, () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 300 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (xs, p) => {
          const t = new Tally({ capacity: 16 });
          for (const x of xs) t.add(x);
          const scale = Math.max(1, ...xs.map(Math.abs));
          expect(Math.abs(t.quantile(p) - ssQuantile(xs, p))).toBeLessThanOrEqual(1e-9 * scale);
          expect(Math.abs(t.variance - ssVariance(xs) * (xs.length / (xs.length - 1)))).toBeLessThanOrEqual(1e-6 * scale * scale);
          expect(Array.from(t.values())).toEqual(xs);
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  });

  it("edge cases: empty, single value, keep: false", () => {
    const t = new Tally();
    expect(t.mean).toBeNaN();
    expect(() => t.quantile(0.5)).toThrow(RangeError);
    t.add(4);
    expect(t.variance).toBeNaN();
    expect(t.quantile(0.9)).toBe(4);
    expect(() => t.quantile(1.5)).toThrow(RangeError);
    const light = new Tally({ keep: false });
    light.add(1);
    light.add(3);
    expect([light.mean, light.variance]).toEqual([2, 2]);
    expect(() => light.quantile(0.5)).toThrow(RangeError);
    expect(light.values().length).toBe(0);
  });
});

describe("batchMeans", () => {
  it("splits into equal batches, dropping the remainder", () => {
    const r = batchMeans([1, 2, 3, 4, 5, 6, 100], 3);
    expect(r.batchSize).toBe(2);
    expect(r.mean).toBe(3.5);
    // batch means 1.5, 3.5, 5.5: sd 2, stdErr 2/√3
    expect(r.stdErr).toBeCloseTo(2 / Math.sqrt(3), 12);
  });
  it("refuses too few batches or observations", () => {
    expect(() => batchMeans([1, 2, 3], 1)).toThrow(RangeError);
    expect(() => batchMeans([1], 2)).toThrow(RangeError);
  });
});
