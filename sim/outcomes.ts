// Outcome of one send attempt, as small integers so the hot loop allocates nothing.

/** Accepted and delivered (delivery may complete after the horizon: then it is in flight). */
export const DELIVERED = 0;
/** Accepted, then failed (undeliverable, per-user cap, opted out…). */
export const FAILED = 1;
/** Refused before sending (limit, paused template, throughput, pair rate). */
export const REJECTED = 2;
/**
 * Accepted and held for quality assessment (template or portfolio pacing): delivered when
 * released, failed (132015) when dropped; the platform tells the sender which, later.
 */
export const HELD = 3;
export type Outcome = typeof DELIVERED | typeof FAILED | typeof REJECTED | typeof HELD;

export const OUTCOME_NAMES = ["delivered", "failed", "rejected", "held"] as const;

/** What the platform says of one attempt (a reused object: read it, do not keep it). */
export interface AttemptInfo {
  outcome: Outcome;
  code: number;
  /** The message made its user count in the moving-24 h window. */
  countsTowardLimit: boolean;
  /** The user had an open customer-service window (at the attempt; for a held message, at its release). */
  insideCsw: boolean;
  /** A held message's ticket (outcome HELD), the same in the listener's `resolved`; −1 otherwise. */
  ticket: number;
  /**
   * When the message's delivered or failed status is due (its webhook, in the real world):
   * delivery plus its latency, or the moment a held message is dropped; −1 when refused or held.
   */
  notifyAt: number;
  /** When the user reads the message (a `read` status); −1 when it is not read. */
  readAt: number;
  /** When the user's reply arrives (an inbound message, the listener's `userMessage`); −1 when none comes. */
  replyAt: number;
}

// Codes the rule set parameterises (throughput, pair rate, per-user cap, paused and disabled
// templates, the messaging limit) are read from it, so an override takes effect; these two have
// no parameter.
/** Undeliverable number, or a user who blocked the business (Meta does not say; practitioners see 131026). */
export const CODE_UNDELIVERABLE = 131026;
/** The user stopped marketing messages from this business. */
export const CODE_OPTED_OUT = 131050;
/** A free-form message to a user whose customer-service window is closed (only templates may open a conversation). */
export const CODE_REENGAGEMENT = 131047;
