// The shape of a rule set: every platform parameter the simulator reads, as plain data.
// Durations are integer milliseconds; limits are numbers with `null` for unlimited.
// Each rule set (one per era) is a `RuleSet` value in its own file, with a source for
// each parameter in `sources`. Anything Meta leaves vague is a parameter with a
// documented default, never a constant buried in code.

/** Ids of the modelled eras, oldest first. */
export const RULE_SET_IDS = ["meta-2021-09", "seed-2023-02", "meta-2023-11", "meta-2025-10"] as const;
export type RuleSetId = (typeof RULE_SET_IDS)[number];

/** A messaging limit: distinct users per moving 24 h; `null` is unlimited. */
export type Limit = number | null;

/** Quality rating of a number, a portfolio or a template. */
export type Quality = "GREEN" | "YELLOW" | "RED" | "UNKNOWN";
export const QUALITIES = ["GREEN", "YELLOW", "RED", "UNKNOWN"] as const;

/** Legacy phone-number status overlay (before 2025-10-07). */
export type NumberStatus = "CONNECTED" | "FLAGGED" | "RESTRICTED";

/** When a legacy Flagged number leaves the status once its quality is back (Meta is ambiguous, reference §2.5). */
export type FlaggedExit = "day-7" | "on-recovery";

/** Business verification state of the portfolio. */
export type Verification = "none" | "verified" | "partner-verified";

/** Template categories, current and legacy. */
export const CURRENT_CATEGORIES = ["MARKETING", "UTILITY", "AUTHENTICATION"] as const;
export const LEGACY_CATEGORIES = [
  "ACCOUNT_UPDATE",
  "ALERT_UPDATE",
  "APPOINTMENT_UPDATE",
  "AUTO_REPLY",
  "ISSUE_RESOLUTION",
  "PAYMENT_UPDATE",
  "PERSONAL_FINANCE_UPDATE",
  "RESERVATION_UPDATE",
  "SHIPPING_UPDATE",
  "TICKET_UPDATE",
  "TRANSPORTATION_UPDATE",
] as const;
export type TemplateCategory = (typeof CURRENT_CATEGORIES)[number] | (typeof LEGACY_CATEGORIES)[number] | "TRANSACTIONAL" | "OTP";

/** Template status (the subset the simulator moves through). */
export type TemplateStatus = "PENDING" | "APPROVED" | "REJECTED" | "PAUSED" | "DISABLED";

/** How "used at least a fraction of the limit in 7 days" is measured (Meta does not say). */
export type UtilizationMeasure = "cumulativeUnique7d" | "peakMoving24h";

/** Pricing model: per 24 h conversation (CBP) or per delivered template (PMP). */
export type PricingModel = "CBP" | "PMP";

export interface RuleSet {
  /** Stable id, e.g. `meta-2025-10`. */
  id: RuleSetId;
  /** One-line human title. */
  title: string;
  /** First day the era's rules applied (YYYY-MM-DD). */
  from: string;
  /** Two or three sentences: what defines this era. */
  summary: string;

  limit: {
    /** Whether the limit is counted per phone number or shared by the whole portfolio. */
    scope: "number" | "portfolio";
    /** Rungs of the ladder in order, the last one `null` (unlimited). The start rungs are included. */
    ladder: Limit[];
    /** Starting limit of an unverified business (50 or 250). */
    startUnverified: number;
    /** Starting limit once verified (1,000 per number before 2025-10-07; 2,000 after the scaling path). */
    startVerified: Limit;
    /** Length of the moving window, ms (24 h). */
    window: number;
    /** What is counted toward the limit. */
    countedUnit: "business-initiated-conversation" | "delivered-outside-csw";
    /**
     * Error code used when the platform refuses a send because the limit is reached. Meta
     * publishes none (reference §2.6); the rule sets use Twilio's 63018, the one published code
     * with exactly this meaning.
     */
    overLimitCode: number;
  };

  /** Ways off the starting limit ("scaling paths"). */
  scalingPath: {
    /** Business verification leaves the start. */
    verification: boolean;
    /** Partner-led verification leaves the start. */
    partnerVerification: boolean;
    /** Usage path: distinct users reached in a moving window; `null` when the era has none. */
    usage: {
      /** Distinct users (or conversations) needed. */
      threshold: number;
      /** Moving window, ms (30 d). */
      window: number;
      /** Only counts while templates / the number have high quality. */
      requiresHighQuality: boolean;
    } | null;
    /** Quality review after a path completes: delay, ms, and probability of approval. */
    review: { delay: number; approveProbability: number; retryAfter: number };
  };

  /** Automatic scaling to the next rung. */
  autoScale: {
    /**
     * Upgrade when usage over `lookback` ≥ factor × current limit: 0.5 from ~2022 ("half the
     * limit"), 2 in the 2021 rule ("twice the limit").
     */
    factor: number;
    /** Look-back window, ms (7 d). */
    lookback: number;
    /** How usage over the look-back is measured. */
    measure: UtilizationMeasure;
    /** Delay from the crossing to the upgrade, ms (48 h, 24 h or up to 6 h). */
    delay: number;
    /** `fixed`: exactly `delay`; `uniform`: uniform in (0, delay] (current rules say "within 6 h"). */
    delayMode: "fixed" | "uniform";
    /** Minimum time spent at a rung before the next upgrade, ms. */
    minTimeInTier: number;
    /** Qualities at which upgrades are allowed. */
    qualityGate: Quality[];
  };

