// Values shared by several eras, each with the reason it is shared. Rule-set files spread
// these into their own objects so every era still reads as one complete block of data.
import { DAY, HOUR } from "../duration.js";
import type { ParameterSource, RuleSet } from "./types.js";

/**
 * European Economic Area (EU-27 plus Iceland, Liechtenstein, Norway) as ISO 3166-1 codes.
 * Meta exempts recipients and business numbers there from the per-user marketing cap [S14].
 */
export const EEA_MARKETS = [
  "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT",
  "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO",
] as const;

/** Markets where the per-user marketing cap does not apply: EEA, UK, Japan, South Korea [S14]. */
export const CAP_EXEMPT_MARKETS: readonly string[] = [...EEA_MARKETS, "GB", "JP", "KR"];

/**
 * EXAMPLE rate card in USD per delivered template (PMP) or per conversation (CBP): replace it
 * with Meta's current card for real budgets. Meta changes rates every quarter (1 Jan / Apr /
 * Jul / Oct) and tiersim cannot track them.
 */
export const EXAMPLE_RATES: RuleSet["pricing"]["rates"] = {
  // Rows read in a July 2025 per-country table [S41]. AU, AT, AL and DZ are priced as
  // Meta's regional rows (Rest of APAC, Rest of W. Europe, Rest of C&E Europe, Rest of Africa).
  AR: { MARKETING: 0.0618, UTILITY: 0.0289, AUTHENTICATION: 0.0289 },
  AU: { MARKETING: 0.0732, UTILITY: 0.0113, AUTHENTICATION: 0.0113 },
  AT: { MARKETING: 0.0592, UTILITY: 0.0171, AUTHENTICATION: 0.0171 },
  AL: { MARKETING: 0.086, UTILITY: 0.0212, AUTHENTICATION: 0.0212 },
  DZ: { MARKETING: 0.0225, UTILITY: 0.004, AUTHENTICATION: 0.004 },
  // Illustrative values for common markets, NOT read in a source of the register: they are
  // in the range of Meta's mid-2025 USD card and exist so examples in ES/MX/US/BR/IN do not
  // silently fall back to OTHER. Override `pricing.rates.<MARKET>.<CATEGORY>` for real figures.
  ES: { MARKETING: 0.0615, UTILITY: 0.02, AUTHENTICATION: 0.02 },
  MX: { MARKETING: 0.0305, UTILITY: 0.0085, AUTHENTICATION: 0.0135 },
  US: { MARKETING: 0.025, UTILITY: 0.004, AUTHENTICATION: 0.0135 },
  BR: { MARKETING: 0.0625, UTILITY: 0.0068, AUTHENTICATION: 0.0068 },
  IN: { MARKETING: 0.0107, UTILITY: 0.0014, AUTHENTICATION: 0.0014 },
  // Meta's "Other" region, as priced for markets such as AS and AQ in the same table [S41].
  OTHER: { MARKETING: 0.0604, UTILITY: 0.0077, AUTHENTICATION: 0.0077 },
};

/**
 * Calibration defaults for the number/portfolio quality rating. Meta publishes no formula or
 * thresholds (reference §3, §15 item 9); these give GREEN for ordinary opted-in lists and RED
 * for lists where about one delivery in a hundred draws a weighted complaint.
 */
export const DEFAULT_QUALITY: RuleSet["quality"] = {
  window: 7 * DAY,
  halfLife: 2 * DAY,
  yellowAt: 0.005,
  redAt: 0.01,
  reportWeight: 3,
  minDelivered: 200,
  holdLastRating: true,
  evaluateEvery: HOUR,
};

/** Source of the shared rule for a rating whose deliveries ran out (every era's `sources` lists it). */
export const HOLD_LAST_RATING_SOURCE = {
  path: "quality.holdLastRating",
  source:
    "assumption: Meta rates on recent messages [S3] and says nothing of a number that stops sending; a rating held until enough new deliveries decide another, so that pausing a RED portfolio for a week does not make it GREEN",
};

/**
 * Calibration defaults for template quality (negative feedback plus low read rate [S17]);
 * Meta publishes no thresholds. One SDK describes template quality as a 24 h view, hence the
 * window (reference §4.4).
 */
