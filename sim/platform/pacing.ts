// Pacing: template pacing and business-portfolio pacing (models/templates/pacing.ts,
// portfolio-pacing.ts). This room decides at admission whether a message goes out or is held,
// keeps the held messages, judges the early feedback when a listening period ends, and then
// releases the held messages (they are delivered then: counted and charged) or drops them
// (132015: neither counted nor charged) — telling the business side about each one through the
// listener, as Meta's status webhooks would.
import { dayStartMs } from "../../models/dates.js";
import { PACE_HOLD, TemplatePacing } from "../../models/templates/pacing.js";
import { PortfolioPacing } from "../../models/templates/portfolio-pacing.js";
import { FAILED, type AttemptInfo } from "../outcomes.js";
import type { PlatformContext, Rooms } from "./context.js";
import { HELD_LIMITS, HeldQueue } from "./held.js";

/**
 * Template and portfolio pacing of one run.
 *
 * @example
 * ```ts
 * if (pacing.hold(template, user, phone, tag, now, reserve)) {
 *   // accepted with status held_for_quality_assessment; released or dropped at a later check
 * }
 * ```
 */
export class Pacing {
  private readonly models: TemplatePacing[];
  private readonly held: HeldQueue[];
  private readonly checkDue: Float64Array;
  private readonly portfolio: PortfolioPacing;
  private readonly portfolioHeld: HeldQueue;
  private portfolioCheckDue = Infinity;
  /** Virtual time from which template pacing applies. */
  private readonly templateFrom: number;
  private lastUtilityPause = -Infinity;
  private readonly checkKind: number;
  private readonly portfolioCheckKind: number;
  private readonly reviewEndKind: number;
  private rooms!: Rooms;
  /** Ticket of the message {@link hold} held last. */
  ticket = -1;
  /** What the business hears of a dropped message (reused). */
  private readonly dropped: AttemptInfo = { outcome: FAILED, code: 0, countsTowardLimit: false, insideCsw: false, ticket: -1, notifyAt: -1, readAt: -1, replyAt: -1 };

  constructor(private readonly ctx: PlatformContext) {
    const { rs, cfg } = ctx;
    const n = cfg.templates.length;
    this.models = Array.from({ length: n }, () => new TemplatePacing(rs.templates.pacing));
    if (cfg.business.phones.length > HELD_LIMITS.phones || n > HELD_LIMITS.templates || cfg.campaigns.length > HELD_LIMITS.tags) {
      throw new RangeError(`pacing holds at most ${HELD_LIMITS.phones} phone numbers, ${HELD_LIMITS.templates} templates and ${HELD_LIMITS.tags} campaigns`);
    }
    this.held = Array.from({ length: n }, (_, i) => new HeldQueue(i));
    this.portfolioHeld = new HeldQueue(n);
    this.checkDue = new Float64Array(n).fill(Infinity);
    this.templateFrom = virtual(rs.templates.pacing.from, cfg.startEpoch);
    this.portfolio = new PortfolioPacing(rs.portfolioPacing, cfg.business.templatesLast365d, virtual(rs.portfolioPacing.from, cfg.startEpoch));
    this.checkKind = ctx.kinds.claim("pacing.check", (t, now) => this.check(t, now));
    this.portfolioCheckKind = ctx.kinds.claim("pacing.portfolio-check", (_, now) => this.portfolioCheck(now));
    this.reviewEndKind = ctx.kinds.claim("pacing.review-end", (_, now) => this.reviewEnd(now));
  }

  link(rooms: Rooms): void {
    this.rooms = rooms;
  }

  /** Messages held right now (template and portfolio pacing). */
  get heldNow(): number {
    let n = this.portfolioHeld.size;
    for (const q of this.held) n += q.size;
    return n;
  }

  /** Whether a review after bad portfolio-pacing feedback blocks template sends at `now`. */
  portfolioInReview(now: number): boolean {
    return this.portfolio.inReview(now);
  }

  /** The template needs a quality assessment before it sends freely (approved, unpaused, rating fell). */
  requireAssessment(template: number): void {
    this.models[template].requireAssessment();
  }

  /** A UTILITY template was paused at `now`: utility templates are paced for a while. */
  noteUtilityPause(now: number): void {
    this.lastUtilityPause = now;
  }

