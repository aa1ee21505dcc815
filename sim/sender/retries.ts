// Retries of one user's send after a failure or a refusal, per the campaign's throttle or its
// `retry` rules. A pending retry is an event carrying (campaign, user, waiting-out-a-cap).
import { PayloadPool } from "../engine/index.js";
import { Daily } from "../recorder.js";
import type { CampaignRun } from "./campaign.js";
import type { SenderContext } from "./context.js";
import { GIVE_UP } from "./retry.js";

/**
 * Schedules and delivers retries.
 *
 * @example
 * ```ts
 * retries.later(c, user, 131049, now);   // re-queued after the rule's delay, or dropped
 * ```
 */
export class Retries {
  private readonly pending = new PayloadPool(3);
  private readonly kind: number;

  constructor(private readonly ctx: SenderContext) {
    this.kind = ctx.kinds.claim("sender.retry", (slot, now) => this.due(slot, now));
  }

  /** The throttle's choice if it makes one, else the campaign's retry rules. */
  delay(c: CampaignRun, code: number, attempt: number, now: number): number {
    const chosen = c.throttle.onError?.(code, attempt, now);
    if (chosen === undefined) return c.retry.delay(code, attempt);
    return chosen < 0 ? GIVE_UP : Math.max(1, Math.round(chosen));
  }

  /** `user`'s send failed or was refused with `code`: retry it later, or give up. */
  later(c: CampaignRun, u: number, code: number, now: number): void {
    const d = this.delay(c, code, c.bumpFailures(u), now);
    if (d === GIVE_UP) return;
    const cap = code === this.ctx.cfg.ruleSet.perUserCap.code;
    c.retriesPending++;
    if (cap) c.capRetriesPending++;
    this.defer(now);
    this.ctx.engine.schedule(now + d, this.kind, this.pending.alloc(c.index, u, cap ? 1 : 0));
  }

  /** A send was put off for later (counted as deferred). */
  defer(now: number): void {
    this.ctx.rec.messages.deferred++;
    this.ctx.rec.add(Daily.deferred, now);
  }

  private due(slot: number, now: number): void {
    const p = this.pending;
    const c = this.ctx.campaigns[p.get(slot, 0)];
    const u = p.get(slot, 1);
    const cap = p.get(slot, 2) === 1;
    p.release(slot);
    c.retriesPending--;
    if (cap) c.capRetriesPending--;
    if (c.completed) return;
    c.queue.pushBack(u, now);
    this.ctx.modules.pump.wake(c, now);
  }
}
