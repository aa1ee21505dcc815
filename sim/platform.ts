// The simulated WhatsApp side. For every send attempt it applies models/ in the order the
// real platform would: template status, throughput, pair rate, the moving-24 h limit, then
// delivery (undeliverable numbers, per-user marketing cap, opt-outs) with its latencies; it
// feeds quality and schedules replies and blocks. State lives in typed arrays and a few
// model objects per number, portfolio and template — nothing is allocated per message.
import { AdmitResult, MessagingLimit } from "../models/limit/messaging-limit.js";
import { QualityMeter } from "../models/quality/quality-meter.js";
import { TemplateState, TemplateQualityMeter, reviewDelay } from "../models/templates/lifecycle.js";
import { ThroughputGate, PairRate, PerUserMarketingCap, othersUse } from "../models/throughput/index.js";
import { priceOf, pricingCategory, pricingModelAt, type PricingCategory } from "../models/pricing.js";
import { dayStartMs } from "../models/dates.js";
import type { Limit, Quality, RuleSet, TemplateCategory } from "../models/rules/types.js";
import type { SimConfig, SimTemplate } from "./config.js";
import type { Draws } from "./draws.js";
import { BLOCKED, OPTED_OUT, REACHED, REPLIED, REPORTED, UNDELIVERABLE, type Population } from "./population.js";
import type { Recorder } from "./recorder.js";
import { CODE_OPTED_OUT, CODE_UNDELIVERABLE, DELIVERED, FAILED, REJECTED, type Outcome } from "./outcomes.js";

/** Event kinds the platform schedules; the simulation registers their handlers. */
export interface PlatformScheduler {
  schedule(at: number, kind: number, arg: number): number;
}

/** One messaging-limit scope: a phone number (legacy rules) or the whole portfolio. */
export interface Scope {
  index: number;
  limit: MessagingLimit;
  quality: QualityMeter;
  rating: Quality;
  /** Phone indices sharing this scope. */
  phones: number[];
  /** Time of the pending LIMIT_DUE event, to avoid scheduling duplicates. */
  dueAt: number;
}

export interface Phone {
  id: string;
  scope: number;
  gate: ThroughputGate;
  pair: PairRate;
  mps: number;
  coexistence: boolean;
  upgradeAt: number;
}

export interface TemplateRuntime {
  cfg: SimTemplate;
  state: TemplateState;
  quality: TemplateQualityMeter;
  marketing: boolean;
  category: TemplateCategory;
  pricingCategory: PricingCategory;
  resubmits: number;
  dueAt: number;
}

/** Result of the last attempt, read by the campaign runner (one reused object). */
export interface AttemptInfo {
  outcome: Outcome;
  code: number;
  countsTowardLimit: boolean;
  /** The user had an open customer-service window at the attempt. */
  insideCsw: boolean;
}

/** Kinds of the events the platform schedules (the simulation adds its own above these). */
export const EV_REPLY = 1;
/** Block events carry flags in the kind: base + ((template × phones + phone) × 2 + report). */
export const EV_BLOCK_BASE = 32;

const DAY = 86_400_000;
const LATENCY_STEPS = 4096;

/**
 * The simulated platform of one run.
 *
 * @example
 * ```ts
 * const p = new Platform(config, population, recorder, draws, engine, uniformFor);
 * p.attempt(user, template, phone, now); // fills p.last: outcome, code, countsTowardLimit
 * ```
 */
export class Platform {
  readonly rs: RuleSet;
  readonly scopes: Scope[] = [];
  readonly phones: Phone[] = [];
  readonly templates: TemplateRuntime[] = [];
  readonly last: AttemptInfo = { outcome: DELIVERED, code: 0, countsTowardLimit: false, insideCsw: false };
  private readonly cap: PerUserMarketingCap;
  private readonly marketCodes: string[];
  private readonly u = new Float64Array(8);
  /** CBP only: end of the open conversation per user and pricing category. */
  private readonly conversations: Map<string, Float64Array> | null;
  /** Epoch ms from which per-message pricing applies. */
  private readonly pmpFrom: number;
  /** Price per delivery by (template, market, PMP?, inside CSW?); see {@link charge}. */
  private readonly prices: Float64Array;
  private readonly segBlock: Float64Array;
  private readonly segReport: Float64Array;
  private readonly segRead: Float64Array;
  private readonly segReply: Float64Array;
  private readonly segOptOut: Float64Array;
  private readonly segBudget: Float64Array;
  private readonly lat: { deliver: number; read: number; reply: number; spread: number };
  /** exp(σ·Φ⁻¹(u)) at the midpoints of LATENCY_STEPS equal slices of (0, 1). */
  private readonly latencyFactor: Float64Array;
  /** The era counts users delivered to in the moving window (a repeat renews the count). */
  private readonly refresh: boolean;

