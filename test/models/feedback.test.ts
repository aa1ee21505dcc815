// Exact feedback scores, the fatigue curve, and the pacing state machines.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decayExposure, fatigueCeiling, fatigueMultiplier } from "../../models/fatigue.js";
import { ratioOf, scoreAtLeast } from "../../models/quality/exact.js";
import { ruleSet as meta2025 } from "../../models/rules/meta-2025-10.js";
import { PACE_HOLD, PACE_SEND, TemplatePacing } from "../../models/templates/pacing.js";
import { PortfolioPacing } from "../../models/templates/portfolio-pacing.js";
import { SEED } from "../seed.js";
import { HOUR, DAY } from "../../models/duration.js";


describe("exact feedback scores", () => {
  it("reads parameters as the decimals they print as", () => {
    expect(ratioOf(0.05)).toEqual({ n: 5n, d: 100n });
    expect(ratioOf(3)).toEqual({ n: 3n, d: 1n });
    expect(ratioOf(1e-7)).toEqual({ n: 1n, d: 10000000n });
    expect(ratioOf(-2.5)).toEqual({ n: -25n, d: 10n });
  });

  it("puts a score equal to the threshold on the threshold's side, where floating point may not", () => {
    const t = { blocks: 0, reports: 0, reportWeight: 3, reads: 0, delivered: 100, lowReadRate: 0.2, readRateWeight: 0.05 };
    expect(0.05 * 0.2).toBeGreaterThan(0.01); // the rounding error the exact comparison removes
    expect(scoreAtLeast(t, 0.01)).toBe(true);
    expect(scoreAtLeast({ ...t, readRateWeight: 0.049 }, 0.01)).toBe(false);
    // 0.1 + 0.2 blocks per delivery reaches 0.3 exactly.
    expect(scoreAtLeast({ ...t, blocks: 3, delivered: 10, lowReadRate: 0, readRateWeight: 0 }, 0.3)).toBe(true);
    // A report weighs reportWeight blocks in all.
    expect(scoreAtLeast({ ...t, reports: 1, delivered: 300, lowReadRate: 0 }, 0.01)).toBe(true);
    expect(scoreAtLeast({ ...t, reports: 1, delivered: 301, lowReadRate: 0 }, 0.01)).toBe(false);
  });

  it(`agrees with a floating-point comparison away from ties (seed ${SEED})`, () => {
    fc.assert(
      fc.property(
        fc.record({ blocks: fc.nat(50), reports: fc.nat(20), reads: fc.nat(1000), extra: fc.integer({ min: 1, max: 1000 }), th: fc.integer({ min: 1, max: 300 }) }),
        ({ blocks, reports, reads, extra, th }) => {
          const delivered = reads + extra;
          const threshold = th / 10_000;
          const t = { blocks, reports, reportWeight: 3, reads, delivered, lowReadRate: 0.2, readRateWeight: 0.025 };
          const score = (blocks + 3 * reports) / delivered + 0.025 * Math.max(0, 0.2 - reads / delivered);
          fc.pre(Math.abs(score - threshold) > 1e-12);
          expect(scoreAtLeast(t, threshold)).toBe(score >= threshold);
        },
      ),
      { seed: SEED },
    );
  });
});

describe("fatigue", () => {
  it("decays exposure exponentially over the window", () => {
    expect(decayExposure(1, 7 * DAY, 7 * DAY)).toBeCloseTo(Math.exp(-1), 12);
    expect(decayExposure(2, 0, 7 * DAY)).toBe(2);
  });

  it("rises by about perMessage for the first earlier message and saturates at max", () => {
    expect(fatigueMultiplier(0, 0.3, 2)).toBe(1);
    expect(fatigueMultiplier(1, 0.3, 2)).toBeCloseTo(1 + (1 - Math.exp(-0.3)), 12);
    expect(fatigueMultiplier(1000, 0.3, 2)).toBeCloseTo(2, 9);
    expect(fatigueMultiplier(5, 0, 2)).toBe(1);
    expect(fatigueMultiplier(5, 0.3, 1)).toBe(1);
  });

  it(`is increasing in exposure and never above its ceiling (seed ${SEED})`, () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 100, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }), fc.double({ min: 0.01, max: 2, noNaN: true }), fc.double({ min: 1.01, max: 10, noNaN: true }), (a, b, k, max) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(fatigueMultiplier(lo, k, max)).toBeLessThanOrEqual(fatigueMultiplier(hi, k, max));
        expect(fatigueMultiplier(hi, k, max)).toBeLessThanOrEqual(max);
      }),
      { seed: SEED },
    );
  });

  it(`fatigueCeiling bounds every multiplier in floating point, so a draw above rate × ceiling is a "no" (seed ${SEED})`, () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.double({ min: -1, max: 50, noNaN: true }), fc.double({ min: 0, max: 1e3, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (e, k, max, rate) => {
        const ceiling = fatigueCeiling(k, max);
        expect(fatigueMultiplier(e, k, max)).toBeLessThanOrEqual(ceiling);
        expect(rate * fatigueMultiplier(e, k, max)).toBeLessThanOrEqual(rate * ceiling);
      }),
      { seed: SEED, numRuns: 2000 },
    );
    expect(fatigueCeiling(0.3, 2)).toBe(2);
    expect(fatigueCeiling(0, 2)).toBe(1);
    expect(fatigueCeiling(0.3, 0.5)).toBe(1);
  });
});

