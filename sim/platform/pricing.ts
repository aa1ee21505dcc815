// Charges: what each delivered template costs, by category, recipient market and the pricing
// model in force — per 24 h conversation before 1 Jul 2025 (user- or business-initiated before
// 1 Jun 2023, by category after), per message after, with utility and authentication volume
// tiers counted per market and calendar month in the business's time zone.
import { dayStartMs } from "../../models/dates.js";
import { BUSINESS_INITIATED, priceOf, pricingModelAt, volumeTierIndex } from "../../models/pricing.js";
import type { VolumeTier } from "../../models/rules/types.js";
import type { PlatformContext } from "./context.js";
import type { Population } from "./population.js";
import type { TemplateRuntime } from "./templates.js";

/** Pricing eras within a run: CBP before conversation categories, CBP with them, PMP. */
const CBP_INITIATED = 0;
const CBP_CATEGORIES = 1;
const PMP = 2;
const ERAS = 3;

/**
 * Charges deliveries into the recorder.
 *
 * Prices come from a table built at setup with `priceOf` for every (template, market, pricing
 * era, inside-CSW) — the rate card cannot change within a run, only the model at
 * `pricing.categoriesFrom` and `pricing.pmpFrom` — so the hot path does no lookups by name.
 * Under PMP, utility and authentication charges are discounted by the volume tier the month's
 * count of charged messages of that category in that market has reached; each new tier is an
 * event (`volume-tier-reached`, Meta's VOLUME_BASED_PRICING_TIER_UPDATE).
 *
 * @example
 * ```ts
 * const pricing = new Pricing(ctx, pop, templates.list);
 * pricing.charge(template, user, market, deliveredAt, insideCsw);
 * ```
 */
export class Pricing {
  /** CBP only: end of the open conversation per user and conversation kind. */
  private readonly conversations: Map<string, Float64Array> | null;
  /** Epoch ms from which conversation categories, and per-message pricing, apply. */
  private readonly categoriesFrom: number;
  private readonly pmpFrom: number;
  /** The same two instants in run time (ms since the start), as deliveries are timed. */
  private readonly categoriesAt: number;
  private readonly pmpAt: number;
  /** Price per delivery by (template, market, era, inside CSW). */
  private readonly prices: Float64Array;
  private readonly markets: number;
  /** Per template: 0 utility, 1 authentication (volume-tiered), −1 neither. */
  private readonly tiered: Int8Array;
  /** Per template: the recorder's index of its pricing category. */
  private readonly categoryOf: Int32Array;
  private readonly tiers: readonly (readonly VolumeTier[])[];
  /**
   * Per tiered category, its tiers' first counted message and discount, copied from the rule
   * set: its tier lists are frozen arrays, and V8's optimized code reads an element of a frozen
   * array through the generic keyed-load stub — two calls per utility delivery, about 3 % of
   * the campaign benchmark.
   */
  private readonly tierFrom: Float64Array[];
  private readonly tierDiscount: Float64Array[];
  /** Local month starts (ms since start) and their labels, from the run's calendar. */
  private readonly monthStarts: number[];
  private readonly monthLabels: string[];
  /** Charged messages and tier reached per (month, market, tiered category). */
  private readonly charged: Float64Array;
  private readonly tierOf: Uint8Array;
  private monthFrom = Infinity;
  private monthTo = -Infinity;
  private month = 0;

  constructor(
    private readonly ctx: PlatformContext,
    private readonly pop: Population,
    private readonly templates: readonly TemplateRuntime[],
  ) {
    const { rs, cfg } = ctx;
    this.markets = cfg.audience.markets.length;
    this.categoriesFrom = rs.pricing.categoriesFrom === null ? -Infinity : (dayStartMs(rs.pricing.categoriesFrom) ?? -Infinity);
    this.pmpFrom = rs.pricing.pmpFrom === null ? Infinity : (dayStartMs(rs.pricing.pmpFrom) ?? Infinity);
    this.categoriesAt = this.categoriesFrom - cfg.startEpoch;
    this.pmpAt = this.pmpFrom - cfg.startEpoch;
    this.conversations = pricingModelAt(rs, cfg.startEpoch) === "CBP" ? new Map() : null;
    this.prices = this.buildPrices();
    this.categoryOf = Int32Array.from(templates, (t) => ctx.rec.categoryIndex(t.pricingCategory));
    this.tiered = Int8Array.from(templates, (t) => (t.pricingCategory === "UTILITY" ? 0 : t.pricingCategory === "AUTHENTICATION" ? 1 : -1));
    this.tiers = [rs.pricing.volumeTiers.UTILITY, rs.pricing.volumeTiers.AUTHENTICATION];
    this.tierFrom = this.tiers.map((tiers) => Float64Array.from(tiers, (t) => t.from));
    this.tierDiscount = this.tiers.map((tiers) => Float64Array.from(tiers, (t) => t.discount));
    this.monthStarts = [];
    this.monthLabels = [];
    cfg.dayLabels.forEach((label, d) => {
      if (d === 0 || label.endsWith("-01")) {
        this.monthStarts.push(d === 0 ? -Infinity : cfg.dayStarts[d]);
        this.monthLabels.push(label.slice(0, 7));
      }
    });
    this.charged = new Float64Array(this.monthStarts.length * this.markets * 2);
    this.tierOf = new Uint8Array(this.charged.length);
  }

