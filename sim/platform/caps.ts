// The per-user marketing cap (131049) as one business meets it: each user's daily budget
// across all businesses (by segment, or the rule set's), what other businesses used of it that
// day (a keyed draw), the markets and dates where it applies, and the CSW exemption.
import { DAY } from "../../models/duration.js";
import { PerUserMarketingCap, othersUse } from "../../models/throughput/index.js";
import type { PlatformContext } from "./context.js";
import type { Population } from "./population.js";

/**
 * Per-user marketing cap checks for one run.
 *
 * @example
 * ```ts
 * const caps = new Caps(ctx, pop);
 * const code = caps.check(user, now, insideCsw); // 0, or 131049
 * if (code === 0) caps.record(user, now, insideCsw);  // after the delivery
 * ```
 */
export class Caps {
  private readonly cap: PerUserMarketingCap;
  private readonly marketCodes: string[];
  private readonly segBudget: Float64Array;

  constructor(
    private readonly ctx: PlatformContext,
    private readonly pop: Population,
  ) {
    const { rs, cfg } = ctx;
    // The ring only needs the largest budget any user can have.
    const maxBudget = Math.max(rs.perUserCap.budget, ...cfg.audience.segments.map((g) => g.marketingBudget ?? 0));
    this.cap = new PerUserMarketingCap(rs, { epochOffset: cfg.startEpoch, initialCapacity: pop.capacity, ring: maxBudget });
    this.marketCodes = cfg.audience.markets.map((m) => m.code);
    this.segBudget = Float64Array.from(cfg.audience.segments, (s) => s.marketingBudget ?? rs.perUserCap.budget);
  }

  /** 0 when a marketing template may be delivered to `user` at `now`, else the refusal code. */
  check(user: number, now: number, insideCsw: boolean): number {
    const pop = this.pop;
    const budget = this.segBudget[pop.segment[user]];
    const others = othersUse(budget, this.ctx.rs.perUserCap.otherBusinessesShare, this.ctx.draws.othersUse(user, Math.floor(now / DAY)));
    return this.cap.check(user, now, this.marketCodes[pop.market[user]], insideCsw, budget, others);
  }

  /** A marketing template was delivered to `user` at `now`. */
  record(user: number, now: number, insideCsw: boolean): void {
    this.cap.record(user, now, insideCsw);
  }
}
