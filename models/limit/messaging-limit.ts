// The messaging-limit state machine of reference §11.1 (portfolio, 7 Oct 2025 →) and §11.2
// (per number, legacy): admission against the moving-24 h distinct count, automatic scaling,
// scaling paths off the starting limit with a quality review, and the legacy Flagged status
// with its quality-driven downgrade. Everything is driven by the caller's virtual clock.
import type { Limit, NumberStatus, Quality, RuleSet, Verification } from "../rules/types.js";
import { DistinctWindow, WINDOW_COUNTED_NEW, WINDOW_REFUSED } from "./distinct-window.js";
import { CumulativeUnique, createUsageMeasure, type UsageMeasure } from "./usage.js";

/**
 * Outcome of {@link MessagingLimit.admit}: a small integer so the hot loop allocates nothing.
 * `COUNTED_NEW` — admitted, the user now counts toward the limit; `ALREADY_COUNTED` — admitted,
 * the user was counted earlier in the window; `INSIDE_CSW` — admitted, nothing counts inside a
 * customer-service window; `REFUSED` — the limit is reached.
 */
export const AdmitResult = { COUNTED_NEW: 0, ALREADY_COUNTED: 1, INSIDE_CSW: 2, REFUSED: 3 } as const;
export type AdmitResult = (typeof AdmitResult)[keyof typeof AdmitResult];

/**
 * Why the limit moved (the `reason` of a `limit-changed` event); `forced` is a test's doing (the
 * emulator's control plane sets the limit), never the platform's.
 */
export type LimitChangeReason = "scaling-path" | "auto-scale" | "downgrade" | "verification" | "forced";
/** The three ways off the starting limit. */
export type ScalingPathKind = "verification" | "partner-verification" | "usage";

/** A change of the limit state, at virtual time `at`. */
export type LimitChange =
  | { at: number; kind: "limit"; from: Limit; to: Limit; reason: LimitChangeReason }
  | { at: number; kind: "status"; from: NumberStatus; to: NumberStatus }
  | { at: number; kind: "scaling-path"; path: ScalingPathKind; outcome: "approved" | "deferred" };

/** Starting state of a {@link MessagingLimit}. */
export interface MessagingLimitInit {
  limit: Limit;
  verification: Verification;
  quality: Quality;
  /** Virtual time the limit was entered (start of the minimum time in tier). */
  now: number;
  /** Expected number of user ids, to size the per-user arrays once instead of growing them. */
  capacity?: number;
}

const NONE = Infinity;

/**
 * The messaging limit of one phone number (legacy rule sets) or one portfolio (`meta-2025-10`).
 *
 * Contract with the simulator: call {@link admit} for every send attempt at a non-decreasing
 * virtual time; schedule a call to {@link advance} at {@link nextDueAt} and emit the changes it
 * returns; feed {@link setQuality} and {@link verify}. Changes caused by `setQuality`/`verify`,
 * or that fell due before an `admit`, are buffered and returned by the next `advance` (and
 * `nextDueAt` then reports their time), so the limit in force is always right even if the
 * caller's event order puts an admission before the `advance` at the same instant.
 *
 * Modelling choices where Meta is silent: usage is fed by counted deliveries (new counts, and
 * repeats too when the window refreshes on repeat); a crossing only counts while the quality gate
 * is open and the number is not Flagged, and if the gate is shut at the upgrade moment the
 * upgrade is dropped and re-armed when the gate reopens (crossing = reopening time); a legacy
 * Flagged number leaves the status at the end of `flaggedFor` (`downgrade.exit: day-7`, when
 * the rating then in force decides the downgrade) or as soon as its rating is GREEN or YELLOW
 * again (`on-recovery`); a downgrade never goes below the verified starting rung, and a number
 * still RED after it is flagged again for another `flaggedFor`; at one instant a rating fed
 * with {@link setQuality} takes effect before the timers due then; the usage path counts only deliveries made while the
 * quality is GREEN when `requiresHighQuality`. `RESTRICTED` is not emitted: it is exactly the
 * interval in which `admit` refuses, which the simulator already sees.
 *
 * @example
 * ```ts
 * const ml = new MessagingLimit(getRuleSet("meta-2023-11"),
 *   { limit: 1000, verification: "verified", quality: "GREEN", now: 0 }, stream.uniform);
 * for (let u = 0; u < 500; u++) ml.admit(u, 15 * HOUR, false);  // 500th at 15:00 day 1
 * ml.nextDueAt();                 // 39 * HOUR: 24 h after the crossing
 * ml.advance(39 * HOUR);          // [{ kind: "limit", from: 1000, to: 10000, reason: "auto-scale", … }]
 * ```
 */
