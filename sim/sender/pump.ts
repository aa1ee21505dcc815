// The pump: a campaign attempts as many sends as its throttle permits, then sleeps until the
// throttle, the limit, a template or its send window lets it go on — and records a paralysis
// whenever it wants to send and cannot. One pump event per batch, never one per message.
import { HOUR } from "../../models/duration.js";
import type { TemplateStatus } from "../../models/rules/types.js";
import { TEMPLATE_NOT_APPROVED_CODE } from "../../models/templates/lifecycle.js";
import { DELIVERED, FAILED, HELD, OUTCOME_NAMES } from "../outcomes.js";
import type { ParalysisCause } from "../result.js";
import type { CampaignRun } from "./campaign.js";
import type { SenderContext } from "./context.js";
import { GIVE_UP } from "./retry.js";
import type { ThrottleView } from "./throttle.js";

/** Upper bound on attempts in one pump event, so other events interleave even with `none`. */
const MAX_BATCH = 100_000;

/**
 * Pumps campaigns.
 *
 * @example
 * ```ts
 * pump.wake(c, now);   // the campaign's pump runs at `now` (once, however often it is woken)
 * ```
 */
export class Pump {
  private readonly kind: number;
  private readonly view: ThrottleView = { now: 0, limit: null, counted24h: 0, nextCapacityAt: null, quality: "UNKNOWN", templateStatus: "APPROVED", mps: 0, pending: 0 };

  constructor(private readonly ctx: SenderContext) {
    this.kind = ctx.kinds.claim("campaign.pump", (c, now) => this.pump(ctx.campaigns[c], now));
  }

  /** Runs the campaign's pump at `at` (keeps an earlier pending one). */
  wake(c: CampaignRun, at: number): void {
    const { engine, cfg } = this.ctx;
    if (c.completed || at >= cfg.horizon) return;
    if (c.pumpAt <= at && c.pumpHandle >= 0 && engine.isPending(c.pumpHandle)) return;
    if (c.pumpHandle >= 0) engine.cancel(c.pumpHandle);
    c.pumpAt = at;
    c.pumpHandle = engine.schedule(at, this.kind, c.index);
  }

