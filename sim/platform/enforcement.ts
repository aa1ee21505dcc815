// Policy enforcement: the 131048 spam rate limit on a scope whose feedback marks it a spammer,
// and the business account's ladder of restrictions (warning, blocks, lock) with its timers.
// The quality room reports every evaluation; the pacing room reports every drop; the send room
// asks whether a send is blocked.
import { EnforcementLadder, spamming, type EnforcementStep } from "../../models/enforcement/enforcement.js";
import type { PlatformContext, Rooms } from "./context.js";

/**
 * The enforcement room.
 *
 * @example
 * ```ts
 * enforcement.blockEnds > now;        // a block (368) is in force: every template send is refused
 * enforcement.spamLimited[scope] === 1; // the scope's new users are capped (131048)
 * ```
 */
export class Enforcement {
  private readonly ladder: EnforcementLadder;
  /** End of the block in force (`Infinity` once locked; −∞ before any block). */
  blockEnds = -Infinity;
  /** Per scope: 1 while the spam condition holds (from its last evaluation). */
  readonly spamLimited: Uint8Array;
  private anySpam = false;
  private readonly liftKind: number;
  private rooms!: Rooms;

  constructor(
    private readonly ctx: PlatformContext,
    scopes: number,
  ) {
    this.ladder = new EnforcementLadder(ctx.rs.enforcement);
    this.spamLimited = new Uint8Array(scopes);
    this.liftKind = ctx.kinds.claim("enforcement.lift", (_, now) => this.lift(now));
  }

  link(rooms: Rooms): void {
    this.rooms = rooms;
  }

  /** Whether a block or the lock refuses every template send at `now`. */
  blocked(now: number): boolean {
    return now < this.blockEnds;
  }

  /**
   * Whether the restriction in force at `now` refuses every message, free-form replies inside a
   * customer-service window too: a block of all messaging, or the lock (a business-initiated
   * block leaves replies to users free).
   */
  blocksAllMessaging(now: number): boolean {
    const r = this.blocked(now) ? this.ladder.restrictionAt(now) : null;
    return r === "all-messaging" || r === "locked";
  }

  /**
   * A quality evaluation of scope `scope` at `now`: its rating and weighted negative-feedback
   * rate. Starts or lifts the scope's 131048 spam rate limit.
   */
  observeScope(scope: number, rating: string, rate: number, now: number): void {
    const spam = spamming(this.ctx.rs, rating, rate);
    this.anySpam ||= spam;
    if (spam === (this.spamLimited[scope] === 1)) return;
    this.spamLimited[scope] = spam ? 1 : 0;
    const phone = this.phoneOf(scope);
    if (spam) {
      this.ctx.rec.event(now, { type: "account-restricted", restriction: "spam-rate-limit", ...phone, until: null });
    } else {
      this.ctx.rec.event(now, { type: "account-restriction-lifted", restriction: "spam-rate-limit", ...phone });
      this.ctx.listener.wake("scope", scope, now);
    }
  }

  /** Every scope of the evaluation at `now` has been observed: the ladder hears the result. */
  evaluated(now: number): void {
    const step = this.ladder.observe(this.anySpam, now);
    this.anySpam = false;
    if (step) this.apply(step);
  }

  /** Held messages were dropped by pacing at `now`. */
  pacingDropped(now: number): void {
    const step = this.ladder.pacingDropped(now);
    if (step) this.apply(step);
  }

  private apply(s: EnforcementStep): void {
    const { ctx } = this;
    const until = Number.isFinite(s.until) ? ctx.rec.iso(s.until) : null;
    ctx.rec.event(s.at, { type: "account-restricted", restriction: s.restriction, step: s.step, trigger: s.trigger, until });
    if (s.until <= s.at) return; // a warning
    this.blockEnds = s.until;
    if (s.until < ctx.cfg.horizon) ctx.engine.schedule(s.until, this.liftKind, 0);
  }

  private lift(now: number): void {
    if (now !== this.blockEnds) return;
    // Only blocks are lifted (a warning blocks nothing, the lock never ends).
    const ended = this.ladder.restrictionAt(now - 1) === "all-messaging" ? "all-messaging" : "business-initiated";
    this.ctx.rec.event(now, { type: "account-restriction-lifted", restriction: ended });
    this.ctx.listener.wake("portfolio", 0, now);
  }

  /** The `phone` field of a scope's events where scopes are numbers. */
  private phoneOf(scope: number): { phone?: string } {
    if (this.ctx.rs.limit.scope !== "number") return {};
    const s = this.rooms.limits.scopes[scope];
    return { phone: this.ctx.cfg.business.phones[s.phones[0]].id };
  }
}
