// What a delivered template costs (reference §5.3–5.4). Two models, switched by calendar day:
// conversation-based (CBP: a 24 h conversation per user and category, charged when it opens)
// until 30 Jun 2025, per-message (PMP: each delivered template) from 1 Jul 2025 [S23], [S24].
import { dateActive } from "./dates.js";
import type { PricingModel, RuleSet, TemplateCategory, VolumeTier } from "./rules/types.js";

/** The categories Meta prices. */
export type PricingCategory = "MARKETING" | "UTILITY" | "AUTHENTICATION";

/**
 * Why a delivery is or is not charged, as Meta's `pricing.type` webhook field says it; before
 * 1 Jun 2023, `user_initiated`: covered by the user-initiated conversation it was sent in.
 */
export type PricingType = "regular" | "free_customer_service" | "free_entry_point" | "user_initiated";

/** The CBP conversation a template opens before conversation categories (1 Jun 2023): one kind for all templates. */
export const BUSINESS_INITIATED = "BUSINESS_INITIATED";

/** One delivered template message to price. */
export interface PriceInput {
  /** The template's category; legacy categories are priced as their successor. */
  category: TemplateCategory;
  /** Recipient market (ISO country code); a market missing from the card is priced as `OTHER`. */
  market: string;
  /** Delivery time, epoch ms: selects CBP or PMP. */
  epochMs: number;
  /** The user's customer-service window is open. */
  insideCsw: boolean;
  /** A free-entry-point window (72 h) is open. */
  insideFep: boolean;
  /**
   * CBP only: this delivery opens a new conversation of its category (no open one for this user
   * and category; see `conversationOpens`). Default true; a delivery inside an open conversation
   * costs nothing.
   */
  opensConversation?: boolean;
}

/** The price of one delivery. */
export interface Price {
  /** Charge for this delivery, in the card's currency. */
  amount: number;
  /** Meta bills this delivery (PMP), or it opens a billed conversation (CBP). */
  billable: boolean;
  model: PricingModel;
  type: PricingType;
  /** The category the price was read under. */
  category: PricingCategory;
  /** The rate-card row used (the market itself or `OTHER`). */
  market: string;
}

const SUCCESSOR: Partial<Record<TemplateCategory, PricingCategory>> = {
  MARKETING: "MARKETING",
  UTILITY: "UTILITY",
  AUTHENTICATION: "AUTHENTICATION",
  OTP: "AUTHENTICATION",
};

/**
 * The category a template is priced under. The 11 legacy categories and TRANSACTIONAL were
 * account and transaction updates, which Meta folded into UTILITY; OTP became AUTHENTICATION.
 *
 * @example
 * ```ts
 * pricingCategory("SHIPPING_UPDATE"); // "UTILITY"
 * pricingCategory("OTP");             // "AUTHENTICATION"
 * ```
 */
export function pricingCategory(category: TemplateCategory): PricingCategory {
  return SUCCESSOR[category] ?? "UTILITY";
}

/**
 * Pricing model in force at `epochMs`: PMP from `pricing.pmpFrom` (00:00 UTC), CBP before.
 *
 * @example
 * ```ts
 * pricingModelAt(rs, Date.UTC(2025, 5, 30)); // "CBP"
 * pricingModelAt(rs, Date.UTC(2025, 6, 1));  // "PMP"
 * ```
 */
export function pricingModelAt(rs: RuleSet, epochMs: number): PricingModel {
  return dateActive(rs.pricing.pmpFrom, epochMs) ? "PMP" : "CBP";
}

/**
 * Whether CBP conversations have categories at `epochMs` (from `pricing.categoriesFrom`, 1 Jun
 * 2023); before, they were user- or business-initiated.
 *
 * @example
 * ```ts
 * conversationCategoriesAt(rs, Date.UTC(2023, 4, 31)); // false
 * conversationCategoriesAt(rs, Date.UTC(2023, 5, 1));  // true
 * ```
 */
export function conversationCategoriesAt(rs: RuleSet, epochMs: number): boolean {
  return rs.pricing.categoriesFrom === null || dateActive(rs.pricing.categoriesFrom, epochMs);
}

/**
 * The CBP conversation a delivered template of `category` belongs to at `epochMs`: its pricing
 * category, or before conversation categories the one business-initiated conversation.
 *
 * @example
 * ```ts
 * conversationKind(rs, "UTILITY", Date.UTC(2024, 0, 1)); // "UTILITY"
 * conversationKind(rs, "UTILITY", Date.UTC(2023, 0, 1)); // "BUSINESS_INITIATED"
 * ```
 */
