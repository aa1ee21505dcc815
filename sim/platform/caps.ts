// The per-user marketing cap (131049) as one business meets it: each user's budget across all
// businesses (by segment, or the rule set's), the user's own 24 h periods and what other
// businesses used of the budget in each (keyed draws), the lockout after repeated refusals, the
// markets — of the recipient and of the sending number — and dates where it applies, and the
// CSW exemption. Model and reasons: models/throughput/per-user-cap.ts.
import { PerUserMarketingCap, type CapDraws } from "../../models/throughput/index.js";
import type { PlatformContext } from "./context.js";
import type { Population } from "./population.js";

/**
 * Per-user marketing cap checks for one run.
 *
 * @example
 * ```ts
 * const caps = new Caps(ctx, pop);
 * const code = caps.admit(user, phone, now, insideCsw); // 0 (delivered, counted), or 131049
 * ```
 */
export class Caps {
  private readonly cap: PerUserMarketingCap;
  /** Per recipient market (index): how the cap treats it (see PerUserMarketingCap.marketClass). */
  private readonly marketClasses: Uint8Array;
  /** Per phone number: sends from it are exempt (the number is in an exempt market). */
  private readonly phoneExempt: boolean[];

  constructor(
    ctx: PlatformContext,
    private readonly pop: Population,
  ) {
    const { rs, cfg, draws } = ctx;
    const keyed: CapDraws = { phase: (u) => draws.capPhase(u), others: (u, p) => draws.othersUse(u, p) };
    this.cap = new PerUserMarketingCap(rs, keyed, {
      epochOffset: cfg.startEpoch,
      budgets: cfg.audience.segments.map((s) => s.marketingBudget ?? rs.perUserCap.budget),
      initialCapacity: pop.capacity,
    });
    this.marketClasses = Uint8Array.from(cfg.audience.markets, (m) => this.cap.marketClass(m.code));
    this.phoneExempt = cfg.business.phones.map((p) => p.market !== null && this.cap.isExemptMarket(p.market));
  }

  /**
   * A marketing template from `phone` is about to be delivered to `user` at `now`: 0 when it
   * may be (and, where the cap applies, it is counted), else the refusal code (131049).
   */
  admit(user: number, phone: number, now: number, insideCsw: boolean): number {
    const pop = this.pop;
    return this.cap.admitIn(user, pop.segment[user], now, this.marketClasses[pop.market[user]], this.phoneExempt[phone], insideCsw);
  }
}