export class MessagingLimit {
  private readonly rs: RuleSet;
  private readonly uniform: () => number;
  private readonly ladder: Limit[];
  private readonly verifiedRung: number;
  private readonly refresh: boolean;
  private readonly window: DistinctWindow;
  private readonly usage7: UsageMeasure;
  private pathUsage: CumulativeUnique | null;

  private _limit: Limit;
  private rung: number;
  private _status: NumberStatus = "CONNECTED";
  private _quality: Quality;
  /**
   * Whether the portfolio has had a rating (GREEN, YELLOW or RED) since the run began. UNKNOWN
   * passes the quality gate only before that: a portfolio not yet rated may scale, one whose
   * rating lapsed for want of recent deliveries (after RED, say, while blocks stopped its sends)
   * has not shown the quality the gate asks for.
   */
  private rated: boolean;
  private _verification: Verification;
  private _tierSince: number;

  private upgradeAt = NONE;
  private reviewAt = NONE;
  private reviewPath: ScalingPathKind = "usage";
  private flagEndsAt = NONE;
  private recheckAt = NONE;
  private pathEligibleFrom = -Infinity;
  private nextDue = NONE;
  /** Usage at or above this schedules an upgrade; Infinity while disarmed. */
  private armedAt = NONE;
  private buffered: LimitChange[] = [];
  /**
   * Time of the first buffered change, Infinity when none: read on every count (nextDueAt), where
   * the array's length was read before — and an empty array and a filled one have different
   * hidden classes in V8, so code optimized in one run was thrown away in the next.
   */
  private bufferedAt = Infinity;

  constructor(rs: RuleSet, init: MessagingLimitInit, uniform: () => number) {
    if (init.limit !== null && !(init.limit > 0)) throw new RangeError(`limit must be > 0 or null, got ${init.limit}`);
    this.rs = rs;
    this.uniform = uniform;
    this.ladder = rs.limit.ladder;
    this.verifiedRung = rungOf(this.ladder, rs.limit.startVerified);
    this.refresh = rs.limit.countedUnit === "delivered-outside-csw";
    this.window = new DistinctWindow(rs.limit.window, { refreshOnRepeat: this.refresh, initialCapacity: init.capacity });
    this.usage7 = createUsageMeasure(rs.autoScale.measure, rs.autoScale.lookback);
    this._limit = init.limit;
    this.rung = rungOf(this.ladder, init.limit);
    this._quality = init.quality;
    this.rated = init.quality !== "UNKNOWN";
    this._verification = init.verification;
    this._tierSince = init.now;
    this.pathUsage = rs.scalingPath.usage !== null && this.belowStart() ? new CumulativeUnique(rs.scalingPath.usage.window) : null;
    if (rs.downgrade.enabled && init.quality === "RED") {
      // A number that starts RED is Flagged from the start (no event: it is the initial state).
      this._status = "FLAGGED";
      this.flagEndsAt = init.now + rs.downgrade.flaggedFor;
    }
    this.rearm();
    this.updateNextDue();
  }

  /**
   * Limit a business starts with: the verified start when verified (any era; under
   * `meta-2025-10` this stands for a portfolio whose verification path was already approved),
   * else the unverified start.
   *
   * @example
   * ```ts
   * MessagingLimit.initialLimit(getRuleSet("seed-2023-02"), "none"); // 50
   * ```
   */
  static initialLimit(rs: RuleSet, verification: Verification): Limit {
    return verification === "none" ? rs.limit.startUnverified : rs.limit.startVerified;
  }

  /** Current limit; `null` = unlimited. */
  get limit(): Limit {
    return this._limit;
  }
  /** Legacy status overlay; always `CONNECTED` when the rule set has no downgrade. */
  get status(): NumberStatus {
    return this._status;
  }
  get quality(): Quality {
    return this._quality;
  }
  get verification(): Verification {
    return this._verification;
  }
  /** Virtual time the current limit was entered. */
  get tierSince(): number {
    return this._tierSince;
  }

