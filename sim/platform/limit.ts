// The messaging limit, per scope: the portfolio (current rules) or each phone number (legacy
// rules). Counts toward the moving-24 h window come from `send`; this room schedules the
// limit's own timers (upgrades, reviews, flags), applies verification, records every change
// and the moment each rung was first reached, and tells the business side.
import { HOUR } from "../../models/duration.js";
import { MessagingLimit, type LimitChange } from "../../models/limit/messaging-limit.js";
import type { Limit, Quality } from "../../models/rules/types.js";
import { tierKey } from "../tiers.js";
import type { PlatformContext, Rooms } from "./context.js";

/** One messaging-limit scope: a phone number (legacy rules) or the whole portfolio. */
export interface Scope {
  index: number;
  limit: MessagingLimit;
  /** Phone indices sharing this scope. */
  phones: number[];
  /** Time of the pending limit-due event, to avoid scheduling duplicates. */
  dueAt: number;
}

/**
 * The limit scopes of a run and their timers.
 *
 * @example
 * ```ts
 * const limits = new Limits(ctx, capacity);
 * limits.scopeOfPhone[0];       // index of the scope phone 0 sends under
 * limits.afterCount(0, now);    // a delivery counted: arm the scope's next upgrade check
 * ```
 */
export class Limits {
  readonly scopes: Scope[] = [];
  /** Scope index per phone index. */
  readonly scopeOfPhone: Int32Array;
  /** The headline limit at the start (the portfolio's, or the first number's). */
  readonly initialLimit: Limit;
  /** First moment each rung above the initial limit was in force (headline scope). */
  readonly reachedAt = new Map<string, number>();
  /**
   * Places under each scope's limit taken by held messages to users not yet counted: a held
   * message counts when it is delivered, but no more users may be accepted meanwhile than the
   * limit leaves room for.
   */
  readonly reserved: Int32Array;
  private readonly dueKind: number;
  private readonly verifyKind: number;
  private rooms!: Rooms;

  constructor(
    private readonly ctx: PlatformContext,
    capacity: number,
  ) {
    const { cfg, rs } = ctx;
    const portfolio = rs.limit.scope === "portfolio";
    const initial = (phoneLimit: Limit | undefined): Limit =>
      phoneLimit !== undefined ? phoneLimit : cfg.business.limit !== undefined ? cfg.business.limit : MessagingLimit.initialLimit(rs, cfg.business.verification);
    const makeScope = (index: number, phoneLimit: Limit | undefined): Scope => ({
      index,
      limit: new MessagingLimit(
        rs,
        { limit: initial(phoneLimit), verification: cfg.business.verification, quality: cfg.business.quality, now: 0, capacity },
        ctx.uniformFor(`limit-${index}`),
      ),
      phones: [],
      dueAt: Infinity,
    });
    this.scopeOfPhone = new Int32Array(cfg.business.phones.length);
    if (portfolio) this.scopes.push(makeScope(0, undefined));
    cfg.business.phones.forEach((ph, i) => {
      if (!portfolio) this.scopes.push(makeScope(i, ph.limit));
      const scope = portfolio ? 0 : i;
      this.scopes[scope].phones.push(i);
      this.scopeOfPhone[i] = scope;
    });
    this.initialLimit = this.headline;
    this.reserved = new Int32Array(this.scopes.length);
    this.dueKind = ctx.kinds.claim("limit.due", (s, now) => this.due(this.scopes[s], now));
    this.verifyKind = ctx.kinds.claim("limit.verify", (_, now) => this.verify(now));
  }

  link(rooms: Rooms): void {
    this.rooms = rooms;
  }

  /** Limit reported in the summary: the portfolio's, or the first number's under per-number rules. */
  get headline(): Limit {
    return this.scopes[0].limit.limit;
  }

  /** Schedules verification when the scenario says it completes mid-run. */
  startVerification(): void {
    const v = this.ctx.cfg.business.verifiedAt;
    if (v !== null && v < this.ctx.cfg.horizon) this.ctx.engine.schedule(Math.max(0, v), this.verifyKind, 0);
  }

  /** Schedules each scope's first timer, if any. */
  arm(): void {
    for (const s of this.scopes) this.ensureDue(s);
  }

  reserve(scope: number): void {
    this.reserved[scope]++;
  }

