// The simulated WhatsApp side. For every send attempt it applies models/ in the order the
// real platform would: template status, throughput, pair rate, the moving-24 h limit, then
// delivery (undeliverable numbers, per-user marketing cap, opt-outs) with its latencies; it
// feeds quality and schedules replies and blocks. State lives in typed arrays and a few
// model objects per number, portfolio and template — nothing is allocated per message.
import { AdmitResult, MessagingLimit, type LimitChange } from "../models/limit/messaging-limit.js";
import { QualityMeter } from "../models/quality/quality-meter.js";
import { TemplateState, TemplateQualityMeter, reviewDelay } from "../models/templates/lifecycle.js";
import { ThroughputGate, PairRate, PerUserMarketingCap, othersUse } from "../models/throughput/index.js";
import { priceOf, pricingCategory, pricingModelAt, type PricingCategory } from "../models/pricing.js";
import type { Limit, Quality, RuleSet, TemplateCategory } from "../models/rules/types.js";
import type { SimConfig, SimTemplate } from "./config.js";
import type { Draws } from "./draws.js";
import { BLOCKED, OPTED_OUT, REACHED, REPLIED, REPORTED, UNDELIVERABLE, type Population } from "./population.js";
import type { Recorder } from "./recorder.js";
import {
  CODE_OPTED_OUT,
  CODE_PAIR_RATE,
  CODE_TEMPLATE_NOT_APPROVED,
  CODE_THROUGHPUT,
  CODE_UNDELIVERABLE,
  DELIVERED,
  FAILED,
  REJECTED,
  type Outcome,
} from "./outcomes.js";

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
}

/** Kinds of the events the platform schedules (the simulation adds its own above these). */
export const EV_REPLY = 1;
/** Block events carry flags in the kind: base + ((template × phones + phone) × 2 + report). */
export const EV_BLOCK_BASE = 32;