  /** A template message was delivered: the portfolio's 365-day count grows. */
  delivered(): void {
    this.portfolio.delivered();
  }

  /**
   * Whether an accepted message is held: template pacing first, then portfolio pacing. A held
   * message is recorded here, with `reserve` saying it took a place under the messaging limit;
   * its ticket is left in `ticket`.
   */
  hold(template: number, user: number, phone: number, tag: number, now: number, reserve: boolean): boolean {
    // The decisions here, the holding in calls of their own: a send nothing paces stays a small
    // path that V8 inlines into the send. Most sends go to a template that needs no assessment:
    // nothing to decide or schedule.
    const m = this.models[template];
    if (!m.quiet) {
      if (m.decide(now, this.applies(template, now)) === PACE_HOLD) return this.holdForTemplate(template, user, phone, tag, now, reserve);
      this.ensureCheck(template);
    }
    if (this.portfolio.decide(now) !== PACE_HOLD) return false;
    return this.holdForPortfolio(template, user, phone, tag, now, reserve);
  }

  private holdForTemplate(template: number, user: number, phone: number, tag: number, now: number, reserve: boolean): boolean {
    const { ctx } = this;
    const q = this.held[template];
    if (q.size === 0) ctx.rec.event(now, { type: "template-paced", template: this.rooms.templates.list[template].name });
    this.ticket = q.push(user, phone, template, tag, reserve);
    ctx.rec.messages.held++;
    return true;
  }

  private holdForPortfolio(template: number, user: number, phone: number, tag: number, now: number, reserve: boolean): boolean {
    const { ctx } = this;
    if (this.portfolioHeld.size === 0) {
      ctx.rec.event(now, { type: "portfolio-paused", templates365d: this.portfolio.templates365d });
      const at = this.portfolio.checkAt!;
      if (at < ctx.cfg.horizon) ctx.engine.schedule((this.portfolioCheckDue = at), this.portfolioCheckKind, 0);
    }
    this.ticket = this.portfolioHeld.push(user, phone, template, tag, reserve);
    ctx.rec.messages.held++;
    return true;
  }

  /**
   * Replay (a backtest): the moment the pacing assessment of `template` under way is judged, if
   * before `until`, else −1. A logged delivery of the template in the second holding that moment
   * is one the assessment released: the run delivered everything it held at that instant,
   * before the timers due then (the quality tick among them) and outside the throughput gate.
   */
  replayReleaseDue(template: number, until: number): number {
    const at = this.models[template].checkAt;
    return at !== null && at < until ? at : -1;
  }

  /**
   * Replay: keeps the pacing of `template` in step with a logged delivery at `now` as a run's
   * send would (an assessment starts, its check is scheduled), holding nothing: the log says the
   * message went out.
   */
  replayed(template: number, now: number): void {
    this.models[template].decide(now, this.applies(template, now));
    this.ensureCheck(template);
  }

  /** The template was paused or disabled: its running assessment ends and what it holds fails. */
  onPaused(template: number, now: number): void {
    const m = this.models[template];
    if (m.active) m.assessed(false);
    this.checkDue[template] = Infinity;
    this.drop(this.held[template], now, "template", template);
  }

  private applies(template: number, now: number): boolean {
    if (now < this.templateFrom) return false;
    const t = this.rooms.templates.list[template];
    if (t.marketing) return true;
    return t.category === "UTILITY" && now - this.lastUtilityPause <= this.ctx.rs.templates.pacing.utilityAfterPause;
  }

  private ensureCheck(template: number): void {
    const at = this.models[template].checkAt;
    if (at === null || at === this.checkDue[template] || at >= this.ctx.cfg.horizon) return;
    this.checkDue[template] = at;
    this.ctx.engine.schedule(at, this.checkKind, template);
  }

  private check(template: number, now: number): void {
    if (this.checkDue[template] !== now) return;
    this.checkDue[template] = Infinity;
    const m = this.models[template];
    if (!m.active) return;
    const p = this.ctx.rs.templates.pacing;
    const bad = this.rooms.quality.templateFeedbackAtLeast(template, m.since, now, p.minFeedback, p.badAt);
    if (bad) {
      // The next pause step; pausing drops what is held (onPaused).
      this.rooms.templates.strike(template, now);
      if (m.active) this.onPaused(template, now);
      return;
    }
    m.assessed(true);
    this.release(this.held[template], this.held[template].size, now, "template", template);
  }