  constructor(
    private readonly cfg: SimConfig,
    private readonly pop: Population,
    private readonly rec: Recorder,
    private readonly draws: Draws,
    private readonly sched: PlatformScheduler,
    uniformFor: (purpose: string) => () => number,
  ) {
    const rs = (this.rs = cfg.ruleSet);
    const portfolio = rs.limit.scope === "portfolio";
    const initial = (phoneLimit: Limit | undefined): Limit =>
      phoneLimit !== undefined ? phoneLimit : cfg.business.limit !== undefined ? cfg.business.limit : MessagingLimit.initialLimit(rs, cfg.business.verification);
    const makeScope = (index: number, phoneLimit: Limit | undefined): Scope => ({
      index,
      limit: new MessagingLimit(
        rs,
        { limit: initial(phoneLimit), verification: cfg.business.verification, quality: cfg.business.quality, now: 0, capacity: pop.capacity },
        uniformFor(`limit-${index}`),
      ),
      quality: new QualityMeter(rs, cfg.business.quality),
      rating: cfg.business.quality,
      phones: [],
      dueAt: Infinity,
    });
    if (portfolio) this.scopes.push(makeScope(0, undefined));
    cfg.business.phones.forEach((ph, i) => {
      if (!portfolio) this.scopes.push(makeScope(i, ph.limit));
      const scope = portfolio ? 0 : i;
      this.scopes[scope].phones.push(i);
      const mps = ph.mps ?? (ph.coexistence ? rs.throughput.coexistenceMps : rs.throughput.mps);
      this.phones.push({ id: ph.id, scope, gate: new ThroughputGate(mps), pair: new PairRate(rs.pairRate.burst, rs.pairRate.interval, pop.capacity), mps, coexistence: ph.coexistence, upgradeAt: Infinity });
    });
    for (const t of cfg.templates) {
      const state = new TemplateState(rs, t.status === "APPROVED" ? "APPROVED" : "PENDING");
      this.templates.push({
        cfg: t,
        state,
        quality: new TemplateQualityMeter(rs),
        marketing: t.category === "MARKETING",
        category: t.category,
        pricingCategory: pricingCategory(t.category),
        resubmits: 0,
        dueAt: Infinity,
      });
    }
    // The ring only needs the largest budget any user can have.
    const maxBudget = Math.max(rs.perUserCap.budget, ...cfg.audience.segments.map((g) => g.marketingBudget ?? 0));
    this.cap = new PerUserMarketingCap(rs, { epochOffset: cfg.startEpoch, initialCapacity: pop.capacity, ring: maxBudget });
    this.marketCodes = cfg.audience.markets.map((m) => m.code);
    const segs = cfg.audience.segments;
    this.segBlock = Float64Array.from(segs, (s) => s.block);
    this.segReport = Float64Array.from(segs, (s) => s.report);
    this.segRead = Float64Array.from(segs, (s) => s.read);
    this.segReply = Float64Array.from(segs, (s) => s.reply);
    this.segOptOut = Float64Array.from(segs, (s) => s.optOut);
    this.segBudget = Float64Array.from(segs, (s) => s.marketingBudget ?? rs.perUserCap.budget);
    this.lat = cfg.audience.latency;
    this.latencyFactor = new Float64Array(LATENCY_STEPS);
    for (let i = 0; i < LATENCY_STEPS; i++) this.latencyFactor[i] = Math.exp(this.lat.spread * this.draws.normal((i + 0.5) / LATENCY_STEPS));
    this.refresh = rs.limit.countedUnit === "delivered-outside-csw";
    this.conversations = pricingModelAt(rs, cfg.startEpoch) === "CBP" ? new Map() : null;
    this.pmpFrom = rs.pricing.pmpFrom === null ? Infinity : (dayStartMs(rs.pricing.pmpFrom) ?? Infinity);
    this.prices = this.buildPrices();
  }

  scopeOfPhone(phone: number): Scope {
    return this.scopes[this.phones[phone].scope];
  }

  /** Limit reported in the summary: the portfolio's, or the first number's under per-number rules. */
  get headlineLimit(): Limit {
    return this.scopes[0].limit.limit;
  }

  get headlineQuality(): Quality {
    return this.scopes[0].rating;
  }

