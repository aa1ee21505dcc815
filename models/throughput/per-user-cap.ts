// Per-user marketing template cap (reference §6.1, §13.5): each user receives only a small,
// undisclosed number of marketing templates per period from all businesses combined (error
// 131049), except where the business number or the user is in an exempt market (EEA, UK, JP,
// KR) and inside an open CSW; US numbers get no marketing templates at all from 1 Apr 2025.
// Retrying a capped user several times within the period locks that user out for up to 24 h.
//
// The model, and why (docs/rules.md, "Per-user marketing cap"): each user's time is cut into
// periods of `perUserCap.window` (24 h) on a grid of their own — a phase drawn once per user —
// and in each period other businesses use a Poisson-distributed number of the user's budget
// (mean `budget × otherBusinessesShare`, drawn per user and period). A marketing delivery
// passes while the business's own counted deliveries in the user's current period plus the
// others' use stay below the budget. Own count and others' use live on the same periods, so a
// daily campaign meets each user once per period whatever order its sends go out in: which
// period a send falls in moves only when the send moves by as much as the phase's distance to
// it, never by the seconds a send order shifts.
import { dayStartMs } from "../dates.js";
import type { RuleSet } from "../rules/types.js";
import { EEA_MARKETS } from "../rules/common.js";

/** The keyed uniforms the cap needs (the simulator draws them per user and per user × period). */
export interface CapDraws {
  /** Where `user`'s periods start, as a fraction of the period in [0, 1): fixed for the user. */
  phase(user: number): number;
  /** Uniform in (0, 1) deciding other businesses' use of `user`'s budget in period `period`. */
  others(user: number, period: number): number;
}

/** Options of {@link PerUserMarketingCap}. */
export interface PerUserCapOptions {
  /** Epoch ms of virtual time 0 (the scenario start): the dated checks need it. */
  epochOffset: number;
  /** Per-user budgets by group (e.g. segment); default one group with `perUserCap.budget`. */
  budgets?: readonly number[];
  /** Expected number of user ids, to size the per-user arrays once. */
  initialCapacity?: number;
}

/** {@link PerUserMarketingCap.admit}'s answer when the delivery passes. */
export const CAP_PASSED = 0;

/** {@link PerUserMarketingCap.marketClass} bit: the cap never applies to the market. */
export const MARKET_EXEMPT = 1;
/** {@link PerUserMarketingCap.marketClass} bit: US recipients (marketing blocked from a date). */
export const MARKET_US = 2;
/** A recipient market as the cap treats it: 0 (capped) or a union of the `MARKET_*` bits. */
export type MarketClass = number;

/** Own deliveries counted per period saturate here (bits 0–7 of the state word). */
const OWN_MAX = 255;
/** Refusals counted per period saturate here (bits 8–11). */
const REFUSALS_MAX = 15;
/** Periods are stored modulo 2^20 (bits 12–31): a wrap needs a million periods without a delivery. */
const PERIOD_MASK = 0xfffff;

/**
 * Probability that a Poisson(λ) variable is at most k, for k = 0 … n − 1.
 *
 * @example
 * ```ts
 * poissonCdf(1, 3); // [0.3679, 0.7358, 0.9197] (e^−1, 2e^−1, 2.5e^−1)
 * poissonCdf(0, 2); // [1, 1]
 * ```
 */
export function poissonCdf(lambda: number, n: number): Float64Array {
  const out = new Float64Array(n);
  let p = Math.exp(-lambda);
  let f = p;
  for (let k = 0; k < n; k++) {
    out[k] = f;
    p *= lambda / (k + 1);
    f += p;
  }
  return out;
}

/**
 * Other businesses' marketing deliveries to a user in one period, from one uniform `u` in
 * (0, 1): the Poisson(`budget × share`) quantile of `u` — the sum of many independent small
 * senders, so its mean is exactly `budget × share` and its variance equals its mean.
 *
 * @example
 * ```ts
 * othersUse(2, 0.5, 0.2); // 0  (P(0) = e^−1 ≈ 0.37)
 * othersUse(2, 0.5, 0.5); // 1
 * othersUse(2, 0.5, 0.9); // 2  (P(≤ 1) ≈ 0.74, P(≤ 2) ≈ 0.92)
 * ```
 */
export function othersUse(budget: number, share: number, u: number): number {
  const lambda = budget * share;
  let p = Math.exp(-lambda);
  let f = p;
  let k = 0;
  while (u > f && p > 0) {
    k++;
    p *= lambda / k;
    f += p;
  }
  return k;
}

