import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AdmitResult, MessagingLimit, type LimitChange } from "../../models/limit/messaging-limit.js";
import { CumulativeUnique, PeakMoving24h, createUsageMeasure } from "../../models/limit/usage.js";
import type { RuleSet } from "../../models/rules/types.js";
import { ruleSet as seed2023 } from "../../models/rules/seed-2023-02.js";
import { ruleSet as meta2023 } from "../../models/rules/meta-2023-11.js";
import { ruleSet as meta2025 } from "../../models/rules/meta-2025-10.js";
import { SEED } from "../seed.js";
import { HOUR, DAY } from "../../models/duration.js";


function drain(ml: MessagingLimit, until: number): LimitChange[] {
  const out: LimitChange[] = [];
  for (let due = ml.nextDueAt(); due !== null && due <= until; due = ml.nextDueAt()) out.push(...ml.advance(due));
  return out;
}
const limits = (cs: LimitChange[]): unknown[] => cs.filter((c) => c.kind === "limit").map((c) => c.kind === "limit" && [c.at, c.from, c.to, c.reason]);

describe("MessagingLimit — admission", () => {
  it("nothing counts inside a customer-service window", () => {
    const ml = new MessagingLimit(meta2025, { limit: 250, verification: "none", quality: "GREEN", now: 0 }, () => 0.5);
    expect(ml.admit(1, 0, true)).toBe(AdmitResult.INSIDE_CSW);
    expect(ml.count(0)).toBe(0);
    expect(ml.admit(1, 0, false)).toBe(AdmitResult.COUNTED_NEW);
    expect(ml.admit(1, 10, false)).toBe(AdmitResult.ALREADY_COUNTED);
    expect(ml.count(10)).toBe(1);
  });

  it("refuses the 251st distinct user in 24 h at 250 and admits again as the window moves", () => {
    const ml = new MessagingLimit(meta2025, { limit: 250, verification: "none", quality: "GREEN", now: 0 }, () => 0.5);
    for (let u = 0; u < 250; u++) expect(ml.admit(u, u * 1_000, false)).toBe(AdmitResult.COUNTED_NEW);
    expect(ml.admit(250, HOUR, false)).toBe(AdmitResult.REFUSED);
    expect(ml.nextCapacityAt(HOUR)).toBe(DAY);
    expect(ml.admit(250, DAY, false)).toBe(AdmitResult.COUNTED_NEW);
  });

  it("an admission after a due upgrade sees the new limit, and the change is still reported", () => {
    const ml = new MessagingLimit(seed2023, { limit: 1_000, verification: "verified", quality: "GREEN", now: 0 }, () => 0.5);
    for (let u = 0; u < 500; u++) ml.admit(u, HOUR, false);
    for (let u = 500; u < 1_000; u++) ml.admit(u, 2 * HOUR, false);
    expect(ml.admit(1_000, 3 * HOUR, false)).toBe(AdmitResult.REFUSED);
    expect(ml.admit(1_000, 25 * HOUR, false)).toBe(AdmitResult.COUNTED_NEW);
    expect(ml.limit).toBe(10_000);
    expect(limits(ml.advance(25 * HOUR))).toEqual([[25 * HOUR, 1_000, 10_000, "auto-scale"]]);
  });
});

