import { describe, expect, it } from "vitest";
import { MAX_MARKETING_BUDGET, PerUserMarketingCap, othersUse } from "../../models/throughput/per-user-cap.js";
import { ruleSet as meta2025 } from "../../models/rules/meta-2025-10.js";
import type { RuleSet } from "../../models/rules/types.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const rs: RuleSet = { ...meta2025, perUserCap: { ...meta2025.perUserCap, from: "2024-05-23", usMarketingBlockedFrom: "2025-04-01", exemptMarkets: ["EEA", "UK", "JP", "KR"], window: DAY, exemptInsideCsw: true, code: 131049 } };
const JUNE_2025 = Date.UTC(2025, 5, 1);

describe("PerUserMarketingCap", () => {
  it("allows budget − others' use deliveries per moving 24 h", () => {
    const cap = new PerUserMarketingCap(rs, { initialCapacity: 2 });
    expect(cap.allows(40, 0, 2, 1)).toBe(true);
    cap.record(40, 0);
    expect(cap.used(40, HOUR)).toBe(1);
    expect(cap.allows(40, HOUR, 2, 1)).toBe(false);
    expect(cap.allows(40, HOUR, 2, 0)).toBe(true);
    expect(cap.allows(40, DAY, 2, 1)).toBe(true);
    expect(cap.allows(41, HOUR, 2, 1)).toBe(true);
  });

  it("counts at most the last 8 deliveries (the largest budget it enforces)", () => {
    const cap = new PerUserMarketingCap(rs);
    for (let i = 0; i < 12; i++) cap.record(3, i);
    expect(cap.used(3, 20)).toBe(MAX_MARKETING_BUDGET);
    expect(cap.allows(3, 20, 100, 0)).toBe(false);
  });

  it("deliveries inside an open CSW do not count", () => {
    const cap = new PerUserMarketingCap(rs);
    cap.record(1, 0, true);
    expect(cap.used(1, 0)).toBe(0);
  });

  it("check applies markets (EEA expanded, UK = GB), dates, the CSW and the US block", () => {
    const cap = new PerUserMarketingCap(rs, { epochOffset: JUNE_2025 });
    cap.record(9, 0);
    cap.record(9, 1);
    expect(cap.check(9, 2, "MX", false, 2, 0)).toBe(131049);
    for (const m of ["ES", "DE", "NO", "IS", "GB", "UK", "JP", "KR"]) expect(cap.check(9, 2, m, false, 2, 0)).toBe(0);
    expect(cap.isExemptMarket("FR")).toBe(true);
    expect(cap.isExemptMarket("BR")).toBe(false);
    expect(cap.check(9, 2, "MX", true, 2, 0)).toBe(0);
    expect(cap.check(10, 2, "US", true, 2, 0)).toBe(131049);
    const before = new PerUserMarketingCap(rs, { epochOffset: Date.UTC(2024, 0, 1) });
    before.record(9, 0);
    before.record(9, 1);
    expect(before.check(9, 2, "MX", false, 2, 0)).toBe(0); // before 23 May 2024
    expect(before.check(9, 2, "US", false, 2, 0)).toBe(0);
    const start = Date.UTC(2025, 2, 31, 12);
    const us = new PerUserMarketingCap(rs, { epochOffset: start });
    expect(us.usBlocked(12 * HOUR - 1)).toBe(false);
    expect(us.usBlocked(12 * HOUR)).toBe(true);
    expect(() => new PerUserMarketingCap(rs).capActive(0)).toThrow(RangeError);
  });

  it("othersUse has mean share × budget by randomised rounding", () => {
    expect(othersUse(2, 0.5, 0)).toBe(1);
    expect(othersUse(2, 0.5, 0.999)).toBe(1);
    expect(othersUse(3, 0.5, 0.49)).toBe(1);
    expect(othersUse(3, 0.5, 0.5)).toBe(2);
    let sum = 0;
    for (let i = 0; i < 1_000; i++) sum += othersUse(3, 0.3, (i + 0.5) / 1_000);
    expect(sum / 1_000).toBeCloseTo(0.9, 10);
  });
});
