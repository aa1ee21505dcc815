// A campaign's life: it starts, each occurrence (daily, weekly…) or plan entry brings a new
// batch of users to send to, users left over when the next occurrence starts are dropped, and
// it completes at its end or when nothing more will come. Which users an occurrence targets is
// decided by keyed draws, so compared scenarios pick the same users.
import { philox, streamKey, type StreamKey } from "../engine/index.js";
import { OPTED_OUT } from "../platform/population.js";
import type { CampaignRun } from "./campaign.js";
import type { SenderContext } from "./context.js";

const INV_32 = 1 / 4294967296;

/**
 * Occurrences, plan entries, eligibility and the order users are sent to.
 *
 * @example
 * ```ts
 * lifecycle.start();          // schedules each campaign's first occurrence or plan entries, and its end
 * lifecycle.nextUser(c);      // the next user to attempt, or −1
 * ```
 */
export class Lifecycle {
  private readonly occurrenceKind: number;
  private readonly planKind: number;
  private readonly endKind: number;
  private readonly sample: StreamKey;
  private readonly out = new Uint32Array(4);
  /**
   * Plans send to fresh users: one bit per user id a plan has taken, so no plan takes a user
   * twice while each plan walks its own segments in opt-in order.
   */
  private planned = new Uint8Array(0);

  constructor(private readonly ctx: SenderContext) {
    const { kinds, campaigns } = ctx;
    this.occurrenceKind = kinds.claim("campaign.occurrence", (c, now) => this.occurrence(campaigns[c], now));
    this.planKind = kinds.claim("campaign.plan", (c, now) => this.planEntry(campaigns[c], now));
    this.endKind = kinds.claim("campaign.end", (c, now) => this.end(campaigns[c], now));
    this.sample = streamKey(ctx.seed, "campaign-sample", ctx.antithetic);
  }

  /** Schedules each campaign's first occurrence (or every plan entry) and its end. */
  start(): void {
    const { cfg, engine } = this.ctx;
    for (const c of this.ctx.campaigns) {
      if (c.cfg.start >= cfg.horizon) continue;
      if (c.isPlan) {
        for (const entry of c.cfg.plan!) if (entry.at < cfg.horizon) engine.schedule(Math.max(0, entry.at), this.planKind, c.index);
      } else {
        engine.schedule(c.cfg.occurrences[0], this.occurrenceKind, c.index);
      }
      if (c.cfg.end < cfg.horizon) engine.schedule(c.cfg.end, this.endKind, c.index);
    }
  }

  private occurrence(c: CampaignRun, now: number): void {
    if (c.completed) return;
    const { ctx } = this;
    const pop = ctx.platform.rooms.audience.pop;
    if (c.occurrence >= 0) {
      ctx.rec.dropped += this.remainingAudience(c);
      c.rotation = c.cursor < c.cursorEnd ? c.userAt(c.cursor) : c.rotation;
    }
    c.occurrence++;
    c.span = pop.size;
    if (c.rotation >= c.span) c.rotation = 0;
    c.cursor = 0;
    c.cursorEnd = c.span;
    c.readySince = now;
    this.markStarted(c, now);
    // Compiled instants, not `now + every`: a daily campaign keeps its local time across DST.
    const times = c.cfg.occurrences;
    const next = c.occurrence + 1 < times.length ? times[c.occurrence + 1] : Infinity;
    if (next < Math.min(c.cfg.end, ctx.cfg.horizon)) ctx.engine.schedule(next, this.occurrenceKind, c.index);
    else c.lastOccurrence = true;
    ctx.modules.pump.wake(c, now);
  }

  private planEntry(c: CampaignRun, now: number): void {
    if (c.completed) return;
    const plan = c.cfg.plan!;
    if (c.planLeft === 0) c.readySince = now;
    c.planLeft += plan[c.planNext].count;
    c.planNext++;
    c.lastOccurrence = c.planNext >= plan.length || plan[c.planNext].at >= this.ctx.cfg.horizon;
    this.markStarted(c, now);
    this.ctx.modules.pump.wake(c, now);
  }