  unreserve(scope: number): void {
    this.reserved[scope]--;
  }

  /** Users counted in `scope`'s moving window at `now`, plus the places held messages reserve. */
  countedOrReserved(scope: number, now: number): number {
    return this.scopes[scope].limit.count(now) + this.reserved[scope];
  }

  /** A delivery counted toward `scope`'s window at `now`: its next timer may have moved earlier. */
  afterCount(scope: number, now: number): void {
    const s = this.scopes[scope];
    const due = s.limit.nextDueAt();
    if (due !== null && due < s.dueAt) this.ensureDue(s, now);
  }

  /** The scope's quality rating changed: the limit's gate follows. */
  setQuality(scope: number, rating: Quality, now: number): void {
    const s = this.scopes[scope];
    s.limit.setQuality(rating, now);
    this.apply(s, s.limit.advance(now), now);
    this.ensureDue(s, now);
  }

  /** A test sets the scope's limit at `now` (reason `forced`); the rules go on from there. */
  force(scope: number, to: Limit, now: number): void {
    const s = this.scopes[scope];
    s.limit.force(now, to);
    this.apply(s, s.limit.advance(now), now);
    this.ensureDue(s, now);
  }

  private ensureDue(s: Scope, now = 0): void {
    const due = s.limit.nextDueAt();
    if (due === null || due >= this.ctx.cfg.horizon || due >= s.dueAt) return;
    s.dueAt = Math.max(due, now);
    this.ctx.engine.schedule(s.dueAt, this.dueKind, s.index);
  }

  private due(s: Scope, now: number): void {
    if (s.dueAt !== now) return; // superseded by an earlier one
    // A rating evaluated at this very instant comes first (a flag ending now reads it).
    this.rooms.quality.evaluateIfDue(now);
    s.dueAt = Infinity;
    this.apply(s, s.limit.advance(now), now);
    this.ensureDue(s, now);
  }

  private verify(now: number): void {
    const kind = this.ctx.cfg.business.verification === "partner-verified" ? "partner-verified" : "verified";
    for (const s of this.scopes) {
      s.limit.verify(now, kind);
      this.apply(s, s.limit.advance(now), now);
      this.ensureDue(s, now);
    }
  }

  private apply(s: Scope, changes: LimitChange[], now: number): void {
    const { cfg, rec, listener } = this.ctx;
    let moved = false;
    const phoneId = cfg.ruleSet.limit.scope === "number" ? cfg.business.phones[s.phones[0]].id : undefined;
    for (const ch of changes) {
      if (ch.kind === "limit") {
        moved = true;
        rec.event(ch.at, { type: "limit-changed", from: ch.from, to: ch.to, reason: ch.reason, ...(phoneId ? { phone: phoneId } : {}) });
        if (s.index === 0) this.noteReached(ch.to, ch.at);
        listener.signal({ type: "limit-changed", from: ch.from, to: ch.to }, "scope", s.index, now);
      } else if (ch.kind === "status") {
        rec.event(ch.at, { type: "status-changed", number: phoneId ?? "portfolio", from: ch.from, to: ch.to });
      } else {
        rec.event(ch.at, { type: "scaling-path-completed", path: ch.path, outcome: ch.outcome });
      }
    }
    if (moved) {
      if (s.index === 0) this.ctx.sampleHeadline(now);
      listener.wake("scope", s.index, now);
      this.rooms.throughput.checkUpgrade(s.index, now);
    }
  }

  private noteReached(limit: Limit, at: number): void {
    for (const rung of this.ctx.rs.limit.ladder) {
      if (!above(rung, this.initialLimit) || above(rung, limit)) continue;
      const key = tierKey(rung);
      if (!this.reachedAt.has(key)) this.reachedAt.set(key, at);
    }
  }

  /** When capacity next frees in the scope of `phone`'s window, or an hour from `now` if nobody is counted. */
  nextCapacityOr(scope: number, now: number): number {
    return this.scopes[scope].limit.nextCapacityAt(now) ?? now + HOUR;
  }
}

/** Whether limit `a` is strictly above `b` (`null` = unlimited is above everything). */
export function above(a: Limit, b: Limit): boolean {
  if (a === null) return b !== null;
  if (b === null) return false;
  return a > b;
}