  /** Distinct users counted in the moving window at `now`. */
  count(now: number): number {
    return this.window.count(now);
  }

  /** The auto-scaling usage reading at `now` (not tracked, and 0, once unlimited). */
  usage(now: number): number {
    return this.usage7.value(now);
  }

  /** Distinct users toward the usage scaling path at `now`; 0 when there is none or it is done. */
  pathProgress(now: number): number {
    return this.pathUsage === null ? 0 : this.pathUsage.value(now);
  }

  /** Whether `user` is counted in the moving window at `now`. */
  isCounted(user: number, now: number): boolean {
    return this.window.isCounted(user, now);
  }

  /**
   * Whether the legacy Flagged status is what holds the limit where it is at `now`: the number
   * is Flagged, below the top rung, and its usage already meets its rung's scaling criterion —
   * without the flag it would be on its way up. A sender stalled at the limit then is stalled by
   * the flag (paralysis `number-flagged`).
   */
  flagHoldsUpgrade(now: number): boolean {
    return this._status === "FLAGGED" && this.canAutoScale() && this.usage7.value(now) >= this.rs.autoScale.factor * (this._limit as number);
  }

  /** Time the count next drops, to wake a paralysed campaign (see {@link DistinctWindow.nextExpiryAt}). */
  nextCapacityAt(now: number): number | null {
    return this.window.nextExpiryAt(now);
  }

  /** Admit a send to `user` at `now`; `insideCsw` when the user has an open customer-service window. */
  admit(user: number, now: number, insideCsw: boolean): AdmitResult {
    if (now >= this.nextDue) this.applyDue(now);
    if (insideCsw) return AdmitResult.INSIDE_CSW;
    const code = this.window.admitCode(user, now, this._limit);
    if (code === WINDOW_REFUSED) return AdmitResult.REFUSED;
    if (code === WINDOW_COUNTED_NEW) {
      this.onCounted(user, now);
      return AdmitResult.COUNTED_NEW;
    }
    if (this.refresh) this.onCounted(user, now);
    return AdmitResult.ALREADY_COUNTED;
  }

  /**
   * Counts a send the platform is known to have made (a backtest replaying a business's own
   * log): as {@link admit}, but never refused — the window takes the user even past the
   * limit, since the real platform let the message through. The caller notes the refusal the
   * model would have made.
   *
   * @example
   * ```ts
   * ml.admitObserved(user, now, false); // COUNTED_NEW even when the window is full
   * ```
   */
  admitObserved(user: number, now: number, insideCsw: boolean): AdmitResult {
    if (now >= this.nextDue) this.applyDue(now);
    if (insideCsw) return AdmitResult.INSIDE_CSW;
    const code = this.window.admitCode(user, now, null);
    if (code === WINDOW_COUNTED_NEW) {
      this.onCounted(user, now);
      return AdmitResult.COUNTED_NEW;
    }
    if (this.refresh) this.onCounted(user, now);
    return AdmitResult.ALREADY_COUNTED;
  }

  /**
   * Business verification completes at `now`. Per-number rule sets move a number below the
   * verified start straight to it (reason `verification`); portfolio rule sets start a scaling
   * path whose review decides (reason `scaling-path`). A partner verification in an era without
   * that path counts as an ordinary verification. Nothing moves when the limit is already at
   * or above the verified start.
   */
  verify(now: number, kind: "verified" | "partner-verified"): void {
    this.applyDue(now);
    this._verification = kind;
    const sp = this.rs.scalingPath;
    const partner = kind === "partner-verified" && sp.partnerVerification;
    if (!partner && !sp.verification) return;
    if (!this.belowStart()) return;
    if (this.rs.limit.scope === "number") {
      this.setLimit(now, this.rs.limit.startVerified, "verification");
      this.leaveStart();
      this.rearm();
      this.checkAutoScale(now);
    } else if (this.reviewAt === NONE) {
      this.reviewAt = now + sp.review.delay;
      this.reviewPath = partner ? "partner-verification" : "verification";
    }
    this.updateNextDue();
  }

