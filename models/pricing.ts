// What a delivered template costs (reference §5.3–5.4). Two models, switched by calendar day:
// conversation-based (CBP: a 24 h conversation per user and category, charged when it opens)
// until 30 Jun 2025, per-message (PMP: each delivered template) from 1 Jul 2025 [S23], [S24].
import { dateActive } from "./dates.js";
import type { PricingModel, RuleSet, TemplateCategory } from "./rules/types.js";

/** The categories Meta prices. */
export type PricingCategory = "MARKETING" | "UTILITY" | "AUTHENTICATION";

/** Why a delivery is or is not charged, as Meta's `pricing.type` webhook field says it. */
export type PricingType = "regular" | "free_customer_service" | "free_entry_point";

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
 * Price of one delivered template. PMP: every delivered template is charged at its market ×
 * category rate, except utility inside an open CSW (when `pricing.freeUtilityInCsw`) and
 * everything inside a free-entry-point window. CBP: the rate is per 24 h conversation and is
 * charged only on the delivery that opens one (`opensConversation`, see `conversationOpens`);
 * FEP conversations are free. A CSW does not make a template free under CBP: a template opened
 * its own category's conversation [S24].
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
  if (input.opensConversation === false) return { amount: 0, billable: false, model, type: "regular", category, market };
  return { amount: rate, billable: true, model, type: "regular", category, market };
}
