// Outcome of one send attempt, as small integers so the hot loop allocates nothing.

/** Accepted and delivered (delivery may complete after the horizon: then it is in flight). */
export const DELIVERED = 0;
/** Accepted, then failed (undeliverable, per-user cap, opted out…). */
export const FAILED = 1;
/** Refused before sending (limit, paused template, throughput, pair rate). */
export const REJECTED = 2;
export type Outcome = typeof DELIVERED | typeof FAILED | typeof REJECTED;

export const OUTCOME_NAMES = ["delivered", "failed", "rejected"] as const;

/** Undeliverable number, or a user who blocked the business (Meta does not say; practitioners see 131026). */
export const CODE_UNDELIVERABLE = 131026;
/** Per-user marketing cap, and marketing templates to US numbers. */
export const CODE_PER_USER_CAP = 131049;
/** The user stopped marketing messages from this business. */
export const CODE_OPTED_OUT = 131050;
/** Throughput of the number exceeded. */
export const CODE_THROUGHPUT = 130429;
/** Pair rate (number, user) exceeded. */
export const CODE_PAIR_RATE = 131056;
/** Template paused / disabled. */
export const CODE_TEMPLATE_PAUSED = 132015;
export const CODE_TEMPLATE_DISABLED = 132016;
/** Template missing or not approved (pending / rejected). */
export const CODE_TEMPLATE_NOT_APPROVED = 132001;
