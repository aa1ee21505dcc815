// Sending one template: the checks in the order the real platform applies them — template
// status, throughput, pair rate, the moving-24 h limit — then delivery (undeliverable users,
// blocks, opt-outs, the per-user marketing cap) with its latency, the count toward the limit,
// the charge, and the user's reaction: read, reply, block, report, opt-out. Replies and blocks
// arrive later as events this room owns. Nothing is allocated per message.
import { AdmitResult } from "../../models/limit/messaging-limit.js";
import { PayloadPool, residual } from "../engine/index.js";
import { fatigueCeiling, fatigueMultiplier } from "../../models/fatigue.js";
import { CODE_OPTED_OUT, CODE_UNDELIVERABLE, DELIVERED, FAILED, HELD, REJECTED, type AttemptInfo } from "../outcomes.js";
import type { PlatformContext, Rooms } from "./context.js";
import { blankTapMessage } from "./tap.js";
import { BLOCKED, OPTED_OUT, REACHED, REPLIED, REPORTED, UNDELIVERABLE, type Population } from "./population.js";
import { Daily } from "../recorder.js";

const LATENCY_STEPS = 4096;

/**
 * The send pipeline and the reactions it schedules.
 *
 * @example
 * ```ts
 * send.attempt(user, template, phone, now);
 * send.last.outcome; // DELIVERED, FAILED or REJECTED; send.last.code the error code
 * ```
 */
export class Send {
  readonly last: AttemptInfo = { outcome: DELIVERED, code: 0, countsTowardLimit: false, insideCsw: false, ticket: -1, notifyAt: -1, readAt: -1, replyAt: -1 };
  private readonly u = new Float64Array(2);
  /** The record handed to the wire tap, reused. */
  private readonly tapped = blankTapMessage();
  private readonly segBlock: Float64Array;
  /** No fatigue multiplier exceeds this (see fatigueCeiling). */
  private readonly fatigueCap: number;
  private readonly segReport: Float64Array;
  private readonly segRead: Float64Array;
  private readonly segReply: Float64Array;
  private readonly segOptOut: Float64Array;
  private readonly lat: { deliver: number; read: number; reply: number; spread: number };
  /** exp(σ·Φ⁻¹(u)) at the midpoints of LATENCY_STEPS equal slices of (0, 1). */
  private readonly latencyFactor: Float64Array;
  /** The era counts users delivered to in the moving window (a repeat renews the count). */
  private readonly refresh: boolean;
  /** Pending blocks: (user, template, phone, reported | delivery second << 1). */
  private readonly blocks = new PayloadPool(4);
  private readonly replyKind: number;
  private readonly blockKind: number;
  /** Outcomes of the last decideFeedback / decideRead (fields, so that nothing is allocated per message). */
  private reportsDrawn = false;
  private blocksDrawn = false;
  private repliesDrawn = false;
  private rooms!: Rooms;
  private pop!: Population;

  constructor(private readonly ctx: PlatformContext) {
    const { cfg, rs } = ctx;
    const segs = cfg.audience.segments;
    this.segBlock = Float64Array.from(segs, (s) => s.block);
    this.fatigueCap = fatigueCeiling(ctx.cfg.audience.fatigue.blockMultiplierPerMessage, ctx.cfg.audience.fatigue.maxBlockMultiplier);
    this.segReport = Float64Array.from(segs, (s) => s.report);
    this.segRead = Float64Array.from(segs, (s) => s.read);
    this.segReply = Float64Array.from(segs, (s) => s.reply);
    this.segOptOut = Float64Array.from(segs, (s) => s.optOut);
    this.lat = cfg.audience.latency;
    this.latencyFactor = new Float64Array(LATENCY_STEPS);
    for (let i = 0; i < LATENCY_STEPS; i++) this.latencyFactor[i] = Math.exp(this.lat.spread * ctx.draws.normal((i + 0.5) / LATENCY_STEPS));
    this.refresh = rs.limit.countedUnit === "delivered-outside-csw";
    this.replyKind = ctx.kinds.claim("send.reply", (u, now) => this.reply(u, now));
    this.blockKind = ctx.kinds.claim("send.block", (slot, now) => this.block(slot, now));
  }