  /**
   * Quality feed at `now` (RED starts the legacy Flagged period; gates upgrades in every era).
   *
   * Same-instant order: a rating takes effect before the limit's own timers due at `now` — a
   * flag, a review or an upgrade that falls due at the very instant the rating changes reads
   * the new rating. Timers due strictly before `now` run first, on the rating they saw.
   */
  setQuality(q: Quality, now: number): void {
    this.applyDueBefore(now);
    if (q === this._quality) return;
    this._quality = q;
    if (q !== "UNKNOWN") this.rated = true;
    if (this.rs.downgrade.enabled && q === "RED" && this._status === "CONNECTED") this.flag(now);
    else if (this._status === "FLAGGED" && this.rs.downgrade.exit === "on-recovery" && (q === "GREEN" || q === "YELLOW")) {
      // Back to Medium or High: the number leaves Flagged at once, on its current rung.
      this.flagEndsAt = NONE;
      this.setStatus(now, "CONNECTED");
    }
    this.rearm();
    this.checkAutoScale(now);
    this.checkPath(now);
    this.updateNextDue();
  }

  /**
   * Sets the limit to `to` at `now`, whatever the rules say (a test putting the business on a
   * given tier; reason `forced`). From there the rules apply as usual: a limit at or above the
   * verified start leaves the starting tier, a pending upgrade is dropped and the next one is
   * earned from the new tier. `to` need not be a rung of the ladder.
   *
   * @example
   * ```ts
   * ml.force(HOUR, 10_000);
   * ml.advance(HOUR); // [{ kind: "limit", from: 1000, to: 10000, reason: "forced", at: HOUR }]
   * ```
   */
  force(now: number, to: Limit): void {
    if (to !== null && !(to > 0)) throw new RangeError(`limit must be > 0 or null, got ${to}`);
    this.applyDue(now);
    this.setLimit(now, to, "forced");
    if (!this.belowStart()) this.leaveStart();
    this.upgradeAt = NONE;
    this.rearm();
    this.checkAutoScale(now);
    this.checkPath(now);
    this.updateNextDue();
  }

  /** Earliest time something is due (buffered changes count as due at their time), or `null`. */
  nextDueAt(): number | null {
    if (this.bufferedAt !== Infinity) return this.bufferedAt;
    return this.nextDue === NONE ? null : this.nextDue;
  }

  /** Apply everything due at or before `now`, in time order; returns the changes since the last call. */
  advance(now: number): LimitChange[] {
    this.applyDue(now);
    const out = this.buffered;
    this.buffered = [];
    this.bufferedAt = Infinity;
    return out;
  }

  /** {@link applyDue} for what fell due strictly before `now`. */
  private applyDueBefore(now: number): void {
    this.applyDue(now, false);
  }

  /** Applies the timers due at or before `now` (strictly before when not `inclusive`), in time order. */
  private applyDue(now: number, inclusive = true): void {
    while (inclusive ? this.nextDue <= now : this.nextDue < now) {
      const t = this.nextDue;
      // Same-instant order: the flag ends before anything it gates is decided.
      if (this.flagEndsAt === t) this.onFlagEnd(t);
      else if (this.reviewAt === t) this.onReview(t);
      else if (this.recheckAt === t) this.onRecheck(t);
      else this.onUpgrade(t);
      this.updateNextDue();
    }
  }

  /** Keeps a change for the next {@link advance}. */
  private buffer(change: LimitChange): void {
    if (this.buffered.length === 0) this.bufferedAt = change.at;
    this.buffered.push(change);
  }

  private onCounted(user: number, now: number): void {
    if (this._limit !== null) {
      this.usage7.record(user, now, this.window.count(now));
      if (this.usage7.value(now) >= this.armedAt) this.scheduleUpgrade(now);
    }
    const path = this.pathUsage;
    if (path !== null && this.pathQualityOk()) {
      path.record(user, now, 0);
      this.checkPath(now);
    }
  }

  private scheduleUpgrade(crossing: number): void {
    const a = this.rs.autoScale;
    let d = a.delay;
    // Whole milliseconds keep every time an integer, so shifting inputs shifts outputs exactly.
    if (a.delayMode === "uniform" && d > 0) d = Math.max(1, Math.ceil(d * (1 - this.uniform())));
    this.upgradeAt = Math.max(crossing + d, this._tierSince + a.minTimeInTier);
    this.armedAt = NONE;
    this.updateNextDue();
  }

  private onUpgrade(t: number): void {
    this.upgradeAt = NONE;
    if (this.canAutoScale() && this.gateOpen()) {
      this.setLimit(t, this.ladder[this.rung + 1], "auto-scale");
    }
    this.rearm();
    this.checkAutoScale(t);
  }