  /**
   * Attempts one template send from `phone` to `user` at `now`; the result is left in
   * {@link last}. Deliveries, failures and charges are recorded; replies and blocks are
   * scheduled as events.
   */
  attempt(user: number, template: number, phone: number, now: number): void {
    const last = this.last;
    last.countsTowardLimit = false;
    const t = this.templates[template];
    const pop = this.pop;
    const insideCsw = (last.insideCsw = pop.cswUntil[user] > now);
    this.rec.messages.attempted++;
    this.rec.add("attempted", now);

    const tcode = t.state.sendCode(now);
    if (tcode !== 0) return this.reject(tcode, now);

    const ph = this.phones[phone];
    if (!ph.gate.tryAcquire(now)) return this.reject(this.rs.throughput.code, now);
    if (!ph.pair.tryAcquire(user, now)) return this.reject(this.rs.pairRate.code, now);

    const scope = this.scopes[ph.scope];
    const ml = scope.limit;
    if (!insideCsw && !ml.isCounted(user, now)) {
      const limit = ml.limit;
      if (limit !== null && ml.count(now) >= limit) return this.reject(this.rs.limit.overLimitCode, now);
    }

    // Accepted from here on: the outcome is drawn now, its webhook arrives after the latency.
    this.rec.messages.accepted++;
    const k = pop.deliveries[user];
    const u = this.u;
    this.draws.fill8(user, k, u);
    const notifyAt = now + this.latency(this.lat.deliver, u[5]);

    const market = pop.market[user];
    let failCode = 0;
    if (pop.has(user, UNDELIVERABLE) || pop.has(user, BLOCKED)) failCode = CODE_UNDELIVERABLE;
    else if (t.marketing) {
      if (pop.has(user, OPTED_OUT)) failCode = CODE_OPTED_OUT;
      else {
        const budget = this.segBudget[pop.segment[user]];
        const others = othersUse(budget, this.rs.perUserCap.otherBusinessesShare, this.draws.othersUse(user, Math.floor(now / DAY)));
        failCode = this.cap.check(user, now, this.marketCodes[market], insideCsw, budget, others);
      }
    }
    if (failCode !== 0) {
      last.outcome = FAILED;
      last.code = failCode;
      if (notifyAt < this.cfg.horizon) this.rec.failure(failCode, notifyAt);
      else this.rec.messages.inFlight++;
      return;
    }

    // Delivered: count toward the limit, feed quality, charge, draw the user's reaction.
    const admitted = ml.admit(user, now, insideCsw);
    // Counts toward the limit: opens the user's place in the moving window, or renews it where
    // the era counts unique users delivered to (a repeat restarts their 24 h).
    last.countsTowardLimit = admitted === AdmitResult.COUNTED_NEW || (admitted === AdmitResult.ALREADY_COUNTED && this.refresh);
    if (admitted === AdmitResult.COUNTED_NEW) this.rec.add("uniqueReached", now);
    if (t.marketing) this.cap.record(user, now, insideCsw);
    pop.deliveries[user] = k + 1;
    last.outcome = DELIVERED;
    last.code = 0;
    if (notifyAt >= this.cfg.horizon) {
      this.rec.messages.inFlight++;
    } else {
      this.rec.messages.delivered++;
      this.rec.add("delivered", notifyAt);
      if (!pop.has(user, REACHED)) {
        pop.flags[user] |= REACHED;
        this.rec.users.reached++;
        this.rec.add("newlyReached", notifyAt);
      }
      this.charge(template, user, market, notifyAt, insideCsw);
    }
    scope.quality.recordDelivered(now);
    t.quality.recordDelivered(now);

    const seg = pop.segment[user];
    const prior = pop.touch(user, now, this.cfg.audience.fatigue.window);
    const fatigue = prior === 0 ? 1 : (1 + this.cfg.audience.fatigue.blockMultiplierPerMessage) ** prior;
    const replies = u[1] < this.segReply[seg];
    const reads = replies || u[0] < this.segRead[seg];
    const reports = u[3] < this.segReport[seg] * fatigue;
    const blocks = reports || u[2] < this.segBlock[seg] * fatigue;
    // Latencies are drawn only when their moment matters: most deliveries are never replied to or blocked.
    const readAt = reads ? notifyAt + this.latency(this.lat.read, u[6]) : notifyAt;
    if (reads) {
      t.quality.recordRead(now);
      if (readAt < this.cfg.horizon) {
        this.rec.messages.read++;
        this.rec.add("read", readAt);
      }
    }
    if (replies) this.sched.schedule(readAt + this.latency(this.lat.reply, u[7]), EV_REPLY, user);
    if (blocks) {
      const kind = EV_BLOCK_BASE + ((template * this.phones.length + phone) << 1) + (reports ? 1 : 0);
      this.sched.schedule(readAt, kind, user);
    }
    if (t.marketing && u[4] < this.segOptOut[seg]) pop.flags[user] |= OPTED_OUT;
  }