  link(rooms: Rooms): void {
    this.rooms = rooms;
    this.pop = rooms.audience.pop;
  }

  /**
   * Attempts one template send from `phone` to `user` at `now`; the result is left in
   * {@link last}. Deliveries, failures and charges are recorded; replies and blocks are
   * scheduled as events. A message held for quality assessment (outcome HELD) is resolved
   * later through the listener, with `tag`.
   */
  attempt(user: number, template: number, phone: number, now: number, tag = -1): void {
    const { ctx, rooms, last } = this;
    const rec = ctx.rec;
    last.countsTowardLimit = false;
    last.ticket = -1;
    last.notifyAt = last.readAt = last.replyAt = -1;
    const t = rooms.templates.list[template];
    const insideCsw = (last.insideCsw = this.pop.cswUntil[user] > now);
    // The delivery's two uniforms, drawn before the checks though only a delivery uses them: a
    // pure function of (user, delivery number), so drawing early changes nothing, and the
    // generator's ten dependent rounds then run while the processor works through the checks
    // instead of stalling the delivery that waits on them. A held message draws again on release.
    this.ctx.draws.fill2(user, this.pop.deliveries[user], this.u);
    rec.messages.attempted++;
    rec.add(Daily.attempted, now);

    const tcode = t.state.sendCode(now);
    if (tcode !== 0) return this.reject(tcode, now);
    if (rooms.pacing.portfolioInReview(now)) return this.reject(ctx.rs.portfolioPacing.code, now);
    // A block of the enforcement ladder refuses every template (they are all business-initiated).
    if (rooms.enforcement.blocked(now)) return this.reject(ctx.rs.enforcement.blockCode, now);

    // Throughput and the pair rate are checked first but their tokens are taken only once every
    // check has passed: a send the platform refuses uses none of either.
    const ph = rooms.throughput.phones[phone];
    if (!ph.gate.canAcquire(now)) return this.reject(ctx.rs.throughput.code, now);
    if (!ph.pair.canAcquire(user, now)) return this.reject(ctx.rs.pairRate.code, now);

    const limits = rooms.limits;
    const ml = limits.scopes[ph.scope].limit;
    const fresh = !insideCsw && !ml.isCounted(user, now);
    if (fresh) {
      const limit = ml.limit;
      const counted = ml.count(now) + limits.reserved[ph.scope];
      if (limit !== null && counted >= limit) return this.reject(ctx.rs.limit.overLimitCode, now);
      // The spam rate limit: a scope whose feedback marks it a spammer reaches few new users.
      if (rooms.enforcement.spamLimited[ph.scope] === 1 && counted >= ctx.rs.enforcement.spamLimitedTo) return this.reject(ctx.rs.enforcement.spamCode, now);
    }

    // Accepted from here on.
    ph.gate.tryAcquire(now);
    ph.pair.tryAcquire(user, now);
    rec.messages.accepted++;
    if (rooms.pacing.hold(template, user, phone, tag, now, fresh)) {
      // Held for quality assessment: a fresh user keeps a place under the limit until then.
      if (fresh) limits.reserve(ph.scope);
      last.outcome = HELD;
      last.code = 0;
      last.ticket = rooms.pacing.ticket;
      return;
    }
    this.deliverDrawn(user, template, phone, now);
  }

  /**
   * Delivery of an accepted message at `now` — at once, or when pacing releases it: the outcome
   * is drawn now and its webhook arrives after the latency. Undeliverable users, blocks,
   * opt-outs and the per-user cap fail it; otherwise it counts toward the limit, is charged,
   * feeds quality and draws the user's reaction. Returns {@link last}.
   */
  deliver(user: number, template: number, phone: number, now: number): AttemptInfo {
    this.ctx.draws.fill2(user, this.pop.deliveries[user], this.u);
    return this.deliverDrawn(user, template, phone, now);
  }