export const DEFAULT_TEMPLATE_QUALITY: RuleSet["templates"]["quality"] = {
  window: DAY,
  minDelivered: 100,
  yellowAt: 0.005,
  redAt: 0.01,
  lowReadRate: 0.2,
  // Low reads alone lower quality but never make a template RED: a template nobody reads and
  // nobody complains about scores 0.025 × 0.2 = 0.005, exactly the YELLOW threshold (compared
  // exactly, so it is YELLOW). RED takes negative feedback.
  readRateWeight: 0.025,
};

/**
 * Template pacing [S16], [S38]: from 12 Oct 2023 for every market (12 Sep 2023 in BR, CO, SG).
 * Meta discloses no batch size, listening period or feedback rule: a first batch of 1,000, an
 * hour of listening (paced messages go out within about an hour at p99 [S38]) and the RED
 * threshold of template quality on at least 100 deliveries are assumptions.
 */
export const TEMPLATE_PACING: RuleSet["templates"]["pacing"] = {
  from: "2023-10-12",
  initialBatch: 1_000,
  listenFor: HOUR,
  badAt: 0.01,
  minFeedback: 100,
  utilityAfterPause: 7 * DAY,
};

/**
 * Business-portfolio pacing [S38b], from 8 Dec 2025, for portfolios under 500K template
 * messages in a moving 365 days. Burst size, batch size, listening period, feedback rule and
 * review length are undisclosed: assumptions.
 */
export const PORTFOLIO_PACING: RuleSet["portfolioPacing"] = {
  from: "2025-12-08",
  threshold: 500_000,
  window: 365 * DAY,
  burstWindow: HOUR,
  batchSize: 10_000,
  listenFor: HOUR,
  badAt: 0.01,
  minFeedback: 100,
  reviewDuration: DAY,
  code: 132015,
};

/** Sources of the pacing parameters (every era lists them: they apply by calendar date). */
export const PACING_SOURCES: ParameterSource[] = [
  { path: "templates.pacing.from", source: "[S16] template pacing from 12 Oct 2023 (12 Sep 2023 in BR, CO, SG)" },
  { path: "templates.pacing.initialBatch", source: "assumption: Meta says the first sends go out, beyond an undisclosed threshold they are held [S38]" },
  { path: "templates.pacing.listenFor", source: "assumption from [S38]: paced messages delivered within about 1 h at p99" },
  { path: "templates.pacing.badAt", source: "assumption: the RED threshold of template quality" },
  { path: "templates.pacing.minFeedback", source: "assumption: the deliveries template quality needs for a rating" },
  { path: "templates.pacing.utilityAfterPause", source: "[S38] utility templates are paced when a utility template was paused in the previous 7 days" },
  { path: "portfolioPacing.from", source: "[S38b] Meta business portfolio pacing, Updated 8 Dec 2025 (gradual rollout)" },
  { path: "portfolioPacing.threshold", source: "[S38b] fewer than 500K template messages in a moving 365 days" },
  { path: "portfolioPacing.window", source: "[S38b] moving 365 days" },
  { path: "portfolioPacing.burstWindow", source: "assumption: Meta paces 'large bursts' without saying how large" },
  { path: "portfolioPacing.batchSize", source: "assumption: first batch normal, the rest released in batches [S38b]" },
  { path: "portfolioPacing.listenFor", source: "assumption: feedback checks between batches [S38b], an hour each" },
  { path: "portfolioPacing.badAt", source: "assumption: the RED threshold of template quality" },
  { path: "portfolioPacing.minFeedback", source: "assumption" },
  { path: "portfolioPacing.reviewDuration", source: "assumption: blocked 'pending review' [S38b]; appeals take about 24–48 h [S42]" },
  { path: "portfolioPacing.code", source: "[S38b] held messages fail with 132015 (one developer's code maps them to 135000 ⚠)" },
];

/** Pause ladder: 3 h, then 6 h, then disabled; counted over the template's lifetime [S16]. */
export const PAUSE_DURATIONS: readonly number[] = [3 * HOUR, 6 * HOUR];

/** CSW 24 h from the latest inbound; FEP 72 h [S23]. */
export const WINDOWS: RuleSet["windows"] = { csw: DAY, fep: 3 * DAY };