  private onReview(t: number): void {
    this.reviewAt = NONE;
    const path = this.reviewPath;
    const approved = this.uniform() < this.rs.scalingPath.review.approveProbability;
    this.buffer({ at: t, kind: "scaling-path", path, outcome: approved ? "approved" : "deferred" });
    if (approved && this.belowStart()) {
      this.setLimit(t, this.rs.limit.startVerified, "scaling-path");
      this.leaveStart();
      this.rearm();
      this.checkAutoScale(t);
    } else if (!approved && this.pathUsage !== null) {
      // Meta's remedy for every denial is the usage path; it may be re-reviewed after retryAfter.
      this.pathEligibleFrom = t + this.rs.scalingPath.review.retryAfter;
      this.recheckAt = this.pathEligibleFrom;
    }
  }

  private onRecheck(t: number): void {
    this.recheckAt = NONE;
    this.checkPath(t);
  }

  private onFlagEnd(t: number): void {
    this.flagEndsAt = NONE;
    this.setStatus(t, "CONNECTED");
    if (this._quality === "RED") {
      if (this.rung > this.verifiedRung) {
        const exact = this.ladder[this.rung] === this._limit;
        this.setLimit(t, this.ladder[exact ? this.rung - 1 : this.rung], "downgrade");
      }
      this.upgradeAt = NONE;
      this.flag(t);
    }
    this.rearm();
    this.checkAutoScale(t);
  }

  private flag(now: number): void {
    this.setStatus(now, "FLAGGED");
    this.flagEndsAt = now + this.rs.downgrade.flaggedFor;
  }

  private checkAutoScale(now: number): void {
    if (this.upgradeAt === NONE && this.armedAt !== NONE && this.usage7.value(now) >= this.armedAt) this.scheduleUpgrade(now);
  }

  private checkPath(now: number): void {
    const usage = this.rs.scalingPath.usage;
    const path = this.pathUsage;
    if (usage === null || path === null || this.reviewAt !== NONE || now < this.pathEligibleFrom || !this.pathQualityOk()) return;
    if (path.value(now) >= usage.threshold) {
      this.reviewAt = now + this.rs.scalingPath.review.delay;
      this.reviewPath = "usage";
      this.updateNextDue();
    }
  }

  private setLimit(at: number, to: Limit, reason: LimitChangeReason): void {
    const from = this._limit;
    if (from === to) return;
    this._limit = to;
    this.rung = rungOf(this.ladder, to);
    this._tierSince = at;
    this.buffer({ at, kind: "limit", from, to, reason });
  }

  private setStatus(at: number, to: NumberStatus): void {
    const from = this._status;
    if (from === to) return;
    this._status = to;
    this.buffer({ at, kind: "status", from, to });
  }

  private leaveStart(): void {
    this.pathUsage = null;
    this.recheckAt = NONE;
  }

  private belowStart(): boolean {
    return this.rung < this.verifiedRung || (this._limit !== null && this._limit < (this.ladder[this.verifiedRung] ?? Infinity));
  }

  private canAutoScale(): boolean {
    return this._limit !== null && this.rung >= this.verifiedRung && this.rung + 1 < this.ladder.length && !this.belowStart();
  }

  private gateOpen(): boolean {
    const q = this._quality;
    return this._status !== "FLAGGED" && this.rs.autoScale.qualityGate.includes(q) && !(q === "UNKNOWN" && this.rated);
  }

  private pathQualityOk(): boolean {
    return !this.rs.scalingPath.usage?.requiresHighQuality || this._quality === "GREEN";
  }

  private rearm(): void {
    this.armedAt = this.upgradeAt === NONE && this.canAutoScale() && this.gateOpen() ? this.rs.autoScale.factor * (this._limit as number) : NONE;
  }

  private updateNextDue(): void {
    this.nextDue = Math.min(this.upgradeAt, this.reviewAt, this.flagEndsAt, this.recheckAt);
  }
}

/** Index of the highest rung not above `limit` (`null` = the top); -1 below the ladder. */
function rungOf(ladder: Limit[], limit: Limit): number {
  if (limit === null) return ladder.length - 1;
  let r = -1;
  for (let i = 0; i < ladder.length; i++) {
    const v = ladder[i];
    if (v !== null && v <= limit) r = i;
  }
  return r;
}
