// Charges: what each delivered template costs, by category, recipient market and the pricing
// model in force (per 24 h conversation before 1 Jul 2025, per message after).
import { dayStartMs } from "../../models/dates.js";
import { priceOf, pricingModelAt } from "../../models/pricing.js";
import type { PlatformContext } from "./context.js";
import type { Population } from "./population.js";
import type { TemplateRuntime } from "./templates.js";

/**
 * Charges deliveries into the recorder.
 *
 * Prices come from a table built at setup with `priceOf` for every (template, market, model,
 * inside-CSW) — the rate card cannot change within a run, only the model (CBP → PMP) at
 * `pricing.pmpFrom` — so the hot path does no lookups by name.
 *
 * @example
 * ```ts
 * const pricing = new Pricing(ctx, pop, templates.list);
 * pricing.charge(template, user, market, deliveredAt, insideCsw);
 * ```
 */
export class Pricing {
  /** CBP only: end of the open conversation per user and pricing category. */
  private readonly conversations: Map<string, Float64Array> | null;
  /** Epoch ms from which per-message pricing applies. */
  private readonly pmpFrom: number;
  /** Price per delivery by (template, market, PMP?, inside CSW?). */
  private readonly prices: Float64Array;
  private readonly markets: number;

  constructor(
    private readonly ctx: PlatformContext,
    private readonly pop: Population,
    private readonly templates: readonly TemplateRuntime[],
  ) {
    const { rs, cfg } = ctx;
    this.markets = cfg.audience.markets.length;
    this.conversations = pricingModelAt(rs, cfg.startEpoch) === "CBP" ? new Map() : null;
    this.pmpFrom = rs.pricing.pmpFrom === null ? Infinity : (dayStartMs(rs.pricing.pmpFrom) ?? Infinity);
    this.prices = this.buildPrices();
  }

  /** Charges the delivery of template `t` to `user` (in `market`) completed at `at`. */
  charge(t: number, user: number, market: number, at: number, insideCsw: boolean): void {
    const epochMs = this.ctx.cfg.startEpoch + at;
    const pmp = epochMs >= this.pmpFrom;
    const tpl = this.templates[t];
    if (!pmp && this.conversations) {
      // A conversation of a category lasts 24 h from its first delivered message; only its opening is charged.
      let open = this.conversations.get(tpl.pricingCategory);
      if (!open || open.length <= user) {
        const grown = new Float64Array(this.pop.capacity);
        if (open) grown.set(open);
        this.conversations.set(tpl.pricingCategory, (open = grown));
      }
      if (open[user] > at) return;
      open[user] = at + this.ctx.rs.pricing.conversationWindow;
    }
    const amount = this.prices[(((t * this.markets + market) << 1) | (pmp ? 1 : 0)) * 2 + (insideCsw ? 1 : 0)];
    if (amount > 0) this.ctx.rec.charge(tpl.pricingCategory, amount, at);
  }

  private buildPrices(): Float64Array {
    const { rs, cfg } = this.ctx;
    const nm = this.markets;
    const codes = cfg.audience.markets.map((m) => m.code);
    const prices = new Float64Array(this.templates.length * nm * 4);
    const pmpAt = Number.isFinite(this.pmpFrom) ? Math.max(this.pmpFrom, cfg.startEpoch) : Infinity;
    this.templates.forEach((tpl, t) => {
      for (let m = 0; m < nm; m++) {
        for (const pmp of [0, 1]) {
          const epochMs = pmp ? pmpAt : cfg.startEpoch;
          if (!Number.isFinite(epochMs) || (pmp === 0 && epochMs >= this.pmpFrom)) continue;
          for (const csw of [0, 1]) {
            const p = priceOf(rs, { category: tpl.category, market: codes[m], epochMs, insideCsw: csw === 1, insideFep: false });
            prices[(((t * nm + m) << 1) | pmp) * 2 + csw] = p.billable ? p.amount : 0;
          }
        }
      }
    });
    return prices;
  }
}