  private markStarted(c: CampaignRun, now: number): void {
    if (c.started) return;
    c.started = true;
    this.ctx.rec.event(now, { type: "campaign-started", campaign: c.cfg.name });
  }

  private end(c: CampaignRun, now: number): void {
    if (c.completed) return;
    this.ctx.modules.paralysis.end(c, now);
    this.complete(c, now);
  }

  complete(c: CampaignRun, now: number): void {
    const { ctx } = this;
    c.completed = true;
    ctx.modules.paralysis.end(c, now);
    if (c.pumpHandle >= 0) ctx.engine.cancel(c.pumpHandle);
    c.pumpAt = Infinity;
    ctx.rec.event(now, { type: "campaign-completed", campaign: c.cfg.name, sent: c.sent });
  }

  /** Users of the current occurrence not yet attempted (they are dropped when the next one starts). */
  private remainingAudience(c: CampaignRun): number {
    let n = c.queue.size;
    for (let i = c.cursor; i < c.cursorEnd; i++) if (this.eligible(c, c.userAt(i))) n++;
    return n;
  }

  private eligible(c: CampaignRun, u: number): boolean {
    const pop = this.ctx.platform.rooms.audience.pop;
    if (c.segMask[pop.segment[u]] === 0) return false;
    // The business learns of marketing opt-outs through the user_preferences webhook.
    if (c.marketing && pop.has(u, OPTED_OUT)) return false;
    return c.cfg.share >= 1 || this.sampled(c.index, c.occurrence, u) < c.cfg.share;
  }

  /** Whether `user` is picked by occurrence `occurrence` of campaign `campaign` (keyed, so variants agree). */
  private sampled(campaign: number, occurrence: number, user: number): number {
    philox(this.sample.k0, this.sample.k1, user, occurrence, campaign, 0, this.out);
    return (((this.out[0] ^ this.sample.flip) >>> 0) + 0.5) * INV_32;
  }

  /** Next user to attempt, or −1 when the campaign has no work right now. */
  nextUser(c: CampaignRun): number {
    if (c.queue.size > 0) {
      const u = c.queue.popFront();
      c.lastReady = c.queue.lastReady;
      return u;
    }
    c.lastReady = c.readySince;
    if (c.isPlan) {
      if (c.planLeft === 0) return -1;
      const u = this.nextFresh(c);
      if (u < 0) {
        // Plans ask for fresh users of their segments; an exhausted audience drops the rest of the entry.
        this.ctx.rec.dropped += c.planLeft;
        c.planLeft = 0;
        return -1;
      }
      c.planLeft--;
      return u;
    }
    while (c.cursor < c.cursorEnd) {
      const u = c.userAt(c.cursor++);
      if (this.eligible(c, u)) return u;
    }
    return -1;
  }

  /** The plan's next fresh user: the lowest id of its segments that no plan has taken, or −1. */
  private nextFresh(c: CampaignRun): number {
    const pop = this.ctx.platform.rooms.audience.pop;
    const size = pop.size;
    if (this.planned.length * 8 < size) {
      const grown = new Uint8Array(Math.max(64, (size >>> 3) * 2 + 1));
      grown.set(this.planned);
      this.planned = grown;
    }
    const taken = this.planned;
    let u = c.planCursor;
    while (u < size && (c.segMask[pop.segment[u]] === 0 || (taken[u >>> 3] & (1 << (u & 7))) !== 0)) u++;
    if (u >= size) {
      c.planCursor = u;
      return -1;
    }
    taken[u >>> 3] |= 1 << (u & 7);
    c.planCursor = u + 1;
    return u;
  }

  hasWork(c: CampaignRun): boolean {
    if (c.queue.size > 0) return true;
    if (c.isPlan) return c.planLeft > 0;
    return c.cursor < c.cursorEnd;
  }
}
