// Business-portfolio pacing (reference §4.5, [S38b], from 8 Dec 2025): a portfolio that sent
// fewer than 500K template messages in a moving 365 days (or is watched for suspicious
// activity) has large bursts paced: a first batch goes out normally, the rest is held and
// released in batches with a feedback check between them; on bad feedback every message still
// held fails with 132015 and the portfolio may not send templates until a review ends.
//
// Undisclosed, so parameters (`portfolioPacing`): what a "large burst" is (more than
// `batchSize` template sends within `burstWindow`), the batch size, how long each check
// listens, what bad feedback is, and how long the review lasts. The moving 365-day count starts
// from the scenario's `business.templatesLast365d` and adds the run's deliveries (the count
// from before the run is not aged out within it); a portfolio that grows past the threshold is
// no longer paced, and what it still holds goes out at the next check.
import type { RuleSet } from "../rules/types.js";
import { PACE_HOLD, PACE_SEND, type PaceDecision } from "./pacing.js";

/**
 * The pacing state of one business portfolio.
 *
 * @example
 * ```ts
 * const p = new PortfolioPacing(rs.portfolioPacing, 0, startEpoch);
 * p.decide(now);          // PACE_SEND until a burst passes batchSize within burstWindow, then PACE_HOLD
 * p.checkAt;              // when the held messages' first check happens
 * p.released(now, 10_000, heldLeft); // good feedback: a batch goes out
 * ```
 */
export class PortfolioPacing {
  private readonly p: RuleSet["portfolioPacing"];
  private readonly fromVirtual: number;
  /** Template messages in the moving 365 days (the run's deliveries added). */
  private count: number;
  private windowStart = -Infinity;
  private windowCount = 0;
  /** Start of the batch under observation while pacing, or −1. */
  private batchStart = -1;
  /**
   * The portfolio may not send templates before this (a review after bad feedback). Written
   * in few runs: the constructor rewrites it so that optimized code never takes it for a
   * constant (see ARCHITECTURE.md, "Fields a rare event writes").
   */
  private reviewUntil = Infinity;

  constructor(p: RuleSet["portfolioPacing"], templatesLast365d: number, fromVirtual: number) {
    this.p = p;
    this.count = templatesLast365d;
    this.reviewUntil = -Infinity;
    this.fromVirtual = fromVirtual;
  }

  /** Whether the portfolio is small enough (by its moving 365-day count) to be paced at `now`. */
  applies(now: number): boolean {
    return now >= this.fromVirtual && this.count < this.p.threshold;
  }

  /** A template message was delivered. */
  delivered(): void {
    this.count++;
  }

  /** Whether a review blocks template sends at `now`. */
  inReview(now: number): boolean {
    return now < this.reviewUntil;
  }

  /** End of the review in force (−Infinity when none was ever started). */
  get reviewEnds(): number {
    return this.reviewUntil;
  }

  /** Whether messages are being held (a burst is being paced). */
  get pacing(): boolean {
    return this.batchStart >= 0;
  }

  /** Start of the batch whose feedback the next check judges. */
  get since(): number {
    return this.batchStart;
  }

  /** When the next feedback check happens, or `null`. */
  get checkAt(): number | null {
    return this.batchStart >= 0 ? this.batchStart + this.p.listenFor : null;
  }

  /** A template send at `now` (after every other check): PACE_SEND, or PACE_HOLD while a burst is paced. */
  decide(now: number): PaceDecision {
    if (this.batchStart >= 0) return PACE_HOLD;
    if (!this.applies(now)) return PACE_SEND;
    if (now >= this.windowStart + this.p.burstWindow) {
      this.windowStart = now;
      this.windowCount = 0;
    }
    if (this.windowCount < this.p.batchSize) {
      this.windowCount++;
      return PACE_SEND;
    }
    this.batchStart = now;
    return PACE_HOLD;
  }

  /**
   * Good feedback at `now`: the next batch is released. With messages still held, the released
   * batch is observed until the next check; without, pacing ends and a new burst window opens
   * holding the released batch.
   */
  released(now: number, batch: number, stillHeld: number): void {
    if (stillHeld > 0) {
      this.batchStart = now;
      return;
    }
    this.batchStart = -1;
    this.windowStart = now;
    this.windowCount = batch;
  }

  /** Bad feedback at `now`: pacing ends, everything held is dropped, a review starts. */
  failed(now: number): void {
    this.batchStart = -1;
    this.windowStart = -Infinity;
    this.windowCount = 0;
    this.reviewUntil = now + this.p.reviewDuration;
  }

  /** The portfolio's moving 365-day template count. */
  get templates365d(): number {
    return this.count;
  }
}

export { PACE_HOLD, PACE_SEND };