  /** {@link deliver}, with the delivery's two uniforms already in `u` (see fill2). */
  private deliverDrawn(user: number, template: number, phone: number, now: number): AttemptInfo {
    const { ctx, rooms, last } = this;
    const rec = ctx.rec;
    const cfg = ctx.cfg;
    const pop = this.pop;
    const t = rooms.templates.list[template];
    const insideCsw = (last.insideCsw = pop.cswUntil[user] > now);
    last.countsTowardLimit = false;
    last.ticket = -1;
    const scope = rooms.throughput.phones[phone].scope;
    const ml = rooms.limits.scopes[scope].limit;
    const k = pop.deliveries[user];
    const u = this.u;
    // Two uniforms decide a delivery (see fill2): u[0] the reply and the read, u[1] the opt-out
    // and the feedback. Each decision leaves a residual, uniform and independent of it, from
    // which the next decision or a latency is drawn.
    const seg = pop.segment[user];
    const optOutRate = this.segOptOut[seg];
    const optOutDrawn = u[1] < optOutRate;
    let rest = residual(u[1], optOutRate);
    last.readAt = last.replyAt = -1;

    const market = pop.market[user];
    let failCode = 0;
    if (pop.has(user, UNDELIVERABLE) || pop.has(user, BLOCKED)) failCode = CODE_UNDELIVERABLE;
    // The cap counts a marketing delivery it lets through: nothing after it can fail the message.
    else if (t.marketing) failCode = pop.has(user, OPTED_OUT) ? CODE_OPTED_OUT : rooms.caps.admit(user, phone, now, insideCsw);
    if (failCode !== 0) {
      const notifyAt = (last.notifyAt = now + this.latency(this.lat.deliver, rest));
      last.outcome = FAILED;
      last.code = failCode;
      if (notifyAt < cfg.horizon) rec.failure(failCode, notifyAt);
      else rec.messages.inFlight++;
      if (ctx.tap !== null) this.tell(user, template, phone, now, notifyAt, failCode, -1, -1, false, insideCsw);
      return last;
    }

    // Delivered. The feedback (a block, maybe with a report) is decided on what the opt-out draw
    // left (see decideFeedback).
    const exposure = pop.touch(user, now, cfg.audience.fatigue.window);
    rest = this.decideFeedback(rest, seg, exposure);
    const reports = this.reportsDrawn;
    const blocks = this.blocksDrawn;
    // What is left sets the delivery latency (its 4,096-step table index) and, from the bits below
    // that index, the reply latency.
    const steps = rest * LATENCY_STEPS;
    const replyU = steps - (steps | 0);
    const notifyAt = (last.notifyAt = now + this.latency(this.lat.deliver, rest));

    // Count toward the limit, feed quality, charge, draw the user's reaction.
    const admitted = ml.admit(user, now, insideCsw);
    // Counts toward the limit: opens the user's place in the moving window, or renews it where
    // the era counts unique users delivered to (a repeat restarts their 24 h).
    last.countsTowardLimit = admitted === AdmitResult.COUNTED_NEW || (admitted === AdmitResult.ALREADY_COUNTED && this.refresh);
    if (admitted === AdmitResult.COUNTED_NEW) rec.add(Daily.uniqueReached, now);
    pop.deliveries[user] = k + 1;
    last.outcome = DELIVERED;
    last.code = 0;
    if (notifyAt >= cfg.horizon) {
      rec.messages.inFlight++;
    } else {
      rec.messages.delivered++;
      rec.add(Daily.delivered, notifyAt);
      if (!pop.has(user, REACHED)) {
        pop.flags[user] |= REACHED;
        rec.users.reached++;
        rec.add(Daily.newlyReached, notifyAt);
      }
      rooms.pricing.charge(template, user, market, notifyAt, insideCsw);
    }
    rooms.quality.recordDelivered(phone, template, now);
    if (!insideCsw) rooms.throughput.delivered(phone, user, now);
    rooms.pacing.delivered();

    // The reply and the read (see decideRead).
    const readDelay = this.decideRead(u[0], seg);
    const replies = this.repliesDrawn;
    const reads = readDelay >= 0;
    const readAt = reads ? notifyAt + readDelay : notifyAt;
    if (reads) {
      last.readAt = readAt;
      rooms.quality.recordRead(template, now);
      if (readAt < cfg.horizon) {
        rec.messages.read++;
        rec.add(Daily.read, readAt);
      }
    }
    const replyAt = replies ? readAt + this.latency(this.lat.reply, replyU) : -1;
    if (replies) ctx.engine.schedule((last.replyAt = replyAt), this.replyKind, user);
    // A block event carries the delivery's second, so feedback is filed under the delivery it answers.
    if (blocks) ctx.engine.schedule(readAt, this.blockKind, this.blocks.alloc(user, template, phone, (reports ? 1 : 0) | (Math.floor(now / 1000) << 1)));
    const optsOut = t.marketing && optOutDrawn && !pop.has(user, OPTED_OUT);
    if (optsOut) {
      // The user stops marketing from the business (user_preferences webhook): every later
      // marketing template fails with 131050, and the business stops targeting them.
      pop.flags[user] |= OPTED_OUT;
      ctx.listener.optedOut?.(user, notifyAt);
      if (notifyAt < cfg.horizon) {
        rec.users.optedOut++;
        rec.add(Daily.optedOut, notifyAt);
      }
    }
    if (last.countsTowardLimit) rooms.limits.afterCount(scope, now);
    if (ctx.tap !== null) this.tell(user, template, phone, now, notifyAt, 0, reads ? readAt : -1, replyAt, optsOut, insideCsw);
    return last;
  }