  /** Legacy Flagged status and quality-driven downgrade. */
  downgrade: {
    enabled: boolean;
    /** Time a number stays Flagged before it is downgraded (or unflagged), ms. */
    flaggedFor: number;
    /**
     * When a Flagged number whose quality is back to Medium or High leaves the status:
     * `day-7` — at the end of `flaggedFor` (7 days), when the rating then in force decides
     * between Connected and Connected one rung lower; `on-recovery` — as soon as the rating is
     * back (no downgrade), still downgraded at the end of `flaggedFor` if it never was.
     */
    exit: FlaggedExit;
  };

  /** Number / portfolio quality from block and report signals. */
  quality: {
    /** Window of signals, ms (7 d). */
    window: number;
    /** Recency weighting: half-life of a signal's weight, ms. */
    halfLife: number;
    /** Weighted negative-signal rate (per weighted delivered message) at which quality becomes YELLOW. */
    yellowAt: number;
    /** … and RED. */
    redAt: number;
    /** Weight of a report relative to a block. */
    reportWeight: number;
    /** Weighted delivered messages needed before a rating leaves UNKNOWN/keeps GREEN. */
    minDelivered: number;
    /**
     * With fewer than `minDelivered` weighted deliveries in the window: true, the rating holds the
     * last one decided on enough deliveries (a RED portfolio that stops sending stays RED); false,
     * it returns to the initial rating. The initial rating holds until the first decision either way.
     */
    holdLastRating: boolean;
    /** How often quality is re-evaluated, ms. */
    evaluateEvery: number;
  };

  templates: {
    /** Categories accepted in this era. */
    categories: TemplateCategory[];
    /** Upper bound of review time, ms (48 h in the brief's era, 24 h later). */
    reviewMax: number;
    /** Pause durations in order; the next RED after the last one disables the template. */
    pauseDurations: number[];
    /** Window over which pauses are counted, ms; `null` = the template's lifetime. */
    pauseCountWindow: number | null;
    /** Templates per WABA. */
    perWaba: { unverified: number; verified: number };
    /**
     * Template quality from negative feedback and low read rates, over `window` (ms):
     * score = (blocks + reports) / delivered + readRateWeight × max(0, lowReadRate − read rate);
     * YELLOW at `yellowAt`, RED at `redAt`, UNKNOWN below `minDelivered` deliveries. Meta
     * publishes no formula: all are calibration defaults.
     */
    quality: { window: number; minDelivered: number; yellowAt: number; redAt: number; lowReadRate: number; readRateWeight: number };
    /** Send to a paused template is refused with this code (132015), to a disabled one with 132016. */
    pausedCode: number;
    disabledCode: number;
    /**
     * Template pacing (see models/templates/pacing.ts): MARKETING templates, and UTILITY ones
     * after a utility pause, that need an assessment send `initialBatch` messages, hold the rest
     * for `listenFor`, then release them (good feedback) or drop them with `pausedCode` and take
     * the next pause step (feedback at or above `badAt` on at least `minFeedback` deliveries).
     */
    pacing: {
      /** First day pacing applies (YYYY-MM-DD), `null` = never. */
      from: string | null;
      /** Sends that go out before the rest are held. */
      initialBatch: number;
      /** Listening period before the early feedback is judged, ms. */
      listenFor: number;
      /** Template score (same formula as `templates.quality`) at which early feedback is bad. */
      badAt: number;
      /** Deliveries needed to judge early feedback bad. */
      minFeedback: number;
      /** UTILITY templates are paced when a utility template was paused within this long, ms (7 d). */
      utilityAfterPause: number;
    };
  };

  /**
   * Business-portfolio pacing (see models/templates/portfolio-pacing.ts): a portfolio under
   * `threshold` template messages in a moving `window` has bursts of more than `batchSize`
   * sends within `burstWindow` held and released in batches after a feedback check each; bad
   * feedback drops what is held (`code`) and blocks template sends for `reviewDuration`.
   */
  portfolioPacing: {
    /** First day it applies (YYYY-MM-DD), `null` = never. */
    from: string | null;
    /** Template messages in the moving window below which a portfolio is paced (500,000). */
    threshold: number;
    /** The moving window of that count, ms (365 d). */
    window: number;
    /** Sends within this long that make a burst, ms. */
    burstWindow: number;
    /** Sends of a burst that go out before holding, and per released batch. */
    batchSize: number;
    /** Listening period of each feedback check, ms. */
    listenFor: number;
    /** Template score at which a batch's feedback is bad. */
    badAt: number;
    /** Deliveries needed to judge a batch's feedback bad. */
    minFeedback: number;
    /** How long template sends are blocked after bad feedback, ms. */
    reviewDuration: number;
    /** Code of dropped held messages and of sends refused during the review (132015). */
    code: number;
  };

