import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CAP_PASSED, MARKET_EXEMPT, MARKET_US, PerUserMarketingCap, othersUse, poissonCdf, userPeriod, type CapDraws } from "../../models/throughput/per-user-cap.js";
import { ruleSet as meta2025 } from "../../models/rules/meta-2025-10.js";
import type { RuleSet } from "../../models/rules/types.js";
import { SEED } from "../seed.js";
import { HOUR, DAY } from "../../models/duration.js";

const rs: RuleSet = {
  ...meta2025,
  perUserCap: { ...meta2025.perUserCap, budget: 2, otherBusinessesShare: 0.5, from: "2024-05-23", usMarketingBlockedFrom: "2025-04-01", exemptMarkets: ["EEA", "UK", "JP", "KR"], window: DAY, exemptInsideCsw: true, lockoutAfter: 3, lockout: DAY, code: 131049 },
};
const JUNE_2025 = Date.UTC(2025, 5, 1);

/** Draws fixed by the test: every user's periods start at `phase` × 24 h; others' use is the quantile of `u`. */
function fixed(phase: number, u: number | ((user: number, period: number) => number)): CapDraws {
  return { phase: () => phase, others: typeof u === "number" ? () => u : u };
}

/** A small deterministic hash to uniform (0, 1), standing in for the simulator's keyed draws. */
function hashU(a: number, b: number, seed: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + seed, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x27d4eb2d);
  h ^= h >>> 15;
  return ((h >>> 0) + 0.5) / 4294967296;
}

describe("others' use of a user's budget", () => {
  it("is the Poisson quantile: known CDF values", () => {
    const cdf = poissonCdf(1, 3);
    expect(cdf[0]).toBeCloseTo(Math.exp(-1), 12);
    expect(cdf[1]).toBeCloseTo(2 * Math.exp(-1), 12);
    expect(cdf[2]).toBeCloseTo(2.5 * Math.exp(-1), 12);
    expect([...poissonCdf(0, 2)]).toEqual([1, 1]);
    expect(othersUse(2, 0.5, 0.2)).toBe(0);
    expect(othersUse(2, 0.5, 0.5)).toBe(1);
    expect(othersUse(2, 0.5, 0.9)).toBe(2);
    expect(othersUse(2, 0, 0.999)).toBe(0);
  });

  it("has mean budget × share and variance equal to its mean (real spread, not always the mean)", () => {
    for (const [budget, share] of [[2, 0.5], [3, 0.3], [1, 0.9]] as const) {
      const n = 200_000;
      let sum = 0;
      let sq = 0;
      for (let i = 0; i < n; i++) {
        const k = othersUse(budget, share, (i + 0.5) / n);
        sum += k;
        sq += k * k;
      }
      const mean = sum / n;
      expect(mean).toBeCloseTo(budget * share, 3);
      expect(sq / n - mean * mean).toBeCloseTo(budget * share, 2);
    }
  });
});

describe("user periods", () => {
  it("start at the user's phase, every window", () => {
    expect(userPeriod(0, 0.25, DAY)).toBe(0);
    expect(userPeriod(6 * HOUR - 1, 0.25, DAY)).toBe(0);
    expect(userPeriod(6 * HOUR, 0.25, DAY)).toBe(1);
    expect(userPeriod(30 * HOUR - 1, 0.25, DAY)).toBe(1);
    expect(userPeriod(30 * HOUR, 0.25, DAY)).toBe(2);
    expect(userPeriod(0, 0, DAY)).toBe(1);
  });
});