/**
 * Index of the period of a user with phase `phase` (fraction of `window`) that contains virtual
 * time `t` ≥ 0: periods start at `phase × window + k × window`, and the one that began before
 * the scenario started is period 0.
 *
 * @example
 * ```ts
 * userPeriod(0, 0.25, DAY);              // 0  (the first period began 18 h before the start)
 * userPeriod(6 * HOUR, 0.25, DAY);       // 1  (a new period starts at 06:00)
 * userPeriod(30 * HOUR - 1, 0.25, DAY);  // 1
 * ```
 */
export function userPeriod(t: number, phase: number, window: number): number {
  return Math.floor((t - phase * window) / window) + 1;
}

/**
 * The cap as one business meets it, over all its users, in typed arrays (4 bytes per user, plus
 * 4 for users ever locked out once the first lockout happens): per user, the period the state
 * belongs to, the business's own counted marketing deliveries in it, and the 131049 refusals in
 * it.
 *
 * {@link admit} applies the whole rule to one marketing delivery and, when it passes, counts it:
 * 131049 for US numbers from the block date (CSW or not); nothing before the cap's start date,
 * from an exempt business number, to an exempt market or inside an open CSW (when
 * `exemptInsideCsw`) — those deliveries are neither checked nor counted; 131049 while the user
 * is locked out; else the budget test `own + others < budget` on the user's current period. The
 * `lockoutAfter`-th refusal in one period locks the user out for `lockout`.
 *
 * @example
 * ```ts
 * const draws = { phase: () => 0.5, others: () => 0.5 };   // others' use: Poisson(1) quantile of 0.5 = 1
 * const cap = new PerUserMarketingCap(rs, draws, { epochOffset: Date.UTC(2026, 0, 1) });
 * cap.admit(4, 0, 13 * HOUR, "MX", false, false);  // 0: own 0 + others 1 < 2, counted
 * cap.admit(4, 0, 14 * HOUR, "MX", false, false);  // 131049: own 1 + others 1 = 2
 * cap.admit(4, 0, 14 * HOUR, "ES", false, false);  // 0: EEA recipient, not capped
 * cap.admit(4, 0, 36 * HOUR, "MX", false, false);  // 0: the user's next period began at 12:00
 * ```
 */
export class PerUserMarketingCap {
  readonly code: number;
  private readonly p: RuleSet["perUserCap"];
  private readonly draws: CapDraws;
  private readonly from: number;
  private readonly usBlockedFrom: number;
  private readonly exempt: Set<string>;
  /** Per group: P(others ≤ k) for k = 0 … ⌈budget⌉ − 1. */
  private readonly cdf: Float64Array[];
  private readonly budgets: Float64Array;
  private state: Uint32Array;
  /** Lockout ends (virtual ms); allocated at the first lockout. */
  private lockedUntil: Float32Array | null = null;

  constructor(rs: RuleSet, draws: CapDraws, opts: PerUserCapOptions) {
    this.p = rs.perUserCap;
    this.code = this.p.code;
    this.draws = draws;
    this.from = virtualDay(this.p.from, opts.epochOffset);
    this.usBlockedFrom = virtualDay(this.p.usMarketingBlockedFrom, opts.epochOffset);
    this.exempt = exemptSet(this.p.exemptMarkets);
    this.budgets = Float64Array.from(opts.budgets ?? [this.p.budget]);
    this.cdf = Array.from(this.budgets, (b) => poissonCdf(b * this.p.otherBusinessesShare, Math.max(0, Math.ceil(b))));
    this.state = new Uint32Array(Math.max(16, opts.initialCapacity ?? 1024));
  }

  /** Whether the cap is never applied in `market` (ISO code; `EEA` expanded, UK and GB alike). */
  isExemptMarket(market: string): boolean {
    return this.exempt.has(market);
  }

  /** Whether the cap is in force at virtual `now` (from `perUserCap.from`). */
  capActive(now: number): boolean {
    return now >= this.from;
  }

  /** Whether marketing templates to US numbers are blocked at virtual `now`. */
  usBlocked(now: number): boolean {
    return now >= this.usBlockedFrom;
  }

  /** The period of `user` containing `now`. */
  periodOf(user: number, now: number): number {
    return userPeriod(now, this.draws.phase(user), this.p.window);
  }

  /** This business's counted marketing deliveries to `user` in the user's period containing `now`. */
  used(user: number, now: number): number {
    if (user >= this.state.length) return 0;
    const s = this.state[user];
    return s >>> 12 === ((this.periodOf(user, now) + 1) & PERIOD_MASK) ? s & OWN_MAX : 0;
  }