  private portfolioCheck(now: number): void {
    if (this.portfolioCheckDue !== now) return;
    this.portfolioCheckDue = Infinity;
    const p = this.portfolio;
    if (!p.pacing) return;
    const pp = this.ctx.rs.portfolioPacing;
    if (!p.applies(now)) {
      // The portfolio has grown past the threshold: it is no longer paced, what it holds goes out.
      const n = this.portfolioHeld.size;
      this.release(this.portfolioHeld, n, now, "portfolio", -1);
      p.released(now, n, 0);
      return;
    }
    const bad = this.rooms.quality.portfolioFeedbackAtLeast(p.since, now, pp.minFeedback, pp.badAt);
    if (bad) {
      p.failed(now);
      this.drop(this.portfolioHeld, now, "portfolio", -1);
      this.ctx.rec.event(now, { type: "portfolio-review-started", until: this.ctx.rec.iso(p.reviewEnds) });
      if (p.reviewEnds < this.ctx.cfg.horizon) this.ctx.engine.schedule(p.reviewEnds, this.reviewEndKind, 0);
      return;
    }
    const n = Math.min(pp.batchSize, this.portfolioHeld.size);
    this.release(this.portfolioHeld, n, now, "portfolio", -1);
    p.released(now, n, this.portfolioHeld.size);
    const at = p.checkAt;
    if (at !== null && at < this.ctx.cfg.horizon) this.ctx.engine.schedule((this.portfolioCheckDue = at), this.portfolioCheckKind, 0);
  }

  private reviewEnd(now: number): void {
    if (this.portfolio.inReview(now)) return;
    this.ctx.rec.event(now, { type: "portfolio-review-ended" });
    this.ctx.listener.wake("portfolio", 0, now);
  }

  /** Delivers the `n` oldest held messages now. */
  private release(q: HeldQueue, n: number, now: number, pacing: "template" | "portfolio", template: number): void {
    if (n === 0) return;
    const { ctx, rooms } = this;
    for (let i = 0; i < n; i++) {
      const user = q.user(0);
      const phone = q.phone(0);
      if (q.isReserved(0)) rooms.limits.unreserve(rooms.throughput.phones[phone].scope);
      const tpl = q.template(0);
      const tag = q.tag(0);
      const ticket = q.ticket(0);
      q.shift();
      ctx.listener.resolved(tag, user, rooms.send.deliver(user, tpl, phone, now), ticket, now);
    }
    ctx.rec.event(now, { type: "pacing-released", pacing, ...(template >= 0 ? { template: rooms.templates.list[template].name } : {}), count: n });
  }

  /** Fails every held message now with the pacing code: not charged, not counted. */
  private drop(q: HeldQueue, now: number, pacing: "template" | "portfolio", template: number): void {
    const n = q.size;
    if (n === 0) return;
    const { ctx, rooms } = this;
    const code = pacing === "template" ? ctx.rs.templates.pausedCode : ctx.rs.portfolioPacing.code;
    while (q.size > 0) {
      const user = q.user(0);
      const phone = q.phone(0);
      if (q.isReserved(0)) rooms.limits.unreserve(rooms.throughput.phones[phone].scope);
      const tag = q.tag(0);
      const ticket = q.ticket(0);
      const tpl = q.template(0);
      q.shift();
      ctx.rec.failure(code, now);
      rooms.send.tellDropped(user, tpl, phone, now, code);
      const info = this.dropped;
      info.code = code;
      info.insideCsw = rooms.audience.pop.cswUntil[user] > now;
      info.notifyAt = now;
      ctx.listener.resolved(tag, user, info, ticket, now);
    }
    ctx.rec.event(now, { type: "pacing-dropped", pacing, ...(template >= 0 ? { template: rooms.templates.list[template].name } : {}), count: n });
    rooms.enforcement.pacingDropped(now);
  }

  /** Messages still held at the horizon are in flight. */
  finish(): void {
    this.ctx.rec.messages.inFlight += this.heldNow;
  }
}

function virtual(day: string | null, startEpoch: number): number {
  if (day === null) return Infinity;
  const ms = dayStartMs(day);
  return ms === undefined ? Infinity : ms - startEpoch;
}
