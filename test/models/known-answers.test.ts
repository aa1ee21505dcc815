// Meta's published ramp examples (reference §2.7) and the legacy downgrade rule (§2.5),
// reproduced exactly to the minute by feeding timed sends to fresh users.
import { describe, expect, it } from "vitest";
import { AdmitResult, MessagingLimit, type LimitChange } from "../../models/limit/messaging-limit.js";
import type { Limit, Quality, RuleSet } from "../../models/rules/types.js";
import { ruleSet as meta2021 } from "../../models/rules/meta-2021-09.js";
import { ruleSet as seed2023 } from "../../models/rules/seed-2023-02.js";
import { ruleSet as meta2023 } from "../../models/rules/meta-2023-11.js";
import { ruleSet as meta2025 } from "../../models/rules/meta-2025-10.js";
import { MINUTE as MIN, HOUR, DAY } from "../../models/duration.js";

/** Virtual time of day `d` (1-based) at hh:mm, the run starting at 00:00 of day 1. */
const at = (d: number, hh: number, mm = 0): number => (d - 1) * DAY + hh * HOUR + mm * MIN;

/** Drives a limit like the simulator does: advance at every due time, then admit. */
class Driver {
  readonly changes: LimitChange[] = [];
  private nextUser = 0;
  constructor(readonly ml: MessagingLimit) {}

  runUntil(t: number): void {
    for (let due = this.ml.nextDueAt(); due !== null && due <= t; due = this.ml.nextDueAt()) this.changes.push(...this.ml.advance(due));
  }

  /** `count` fresh users at `t`; returns how many were refused. */
  send(t: number, count: number): number {
    this.runUntil(t);
    let refused = 0;
    for (let i = 0; i < count; i++) if (this.ml.admit(this.nextUser++, t, false) === AdmitResult.REFUSED) refused++;
    return refused;
  }

  limitChanges(): { at: number; to: Limit; reason: string }[] {
    return this.changes.flatMap((c) => (c.kind === "limit" ? [{ at: c.at, to: c.to, reason: c.reason }] : []));
  }
}

function driver(rs: RuleSet, limit: Limit, quality: Quality = "GREEN", uniform: () => number = () => 0.5): Driver {
  return new Driver(new MessagingLimit(rs, { limit, verification: "verified", quality, now: 0 }, uniform));
}

describe.each([meta2023, seed2023])("ramp examples at 1K — $id", (rs) => {
  it("500 users, the 500th at 15:00 on day 1 → 10K at 15:00 on day 2", () => {
    const d = driver(rs, 1_000);
    d.send(at(1, 9), 499);
    d.send(at(1, 15), 1);
    d.runUntil(at(2, 14, 59));
    expect(d.limitChanges()).toEqual([]);
    d.runUntil(at(3, 0));
    expect(d.limitChanges()).toEqual([{ at: at(2, 15), to: 10_000, reason: "auto-scale" }]);
  });

  it("100 / 200 / 200 on days 1–3, the 500th at 19:00 on day 3 → 10K at 19:00 on day 4", () => {
    const d = driver(rs, 1_000);
    d.send(at(1, 10), 100);
    d.send(at(2, 10), 200);
    d.send(at(3, 10), 199);
    d.send(at(3, 19), 1);
    d.runUntil(at(4, 18, 59));
    expect(d.limitChanges()).toEqual([]);
    d.runUntil(at(5, 0));
    expect(d.limitChanges()).toEqual([{ at: at(4, 19), to: 10_000, reason: "auto-scale" }]);
  });

  it("499 users never upgrade", () => {
    const d = driver(rs, 1_000);
    d.send(at(1, 10), 499);
    d.runUntil(at(30, 0));
    expect(d.limitChanges()).toEqual([]);
  });
});

describe("ramp at 2K — meta-2025-10", () => {
  it.each([0, 0.25, 0.5, 0.999999])("1,000 users → 10K after the crossing and within 6 h (uniform %s)", (u) => {
    const d = driver(meta2025, 2_000, "GREEN", () => u);
    d.send(at(1, 8), 999);
    d.send(at(1, 12), 1);
    d.runUntil(at(3, 0));
    const ch = d.limitChanges();
    expect(ch).toHaveLength(1);
    expect(ch[0].to).toBe(10_000);
    expect(ch[0].at).toBeGreaterThan(at(1, 12));
    expect(ch[0].at).toBeLessThanOrEqual(at(1, 18));
    expect(ch[0].at).toBe(at(1, 12) + Math.ceil(6 * HOUR * (1 - u)));
  });
});

describe("2× rule with 48 h minimum — meta-2021-09", () => {
  it("2,000 unique at 1K reached on day 2 → upgrade 48 h after entering the tier, not before", () => {
    const d = driver(meta2021, 1_000);
    expect(d.send(at(1, 1), 1_000)).toBe(0);
    expect(d.send(at(1, 3), 1)).toBe(1); // the 1K limit is full for 24 h
    expect(d.send(at(2, 2), 1_000)).toBe(0);
    d.runUntil(at(2, 23, 59));
    expect(d.limitChanges()).toEqual([]);
    d.runUntil(at(4, 0));
    expect(d.limitChanges()).toEqual([{ at: 48 * HOUR, to: 10_000, reason: "auto-scale" }]);
  });

  it("a crossing after the 48 h minimum upgrades at once", () => {
    const d = driver(meta2021, 1_000);
    d.send(at(2, 10), 1_000);
    d.send(at(3, 11), 1_000);
    d.runUntil(at(5, 0));
    expect(d.limitChanges()).toEqual([{ at: at(3, 11), to: 10_000, reason: "auto-scale" }]);
  });
});

describe("quality-driven downgrade", () => {
  it.each([seed2023, meta2023, meta2021])("$id: RED for 7 days at 100K → 10K", (rs) => {
    const ml = new MessagingLimit(rs, { limit: 100_000, verification: "verified", quality: "GREEN", now: 0 }, () => 0.5);
    ml.setQuality("RED", at(1, 10));
    expect(ml.status).toBe("FLAGGED");
    expect(ml.advance(at(8, 9, 59)).filter((c) => c.kind === "limit")).toEqual([]);
    const ch = ml.advance(at(8, 10));
    expect(ch.filter((c) => c.kind === "limit")).toEqual([{ at: at(8, 10), kind: "limit", from: 100_000, to: 10_000, reason: "downgrade" }]);
    expect(ml.limit).toBe(10_000);
  });

  it("seed-2023-02: recovered before day 7 → Connected at day 7, limit unchanged", () => {
    const ml = new MessagingLimit(seed2023, { limit: 100_000, verification: "verified", quality: "GREEN", now: 0 }, () => 0.5);
    ml.setQuality("RED", at(1, 10));
    ml.setQuality("GREEN", at(4, 0));
    expect(ml.status).toBe("FLAGGED");
    const ch = ml.advance(at(9, 0));
    expect(ch).toEqual([
      { at: at(1, 10), kind: "status", from: "CONNECTED", to: "FLAGGED" },
      { at: at(8, 10), kind: "status", from: "FLAGGED", to: "CONNECTED" },
    ]);
    expect(ml.limit).toBe(100_000);
  });

  it("meta-2025-10: RED for 7 days at 100K → no downgrade, never Flagged", () => {
    const ml = new MessagingLimit(meta2025, { limit: 100_000, verification: "verified", quality: "GREEN", now: 0 }, () => 0.5);
    ml.setQuality("RED", at(1, 10));
    expect(ml.advance(at(30, 0))).toEqual([]);
    expect(ml.limit).toBe(100_000);
    expect(ml.status).toBe("CONNECTED");
  });
});