describe("MessagingLimit — auto-scale", () => {
  it("chains upgrades when usage already exceeds the next threshold (crossing = upgrade time)", () => {
    const ml = new MessagingLimit(meta2025, { limit: 2_000, verification: "verified", quality: "RED", now: 0 }, () => 0);
    let user = 0;
    for (const h of [1, 25, 49]) for (let i = 0; i < 2_000; i++) ml.admit(user++, h * HOUR, false);
    expect(ml.nextDueAt()).toBeNull(); // RED is outside the gate: 6,000 users and no upgrade
    ml.setQuality("GREEN", 50 * HOUR);
    expect(limits(drain(ml, 10 * DAY))).toEqual([
      [56 * HOUR, 2_000, 10_000, "auto-scale"],
      [62 * HOUR, 10_000, 100_000, "auto-scale"],
    ]);
  });

  it("meta-2025-10: quality outside the gate at the upgrade moment drops it; back in the gate re-arms it", () => {
    const ml = new MessagingLimit(meta2025, { limit: 2_000, verification: "verified", quality: "GREEN", now: 0 }, () => 0);
    for (let u = 0; u < 1_000; u++) ml.admit(u, HOUR, false);
    expect(ml.nextDueAt()).toBe(7 * HOUR);
    ml.setQuality("RED", 2 * HOUR);
    expect(drain(ml, 3 * DAY)).toEqual([]);
    expect(ml.limit).toBe(2_000);
    ml.setQuality("GREEN", 3 * DAY);
    expect(ml.nextDueAt()).toBe(3 * DAY + 6 * HOUR);
    expect(limits(drain(ml, 4 * DAY))).toEqual([[3 * DAY + 6 * HOUR, 2_000, 10_000, "auto-scale"]]);
  });

  it("legacy: no upgrade while Flagged, re-armed when the flag clears with quality back", () => {
    const ml = new MessagingLimit(seed2023, { limit: 1_000, verification: "verified", quality: "GREEN", now: 0 }, () => 0.5);
    for (let u = 0; u < 500; u++) ml.admit(u, HOUR, false);
    ml.setQuality("RED", 2 * HOUR);
    ml.setQuality("YELLOW", 3 * HOUR);
    const cs = drain(ml, 7 * DAY + 2 * HOUR);
    expect(limits(cs)).toEqual([]);
    expect(cs.at(-1)).toEqual({ at: 7 * DAY + 2 * HOUR, kind: "status", from: "FLAGGED", to: "CONNECTED" });
    // 500 users were reached on day 1, so the 7-day usage has dropped below 500: nothing re-arms.
    expect(ml.nextDueAt()).toBeNull();
  });

  it("a number still RED after its downgrade is flagged again and loses one more rung a week later, never below the verified start", () => {
    const ml = new MessagingLimit(seed2023, { limit: 100_000, verification: "verified", quality: "RED", now: 0 }, () => 0.5);
    expect(ml.status).toBe("FLAGGED");
    expect(limits(drain(ml, 60 * DAY))).toEqual([
      [7 * DAY, 100_000, 10_000, "downgrade"],
      [14 * DAY, 10_000, 1_000, "downgrade"],
    ]);
    expect(ml.limit).toBe(1_000);
  });

  it("legacy Flagged, same instant: a rating fed at the flag's end decides it (no downgrade, no second flag)", () => {
    const ml = new MessagingLimit(seed2023, { limit: 10_000, verification: "verified", quality: "RED", now: 0 }, () => 0.5);
    expect(ml.status).toBe("FLAGGED");
    ml.setQuality("GREEN", 7 * DAY);
    const cs = ml.advance(7 * DAY);
    expect(cs).toEqual([{ at: 7 * DAY, kind: "status", from: "FLAGGED", to: "CONNECTED" }]);
    expect(ml.limit).toBe(10_000);
    expect(ml.nextDueAt()).toBeNull();
    // Still RED at that instant: downgraded, and flagged again for another week.
    const red = new MessagingLimit(seed2023, { limit: 10_000, verification: "verified", quality: "RED", now: 0 }, () => 0.5);
    red.setQuality("RED", 7 * DAY);
    expect(limits(red.advance(7 * DAY))).toEqual([[7 * DAY, 10_000, 1_000, "downgrade"]]);
    expect(red.status).toBe("FLAGGED");
    // A rating fed after the instant changes nothing that already happened.
    const late = new MessagingLimit(seed2023, { limit: 10_000, verification: "verified", quality: "RED", now: 0 }, () => 0.5);
    late.setQuality("GREEN", 7 * DAY + 1);
    expect(limits(late.advance(7 * DAY + 1))).toEqual([[7 * DAY, 10_000, 1_000, "downgrade"]]);
  });

  it("legacy Flagged, exit day-7: quality back on day 3 still waits for day 7, without upgrades; then Connected on the same rung", () => {
    const ml = new MessagingLimit(seed2023, { limit: 1_000, verification: "verified", quality: "GREEN", now: 0 }, () => 0.5);
    ml.setQuality("RED", HOUR);
    for (let u = 0; u < 800; u++) ml.admit(u, 2 * HOUR, false);
    expect(ml.advance(2 * HOUR)).toEqual([{ at: HOUR, kind: "status", from: "CONNECTED", to: "FLAGGED" }]);
    expect(ml.flagHoldsUpgrade(2 * HOUR)).toBe(true);
    ml.setQuality("GREEN", 3 * DAY);
    expect(ml.status).toBe("FLAGGED");
    expect(drain(ml, 7 * DAY)).toEqual([]);
    expect(ml.flagHoldsUpgrade(7 * DAY - 1)).toBe(true);
    const cs = drain(ml, 7 * DAY + HOUR);
    expect(cs[0]).toEqual({ at: 7 * DAY + HOUR, kind: "status", from: "FLAGGED", to: "CONNECTED" });
    expect(limits(cs)).toEqual([]);
    expect(ml.flagHoldsUpgrade(7 * DAY + HOUR)).toBe(false);
  });

  it("legacy Flagged, exit on-recovery: Connected as soon as the rating is back, and upgrades resume", () => {
    const rs: RuleSet = { ...seed2023, downgrade: { ...seed2023.downgrade, exit: "on-recovery" } };
    const ml = new MessagingLimit(rs, { limit: 1_000, verification: "verified", quality: "GREEN", now: 0 }, () => 0.5);
    ml.setQuality("RED", HOUR);
    for (let u = 0; u < 800; u++) ml.admit(u, 2 * HOUR, false);
    ml.advance(2 * HOUR);
    ml.setQuality("YELLOW", 3 * DAY);
    expect(ml.status).toBe("CONNECTED");
    expect(ml.flagHoldsUpgrade(3 * DAY)).toBe(false);
    const cs = drain(ml, 5 * DAY);
    expect(cs[0]).toEqual({ at: 3 * DAY, kind: "status", from: "FLAGGED", to: "CONNECTED" });
    expect(limits(cs)).toEqual([[4 * DAY, 1_000, 10_000, "auto-scale"]]);
    // Never back: downgraded at the end of the week as with day-7.
    const stuck = new MessagingLimit(rs, { limit: 10_000, verification: "verified", quality: "RED", now: 0 }, () => 0.5);
    expect(limits(drain(stuck, 7 * DAY))).toEqual([[7 * DAY, 10_000, 1_000, "downgrade"]]);
  });

  it("the Flagged status withholds an upgrade only when the usage has earned one", () => {
    const ml = new MessagingLimit(seed2023, { limit: 1_000, verification: "verified", quality: "RED", now: 0 }, () => 0.5);
    for (let u = 0; u < 499; u++) ml.admit(u, HOUR, false);
    expect(ml.flagHoldsUpgrade(HOUR)).toBe(false);
    ml.admit(499, HOUR, false);
    expect(ml.flagHoldsUpgrade(HOUR)).toBe(true);
    const connected = new MessagingLimit(seed2023, { limit: 1_000, verification: "verified", quality: "GREEN", now: 0 }, () => 0.5);
    for (let u = 0; u < 500; u++) connected.admit(u, HOUR, false);
    expect(connected.flagHoldsUpgrade(HOUR)).toBe(false);
  });

  it("peakMoving24h needs half the limit inside one moving 24 h, not spread over the week", () => {
    const peak: RuleSet = { ...meta2023, autoScale: { ...meta2023.autoScale, measure: "peakMoving24h" } };
    const spread = new MessagingLimit(peak, { limit: 1_000, verification: "verified", quality: "GREEN", now: 0 }, () => 0.5);
    let user = 0;
    for (const [day, n] of [[0, 100], [1, 200], [2, 200]]) for (let i = 0; i < n; i++) spread.admit(user++, day * DAY + 10 * HOUR, false);
    expect(drain(spread, 10 * DAY)).toEqual([]);
    const burst = new MessagingLimit(peak, { limit: 1_000, verification: "verified", quality: "GREEN", now: 0 }, () => 0.5);
    for (let u = 0; u < 500; u++) burst.admit(u, 10 * HOUR, false);
    expect(limits(drain(burst, 10 * DAY))).toEqual([[34 * HOUR, 1_000, 10_000, "auto-scale"]]);
  });
});