  private pump(c: CampaignRun, now: number): void {
    const { ctx } = this;
    const { lifecycle, paralysis, retries } = ctx.modules;
    const platform = ctx.platform;
    c.pumpAt = Infinity;
    c.pumpHandle = -1;
    if (c.completed) return;
    if (now >= c.cfg.end) return lifecycle.complete(c, now);
    if (!lifecycle.hasWork(c)) return this.idle(c, now);
    const win = this.windowState(c, now);
    if (win > now) {
      // Outside the send window the campaign does not want to send: a stall's clock stops, and
      // the episode goes on only if the stall still holds when the window opens.
      paralysis.suspend(c, now);
      return this.wake(c, win);
    }
    if (now < c.backoffUntil) return this.wake(c, c.backoffUntil);

    const closes = this.windowCloses(c, now);
    const template = c.cfg.template;
    const phoneIndex = c.cfg.phone;
    if (platform.portfolioInReview(now)) {
      // Woken when the review ends.
      paralysis.set(c, "portfolio-review", now);
      if (closes < Infinity) this.wake(c, closes);
      return;
    }
    const blockEnds = platform.enforcementBlockEnds(now);
    if (blockEnds !== null) {
      // Woken when the block ends (never, once the account is locked).
      paralysis.set(c, "enforcement", now);
      const at = Math.min(blockEnds, closes);
      if (at < Infinity) this.wake(c, at);
      return;
    }
    const status = platform.templateStatus(template);
    if (status !== "APPROVED") {
      paralysis.set(c, templateCause(status), now);
      // Woken by the template's next status change, or the window's close.
      if (closes < Infinity) this.wake(c, closes);
      return;
    }

    const scope = platform.scopeOf(phoneIndex);
    const limit = platform.rooms.limits.scopes[scope].limit;
    const templateName = platform.templateName(template);
    const phoneId = ctx.cfg.business.phones[phoneIndex].id;
    const v = this.view;
    const tracer = ctx.tracer;
    const last = platform.last;
    let sentHere = 0;
    for (;;) {
      v.now = now;
      v.limit = limit.limit;
      v.counted24h = platform.countedOf(phoneIndex, now);
      v.nextCapacityAt = null;
      v.quality = platform.rooms.quality.rating[scope];
      v.templateStatus = platform.templateStatus(template);
      v.mps = platform.mpsOf(phoneIndex);
      v.pending = c.pending;
      let n = c.throttle.permits(v);
      if (n <= 0 || !(n > 0)) {
        v.nextCapacityAt = limit.nextCapacityAt(now);
        const cause = this.limitCause(c.throttle.holdCause(v), phoneIndex, now);
        if (cause) paralysis.set(c, cause, now);
        else paralysis.end(c, now);
        const at = Math.max(now + 1, Math.ceil(c.throttle.wakeAt(v)));
        this.wake(c, Math.min(Number.isFinite(at) ? at : now + HOUR, closes));
        break;
      }
      n = Math.min(n, MAX_BATCH - sentHere);
      let attempted = 0;
      let accepted = 0;
      let halt = false;
      while (attempted < n) {
        const u = lifecycle.nextUser(c);
        if (u < 0) break;
        attempted++;
        platform.attempt(u, template, phoneIndex, now, c.index);
        if (tracer) {
          const row = {
            at: ctx.iso(now),
            user: u,
            campaign: c.cfg.name,
            template: templateName,
            phone: phoneId,
            outcome: OUTCOME_NAMES[last.outcome],
            code: last.code === 0 ? null : last.code,
            countsTowardLimit: last.countsTowardLimit,
            insideCsw: last.insideCsw,
            waitMs: now - c.lastReady,
          };
          if (last.outcome === HELD) tracer.held(last.ticket, row);
          else tracer.row(row);
        }
        c.throttle.onOutcome?.(OUTCOME_NAMES[last.outcome], last.code, now);
        if (last.outcome === DELIVERED || last.outcome === HELD) {
          c.sent++;
          accepted++;
          c.backoffLevel = 0;
          continue;
        }
        if (last.outcome === FAILED) {
          c.sent++;
          accepted++;
          retries.later(c, u, last.code, now);
          continue;
        }
        // Refused before sending.
        halt = this.refused(c, u, last.code, now, scope, closes);
        if (halt) break;
      }
      c.throttle.spend(now, attempted);
      sentHere += attempted;
      // Sends went out: whatever held the campaign has eased (a renewed stall merges back).
      if (accepted > 0 && !halt) paralysis.end(c, now);
      if (halt) break;
      if (!lifecycle.hasWork(c)) {
        this.idle(c, now);
        break;
      }
      if (sentHere >= MAX_BATCH) {
        this.wake(c, now + 1);
        break;
      }
      if (attempted === 0) break;
    }
  }