export function conversationKind(rs: RuleSet, category: TemplateCategory, epochMs: number): PricingCategory | typeof BUSINESS_INITIATED {
  return conversationCategoriesAt(rs, epochMs) ? pricingCategory(category) : BUSINESS_INITIATED;
}

/**
 * Index of the volume tier the message after `chargedBefore` charged messages of the month
 * falls in: the last tier whose `from` is at most `chargedBefore`.
 *
 * @example
 * ```ts
 * const tiers = [{ from: 0, discount: 0 }, { from: 250_000, discount: 0.05 }];
 * volumeTierIndex(tiers, 249_999); // 0 (the 250,000th message: list rate)
 * volumeTierIndex(tiers, 250_000); // 1 (the 250,001st: 5 % off)
 * ```
 */
export function volumeTierIndex(tiers: readonly VolumeTier[], chargedBefore: number): number {
  let i = 0;
  while (i + 1 < tiers.length && chargedBefore >= tiers[i + 1].from) i++;
  return i;
}

/**
 * Rate for a market and category, falling back to the `OTHER` row (and 0 if the card has none).
 *
 * @example
 * ```ts
 * rateOf(rs, "AR", "MARKETING"); // 0.0618 (example card)
 * rateOf(rs, "ZZ", "MARKETING"); // the OTHER row's marketing rate
 * ```
 */
export function rateOf(rs: RuleSet, market: string, category: PricingCategory): { rate: number; market: string } {
  const own = rs.pricing.rates[market]?.[category];
  if (own !== undefined) return { rate: own, market };
  return { rate: rs.pricing.rates.OTHER?.[category] ?? 0, market: "OTHER" };
}

/**
 * CBP bookkeeping: whether a delivery at `at` opens a new conversation, given when the user's
 * open conversation of the same category ends (`openUntil`; 0 or less when none was opened).
 * The caller keeps one `openUntil` per (user, pricing category) and sets it to
 * `at + rs.pricing.conversationWindow` whenever this returns true.
 *
 * @example
 * ```ts
 * conversationOpens(0, 1_000);               // true: nothing open
 * conversationOpens(86_400_000, 3_600_000);  // false: still inside the open conversation
 * ```
 */
export function conversationOpens(openUntil: number, at: number): boolean {
  return !(openUntil > at);
}

/**
 * Price of one delivered template, at the list rate (volume tiers are applied by the caller,
 * who counts the month's charged messages: see `volumeTierIndex`). PMP: every delivered template
 * is charged at its market × category rate, except utility inside an open CSW (when
 * `pricing.freeUtilityInCsw`) and everything inside a free-entry-point window. CBP: the rate is
 * per 24 h conversation and is charged only on the delivery that opens one (`opensConversation`,
 * see `conversationOpens`); FEP conversations are free. From 1 Jun 2023 a CSW does not make a
 * template free under CBP: a template opened its own category's conversation [S24]; before it,
 * a template inside an open user-initiated conversation (the CSW) was covered by it
 * (`user_initiated`, not billable).
 *
 * @example
 * ```ts
 * priceOf(rs, { category: "UTILITY", market: "AR", epochMs: Date.UTC(2025, 7, 1), insideCsw: true, insideFep: false });
 * // { amount: 0, billable: false, model: "PMP", type: "free_customer_service", category: "UTILITY", market: "AR" }
 * priceOf(rs, { category: "MARKETING", market: "AR", epochMs: Date.UTC(2025, 7, 1), insideCsw: false, insideFep: false });
 * // { amount: 0.0618, billable: true, model: "PMP", type: "regular", … }
 * ```
 */
export function priceOf(rs: RuleSet, input: PriceInput): Price {
  const category = pricingCategory(input.category);
  const model = pricingModelAt(rs, input.epochMs);
  const { rate, market } = rateOf(rs, input.market, category);
  const free = (type: PricingType): Price => ({ amount: 0, billable: false, model, type, category, market });
  if (input.insideFep) return free("free_entry_point");
  if (model === "PMP") {
    if (category === "UTILITY" && input.insideCsw && rs.pricing.freeUtilityInCsw) return free("free_customer_service");
    return { amount: rate, billable: true, model, type: "regular", category, market };
  }
  if (input.insideCsw && !conversationCategoriesAt(rs, input.epochMs)) return free("user_initiated");
  if (input.opensConversation === false) return { amount: 0, billable: false, model, type: "regular", category, market };
  return { amount: rate, billable: true, model, type: "regular", category, market };
}
