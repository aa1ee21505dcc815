import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { conversationKind, conversationOpens, priceOf, pricingCategory, pricingModelAt, rateOf, volumeTierIndex } from "../../models/pricing.js";
import type { PriceInput } from "../../models/pricing.js";
import { applyOverrides, getRuleSet, LEGACY_CATEGORIES } from "../../models/rules/index.js";
import type { RuleSet } from "../../models/rules/index.js";
import { SEED } from "../seed.js";

const rs = getRuleSet("meta-2025-10") as RuleSet;
const PMP_DAY = Date.UTC(2025, 7, 1, 12);
const CBP_DAY = Date.UTC(2024, 7, 1, 12);
const at = (over: Partial<PriceInput>): PriceInput => ({ category: "MARKETING", market: "AR", epochMs: PMP_DAY, insideCsw: false, insideFep: false, ...over });

describe("pricing", () => {
  it("prices known rows of the example card (PMP)", () => {
    expect(priceOf(rs, at({ market: "AR", category: "MARKETING" }))).toEqual({ amount: 0.0618, billable: true, model: "PMP", type: "regular", category: "MARKETING", market: "AR" });
    expect(priceOf(rs, at({ market: "AU", category: "UTILITY" })).amount).toBe(0.0113);
    expect(priceOf(rs, at({ market: "AT", category: "AUTHENTICATION" })).amount).toBe(0.0171);
    expect(priceOf(rs, at({ market: "AL", category: "MARKETING" })).amount).toBe(0.086);
    expect(priceOf(rs, at({ market: "DZ", category: "UTILITY" })).amount).toBe(0.004);
  });

  it("prices an unknown market at the OTHER row", () => {
    const p = priceOf(rs, at({ market: "ZZ", category: "MARKETING" }));
    expect(p.market).toBe("OTHER");
    expect(p.amount).toBe(rs.pricing.rates.OTHER.MARKETING);
    expect(rateOf(rs, "ZZ", "UTILITY")).toEqual({ rate: rs.pricing.rates.OTHER.UTILITY, market: "OTHER" });
  });

  it("under PMP, utility inside an open CSW is free; marketing and authentication are not", () => {
    expect(priceOf(rs, at({ category: "UTILITY", insideCsw: true }))).toMatchObject({ amount: 0, billable: false, type: "free_customer_service" });
    expect(priceOf(rs, at({ category: "MARKETING", insideCsw: true }))).toMatchObject({ amount: 0.0618, billable: true });
    expect(priceOf(rs, at({ category: "AUTHENTICATION", insideCsw: true }))).toMatchObject({ amount: 0.0289, billable: true });
    expect(priceOf(rs, at({ category: "UTILITY", insideCsw: false }))).toMatchObject({ amount: 0.0289, billable: true });
  });

  it("the reported Oct 2026 change is one override away", () => {
    const r = applyOverrides(rs, { "pricing.freeUtilityInCsw": false });
    if (!r.ok) throw new Error("override failed");
    expect(priceOf(r.ruleSet, at({ category: "UTILITY", insideCsw: true }))).toMatchObject({ amount: 0.0289, billable: true });
  });

  it("everything inside a free-entry-point window is free, in both models", () => {
    for (const epochMs of [PMP_DAY, CBP_DAY]) {
      for (const category of ["MARKETING", "UTILITY", "AUTHENTICATION"] as const) {
        expect(priceOf(rs, at({ epochMs, category, insideFep: true }))).toMatchObject({ amount: 0, billable: false, type: "free_entry_point" });
      }
    }
  });

  it("switches from CBP to PMP at 00:00 UTC on 1 Jul 2025", () => {
    const day = Date.UTC(2025, 6, 1);
    expect(pricingModelAt(rs, day - 1)).toBe("CBP");
    expect(pricingModelAt(rs, day)).toBe("PMP");
    expect(priceOf(rs, at({ epochMs: day - 1 })).model).toBe("CBP");
    expect(priceOf(rs, at({ epochMs: day })).model).toBe("PMP");
    const never = applyOverrides(rs, { "pricing.pmpFrom": null });
    if (!never.ok) throw new Error("override failed");
    expect(pricingModelAt(never.ruleSet, Date.UTC(2030, 0, 1))).toBe("CBP");
  });

  it("under CBP only the delivery that opens a conversation is charged, CSW or not", () => {
    expect(priceOf(rs, at({ epochMs: CBP_DAY }))).toMatchObject({ amount: 0.0618, billable: true, model: "CBP" });
    expect(priceOf(rs, at({ epochMs: CBP_DAY, opensConversation: false }))).toMatchObject({ amount: 0, billable: false, model: "CBP" });
    expect(priceOf(rs, at({ epochMs: CBP_DAY, category: "UTILITY", insideCsw: true }))).toMatchObject({ amount: 0.0289, billable: true });
  });

  it("before 1 Jun 2023 a template inside a user-initiated conversation is covered by it; from then on it opens its own", () => {
    const may = Date.UTC(2023, 4, 31, 23, 59);
    const june = Date.UTC(2023, 5, 1);
    expect(priceOf(rs, at({ epochMs: may, insideCsw: true }))).toMatchObject({ amount: 0, billable: false, model: "CBP", type: "user_initiated" });
    expect(priceOf(rs, at({ epochMs: may, insideCsw: false }))).toMatchObject({ amount: 0.0618, billable: true });
    expect(priceOf(rs, at({ epochMs: june, insideCsw: true }))).toMatchObject({ amount: 0.0618, billable: true, type: "regular" });
    expect(conversationKind(rs, "UTILITY", may)).toBe("BUSINESS_INITIATED");
    expect(conversationKind(rs, "UTILITY", june)).toBe("UTILITY");
  });

  it("a volume tier starts at its boundary: the message after `from` charged ones is the first discounted", () => {
    const tiers = rs.pricing.volumeTiers.UTILITY;
    expect(volumeTierIndex(tiers, 0)).toBe(0);
    expect(volumeTierIndex(tiers, 249_999)).toBe(0);
    expect(volumeTierIndex(tiers, 250_000)).toBe(1);
    expect(volumeTierIndex(tiers, 30_000_000)).toBe(tiers.length - 1);
  });

  it("opens a conversation only when none of the category is open", () => {
    const window = rs.pricing.conversationWindow;
    expect(conversationOpens(0, 1000)).toBe(true);
    expect(conversationOpens(1000 + window, 1000 + window - 1)).toBe(false);
    expect(conversationOpens(1000 + window, 1000 + window)).toBe(true);
  });

  it("maps legacy categories to what Meta prices them as", () => {
    expect(pricingCategory("TRANSACTIONAL")).toBe("UTILITY");
    expect(pricingCategory("OTP")).toBe("AUTHENTICATION");
    for (const c of LEGACY_CATEGORIES) expect(pricingCategory(c)).toBe("UTILITY");
    expect(priceOf(rs, at({ category: "SHIPPING_UPDATE", market: "DZ" }))).toMatchObject({ category: "UTILITY", amount: 0.004 });
  });
});

describe(`pricing properties (seed ${SEED})`, () => {
  it("a price is never negative, free means zero, and billable means the card's rate", () => {
    const input = fc.record({
      category: fc.constantFrom("MARKETING", "UTILITY", "AUTHENTICATION", "OTP", "TRANSACTIONAL", "ALERT_UPDATE") as fc.Arbitrary<PriceInput["category"]>,
      market: fc.constantFrom("AR", "AU", "ES", "US", "ZZ", "OTHER"),
      epochMs: fc.integer({ min: Date.UTC(2022, 0, 1), max: Date.UTC(2027, 0, 1) }),
      insideCsw: fc.boolean(),
      insideFep: fc.boolean(),
      opensConversation: fc.boolean(),
    });
    fc.assert(
      fc.property(input, (i) => {
        const p = priceOf(rs, i);
        expect(p.amount).toBeGreaterThanOrEqual(0);
        if (!p.billable) expect(p.amount).toBe(0);
        else expect(p.amount).toBe(rateOf(rs, i.market, pricingCategory(i.category)).rate);
        if (i.insideFep) expect(p.billable).toBe(false);
        if (p.category === "MARKETING" && !i.insideFep && p.model === "PMP") expect(p.billable).toBe(true);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});