  /** Charges the delivery of template `t` to `user` (in `market`) completed at `at`. */
  charge(t: number, user: number, market: number, at: number, insideCsw: boolean): void {
    const era = at >= this.pmpAt ? PMP : at >= this.categoriesAt ? CBP_CATEGORIES : CBP_INITIATED;
    let amount = this.prices[((t * this.markets + market) * ERAS + era) * 2 + (insideCsw ? 1 : 0)];
    if (era !== PMP) {
      // Inside a user-initiated conversation (before categories) the template was covered by it:
      // free, and it opens nothing.
      if (amount === 0 || !this.opensConversation(era, this.templates[t].pricingCategory, user, at)) return;
    } else if (amount > 0 && this.tiered[t] >= 0) {
      amount *= 1 - this.volumeDiscount(this.tiered[t], market, at);
    }
    if (amount > 0) this.ctx.rec.charge(this.categoryOf[t], amount, at);
  }

  /**
   * Conversation-based pricing: whether a delivery to `user` at `at` opens a conversation (the
   * only charged message of its 24 h), recording it if so. Kept out of `charge` so that the
   * per-message path stays small enough for V8 to inline.
   */
  private opensConversation(era: number, category: string, user: number, at: number): boolean {
    if (this.conversations === null) return false;
    const kind = era === CBP_INITIATED ? BUSINESS_INITIATED : category;
    let open = this.conversations.get(kind);
    if (!open || open.length <= user) {
      const grown = new Float64Array(this.pop.capacity);
      if (open) grown.set(open);
      this.conversations.set(kind, (open = grown));
    }
    if (open[user] > at) return false;
    open[user] = at + this.ctx.rs.pricing.conversationWindow;
    return true;
  }

  /** Counts one charged message of tiered category `cat` in `market` at `at`; its tier's discount. */
  private volumeDiscount(cat: number, market: number, at: number): number {
    if (at < this.monthFrom || at >= this.monthTo) this.locateMonth(at);
    const k = (this.month * this.markets + market) * 2 + cat;
    const before = this.charged[k];
    this.charged[k] = before + 1;
    const from = this.tierFrom[cat];
    // Counts only grow: the tier can only move up from where it is.
    let tier = this.tierOf[k];
    if (tier + 1 < from.length && before >= from[tier + 1]) tier = this.reachTier(k, cat, market, before, at);
    return this.tierDiscount[cat][tier];
  }

  /** The count `before` has passed the next tier's start: records the tier reached and its event. */
  private reachTier(k: number, cat: number, market: number, before: number, at: number): number {
    const tiers = this.tiers[cat];
    const tier = volumeTierIndex(tiers, before);
    if (tier !== this.tierOf[k]) {
      this.tierOf[k] = tier;
      this.ctx.rec.event(at, {
        type: "volume-tier-reached",
        month: this.monthLabels[this.month],
        market: this.ctx.cfg.audience.markets[market].code,
        category: cat === 0 ? "UTILITY" : "AUTHENTICATION",
        tier,
        from: tiers[tier].from,
        discount: tiers[tier].discount,
      });
    }
    return tier;
  }

  private locateMonth(at: number): void {
    let m = 0;
    while (m + 1 < this.monthStarts.length && this.monthStarts[m + 1] <= at) m++;
    this.month = m;
    this.monthFrom = this.monthStarts[m];
    this.monthTo = m + 1 < this.monthStarts.length ? this.monthStarts[m + 1] : Infinity;
  }

  private buildPrices(): Float64Array {
    const { rs, cfg } = this.ctx;
    const nm = this.markets;
    const codes = cfg.audience.markets.map((m) => m.code);
    const prices = new Float64Array(this.templates.length * nm * ERAS * 2);
    // Each era priced at its first moment within the run (or at the start), if it has one.
    const eraAt = [cfg.startEpoch < this.categoriesFrom ? cfg.startEpoch : NaN, Math.max(this.categoriesFrom, cfg.startEpoch), Math.max(this.pmpFrom, cfg.startEpoch)];
    if (!(eraAt[1] < this.pmpFrom)) eraAt[1] = NaN;
    this.templates.forEach((tpl, t) => {
      for (let m = 0; m < nm; m++) {
        for (let era = 0; era < ERAS; era++) {
          const epochMs = eraAt[era];
          if (!Number.isFinite(epochMs)) continue;
          for (const csw of [0, 1]) {
            const p = priceOf(rs, { category: tpl.category, market: codes[m], epochMs, insideCsw: csw === 1, insideFep: false });
            prices[((t * nm + m) * ERAS + era) * 2 + csw] = p.billable ? p.amount : 0;
          }
        }
      }
    });
    return prices;
  }
}