describe("MessagingLimit — leaving the start", () => {
  it("per-number rules: verification moves an unverified number to 1K at once", () => {
    const ml = new MessagingLimit(seed2023, { limit: 50, verification: "none", quality: "GREEN", now: 0 }, () => 0.5);
    ml.verify(5 * HOUR, "verified");
    expect(ml.limit).toBe(1_000);
    expect(ml.advance(5 * HOUR)).toEqual([{ at: 5 * HOUR, kind: "limit", from: 50, to: 1_000, reason: "verification" }]);
    expect(MessagingLimit.initialLimit(seed2023, "none")).toBe(50);
    expect(MessagingLimit.initialLimit(meta2025, "verified")).toBe(2_000);
  });

  it("meta-2025-10: verification is a scaling path decided by a review", () => {
    const ml = new MessagingLimit(meta2025, { limit: 250, verification: "none", quality: "GREEN", now: 0 }, () => 0.5);
    ml.verify(HOUR, "partner-verified");
    expect(ml.limit).toBe(250);
    expect(ml.nextDueAt()).toBe(HOUR + meta2025.scalingPath.review.delay);
    expect(drain(ml, 10 * DAY)).toEqual([
      { at: HOUR + DAY, kind: "scaling-path", path: "partner-verification", outcome: "approved" },
      { at: HOUR + DAY, kind: "limit", from: 250, to: 2_000, reason: "scaling-path" },
    ]);
  });

  it("meta-2025-10 usage path: 2,000 unique users in 30 days at high quality, then review", () => {
    const ml = new MessagingLimit(meta2025, { limit: 250, verification: "none", quality: "GREEN", now: 0 }, () => 0.5);
    let user = 0;
    for (let day = 0; day < 8; day++) for (let i = 0; i < 250; i++) ml.admit(user++, day * DAY + HOUR, false);
    expect(ml.pathProgress(7 * DAY + HOUR)).toBe(2_000);
    expect(drain(ml, 20 * DAY)).toEqual([
      { at: 8 * DAY + HOUR, kind: "scaling-path", path: "usage", outcome: "approved" },
      { at: 8 * DAY + HOUR, kind: "limit", from: 250, to: 2_000, reason: "scaling-path" },
      // 1,750 users in the last 7 days already exceed half of 2K: the next step follows within 6 h.
      { at: 8 * DAY + 4 * HOUR, kind: "limit", from: 2_000, to: 10_000, reason: "auto-scale" },
    ]);
  });

  it("the usage path ignores deliveries while quality is not GREEN", () => {
    const ml = new MessagingLimit(meta2025, { limit: 250, verification: "none", quality: "YELLOW", now: 0 }, () => 0.5);
    let user = 0;
    for (let day = 0; day < 10; day++) for (let i = 0; i < 250; i++) ml.admit(user++, day * DAY + HOUR, false);
    expect(ml.pathProgress(10 * DAY)).toBe(0);
    expect(drain(ml, 20 * DAY)).toEqual([]);
  });

  it("a deferred review is retried after retryAfter while the usage still qualifies", () => {
    const rs: RuleSet = { ...meta2023, scalingPath: { ...meta2023.scalingPath, review: { delay: DAY, approveProbability: 0.5, retryAfter: 2 * DAY } } };
    const draws = [0.9, 0.1];
    let k = 0;
    const ml = new MessagingLimit(rs, { limit: 250, verification: "none", quality: "GREEN", now: 0 }, () => draws[k++]);
    let user = 0;
    for (let day = 0; day < 4; day++) for (let i = 0; i < 250; i++) ml.admit(user++, day * DAY, false);
    expect(drain(ml, 30 * DAY)).toEqual([
      { at: 4 * DAY, kind: "scaling-path", path: "usage", outcome: "deferred" },
      { at: 7 * DAY, kind: "scaling-path", path: "usage", outcome: "approved" },
      { at: 7 * DAY, kind: "limit", from: 250, to: 1_000, reason: "scaling-path" },
      { at: 8 * DAY, kind: "limit", from: 1_000, to: 10_000, reason: "auto-scale" },
    ]);
  });
});