/** Pair rate: 1 message per 6 s per (number, user), bursts of 45 [S13]. */
export const PAIR_RATE: RuleSet["pairRate"] = { burst: 45, interval: 6_000, code: 131056 };

/**
 * Throughput before 7 Oct 2025: 80 mps per number, 1,000 mps once the number is unlimited with
 * quality at least Medium [S2], [S8], [S12]. No usage threshold was stated, hence 0.
 */
export const THROUGHPUT_PER_NUMBER_ERA: RuleSet["throughput"] = {
  mps: 80,
  highMps: 1_000,
  coexistenceMps: 20,
  upgrade: { enabled: true, minUnique24h: 0, requiresUnlimited: true, minQuality: ["GREEN", "YELLOW"], delay: 12 * HOUR },
  code: 130429,
};

/**
 * Per-user marketing cap. Dated parameters apply by calendar day in every era, so replaying
 * an old era across 2024–2025 still meets the cap (23 May 2024 [S15]) and the US block
 * (1 Apr 2025 [S14]). Budget and the other businesses' share are calibration defaults:
 * Meta only says "dynamic" (reference §6.1).
 */
export const PER_USER_CAP: RuleSet["perUserCap"] = {
  from: "2024-05-23",
  budget: 2,
  window: DAY,
  otherBusinessesShare: 0.5,
  exemptMarkets: [...CAP_EXEMPT_MARKETS],
  usMarketingBlockedFrom: "2025-04-01",
  exemptInsideCsw: true,
  lockoutAfter: 3,
  lockout: DAY,
  code: 131049,
};

/** Source of the shared per-user budget (every era's `sources` lists it). */
export const PER_USER_BUDGET_SOURCE: ParameterSource = { path: "perUserCap.budget", source: "assumption: Meta says 'dynamic' [S14]; BSPs report ≈1–2 per 24 h [S15]" };

/** Sources of the shared lockout after repeated retries (every era's `sources` lists them). */
export const PER_USER_LOCKOUT_SOURCES: ParameterSource[] = [
  { path: "perUserCap.lockoutAfter", source: "assumption: Meta says retrying 'several times' within 24 h can lock the user out [S14]; the third refusal in a period" },
  { path: "perUserCap.lockout", source: "[S14] further attempts unavailable 'for up to 24 hours'" },
];

/**
 * EXAMPLE volume tiers for utility and authentication templates under per-message pricing:
 * Meta prices a portfolio's charged messages of a category in a market by their monthly volume,
 * lower in higher tiers [S23]. These boundaries and discounts are NOT read in a source — they
 * only give the mechanism a shape; replace them with Meta's card for the markets you send to.
 */
export const EXAMPLE_VOLUME_TIERS: RuleSet["pricing"]["volumeTiers"] = {
  UTILITY: [
    { from: 0, discount: 0 },
    { from: 250_000, discount: 0.05 },
    { from: 1_000_000, discount: 0.1 },
    { from: 5_000_000, discount: 0.15 },
    { from: 25_000_000, discount: 0.2 },
  ],
  AUTHENTICATION: [
    { from: 0, discount: 0 },
    { from: 250_000, discount: 0.05 },
    { from: 1_000_000, discount: 0.1 },
    { from: 5_000_000, discount: 0.15 },
    { from: 25_000_000, discount: 0.2 },
  ],
};

/**
 * Pricing as dated parameters: conversation-based until 30 Jun 2025 (with conversation
 * categories from 1 Jun 2023), per message from 1 Jul 2025 [S23], [S24], whatever era the
 * limits follow.
 */
export const PRICING: RuleSet["pricing"] = {
  pmpFrom: "2025-07-01",
  currency: "USD",
  rates: EXAMPLE_RATES,
  freeUtilityInCsw: true,
  conversationWindow: DAY,
  categoriesFrom: "2023-06-01",
  volumeTiers: EXAMPLE_VOLUME_TIERS,
};