  private reject(code: number, now: number): void {
    this.last.outcome = REJECTED;
    this.last.code = code;
    this.rec.rejection(code, now);
  }

  /**
   * Log-normal delay with the given median and the configured spread, from a uniform: the
   * quantile is read from a 4,096-step table built once (latencies need no finer resolution,
   * and exp ∘ Φ⁻¹ per message was a tenth of the run time).
   */
  private latency(median: number, u: number): number {
    if (median <= 0) return 0;
    return Math.round(median * this.latencyFactor[(u * LATENCY_STEPS) | 0]);
  }

  /**
   * Charges one delivery. Prices come from a table built at setup with `priceOf` for every
   * (template, market, model, inside-CSW) — the rate card cannot change within a run, only the
   * model (CBP → PMP) at `pricing.pmpFrom` — so the hot path does no lookups by name.
   */
  private charge(t: number, user: number, market: number, at: number, insideCsw: boolean): void {
    const epochMs = this.cfg.startEpoch + at;
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
      open[user] = at + this.rs.pricing.conversationWindow;
    }
    const amount = this.prices[(((t * this.marketCodes.length + market) << 1) | (pmp ? 1 : 0)) * 2 + (insideCsw ? 1 : 0)];
    if (amount > 0) this.rec.charge(tpl.pricingCategory, amount, at);
  }

  private buildPrices(): Float64Array {
    const nm = this.marketCodes.length;
    const prices = new Float64Array(this.templates.length * nm * 4);
    const pmpAt = Number.isFinite(this.pmpFrom) ? Math.max(this.pmpFrom, this.cfg.startEpoch) : Infinity;
    this.templates.forEach((tpl, t) => {
      for (let m = 0; m < nm; m++) {
        for (const pmp of [0, 1]) {
          const epochMs = pmp ? pmpAt : this.cfg.startEpoch;
          if (!Number.isFinite(epochMs) || (pmp === 0 && epochMs >= this.pmpFrom)) continue;
          for (const csw of [0, 1]) {
            const p = priceOf(this.rs, { category: tpl.category, market: this.marketCodes[m], epochMs, insideCsw: csw === 1, insideFep: false });
            prices[(((t * nm + m) << 1) | pmp) * 2 + csw] = p.billable ? p.amount : 0;
          }
        }
      }
    });
    return prices;
  }

  /** A reply arrives: the user's customer-service window opens (or extends). */
  reply(user: number, now: number): void {
    this.pop.cswUntil[user] = now + this.rs.windows.csw;
    this.rec.add("replied", now);
    if (!this.pop.has(user, REPLIED)) {
      this.pop.flags[user] |= REPLIED;
      this.rec.users.replied++;
    }
  }

  /** An inbound message not prompted by a send also opens the window. */
  inbound(user: number, now: number): void {
    this.pop.cswUntil[user] = now + this.rs.windows.csw;
  }

  /** A block (and maybe a report) arrives from `user` about `template` sent by `phone`. */
  block(kindOffset: number, user: number, now: number): void {
    const report = (kindOffset & 1) === 1;
    const pair = kindOffset >> 1;
    const phone = pair % this.phones.length;
    const template = (pair - phone) / this.phones.length;
    const scope = this.scopeOfPhone(phone);
    const pop = this.pop;
    if (!pop.has(user, BLOCKED)) {
      pop.flags[user] |= BLOCKED;
      this.rec.users.blocked++;
      this.rec.add("blocked", now);
      scope.quality.recordBlock(now);
      this.templates[template].quality.recordBlock(now);
    }
    if (report && !pop.has(user, REPORTED)) {
      pop.flags[user] |= REPORTED;
      this.rec.users.reported++;
      scope.quality.recordReport(now);
      this.templates[template].quality.recordReport(now);
    }
  }

  /** Review time of a template submission, capped by the rule set. */
  reviewDelay(t: TemplateRuntime, u: number): number {
    return reviewDelay(t.cfg.review.median, t.cfg.review.p95, this.rs.templates.reviewMax, u);
  }

}