describe(`usage measures against naive recomputation (seed ${SEED})`, () => {
  const L = 1_000;
  const events = fc.array(fc.record({ user: fc.nat(15), dt: fc.nat(400), count: fc.nat(50) }), { maxLength: 100, size: "medium" });

  it("CumulativeUnique = distinct users with a delivery in (now − lookback, now]", () => {
    fc.assert(
      fc.property(events, (evs) => {
        const m = new CumulativeUnique(L, 1);
        const seen: [number, number][] = [];
        let now = 0;
        for (const e of evs) {
          now += e.dt;
          m.record(e.user, now, e.count);
          seen.push([e.user, now]);
          expect(m.value(now)).toBe(new Set(seen.filter(([, t]) => t > now - L).map(([u]) => u)).size);
        }
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it("PeakMoving24h = the largest count observed in (now − lookback, now]", () => {
    fc.assert(
      fc.property(events, (evs) => {
        const m = createUsageMeasure("peakMoving24h", L);
        expect(m).toBeInstanceOf(PeakMoving24h);
        const seen: [number, number][] = [];
        let now = 0;
        for (const e of evs) {
          now += e.dt;
          m.record(e.user, now, e.count);
          seen.push([now, e.count]);
          expect(m.value(now)).toBe(Math.max(0, ...seen.filter(([t]) => t > now - L).map(([, c]) => c)));
        }
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});