/** Sources of the shared conversation categories and volume tiers (every era's `sources` lists them). */
export const PRICING_TIER_SOURCES: ParameterSource[] = [
  { path: "pricing.categoriesFrom", source: "[S24] conversation categories for conversations opened from 1 Jun 2023; before, user- and business-initiated conversations (details not read in a Meta copy ⚠)" },
  {
    path: "pricing.volumeTiers",
    source: "EXAMPLES, replace with Meta's card: [S23] volume tiers for utility and authentication, monthly per portfolio × market × category, charged messages only, reset on the 1st in the WABA's time zone; boundaries and discounts unsourced",
  },
];

/** Sources of the shared example rate card (every era's `sources` lists them). */
export const PRICING_CURRENCY_SOURCE: ParameterSource = { path: "pricing.currency", source: "[S41] USD example card" };
export const PRICING_RATES_SOURCE: ParameterSource = {
  path: "pricing.rates",
  source: "EXAMPLES, replace with Meta's current card: AR/AU/AT/AL/DZ/OTHER from [S41] (Jul 2025); ES/MX/US/BR/IN illustrative, unsourced",
};

/**
 * No Meta error code exists for "messaging limit reached" (reference §2.6). tiersim uses
 * Twilio's 63018, the one published code that means exactly this.
 */
export const OVER_LIMIT_CODE = 63018;
export const OVER_LIMIT_CODE_SOURCE: ParameterSource = { path: "limit.overLimitCode", source: "assumption: Meta publishes no code (reference §2.6); Twilio's 63018 [S34]" };

/**
 * Quality review after a scaling path: Meta publishes neither its length nor an approval
 * rate (reference §2.3). One day, always approved, a week before a denied business may retry.
 */
export const DEFAULT_REVIEW: RuleSet["scalingPath"]["review"] = { delay: DAY, approveProbability: 1, retryAfter: 7 * DAY };

/**
 * Policy enforcement [S35], [S42] (reference §9): a warning, 1- and 3-day blocks of
 * business-initiated messages, 5-, 7- and 30-day blocks of all messaging, then a lock. Meta
 * publishes no trigger thresholds: the spam condition (RED with a weighted negative-feedback
 * rate of at least 2 %, twice the RED threshold), its 24 h duration, the 131048 allowance and
 * the pacing-drop trigger are assumptions.
 */
export const ENFORCEMENT: RuleSet["enforcement"] = {
  enabled: true,
  spamRateAt: 0.02,
  sustainedFor: DAY,
  spamLimitedTo: 250,
  spamCode: 131048,
  pacingDropsAt: 3,
  pacingDropWindow: 7 * DAY,
  warnings: 1,
  businessInitiatedBlocks: [DAY, 3 * DAY],
  allMessagingBlocks: [5 * DAY, 7 * DAY, 30 * DAY],
  blockCode: 368,
};

/** Sources of the enforcement ladder (every era's `sources` lists them). */
export const ENFORCEMENT_SOURCES: ParameterSource[] = [
  { path: "enforcement.enabled", source: "[S35], [S42] policy enforcement ladder (reference §9); dates of its introduction not read, assumed to hold in every era" },
  { path: "enforcement.spamRateAt", source: "assumption: Meta ties 131048 and enforcement to blocks and spam reports [S26] without a threshold; twice quality.redAt" },
  { path: "enforcement.sustainedFor", source: "assumption: 24 h of the spam condition per step (reference §13.8 'unknown')" },
  { path: "enforcement.spamLimitedTo", source: "assumption: 131048 'restrictions on how many messages can be sent' [S26], no number published; 250 new users per moving 24 h" },
  { path: "enforcement.spamCode", source: "[S26] 131048 spam rate limit hit" },
  { path: "enforcement.pacingDropsAt", source: "assumption: repeated pacing drops (3 in 7 days) as a trigger" },
  { path: "enforcement.pacingDropWindow", source: "assumption: 7 days" },
  { path: "enforcement.warnings", source: "[S35], [S42] a warning first" },
  { path: "enforcement.businessInitiatedBlocks", source: "[S35], [S42] 1- or 3-day block on business-initiated messages (modelled as 1 then 3 days)" },
  { path: "enforcement.allMessagingBlocks", source: "[S35], [S42] 5-, 7- (or 30-) day block on all messaging, then an indefinite lock" },
  { path: "enforcement.blockCode", source: "[S26] 368 temporarily blocked for policies violations (reference §6.5)" },
];
