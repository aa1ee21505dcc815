import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { QualityMeter } from "../../models/quality/quality-meter.js";
import { ruleSet as meta2025 } from "../../models/rules/meta-2025-10.js";
import type { RuleSet } from "../../models/rules/types.js";
import { SEED } from "../seed.js";
import { HOUR, DAY } from "../../models/duration.js";

// Thresholds stated here so the expectations do not silently follow a change of defaults.
const rs: RuleSet = { ...meta2025, quality: { window: 7 * DAY, halfLife: 2 * DAY, yellowAt: 0.005, redAt: 0.01, reportWeight: 3, minDelivered: 200, holdLastRating: true, evaluateEvery: HOUR } };

describe("QualityMeter", () => {
  it("keeps the initial rating below minDelivered weighted deliveries", () => {
    const q = new QualityMeter(rs, "UNKNOWN");
    q.recordDelivered(0, 150);
    for (let i = 0; i < 50; i++) q.recordFeedback(0, false);
    expect(q.rating(0)).toBe("UNKNOWN");
  });

  it("holds the last decided rating once deliveries run short, or returns to the initial one when told to", () => {
    const at = HOUR / 2;
    for (const hold of [true, false]) {
      const q = new QualityMeter({ ...rs, quality: { ...rs.quality, holdLastRating: hold } }, "GREEN");
      q.recordDelivered(at, 1_000);
      for (let i = 0; i < 20; i++) q.recordFeedback(at, false);
      expect(q.rating(at)).toBe("RED"); // 20 / 1,000
      // Five days later the weight of that hour is 2^(−2.5) ≈ 0.18: 177 weighted deliveries.
      expect(q.weighted(at + 5 * DAY).delivered).toBeLessThan(200);
      expect(q.rating(at + 5 * DAY)).toBe(hold ? "RED" : "GREEN");
      // Past the window nothing is left: still held, or still the initial rating.
      expect(q.rating(at + 8 * DAY)).toBe(hold ? "RED" : "GREEN");
      // Enough new deliveries decide again.
      q.recordDelivered(at + 8 * DAY, 1_000);
      expect(q.rating(at + 8 * DAY)).toBe("GREEN");
    }
  });

  it("rates by the weighted block + report rate against the thresholds", () => {
    const at = 10 * HOUR + 30 * 60_000; // middle of an hour: weight 1
    const green = new QualityMeter(rs, "UNKNOWN");
    green.recordDelivered(at, 10_000);
    for (let i = 0; i < 49; i++) green.recordFeedback(at, false);
    expect(green.rating(at)).toBe("GREEN");
    green.recordFeedback(at, false);
    expect(green.rating(at)).toBe("YELLOW"); // 50 / 10,000 = 0.005
    // A report weighs reportWeight (3) blocks in all: it replaces its block, it does not add to it.
    for (let i = 0; i < 16; i++) green.recordFeedback(at, true); // + 48
    expect(green.rating(at)).toBe("YELLOW"); // 98 / 10,000
    green.recordFeedback(at, true);
    expect(green.rating(at)).toBe("RED"); // 101 / 10,000
    green.upgradeToReport(at); // a block becomes a report: + 2
    expect(green.weighted(at).rate).toBeCloseTo(103 / 10_000, 12);
  });

  it("weights signals by 2^(−age/halfLife): old complaints count less than new deliveries", () => {
    const q = new QualityMeter(rs, "GREEN");
    const mid = HOUR / 2;
    q.recordDelivered(mid, 10_000);
    for (let i = 0; i < 100; i++) q.recordFeedback(mid, false);
    expect(q.rating(mid)).toBe("RED");
    q.recordDelivered(4 * DAY + mid, 10_000);
    const w = q.weighted(4 * DAY + mid);
    expect(w.delivered).toBeCloseTo(10_000 * (1 + 0.25), 6);
    expect(w.rate).toBeCloseTo((100 * 0.25) / 12_500, 12);
    expect(q.rating(4 * DAY + mid)).toBe("GREEN");
  });

  it("forgets signals once they leave the window", () => {
    const q = new QualityMeter(rs, "GREEN");
    q.recordDelivered(0, 1_000_000);
    for (let i = 0; i < 20_000; i++) q.recordFeedback(0, false);
    expect(q.rating(HOUR)).toBe("RED");
    expect(q.weighted(7 * DAY + HOUR).delivered).toBe(0);
    // Nothing left to rate on: the last rating holds (see the test on holdLastRating).
    expect(q.rating(7 * DAY + HOUR)).toBe("RED");
  });
});

describe(`QualityMeter against a naive sum over all signals (seed ${SEED})`, () => {
  it("agrees on the weighted rate", () => {
    const ev = fc.record({ dt: fc.nat(12 * HOUR), kind: fc.constantFrom("d", "b", "r"), n: fc.integer({ min: 1, max: 50 }) });
    fc.assert(
      fc.property(fc.array(ev, { maxLength: 80, size: "medium" }), (evs) => {
        const q = new QualityMeter(rs, "GREEN");
        const all: { t: number; kind: string; n: number }[] = [];
        let now = 0;
        for (const e of evs) {
          now += e.dt;
          if (e.kind === "d") q.recordDelivered(now, e.n);
          else if (e.kind === "b") q.recordFeedback(now, false);
          else q.recordFeedback(now, true);
          all.push({ t: now, kind: e.kind, n: e.n });
          let d = 0;
          let neg = 0;
          for (const s of all) {
            const h = Math.floor(s.t / HOUR);
            if (h < Math.floor((now - rs.quality.window) / HOUR)) continue;
            const w = 2 ** (-Math.max(0, now - (h + 0.5) * HOUR) / rs.quality.halfLife);
            if (s.kind === "d") d += w * s.n;
            else neg += w * (s.kind === "r" ? rs.quality.reportWeight : 1);
          }
          const got = q.weighted(now);
          expect(got.delivered).toBeCloseTo(d, 6);
          expect(got.rate).toBeCloseTo(d > 0 ? neg / d : 0, 9);
        }
      }),
      { seed: SEED, numRuns: 150 },
    );
  });
});