  /** A refusal: re-queue, back off or retry; returns whether the pump must stop now. */
  private refused(c: CampaignRun, u: number, code: number, now: number, scope: number, closes: number): boolean {
    const { ctx } = this;
    const { paralysis, retries } = ctx.modules;
    const rs = ctx.cfg.ruleSet;
    const ready = c.lastReady;
    if (code === rs.portfolioPacing.code && ctx.platform.portfolioInReview(now)) {
      c.queue.pushFront(u, ready);
      paralysis.set(c, "portfolio-review", now);
      if (closes < Infinity) this.wake(c, closes);
      return true;
    }
    if (code === rs.limit.overLimitCode) {
      c.queue.pushFront(u, ready);
      retries.defer(now);
      paralysis.set(c, this.limitCause("messaging-limit", c.cfg.phone, now) ?? "messaging-limit", now);
      this.wake(c, Math.min(ctx.platform.rooms.limits.nextCapacityOr(scope, now), closes));
      return true;
    }
    if (code === rs.enforcement.blockCode || code === rs.enforcement.spamCode) {
      // Blocked (368) until the block ends; spam-rate-limited (131048) until capacity frees
      // under the allowance or the restriction is lifted (a wake from the platform).
      c.queue.pushFront(u, ready);
      retries.defer(now);
      paralysis.set(c, "enforcement", now);
      const until = code === rs.enforcement.blockCode ? (ctx.platform.enforcementBlockEnds(now) ?? now + 1) : ctx.platform.rooms.limits.nextCapacityOr(scope, now);
      const at = Math.min(until, closes);
      if (at < Infinity) this.wake(c, at);
      return true;
    }
    if (code === rs.throughput.code) {
      c.backoffLevel++;
      const d = retries.delay(c, code, c.backoffLevel, now);
      if (d === GIVE_UP) {
        c.backoffLevel = 0;
        return false;
      }
      c.queue.pushFront(u, ready);
      retries.defer(now);
      c.backoffUntil = now + d;
      paralysis.set(c, "throughput", now);
      this.wake(c, c.backoffUntil);
      return true;
    }
    if (code === rs.templates.pausedCode || code === rs.templates.disabledCode || code === TEMPLATE_NOT_APPROVED_CODE) {
      c.queue.pushFront(u, ready);
      paralysis.set(c, templateCause(ctx.platform.templateStatus(c.cfg.template)), now);
      if (closes < Infinity) this.wake(c, closes);
      return true;
    }
    retries.later(c, u, code, now);
    return false;
  }

  /**
   * A stall at the messaging limit is the legacy Flagged status's doing when the flag is what
   * withholds the upgrade the usage has earned: `number-flagged` then, not `messaging-limit`.
   */
  private limitCause(cause: ParalysisCause | null, phone: number, now: number): ParalysisCause | null {
    return cause === "messaging-limit" && this.ctx.platform.limitHeldByFlag(phone, now) ? "number-flagged" : cause;
  }

  /** No work right now: waiting for retries, the next occurrence, or done. */
  private idle(c: CampaignRun, now: number): void {
    const { paralysis, lifecycle } = this.ctx.modules;
    if (c.retriesPending > 0) {
      // Waiting only for users the per-user cap turned away is a stall of its own — while the
      // send window is open; its clock stops when the window closes.
      if (c.capRetriesPending !== c.retriesPending) paralysis.end(c, now);
      else if (this.windowState(c, now) > now) paralysis.suspend(c, now);
      else {
        paralysis.set(c, "per-user-cap", now);
        const closes = this.windowCloses(c, now);
        if (closes < Infinity) this.wake(c, closes);
      }
      return;
    }
    paralysis.end(c, now);
    if (c.lastOccurrence && !c.completed) lifecycle.complete(c, now);
  }

  /** `now` when inside the campaign's send window, else the next opening (Infinity: none left). */
  private windowState(c: CampaignRun, now: number): number {
    const w = c.cfg.window;
    if (w === null) return now;
    // The compiled per-day instants, so a day whose UTC offset changes keeps its local hours.
    const { opens, closes } = w;
    let d = this.ctx.rec.dayOf(now);
    if (now < opens[d]) return opens[d];
    if (now < closes[d]) return now;
    // Past today's close: the next day whose window is not empty (both edges in a DST gap).
    for (d++; d < opens.length; d++) if (opens[d] < closes[d]) return opens[d];
    return Infinity;
  }

  /** End of the send window containing `now` (Infinity when the campaign has none). */
  private windowCloses(c: CampaignRun, now: number): number {
    const w = c.cfg.window;
    if (w === null) return Infinity;
    return w.closes[this.ctx.rec.dayOf(now)];
  }
}

/** The paralysis a template status stands for. */
export function templateCause(status: TemplateStatus): ParalysisCause {
  switch (status) {
    case "PENDING":
      return "template-pending";
    case "REJECTED":
      return "template-rejected";
    case "PAUSED":
      return "template-paused";
    default:
      return "template-disabled";
  }
}
