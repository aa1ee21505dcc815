// Meta's policy-enforcement ladder (reference §9): a warning, then blocks of business-initiated
// messages (1 and 3 days), then blocks of all messaging (5, 7 and 30 days), then an indefinite
// lock. Each step is taken on a trigger — feedback that marks the business as a spammer,
// sustained, or repeated pacing drops — and a step's block runs its whole duration before the
// ladder can move again. Pure: the platform room feeds it observations and times.
import type { RuleSet } from "../rules/types.js";

/** What a step of the ladder restricts. */
export type Restriction = "warning" | "business-initiated" | "all-messaging" | "locked";

/** Why the ladder moved. */
export type EnforcementTrigger = "spam-feedback" | "pacing-drops";

/** A step taken: which (1 = the first), what it restricts, from when until when (ms). */
export interface EnforcementStep {
  step: number;
  restriction: Restriction;
  trigger: EnforcementTrigger;
  at: number;
  /** End of the block: `at` for a warning, `Infinity` for the lock. */
  until: number;
}

/**
 * The steps of the ladder in order, from the rule set: `warnings` warnings, one
 * business-initiated block per `businessInitiatedBlocks` duration, one block of all messaging
 * per `allMessagingBlocks` duration, then the lock.
 *
 * @example
 * ```ts
 * ladderSteps(rs.enforcement);
 * // [{ restriction: "warning", duration: 0 }, { restriction: "business-initiated", duration: DAY }, …,
 * //  { restriction: "locked", duration: Infinity }]
 * ```
 */
export function ladderSteps(p: RuleSet["enforcement"]): Array<{ restriction: Restriction; duration: number }> {
  return [
    ...Array.from({ length: p.warnings }, () => ({ restriction: "warning" as const, duration: 0 })),
    ...p.businessInitiatedBlocks.map((duration) => ({ restriction: "business-initiated" as const, duration })),
    ...p.allMessagingBlocks.map((duration) => ({ restriction: "all-messaging" as const, duration })),
    { restriction: "locked" as const, duration: Infinity },
  ];
}

/**
 * Whether a quality evaluation marks the business as a spammer: its rating is RED and its
 * weighted negative-feedback rate (blocks, reports weighing `quality.reportWeight`) is at least
 * `enforcement.spamRateAt`. While it holds, template sends to new users beyond
 * `enforcement.spamLimitedTo` in the moving 24 h fail with 131048.
 *
 * @example
 * ```ts
 * spamming(rs, "RED", 0.03);    // true with spamRateAt 0.02
 * spamming(rs, "YELLOW", 0.03); // false: not RED
 * ```
 */
export function spamming(rs: RuleSet, rating: string, rate: number): boolean {
  return rs.enforcement.enabled && rating === "RED" && rate >= rs.enforcement.spamRateAt;
}

/**
 * The enforcement ladder of one business account.
 *
 * Triggers: the spam condition ({@link spamming}) held at every evaluation for
 * `sustainedFor`, counted from when it began or from the end of the last step's block,
 * whichever is later; or `pacingDropsAt` pacing drops within `pacingDropWindow` (drops during a
 * block do not count). Each trigger moves the ladder up exactly one step; nothing moves it down
 * within a run (Meta's appeals are not modelled).
 *
 * @example
 * ```ts
 * const ladder = new EnforcementLadder(rs.enforcement);
 * ladder.observe(true, 0);           // null: the condition has just begun
 * ladder.observe(true, DAY);         // { step: 1, restriction: "warning", … }
 * ladder.observe(true, 2 * DAY);     // { step: 2, restriction: "business-initiated", until: 3 * DAY }
 * ladder.blockedAt(2.5 * DAY);       // true
 * ```
 */
export class EnforcementLadder {
  private readonly steps: Array<{ restriction: Restriction; duration: number }>;
  private taken = 0;
  private blockEnds = -Infinity;
  /** When the current spell of the spam condition began (NaN: it does not hold). */
  private spamSince = NaN;
  /** Pacing drops not yet spent on a step. */
  private drops: number[] = [];

  constructor(private readonly p: RuleSet["enforcement"]) {
    this.steps = ladderSteps(p);
  }

  /** Steps taken so far. */
  get step(): number {
    return this.taken;
  }

  /** Whether the last step (the lock) has been taken. */
  get locked(): boolean {
    return this.taken >= this.steps.length;
  }

  /** Whether a block is in force at `now` (the lock never ends). */
  blockedAt(now: number): boolean {
    return now < this.blockEnds;
  }

  /** End of the block in force at `now` (`Infinity` when locked), or `null` if none is. */
  blockEndsAt(now: number): number | null {
    return this.blockedAt(now) ? this.blockEnds : null;
  }

  /** The restriction in force at `now`: the block's kind, or `null`. */
  restrictionAt(now: number): Restriction | null {
    return this.blockedAt(now) ? this.steps[this.taken - 1].restriction : null;
  }

  /**
   * A quality evaluation at `now` found the spam condition holding (`spam`) or not. Returns the
   * step it triggers, if any.
   */
  observe(spam: boolean, now: number): EnforcementStep | null {
    if (!this.p.enabled || !spam) {
      this.spamSince = NaN;
      return null;
    }
    if (Number.isNaN(this.spamSince)) this.spamSince = now;
    if (this.locked || this.blockedAt(now)) return null;
    const since = Math.max(this.spamSince, this.blockEnds);
    return now - since >= this.p.sustainedFor ? this.take(now, "spam-feedback") : null;
  }

  /** A pacing drop at `now`. Returns the step it triggers, if any. */
  pacingDropped(now: number): EnforcementStep | null {
    if (!this.p.enabled || this.p.pacingDropsAt <= 0 || this.locked || this.blockedAt(now)) return null;
    this.drops = this.drops.filter((t) => t > now - this.p.pacingDropWindow);
    this.drops.push(now);
    if (this.drops.length < this.p.pacingDropsAt) return null;
    this.drops = [];
    return this.take(now, "pacing-drops");
  }

  private take(now: number, trigger: EnforcementTrigger): EnforcementStep {
    const s = this.steps[this.taken++];
    const until = now + s.duration;
    this.blockEnds = until;
    return { step: this.taken, restriction: s.restriction, trigger, at: now, until };
  }
}