describe("PerUserMarketingCap", () => {
  it("passes own + others < budget per period, and counts what it passes", () => {
    // others' use 1 (u = 0.5), budget 2: one own delivery per period; periods start at 12:00.
    const cap = new PerUserMarketingCap(rs, fixed(0.5, 0.5), { epochOffset: JUNE_2025 });
    expect(cap.admit(4, 0, 13 * HOUR, "MX", false, false)).toBe(CAP_PASSED);
    expect(cap.used(4, 13 * HOUR)).toBe(1);
    expect(cap.admit(4, 0, 14 * HOUR, "MX", false, false)).toBe(131049);
    expect(cap.admit(5, 0, 14 * HOUR, "MX", false, false)).toBe(CAP_PASSED);
    // The next period begins at 12:00 the next day, 23 h later, not 24 h after the delivery.
    expect(cap.admit(4, 0, 36 * HOUR - 1, "MX", false, false)).toBe(131049);
    expect(cap.admit(4, 0, 36 * HOUR, "MX", false, false)).toBe(CAP_PASSED);
    expect(cap.used(4, 36 * HOUR)).toBe(1);
  });

  it("refuses every delivery when others' use fills the budget, none when they use nothing", () => {
    const full = new PerUserMarketingCap(rs, fixed(0, 0.99), { epochOffset: JUNE_2025 });
    expect(full.admit(1, 0, HOUR, "BR", false, false)).toBe(131049);
    const empty = new PerUserMarketingCap(rs, fixed(0, 0.01), { epochOffset: JUNE_2025 });
    expect(empty.admit(1, 0, HOUR, "BR", false, false)).toBe(CAP_PASSED);
    expect(empty.admit(1, 0, 2 * HOUR, "BR", false, false)).toBe(CAP_PASSED);
    expect(empty.admit(1, 0, 3 * HOUR, "BR", false, false)).toBe(131049);
  });

  it("budgets by group", () => {
    const cap = new PerUserMarketingCap(rs, fixed(0, 0.01), { epochOffset: JUNE_2025, budgets: [1, 3] });
    expect(cap.admit(1, 0, HOUR, "BR", false, false)).toBe(CAP_PASSED);
    expect(cap.admit(1, 0, 2 * HOUR, "BR", false, false)).toBe(131049);
    for (let i = 0; i < 3; i++) expect(cap.admit(2, 1, HOUR + i, "BR", false, false)).toBe(CAP_PASSED);
    expect(cap.admit(2, 1, 2 * HOUR, "BR", false, false)).toBe(131049);
  });

  it("exempts recipients and business numbers in the EEA, UK, JP, KR; the CSW; dates; the US block", () => {
    const cap = new PerUserMarketingCap(rs, fixed(0, 0.99), { epochOffset: JUNE_2025 });
    for (const m of ["ES", "DE", "NO", "IS", "GB", "UK", "JP", "KR"]) expect(cap.admit(9, 0, HOUR, m, false, false)).toBe(CAP_PASSED);
    expect(cap.isExemptMarket("FR")).toBe(true);
    expect(cap.isExemptMarket("BR")).toBe(false);
    // A number registered in an exempt market sends to a capped market freely, and is not counted.
    expect(cap.admit(9, 0, HOUR, "MX", true, false)).toBe(CAP_PASSED);
    expect(cap.used(9, HOUR)).toBe(0);
    expect(cap.admit(9, 0, HOUR, "MX", false, true)).toBe(CAP_PASSED);
    expect(cap.admit(9, 0, HOUR, "MX", false, false)).toBe(131049);
    // US numbers get no marketing at all from 1 Apr 2025: inside a CSW, from an exempt number.
    expect(cap.admit(10, 0, HOUR, "US", true, true)).toBe(131049);
    const before = new PerUserMarketingCap(rs, fixed(0, 0.99), { epochOffset: Date.UTC(2024, 0, 1) });
    expect(before.admit(9, 0, HOUR, "MX", false, false)).toBe(CAP_PASSED); // before 23 May 2024
    expect(before.admit(9, 0, HOUR, "US", false, false)).toBe(CAP_PASSED);
    const start = Date.UTC(2025, 2, 31, 12);
    const us = new PerUserMarketingCap(rs, fixed(0, 0.01), { epochOffset: start });
    expect(us.usBlocked(12 * HOUR - 1)).toBe(false);
    expect(us.usBlocked(12 * HOUR)).toBe(true);
  });

  it("decides the same with a market classed once (admitIn) as with its code (admit)", () => {
    // US listed as exempt too, so that a class carrying both bits is exercised.
    const both: RuleSet = { ...rs, perUserCap: { ...rs.perUserCap, exemptMarkets: [...rs.perUserCap.exemptMarkets, "US"] } };
    const markets = ["US", "ES", "GB", "UK", "JP", "MX", "BR"];
    const startAt = Date.UTC(2025, 2, 31, 12); // the US block starts 12 h in
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.array(fc.record({ user: fc.nat(20), m: fc.nat(markets.length - 1), dt: fc.nat(6 * HOUR), csw: fc.boolean(), exemptPhone: fc.boolean() }), { maxLength: 60 }),
        (usExempt, sends) => {
          const rules = usExempt ? both : rs;
          const draws: CapDraws = { phase: (u) => hashU(u, 0, 7), others: (u, p) => hashU(u, p, 11) };
          const byCode = new PerUserMarketingCap(rules, draws, { epochOffset: startAt });
          const byClass = new PerUserMarketingCap(rules, draws, { epochOffset: startAt });
          const classes = markets.map((m) => byClass.marketClass(m));
          let now = 0;
          for (const s of sends) {
            now += s.dt;
            const a = byCode.admit(s.user, 0, now, markets[s.m], s.exemptPhone, s.csw);
            expect(byClass.admitIn(s.user, 0, now, classes[s.m], s.exemptPhone, s.csw)).toBe(a);
          }
        },
      ),
      { seed: SEED, verbose: true },
    );
    expect(new PerUserMarketingCap(both, fixed(0, 0.5), { epochOffset: startAt }).marketClass("US")).toBe(MARKET_US | MARKET_EXEMPT);
    expect(new PerUserMarketingCap(rs, fixed(0, 0.5), { epochOffset: startAt }).marketClass("MX")).toBe(0);
  });

  it("locks a user out for 24 h at the third refusal within a period", () => {
    // Others fill the budget in period 1 (from 00:00 day 1 … ) only; the user is free otherwise.
    const busy = (_u: number, period: number): number => (period === 1 ? 0.99 : 0.01);
    const cap = new PerUserMarketingCap(rs, fixed(0, busy), { epochOffset: JUNE_2025 });
    expect(cap.admit(3, 0, HOUR, "IN", false, false)).toBe(131049);
    expect(cap.admit(3, 0, 2 * HOUR, "IN", false, false)).toBe(131049);
    expect(cap.lockedOut(3, 2 * HOUR)).toBe(false);
    expect(cap.admit(3, 0, 3 * HOUR, "IN", false, false)).toBe(131049); // third refusal: locked until 27:00
    expect(cap.lockedOut(3, 3 * HOUR)).toBe(true);
    // Period 2 (from 24:00) would pass, but the lockout lasts until 27:00.
    expect(cap.admit(3, 0, 26 * HOUR, "IN", false, false)).toBe(131049);
    expect(cap.admit(3, 0, 27 * HOUR, "IN", false, false)).toBe(CAP_PASSED);
    // Two refusals in a period, then a new period: no lockout.
    const calm = new PerUserMarketingCap(rs, fixed(0, busy), { epochOffset: JUNE_2025 });
    calm.admit(7, 0, HOUR, "IN", false, false);
    calm.admit(7, 0, 2 * HOUR, "IN", false, false);
    expect(calm.admit(7, 0, 25 * HOUR, "IN", false, false)).toBe(CAP_PASSED);
    expect(calm.lockedOut(7, 25 * HOUR)).toBe(false);
    const never = new PerUserMarketingCap({ ...rs, perUserCap: { ...rs.perUserCap, lockoutAfter: 0 } }, fixed(0, busy), { epochOffset: JUNE_2025 });
    for (let i = 1; i <= 20; i++) never.admit(7, 0, i * 60_000, "IN", false, false);
    expect(never.lockedOut(7, HOUR)).toBe(false);
  });

  it(`property (seed ${SEED}): no period of a non-exempt user holds more deliveries than budget − others' use; exempt users are never refused`, () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.constantFrom(1, 2, 3, 1.5),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.array(fc.record({ user: fc.integer({ min: 0, max: 7 }), gap: fc.integer({ min: 0, max: 8 * HOUR }), market: fc.constantFrom("IN", "BR", "ES", "JP"), phone: fc.integer({ min: 0, max: 3 }) }), { maxLength: 200 }),
        (seed, budget, share, sends) => {
          const r: RuleSet = { ...rs, perUserCap: { ...rs.perUserCap, budget, otherBusinessesShare: share, lockoutAfter: 0 } };
          const draws: CapDraws = { phase: (u) => hashU(u, -1, seed) * 0.999999, others: (u, p) => hashU(u, p, seed) };
          const cap = new PerUserMarketingCap(r, draws, { epochOffset: JUNE_2025, initialCapacity: 2 });
          const delivered = new Map<string, number>();
          let now = 0;
          for (const s of sends) {
            now += s.gap;
            const exempt = s.market === "ES" || s.market === "JP" || s.phone === 3;
            const code = cap.admit(s.user, 0, now, s.market, s.phone === 3, false);
            if (exempt) {
              expect(code).toBe(CAP_PASSED);
              continue;
            }
            if (code !== CAP_PASSED) continue;
            const period = userPeriod(now, draws.phase(s.user), DAY);
            const key = `${s.user}:${period}`;
            const n = (delivered.get(key) ?? 0) + 1;
            delivered.set(key, n);
            // A delivery passes while own + others < budget: a fractional budget b allows ⌈b⌉ in all.
            expect(n + othersUse(budget, share, draws.others(s.user, period))).toBeLessThanOrEqual(Math.ceil(budget));
          }
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });
});
