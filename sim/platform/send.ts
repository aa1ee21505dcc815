// Sending one template: the checks in the order the real platform applies them — template
// status, throughput, pair rate, the moving-24 h limit — then delivery (undeliverable users,
// blocks, opt-outs, the per-user marketing cap) with its latency, the count toward the limit,
// the charge, and the user's reaction: read, reply, block, report, opt-out. Replies and blocks
// arrive later as events this room owns. Nothing is allocated per message.
import { AdmitResult } from "../../models/limit/messaging-limit.js";
import { PayloadPool } from "../engine/index.js";
import { CODE_OPTED_OUT, CODE_UNDELIVERABLE, DELIVERED, FAILED, REJECTED, type Outcome } from "../outcomes.js";
import type { PlatformContext, Rooms } from "./context.js";
import { BLOCKED, OPTED_OUT, REACHED, REPLIED, REPORTED, UNDELIVERABLE, type Population } from "./population.js";

/** Result of the last attempt (one reused object). */
export interface AttemptInfo {
  outcome: Outcome;
  code: number;
  countsTowardLimit: boolean;
  /** The user had an open customer-service window at the attempt. */
  insideCsw: boolean;
}

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
  readonly last: AttemptInfo = { outcome: DELIVERED, code: 0, countsTowardLimit: false, insideCsw: false };
  private readonly u = new Float64Array(8);
  private readonly segBlock: Float64Array;
  private readonly segReport: Float64Array;
  private readonly segRead: Float64Array;
  private readonly segReply: Float64Array;
  private readonly segOptOut: Float64Array;
  private readonly lat: { deliver: number; read: number; reply: number; spread: number };
  /** exp(σ·Φ⁻¹(u)) at the midpoints of LATENCY_STEPS equal slices of (0, 1). */
  private readonly latencyFactor: Float64Array;
  /** The era counts users delivered to in the moving window (a repeat renews the count). */
  private readonly refresh: boolean;
  /** Pending blocks: (user, template, phone, reported). */
  private readonly blocks = new PayloadPool(4);
  private readonly replyKind: number;
  private readonly blockKind: number;
  private rooms!: Rooms;
  private pop!: Population;

  constructor(private readonly ctx: PlatformContext) {
    const { cfg, rs } = ctx;
    const segs = cfg.audience.segments;
    this.segBlock = Float64Array.from(segs, (s) => s.block);
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
   * scheduled as events.
   */
  attempt(user: number, template: number, phone: number, now: number): void {
    const { ctx, rooms, last } = this;
    const rec = ctx.rec;
    const cfg = ctx.cfg;
    last.countsTowardLimit = false;
    const t = rooms.templates.list[template];
    const pop = this.pop;
    const insideCsw = (last.insideCsw = pop.cswUntil[user] > now);
    rec.messages.attempted++;
    rec.add("attempted", now);

    const tcode = t.state.sendCode(now);
    if (tcode !== 0) return this.reject(tcode, now);

    const ph = rooms.throughput.phones[phone];
    if (!ph.gate.tryAcquire(now)) return this.reject(ctx.rs.throughput.code, now);
    if (!ph.pair.tryAcquire(user, now)) return this.reject(ctx.rs.pairRate.code, now);

    const scope = ph.scope;
    const ml = rooms.limits.scopes[scope].limit;
    if (!insideCsw && !ml.isCounted(user, now)) {
      const limit = ml.limit;
      if (limit !== null && ml.count(now) >= limit) return this.reject(ctx.rs.limit.overLimitCode, now);
    }

    // Accepted from here on: the outcome is drawn now, its webhook arrives after the latency.
    rec.messages.accepted++;
    const k = pop.deliveries[user];
    const u = this.u;
    ctx.draws.fill8(user, k, u);
    const notifyAt = now + this.latency(this.lat.deliver, u[5]);

    const market = pop.market[user];
    let failCode = 0;
    if (pop.has(user, UNDELIVERABLE) || pop.has(user, BLOCKED)) failCode = CODE_UNDELIVERABLE;
    else if (t.marketing) failCode = pop.has(user, OPTED_OUT) ? CODE_OPTED_OUT : rooms.caps.check(user, now, insideCsw);
    if (failCode !== 0) {
      last.outcome = FAILED;
      last.code = failCode;
      if (notifyAt < cfg.horizon) rec.failure(failCode, notifyAt);
      else rec.messages.inFlight++;
      return;
    }

    // Delivered: count toward the limit, feed quality, charge, draw the user's reaction.
    const admitted = ml.admit(user, now, insideCsw);
    // Counts toward the limit: opens the user's place in the moving window, or renews it where
    // the era counts unique users delivered to (a repeat restarts their 24 h).
    last.countsTowardLimit = admitted === AdmitResult.COUNTED_NEW || (admitted === AdmitResult.ALREADY_COUNTED && this.refresh);
    if (admitted === AdmitResult.COUNTED_NEW) rec.add("uniqueReached", now);
    if (t.marketing) rooms.caps.record(user, now, insideCsw);
    pop.deliveries[user] = k + 1;
    last.outcome = DELIVERED;
    last.code = 0;
    if (notifyAt >= cfg.horizon) {
      rec.messages.inFlight++;
    } else {
      rec.messages.delivered++;
      rec.add("delivered", notifyAt);
      if (!pop.has(user, REACHED)) {
        pop.flags[user] |= REACHED;
        rec.users.reached++;
        rec.add("newlyReached", notifyAt);
      }
      rooms.pricing.charge(template, user, market, notifyAt, insideCsw);
    }
    rooms.quality.recordDelivered(scope, template, now);

    const seg = pop.segment[user];
    const prior = pop.touch(user, now, cfg.audience.fatigue.window);
    const fatigue = prior === 0 ? 1 : (1 + cfg.audience.fatigue.blockMultiplierPerMessage) ** prior;
    const replies = u[1] < this.segReply[seg];
    const reads = replies || u[0] < this.segRead[seg];
    const reports = u[3] < this.segReport[seg] * fatigue;
    const blocks = reports || u[2] < this.segBlock[seg] * fatigue;
    // Latencies are drawn only when their moment matters: most deliveries are never replied to or blocked.
    const readAt = reads ? notifyAt + this.latency(this.lat.read, u[6]) : notifyAt;
    if (reads) {
      rooms.quality.recordRead(template, now);
      if (readAt < cfg.horizon) {
        rec.messages.read++;
        rec.add("read", readAt);
      }
    }
    if (replies) ctx.engine.schedule(readAt + this.latency(this.lat.reply, u[7]), this.replyKind, user);
    if (blocks) ctx.engine.schedule(readAt, this.blockKind, this.blocks.alloc(user, template, phone, reports ? 1 : 0));
    if (t.marketing && u[4] < this.segOptOut[seg]) pop.flags[user] |= OPTED_OUT;
    if (last.countsTowardLimit) rooms.limits.afterCount(scope, now);
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
    rec.add("replied", now);
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
    const scope = this.rooms.throughput.phones[b.get(slot, 2)].scope;
    const report = b.get(slot, 3) === 1;
    b.release(slot);
    const { rec } = this.ctx;
    const pop = this.pop;
    if (!pop.has(user, BLOCKED)) {
      pop.flags[user] |= BLOCKED;
      rec.users.blocked++;
      rec.add("blocked", now);
      this.rooms.quality.recordBlock(scope, template, now);
    }
    if (report && !pop.has(user, REPORTED)) {
      pop.flags[user] |= REPORTED;
      rec.users.reported++;
      this.rooms.quality.recordReport(scope, template, now);
    }
  }
}