  /**
   * Replays a message the business's own webhooks show delivered (a backtest): it was sent from
   * `phone` to `user` at `now` whatever the model would have decided, so it counts toward the
   * limit, is charged and feeds quality as {@link deliver} does, with the user's read taken from
   * the log (`read`) and blocks and reports — which no webhook carries — drawn from the segment's
   * rates with the same keyed draws as a run. Replies are not drawn: the log's own inbound
   * messages open the customer-service window. Returns the code the model would have refused
   * the send with at `now` (template status, enforcement block, the moving-24 h limit — unless
   * a limit change falls due by `until`: a log's moment is only known to its second), or 0.
   * A message pacing `released` took no send slot (a release is not throttled). Never called by
   * a run: it costs normal runs nothing.
   */
  replayDelivered(user: number, template: number, phone: number, now: number, read: boolean, until = now, released = false): number {
    const { ctx, rooms } = this;
    const rec = ctx.rec;
    const pop = this.pop;
    const t = rooms.templates.list[template];
    const insideCsw = pop.cswUntil[user] > now;
    const scope = rooms.throughput.phones[phone].scope;
    const ml = rooms.limits.scopes[scope].limit;
    let refused = t.state.sendCode(now);
    if (refused === 0 && rooms.enforcement.blocked(now)) refused = ctx.rs.enforcement.blockCode;
    const fresh = !insideCsw && !ml.isCounted(user, now);
    const before = fresh ? ml.count(now) + rooms.limits.reserved[scope] : 0;
    rec.messages.attempted++;
    rec.messages.accepted++;
    rec.add(Daily.attempted, now);
    // It took one of the number's send slots, as a run's send does (see Platform.replaySlot).
    if (!released) rooms.throughput.phones[phone].gate.tryAcquire(now);
    // Counted whatever the limit says: the platform did send it. The limit compared is the one
    // in force after the limit's own timers due now (admitting applies them first).
    const admitted = ml.admitObserved(user, now, insideCsw);
    if (refused === 0 && fresh && ml.limit !== null && before >= ml.limit) {
      // A limit change due before `until` (the end of the logged second) may have let it through.
      const due = ml.nextDueAt();
      if (due === null || due > until) refused = ctx.rs.limit.overLimitCode;
    }
    const counted = admitted === AdmitResult.COUNTED_NEW || (admitted === AdmitResult.ALREADY_COUNTED && this.refresh);
    if (admitted === AdmitResult.COUNTED_NEW) rec.add(Daily.uniqueReached, now);
    const k = pop.deliveries[user];
    pop.deliveries[user] = k + 1;
    const u = this.u;
    // The same two uniforms a run draws for this delivery (see deliver): u[1] the opt-out, then
    // on its residual the feedback, then the delivery latency; u[0] the reply and the read.
    ctx.draws.fill2(user, k, u);
    const seg = pop.segment[user];
    if (now < ctx.cfg.horizon) {
      rec.messages.delivered++;
      rec.add(Daily.delivered, now);
      if (!pop.has(user, REACHED)) {
        pop.flags[user] |= REACHED;
        rec.users.reached++;
        rec.add(Daily.newlyReached, now);
      }
      rooms.pricing.charge(template, user, pop.market[user], now, insideCsw);
    }
    rooms.quality.recordDelivered(phone, template, now);
    if (!insideCsw) rooms.throughput.delivered(phone, user, now);
    rooms.pacing.delivered();
    rooms.pacing.replayed(template, now);
    const exposure = pop.touch(user, now, ctx.cfg.audience.fatigue.window);
    if (read) {
      rooms.quality.recordRead(template, now);
      rec.messages.read++;
      rec.add(Daily.read, now);
    }
    const rest = this.decideFeedback(residual(u[1], this.segOptOut[seg]), seg, exposure);
    if (this.blocksDrawn) {
      // Blocks come when a run's would: after the delivery and read latencies drawn as a run draws them.
      const reports = this.reportsDrawn;
      const notifyAt = now + this.latency(this.lat.deliver, rest);
      const readDelay = this.decideRead(u[0], seg);
      const readAt = readDelay >= 0 ? notifyAt + readDelay : notifyAt;
      ctx.engine.schedule(readAt, this.blockKind, this.blocks.alloc(user, template, phone, (reports ? 1 : 0) | (Math.floor(now / 1000) << 1)));
    }
    if (counted) rooms.limits.afterCount(scope, now);
    return refused;
  }

