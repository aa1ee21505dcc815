// Outcome of one send attempt, as small integers so the hot loop allocates nothing.

/** Accepted and delivered (delivery may complete after the horizon: then it is in flight). */
export const DELIVERED = 0;
/** Accepted, then failed (undeliverable, per-user cap, opted out…). */
export const FAILED = 1;
/** Refused before sending (limit, paused template, throughput, pair rate). */
export const REJECTED = 2;
export type Outcome = typeof DELIVERED | typeof FAILED | typeof REJECTED;

export const OUTCOME_NAMES = ["delivered", "failed", "rejected"] as const;

// Codes the rule set parameterises (throughput, pair rate, per-user cap, paused and disabled
// templates, the messaging limit) are read from it, so an override takes effect; these two have
// no parameter.
/** Undeliverable number, or a user who blocked the business (Meta does not say; practitioners see 131026). */
export const CODE_UNDELIVERABLE = 131026;
/** The user stopped marketing messages from this business. */
export const CODE_OPTED_OUT = 131050;