const DAY = 86_400_000;

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
  readonly last: AttemptInfo = { outcome: DELIVERED, code: 0, countsTowardLimit: false };
  private readonly cap: PerUserMarketingCap;
  private readonly marketCodes: string[];
  private readonly u = new Float64Array(8);
  /** CBP only: end of the open conversation per user and pricing category. */
  private readonly conversations: Map<string, Float64Array> | null;
  private readonly segBlock: Float64Array;
  private readonly segReport: Float64Array;
  private readonly segRead: Float64Array;
  private readonly segReply: Float64Array;
  private readonly segOptOut: Float64Array;
  private readonly segBudget: Float64Array;
  private readonly lat: { deliver: number; read: number; reply: number; spread: number };

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
      limit: new MessagingLimit(rs, { limit: initial(phoneLimit), verification: cfg.business.verification, quality: cfg.business.quality, now: 0 }, uniformFor(`limit-${index}`)),
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
      this.phones.push({ id: ph.id, scope, gate: new ThroughputGate(mps), pair: new PairRate(rs.pairRate.burst, rs.pairRate.interval), mps, coexistence: ph.coexistence, upgradeAt: Infinity });
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
    this.cap = new PerUserMarketingCap(rs, { epochOffset: cfg.startEpoch });
    this.marketCodes = cfg.audience.markets.map((m) => m.code);
    const segs = cfg.audience.segments;
    this.segBlock = Float64Array.from(segs, (s) => s.block);
    this.segReport = Float64Array.from(segs, (s) => s.report);
    this.segRead = Float64Array.from(segs, (s) => s.read);
    this.segReply = Float64Array.from(segs, (s) => s.reply);
    this.segOptOut = Float64Array.from(segs, (s) => s.optOut);
    this.segBudget = Float64Array.from(segs, (s) => s.marketingBudget ?? rs.perUserCap.budget);
    this.lat = cfg.audience.latency;
    this.conversations = pricingModelAt(rs, cfg.startEpoch) === "CBP" ? new Map() : null;
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
    this.rec.messages.attempted++;
    this.rec.add("attempted", now);

    const tcode = t.state.sendCode(now);
    if (tcode !== 0) return this.reject(tcode, now);

    const ph = this.phones[phone];
    if (!ph.gate.tryAcquire(now)) return this.reject(CODE_THROUGHPUT, now);
    if (!ph.pair.tryAcquire(user, now)) return this.reject(CODE_PAIR_RATE, now);

    const scope = this.scopes[ph.scope];
    const insideCsw = pop.cswUntil[user] > now;
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
    last.countsTowardLimit = admitted === AdmitResult.COUNTED_NEW;
    if (last.countsTowardLimit) this.rec.add("uniqueReached", now);
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
      }
      this.charge(t, user, market, notifyAt, insideCsw);
    }
    scope.quality.recordDelivered(now);
    t.quality.recordDelivered(now);

    const seg = pop.segment[user];
    const prior = pop.touch(user, now, this.cfg.audience.fatigue.window);
    const fatigue = prior === 0 ? 1 : (1 + this.cfg.audience.fatigue.blockMultiplierPerMessage) ** prior;
    const replies = u[1] < this.segReply[seg];
    const reads = replies || u[0] < this.segRead[seg];
    const readAt = notifyAt + this.latency(this.lat.read, u[6]);
    if (reads) {
      t.quality.recordRead(now);
      if (readAt < this.cfg.horizon) {
        this.rec.messages.read++;
        this.rec.add("read", readAt);
      }
    }
    if (replies) this.sched.schedule(readAt + this.latency(this.lat.reply, u[7]), EV_REPLY, user);
    const reports = u[3] < Math.min(1, this.segReport[seg] * fatigue);
    if (reports || u[2] < Math.min(1, this.segBlock[seg] * fatigue)) {
      const kind = EV_BLOCK_BASE + ((template * this.phones.length + phone) << 1) + (reports ? 1 : 0);
      this.sched.schedule(reads ? readAt : notifyAt, kind, user);
    }
    if (t.marketing && u[4] < this.segOptOut[seg]) pop.flags[user] |= OPTED_OUT;
  }

  private reject(code: number, now: number): void {
    this.last.outcome = REJECTED;
    this.last.code = code;
    this.rec.rejection(code, now);
  }

  /** Log-normal delay with the given median and the configured spread, from a uniform. */
  private latency(median: number, u: number): number {
    if (median <= 0) return 0;
    return Math.round(median * Math.exp(this.lat.spread * this.draws.normal(u)));
  }

  private charge(t: TemplateRuntime, user: number, market: number, at: number, insideCsw: boolean): void {
    const epochMs = this.cfg.startEpoch + at;
    let opensConversation = true;
    let open: Float64Array | undefined;
    if (this.conversations && pricingModelAt(this.rs, epochMs) === "CBP") {
      // A conversation of a category lasts 24 h from its first delivered message; only its opening is charged.
      open = this.conversations.get(t.pricingCategory);
      if (!open || open.length <= user) {
        const grown = new Float64Array(this.pop.capacity);
        if (open) grown.set(open);
        this.conversations.set(t.pricingCategory, (open = grown));
      }
      opensConversation = open[user] <= at;
    }
    const price = priceOf(this.rs, { category: t.category, market: this.marketCodes[market], epochMs, insideCsw, insideFep: false, opensConversation });
    if (open && opensConversation && price.billable) open[user] = at + this.rs.pricing.conversationWindow;
    if (price.billable && price.amount > 0) this.rec.charge(t.pricingCategory, price.amount, at);
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

  /** Whether a send on this template would be refused, and with which code (0 = sendable). */
  templateCode(template: number, now: number): number {
    const code = this.templates[template].state.sendCode(now);
    return code === 0 ? 0 : code === CODE_TEMPLATE_NOT_APPROVED ? CODE_TEMPLATE_NOT_APPROVED : code;
  }

  /** Applies due limit changes of a scope and returns them. */
  advanceScope(scope: Scope, now: number): LimitChange[] {
    return scope.limit.advance(now);
  }
}