  /**
   * The feedback on a delivery to a user of segment `seg` with fatigue exposure `exposure`,
   * decided on `rest` (what the opt-out draw left): the outcome in {@link reportsDrawn} and
   * {@link blocksDrawn}, and what this decision leaves returned. By the joint law of independent
   * report and block draws: a report (which blocks too) below report × m, a block without a
   * report in the next (1 − report × m) × block × m, where m is the fatigue multiplier. m never
   * exceeds its cap, so a draw above (report + block) × cap is "neither" without computing m: most
   * deliveries skip its exp(), and their residual is taken above that cap. One rule for runs and
   * replays, so that a replayed log draws what its run drew.
   */
  private decideFeedback(rest: number, seg: number, exposure: number): number {
    const reportRate = this.segReport[seg];
    const blockRate = this.segBlock[seg];
    const feedbackCap = (reportRate + blockRate) * this.fatigueCap;
    this.reportsDrawn = this.blocksDrawn = false;
    if (rest < feedbackCap) {
      const fatigue = this.ctx.cfg.audience.fatigue;
      const multiplier = fatigueMultiplier(exposure, fatigue.blockMultiplierPerMessage, fatigue.maxBlockMultiplier);
      // Edges clamped to 1 (extreme rates × m), so that each residual spans its whole interval.
      const reportP = Math.min(1, reportRate * multiplier);
      const blockEdge = Math.min(1, reportP + (1 - reportP) * blockRate * multiplier);
      const reports = (this.reportsDrawn = rest < reportP);
      const blocks = (this.blocksDrawn = rest < blockEdge);
      return reports ? rest / reportP : blocks ? (rest - reportP) / (blockEdge - reportP) : (rest - blockEdge) / (Math.min(1, feedbackCap) - blockEdge);
    }
    return feedbackCap > 0 ? (rest - feedbackCap) / (1 - feedbackCap) : rest;
  }