  windows: {
    /** Customer-service window, ms (24 h from the latest inbound). */
    csw: number;
    /** Free entry point window, ms (72 h). */
    fep: number;
  };

  throughput: {
    /** Messages per second per number (80). */
    mps: number;
    /** After the automatic upgrade (1,000). */
    highMps: number;
    /** Coexistence numbers (20). */
    coexistenceMps: number;
    /** Automatic upgrade: eligibility and delay. */
    upgrade: { enabled: boolean; minUnique24h: number; requiresUnlimited: boolean; minQuality: Quality[]; delay: number };
    /** Refusal code (130429). */
    code: number;
  };

  /** Pair rate (business number, user): token bucket. */
  pairRate: { burst: number; interval: number; code: number };

  /**
   * Policy enforcement (reference §9): the 131048 spam rate limit and the ladder of restrictions
   * — warnings, blocks of business-initiated messages, blocks of all messaging, then a lock —
   * each step taken on a trigger (see `models/enforcement/enforcement.ts`).
   */
  enforcement: {
    enabled: boolean;
    /** Spam condition: rating RED and weighted negative-feedback rate at least this (0–1). */
    spamRateAt: number;
    /** How long the spam condition must hold to take a step, ms. */
    sustainedFor: number;
    /** While the spam condition holds: new users per moving 24 h before sends fail with `spamCode`. */
    spamLimitedTo: number;
    /** Spam rate limit code (131048). */
    spamCode: number;
    /** Pacing drops within `pacingDropWindow` that take a step (0 = never). */
    pacingDropsAt: number;
    pacingDropWindow: number;
    /** Warnings before the first block. */
    warnings: number;
    /** Durations of the business-initiated blocks, in order, ms. */
    businessInitiatedBlocks: number[];
    /** Durations of the blocks of all messaging, in order, ms; then the account is locked. */
    allMessagingBlocks: number[];
    /** Code of a send refused while a block or the lock is in force (368). */
    blockCode: number;
  };

  /** Per-user marketing template cap (131049) and US marketing block. */
  perUserCap: {
    /** First day the cap applies (YYYY-MM-DD), `null` = never in this era. */
    from: string | null;
    /** Marketing deliveries per user per period, across all businesses (dynamic in reality). */
    budget: number;
    /** Length of each user's periods, ms (24 h); periods start at a phase of the user's own. */
    window: number;
    /**
     * Share of the budget other businesses use in a period, on average (0–1): their use is
     * Poisson-distributed with mean `budget × otherBusinessesShare`, drawn per user and period.
     */
    otherBusinessesShare: number;
    /** Markets where the cap does not apply (ISO country codes, listed explicitly; `EEA` is also accepted and expands). */
    exemptMarkets: string[];
    /** Marketing templates to US numbers not delivered from this day (YYYY-MM-DD), `null` = never. */
    usMarketingBlockedFrom: string | null;
    /** Marketing templates inside an open CSW do not count. */
    exemptInsideCsw: boolean;
    /** The `lockoutAfter`-th 131049 refusal to one user within one of their periods locks the user out (0 = never). */
    lockoutAfter: number;
    /** How long a locked-out user refuses every marketing template from the business (131049), ms. */
    lockout: number;
    code: number;
  };

  pricing: {
    /** Per-message pricing starts this day (YYYY-MM-DD); before it, conversation-based. `null` = CBP throughout. */
    pmpFrom: string | null;
    currency: string;
    /**
     * EXAMPLE rate card: market (ISO code, or `OTHER` for every market not listed) → category →
     * price per delivered template (PMP) or per opened conversation (CBP). Replace with Meta's card.
     */
    rates: Record<string, Partial<Record<"MARKETING" | "UTILITY" | "AUTHENTICATION", number>>>;
    /** Utility templates inside an open CSW are free (PMP). */
    freeUtilityInCsw: boolean;
    /** Conversation length under CBP, ms (24 h). */
    conversationWindow: number;
    /**
     * CBP conversation categories (marketing, utility, authentication, service) from this day
     * (YYYY-MM-DD); before it, conversations were user- or business-initiated: one
     * business-initiated conversation per user whatever the template's category, and a template
     * inside an open user-initiated conversation (the CSW) was covered by it. `null` = always
     * categories.
     */
    categoriesFrom: string | null;
    /**
     * EXAMPLE volume tiers (PMP): each category's charged messages per portfolio × market in a
     * calendar month (business time zone) are priced at the list rate less the discount of the
     * tier the message falls in — tier i covers messages numbered above `from`.
     */
    volumeTiers: Record<"UTILITY" | "AUTHENTICATION", VolumeTier[]>;
  };
}

/** A volume tier: from the `from`-th charged message of the month on, the rate less `discount` (0–1). */
export interface VolumeTier {
  from: number;
  discount: number;
}

/** One place a rule-set parameter comes from: source register ids and dates. */
export interface ParameterSource {
  path: string;
  source: string;
}
