// Per-user marketing template cap (reference §6.1, §13.5): each user receives only a small,
// undisclosed number of marketing templates per 24 h from all businesses combined (error
// 131049), except in exempt markets (EEA, UK, JP, KR) and inside an open CSW; US numbers get
// no marketing templates at all from 1 Apr 2025. Meta calls the budget "dynamic": here the
// caller passes each user's budget (e.g. by segment) and what other businesses used, which the
// simulator takes from a keyed per-user-per-day draw (see `othersUse`).
import { dayStartMs } from "../dates.js";
import type { RuleSet } from "../rules/types.js";
import { EEA_MARKETS } from "../rules/common.js";

/** Largest per-user budget the fixed ring of recent delivery times can enforce. */
export const MAX_MARKETING_BUDGET = 8;

/** Options of {@link PerUserMarketingCap}. */
export interface PerUserCapOptions {
  /** Epoch ms of virtual time 0 (the scenario start); needed only by the dated checks. */
  epochOffset?: number;
  initialCapacity?: number;
  /**
   * Delivery times kept per user (1–8, default 8). Budgets above it are enforced as it, so a
   * simulator that knows its largest budget keeps only that many — the ring is most of the
   * cap's memory (8 bytes per slot per user).
   */
  ring?: number;
}

/**
 * Marketing deliveries other businesses made to a user in the current day, from one uniform
 * draw `u`: `share × budget` rounded up with probability equal to its fractional part, so the
 * mean is exactly `share × budget`. Draw `u` keyed by (user, day) to keep compared scenarios in step.
 *
 * @example
 * ```ts
 * othersUse(2, 0.5, 0.3); // 1
 * othersUse(3, 0.5, 0.3); // 1   (1.5 → 1 when u < 0.5)
 * othersUse(3, 0.5, 0.7); // 2
 * ```
 */
export function othersUse(budget: number, share: number, u: number): number {
  return Math.floor(budget * share + u);
}

/**
 * The cap as seen by one business, over all its users: a typed-array ring of each user's last
 * 8 counted marketing deliveries (O(1) per check and record; budgets above 8 are enforced as 8).
 *
 * Two levels: {@link allows} is the budget test alone (the caller has already applied markets,
 * dates and the CSW, e.g. from per-market flags precomputed with {@link isExemptMarket});
 * {@link check} applies the whole rule and needs `epochOffset`.
 *
 * @example
 * ```ts
 * const cap = new PerUserMarketingCap(rs, { epochOffset: Date.UTC(2025, 5, 1) });
 * cap.allows(4, 0, 2, 1);                  // true: budget 2, one used by others
 * cap.record(4, 0);
 * cap.allows(4, 60_000, 2, 1);             // false
 * cap.check(4, 60_000, "ES", false, 2, 1); // 0: EEA is exempt
 * cap.check(4, 60_000, "US", false, 2, 0); // 131049: US marketing blocked from 2025-04-01
 * ```
 */
export class PerUserMarketingCap {
  readonly code: number;
  private readonly p: RuleSet["perUserCap"];
  private readonly from: number;
  private readonly usBlockedFrom: number;
  private readonly dated: boolean;
  private readonly exempt: Set<string>;
  private heads: Uint8Array;
  private times: Float64Array;
  private readonly ring: number;

  constructor(rs: RuleSet, opts: PerUserCapOptions = {}) {
    this.p = rs.perUserCap;
    this.code = this.p.code;
    this.dated = opts.epochOffset !== undefined;
    const offset = opts.epochOffset ?? 0;
    this.from = virtualDay(this.p.from, offset);
    this.usBlockedFrom = virtualDay(this.p.usMarketingBlockedFrom, offset);
    this.exempt = new Set<string>();
    for (const m of this.p.exemptMarkets) {
      if (m === "EEA") for (const e of EEA_MARKETS) this.exempt.add(e);
      else this.exempt.add(m);
      // Meta writes "UK"; ISO 3166 writes GB. Accept both whichever the rule set lists.
      if (m === "UK") this.exempt.add("GB");
      if (m === "GB") this.exempt.add("UK");
    }
    const cap = Math.max(16, opts.initialCapacity ?? 1024);
    this.ring = Math.min(MAX_MARKETING_BUDGET, Math.max(1, Math.ceil(opts.ring ?? MAX_MARKETING_BUDGET)));
    this.heads = new Uint8Array(cap);
    this.times = new Float64Array(cap * this.ring).fill(-Infinity);
  }

  /** Whether the cap is never applied to users in `market` (ISO code; `EEA` expanded). */
  isExemptMarket(market: string): boolean {
    return this.exempt.has(market);
  }

  /** Whether the cap is in force at virtual `now` (from `perUserCap.from`). Needs `epochOffset`. */
  capActive(now: number): boolean {
    this.requireDates();
    return now >= this.from;
  }

  /** Whether marketing templates to US numbers are blocked at virtual `now`. Needs `epochOffset`. */
  usBlocked(now: number): boolean {
    this.requireDates();
    return now >= this.usBlockedFrom;
  }

  /** This business's counted marketing deliveries to `user` in the window ending at `now` (at most 8). */
  used(user: number, now: number): number {
    if (user >= this.heads.length) return 0;
    const cutoff = now - this.p.window;
    const ring = this.ring;
    const base = user * ring;
    let n = 0;
    for (let i = 0; i < ring; i++) if (this.times[base + i] > cutoff) n++;
    return n;
  }

  /** The budget test: own counted deliveries in the window + `othersUsed` < `budget`. */
  allows(user: number, now: number, budget: number, othersUsed: number): boolean {
    return this.used(user, now) + othersUsed < Math.min(budget, this.ring);
  }

  /**
   * The whole rule for a marketing template to `user` in `market` at `now`: 131049 for US
   * numbers from the block date (CSW or not), else 0 before the cap's start date, in exempt
   * markets and inside an open CSW (when `exemptInsideCsw`), else the budget test. Needs `epochOffset`.
   */
  check(user: number, now: number, market: string, insideCsw: boolean, budget: number, othersUsed: number): number {
    if (market === "US" && this.usBlocked(now)) return this.code;
    if (!this.capActive(now) || (insideCsw && this.p.exemptInsideCsw) || this.exempt.has(market)) return 0;
    return this.allows(user, now, budget, othersUsed) ? 0 : this.code;
  }

  /** A marketing template was delivered to `user` at `now`; inside an exempt CSW it does not count. */
  record(user: number, now: number, insideCsw = false): void {
    if (insideCsw && this.p.exemptInsideCsw) return;
    if (user >= this.heads.length) this.grow(user);
    const h = this.heads[user];
    this.times[user * this.ring + h] = now;
    this.heads[user] = (h + 1) % this.ring;
  }

  private requireDates(): void {
    if (!this.dated) throw new RangeError("dated per-user-cap checks need `epochOffset` (epoch ms of virtual time 0)");
  }

  private grow(user: number): void {
    if (!Number.isInteger(user) || user < 0) throw new RangeError(`user id must be a non-negative integer, got ${user}`);
    let n = this.heads.length;
    while (n <= user) n *= 2;
    const h = new Uint8Array(n);
    h.set(this.heads);
    const t = new Float64Array(n * this.ring).fill(-Infinity);
    t.set(this.times);
    this.heads = h;
    this.times = t;
  }
}

function virtualDay(day: string | null, epochOffset: number): number {
  if (day === null) return Infinity;
  const ms = dayStartMs(day);
  if (ms === undefined) throw new RangeError(`not a calendar day (YYYY-MM-DD): '${day}'`);
  return ms - epochOffset;
}