describe("TemplatePacing", () => {
  const p = { ...meta2025.templates.pacing, initialBatch: 3 };

  it("sends the first batch of an episode, holds the rest, and judges at start + listenFor", () => {
    const t = new TemplatePacing(p);
    expect([10, 11, 12, 13, 14].map((at) => t.decide(at, true))).toEqual([PACE_SEND, PACE_SEND, PACE_SEND, PACE_HOLD, PACE_HOLD]);
    expect(t.checkAt).toBe(10 + HOUR);
    t.assessed(true);
    expect(t.active).toBe(false);
    expect(t.decide(20, true)).toBe(PACE_SEND);
    expect(t.active).toBe(false);
  });

  it("starts no episode where pacing does not apply, and a new one when an assessment is required again", () => {
    const t = new TemplatePacing(p);
    expect(t.decide(0, false)).toBe(PACE_SEND);
    expect(t.active).toBe(false);
    t.decide(1, true);
    t.assessed(false);
    expect(t.decide(2, true)).toBe(PACE_SEND);
    expect(t.since).toBe(2);
    t.assessed(true);
    t.requireAssessment();
    t.decide(3, true);
    expect(t.since).toBe(3);
  });

  it("is quiet (a send needs no decision) exactly when no episode runs and none is needed", () => {
    const t = new TemplatePacing(p);
    // New: an assessment is needed.
    expect(t.quiet).toBe(false);
    t.decide(0, true);
    expect(t.quiet).toBe(false);
    t.assessed(true);
    expect(t.quiet).toBe(true);
    // A quiet template sends, starts nothing and schedules nothing, wherever pacing applies.
    expect([t.decide(1, true), t.decide(2, false)]).toEqual([PACE_SEND, PACE_SEND]);
    expect([t.active, t.checkAt, t.quiet]).toEqual([false, null, true]);
    t.requireAssessment();
    expect(t.quiet).toBe(false);
    t.decide(3, true);
    t.assessed(false);
    expect(t.quiet).toBe(false);
  });
});

describe("PortfolioPacing", () => {
  const p = { ...meta2025.portfolioPacing, batchSize: 2, burstWindow: HOUR };

  it("holds what a burst sends beyond the batch, releases in batches, and blocks after bad feedback", () => {
    const pp = new PortfolioPacing(p, 0, 0);
    expect([0, 1, 2, 3].map((at) => pp.decide(at))).toEqual([PACE_SEND, PACE_SEND, PACE_HOLD, PACE_HOLD]);
    expect(pp.checkAt).toBe(2 + HOUR);
    pp.released(2 + HOUR, 2, 5);
    expect(pp.checkAt).toBe(2 + 2 * HOUR);
    pp.failed(2 + 2 * HOUR);
    expect(pp.pacing).toBe(false);
    expect(pp.inReview(2 + 2 * HOUR + DAY - 1)).toBe(true);
    expect(pp.inReview(2 + 2 * HOUR + DAY)).toBe(false);
  });

  it("does not pace a portfolio at or over the threshold, or before its date", () => {
    expect(new PortfolioPacing(p, p.threshold, 0).applies(0)).toBe(false);
    const small = new PortfolioPacing(p, p.threshold - 1, 100);
    expect(small.applies(99)).toBe(false);
    expect(small.applies(100)).toBe(true);
    small.delivered();
    expect(small.applies(100)).toBe(false);
  });
});