  /**
   * The read of a delivery to a user of segment `seg`, decided on `u` (the delivery's first
   * uniform): a reply (which reads too) below reply, else a read below read on the reply draw's
   * residual. Returns the read latency, from the residual of whichever decided the read, or −1
   * when unread; whether it was a reply is left in {@link repliesDrawn}.
   */
  private decideRead(u: number, seg: number): number {
    const replyRate = this.segReply[seg];
    const replies = (this.repliesDrawn = u < replyRate);
    const afterReply = residual(u, replyRate);
    if (!replies && !(afterReply < this.segRead[seg])) return -1;
    return this.latency(this.lat.read, replies ? afterReply : residual(afterReply, this.segRead[seg]));
  }

  /** Tells the wire tap that a held message was dropped with `code` at `now`. */
  tellDropped(user: number, template: number, phone: number, now: number, code: number): void {
    if (this.ctx.tap !== null) this.tell(user, template, phone, now, now, code, -1, -1, false, this.pop.cswUntil[user] > now);
  }

  private tell(user: number, template: number, phone: number, sentAt: number, at: number, code: number, readAt: number, replyAt: number, optOut: boolean, insideCsw: boolean): void {
    const m = this.tapped;
    m.user = user;
    m.segment = this.pop.segment[user];
    m.market = this.pop.market[user];
    m.template = template;
    m.phone = phone;
    m.sentAt = sentAt;
    m.at = at;
    m.code = code;
    m.readAt = readAt;
    m.replyAt = replyAt;
    m.optOut = optOut;
    m.insideCsw = insideCsw;
    this.ctx.tap?.message(m);
  }

  private reject(code: number, now: number): void {
    this.last.outcome = REJECTED;
    this.last.code = code;
    this.ctx.rec.rejection(code, now);
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

  /** A reply arrives: the user's customer-service window opens (or extends). */
  private reply(user: number, now: number): void {
    const { rec } = this.ctx;
    this.rooms.audience.openWindow(user, now);
    this.ctx.listener.userMessage?.(user, "reply", now);
    rec.add(Daily.replied, now);
    if (!this.pop.has(user, REPLIED)) {
      this.pop.flags[user] |= REPLIED;
      rec.users.replied++;
    }
  }

  /** A block (and maybe a report) arrives from a user about a template sent by a number. */
  private block(slot: number, now: number): void {
    const b = this.blocks;
    const user = b.get(slot, 0);
    const template = b.get(slot, 1);
    const phone = b.get(slot, 2);
    const packed = b.get(slot, 3);
    b.release(slot);
    const report = (packed & 1) === 1;
    const deliveredAt = (packed >>> 1) * 1000;
    const { rec } = this.ctx;
    const pop = this.pop;
    const quality = this.rooms.quality;
    if (!pop.has(user, BLOCKED)) {
      pop.flags[user] |= BLOCKED;
      rec.users.blocked++;
      rec.add(Daily.blocked, now);
      if (report) {
        pop.flags[user] |= REPORTED;
        rec.users.reported++;
      }
      quality.recordFeedback(phone, template, deliveredAt, now, report);
    } else if (report && !pop.has(user, REPORTED)) {
      // Blocked earlier, reports now: the block's weight becomes a report's.
      pop.flags[user] |= REPORTED;
      rec.users.reported++;
      quality.upgradeToReport(phone, template, deliveredAt, now);
    }
  }
}