  /** Whether `user` is locked out at `now` after repeated refusals. */
  lockedOut(user: number, now: number): boolean {
    return this.lockedUntil !== null && user < this.lockedUntil.length && now < this.lockedUntil[user];
  }

  /**
   * One marketing template delivery to `user` (of budget group `group`, in `market`) at `now`,
   * from a business number that is or is not in an exempt market: returns {@link CAP_PASSED}
   * (and counts it when the cap applies) or the refusal code.
   */
  admit(user: number, group: number, now: number, market: string, phoneExempt: boolean, insideCsw: boolean): number {
    return this.admitIn(user, group, now, this.marketClass(market), phoneExempt, insideCsw);
  }

  /**
   * How the rule treats recipients in `market`: 0 when capped, else the bits {@link MARKET_EXEMPT}
   * and {@link MARKET_US} (blocked from `usMarketingBlockedFrom`). A caller that sends
   * to a fixed set of markets classes each once and calls {@link admitIn}, so that a delivery
   * hashes no string.
   *
   * @example
   * ```ts
   * cap.marketClass("ES"); // MARKET_EXEMPT (an EEA market)
   * ```
   */
  marketClass(market: string): MarketClass {
    return (market === "US" ? MARKET_US : 0) | (this.exempt.has(market) ? MARKET_EXEMPT : 0);
  }

  /** {@link admit} for a recipient market already classed by {@link marketClass}. */
  admitIn(user: number, group: number, now: number, market: MarketClass, phoneExempt: boolean, insideCsw: boolean): number {
    if ((market & MARKET_US) !== 0 && now >= this.usBlockedFrom) return this.code;
    if (now < this.from || phoneExempt || (insideCsw && this.p.exemptInsideCsw) || (market & MARKET_EXEMPT) !== 0) return CAP_PASSED;
    if (user >= this.state.length) this.grow(user);
    if (this.lockedUntil !== null && user < this.lockedUntil.length && now < this.lockedUntil[user]) return this.code;
    const period = this.periodOf(user, now);
    const tag = (period + 1) & PERIOD_MASK;
    let s = this.state[user];
    if (s >>> 12 !== tag) s = tag << 12;
    const own = s & OWN_MAX;
    const budget = this.budgets[group];
    // Others' use k passes when own + k < budget, i.e. k ≤ ⌈budget − own⌉ − 1: u ≤ P(k ≤ that).
    if (own < budget && this.draws.others(user, period) <= this.cdf[group][Math.ceil(budget - own) - 1]) {
      this.state[user] = (s & ~OWN_MAX) | Math.min(OWN_MAX, own + 1);
      return CAP_PASSED;
    }
    const refusals = Math.min(REFUSALS_MAX, ((s >>> 8) & REFUSALS_MAX) + 1);
    this.state[user] = (s & ~(REFUSALS_MAX << 8)) | (refusals << 8);
    if (refusals >= this.p.lockoutAfter && this.p.lockoutAfter > 0) this.lock(user, now + this.p.lockout);
    return this.code;
  }

  private lock(user: number, until: number): void {
    let l = this.lockedUntil;
    if (l === null || user >= l.length) {
      const next = new Float32Array(this.state.length);
      if (l !== null) next.set(l);
      this.lockedUntil = l = next;
    }
    // Float32 rounds a lockout's end by at most a second within a year: Meta says "up to 24 h".
    l[user] = until;
  }

  private grow(user: number): void {
    if (!Number.isInteger(user) || user < 0) throw new RangeError(`user id must be a non-negative integer, got ${user}`);
    let n = this.state.length;
    while (n <= user) n *= 2;
    const s = new Uint32Array(n);
    s.set(this.state);
    this.state = s;
  }
}

/** The exempt markets as a set of ISO codes: `EEA` expanded, UK and GB both present. */
function exemptSet(markets: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const m of markets) {
    if (m === "EEA") for (const e of EEA_MARKETS) out.add(e);
    else out.add(m);
    // Meta writes "UK"; ISO 3166 writes GB. Accept both whichever the rule set lists.
    if (m === "UK") out.add("GB");
    if (m === "GB") out.add("UK");
  }
  return out;
}

function virtualDay(day: string | null, epochOffset: number): number {
  if (day === null) return Infinity;
  const ms = dayStartMs(day);
  if (ms === undefined) throw new RangeError(`not a calendar day (YYYY-MM-DD): '${day}'`);
  return ms - epochOffset;
}
