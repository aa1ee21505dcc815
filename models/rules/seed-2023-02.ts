// The rules as the project's seed article (a Spanish brief of 17 Feb 2023) describes them:
// unverified businesses capped at 50 conversations a day ("expected to rise to 250"),
// verified ones from 1K to unlimited depending on quality; templates reviewed in up to 48 h.
// Scaling follows the Meta text of that time: half the limit in 7 days, +24 h ([S3]).
import { DAY, HOUR } from "../duration.js";
import { CURRENT_CATEGORIES, LEGACY_CATEGORIES } from "./types.js";
import type { ParameterSource, RuleSet } from "./types.js";
import {
  DEFAULT_QUALITY, DEFAULT_REVIEW, DEFAULT_TEMPLATE_QUALITY, OVER_LIMIT_CODE, PAIR_RATE, PAUSE_DURATIONS,
  PER_USER_CAP, PRICING, THROUGHPUT_PER_NUMBER_ERA, WINDOWS,
  OVER_LIMIT_CODE_SOURCE,
  PER_USER_BUDGET_SOURCE,
  PER_USER_LOCKOUT_SOURCES,
  PRICING_CURRENCY_SOURCE,
  PRICING_RATES_SOURCE,
  PRICING_TIER_SOURCES,
  ENFORCEMENT,
  ENFORCEMENT_SOURCES,
  PACING_SOURCES,
  PORTFOLIO_PACING,
  TEMPLATE_PACING,
} from "./common.js";

/** Rules of the seed brief (17 Feb 2023): per number, 50 unverified, ½ the limit in 7 days. */
export const ruleSet: RuleSet = {
  id: "seed-2023-02",
  title: "The seed brief: 50 unverified, ½ rule (Feb 2023)",
  from: "2023-02-17",
  summary:
    "Limits per phone number: unverified businesses start 50 conversations a day (250 announced), verified ones 1K, then 10K, 100K, unlimited. " +
    "A number moves up 24 h after it has opened conversations with unique users adding up to half its limit over 7 days; " +
    "Flagged for 7 days at low quality drops one rung. Templates take up to 48 h to review; legacy and new categories coexist.",
  limit: {
    scope: "number",
    ladder: [50, 1_000, 10_000, 100_000, null],
    startUnverified: 50,
    startVerified: 1_000,
    window: DAY,
    countedUnit: "business-initiated-conversation",
    overLimitCode: OVER_LIMIT_CODE,
  },
  scalingPath: {
    verification: true,
    partnerVerification: false,
    usage: null,
    review: { ...DEFAULT_REVIEW },
  },
  autoScale: {
    factor: 0.5,
    lookback: 7 * DAY,
    measure: "cumulativeUnique7d",
    delay: 24 * HOUR,
    delayMode: "fixed",
    minTimeInTier: 0,
    // Medium or High; UNKNOWN admitted because a new number has no rating yet.
    qualityGate: ["GREEN", "YELLOW", "UNKNOWN"],
  },
  downgrade: { enabled: true, flaggedFor: 7 * DAY, exit: "day-7" },
  quality: { ...DEFAULT_QUALITY },
  templates: {
    categories: [...LEGACY_CATEGORIES, ...CURRENT_CATEGORIES, "TRANSACTIONAL", "OTP"],
    reviewMax: 48 * HOUR,
    pauseDurations: [...PAUSE_DURATIONS],
    pauseCountWindow: null,
    // The brief: 250 templates, up to 1,500 on request; "verified" stands for "raised on request".
    perWaba: { unverified: 250, verified: 1_500 },
    quality: { ...DEFAULT_TEMPLATE_QUALITY },
    pausedCode: 132015,
    disabledCode: 132016,
    pacing: { ...TEMPLATE_PACING },
  },
  windows: { ...WINDOWS },
  throughput: { ...THROUGHPUT_PER_NUMBER_ERA, upgrade: { ...THROUGHPUT_PER_NUMBER_ERA.upgrade } },
  pairRate: { ...PAIR_RATE },
  perUserCap: { ...PER_USER_CAP },
  enforcement: { ...ENFORCEMENT, businessInitiatedBlocks: [...ENFORCEMENT.businessInitiatedBlocks], allMessagingBlocks: [...ENFORCEMENT.allMessagingBlocks] },
  pricing: { ...PRICING },
  portfolioPacing: { ...PORTFOLIO_PACING },
};

/** Where each parameter of `seed-2023-02` comes from. */
export const sources: ParameterSource[] = [
  { path: "limit.scope", source: "[S3] Meta text (Whispir copy, Mar 2023): limits per phone number" },
  { path: "limit.ladder", source: "seed brief (17 Feb 2023): 50 unverified ('expected to rise to 250'), verified 1,000 – unlimited; [S3] 1K / 10K / 100K / unlimited" },
  { path: "limit.startUnverified", source: "seed brief: unverified businesses ≤ 50 conversations a day (override to 250: Meta text by Mar 2023 already says 250 [S3])" },
  { path: "limit.startVerified", source: "seed brief: verified from 1,000; [S3] verified + approved display name start at 1K" },
  { path: "limit.window", source: "[S3] rolling 24 h" },
  { path: "limit.countedUnit", source: "[S3], [S9] business-initiated conversations with unique customers" },
  OVER_LIMIT_CODE_SOURCE,
  { path: "scalingPath", source: "[S3] verification (display-name approval) is the gate; no usage path before 1 Nov 2023 [S7]; review delay and approval are assumptions" },
  { path: "autoScale.factor", source: "[S3], [S9] initiated ≥ half the current limit with unique users in the last 7 days" },
  { path: "autoScale.lookback", source: "[S3] last 7 days" },
  { path: "autoScale.measure", source: "[S3] Meta's example 100 + 200 + 200 → cumulative 7-day count (reference §2.4 ⚠)" },
  { path: "autoScale.delay", source: "[S3], [S9] upgrade 24 h after the threshold-crossing conversation" },
  { path: "autoScale.delayMode", source: "[S9] worked example: 500th at 3 pm → upgrade 3 pm next day (fixed)" },
  { path: "autoScale.minTimeInTier", source: "[S3] no minimum time stated" },
  { path: "autoScale.qualityGate", source: "[S3] Connected, quality Medium or High, not Flagged (UNKNOWN: not yet rated)" },
  { path: "downgrade.exit", source: "[S3] the status changes 'after 7 days': day-7 (reference §2.5 ⚠ reads 'back by day 7' either way; §11.2 decides at day 7); override on-recovery" },
  { path: "downgrade", source: "[S3] Flagged at Low; after 7 days still Low → −1 rung" },
  { path: "quality", source: "[S3] past 7 days weighted by recency; thresholds, weights, half-life: calibration defaults (reference §13.2)" },
  { path: "templates.categories", source: "[S22] 11 legacy categories; [S21] MARKETING / UTILITY / AUTHENTICATION from Graph v16.0 (Feb 2023), TRANSACTIONAL / OTP accepted until 1 May 2023" },
  { path: "templates.reviewMax", source: "seed brief: up to 48 h to approve or reject; [S20] Twilio 48 h" },
  { path: "templates.pauseDurations", source: "[S16] 3 h then 6 h then disabled (pausing from Sep/Oct 2023; applied here so complaint paralysis is modelled, as the brief warns)" },
  { path: "templates.pauseCountWindow", source: "[S16] Meta does not say; lifetime assumed" },
  { path: "templates.perWaba", source: "seed brief: 250 templates, 1,500 on request (not found in a Meta copy, reference §15 item 11)" },
  { path: "templates.quality", source: "[S17] negative feedback and low read rate; thresholds are calibration defaults" },
  { path: "templates.pausedCode", source: "[S26] 132015" },
  { path: "templates.disabledCode", source: "[S26] 132016" },
  { path: "windows", source: "seed brief and [S23]: 24 h window after the user's message; FEP 72 h" },
  { path: "throughput", source: "[S12], [S8] 80 mps; 1,000 mps when unlimited and quality ≥ Medium; upgrade ≤ 12 h [S2]; 130429" },
  { path: "pairRate", source: "[S13] 1 msg / 6 s per pair, burst 45, 131056" },
  { path: "perUserCap.from", source: "[S15] global rollout 23 May 2024 (dated parameter)" },
  PER_USER_BUDGET_SOURCE,
  ...PER_USER_LOCKOUT_SOURCES,
  { path: "perUserCap.window", source: "[S14] wait at least 24 h before resending; Meta names no period — 24 h periods on a per-user grid (assumption)" },
  { path: "perUserCap.otherBusinessesShare", source: "assumption (calibration default): mean share of the budget other businesses use; their use is Poisson per user and period" },
  { path: "perUserCap.exemptMarkets", source: "[S14] EEA, UK, Japan, South Korea" },
  { path: "perUserCap.usMarketingBlockedFrom", source: "[S14] 1 Apr 2025 (dated parameter)" },
  { path: "perUserCap.exemptInsideCsw", source: "[S14] marketing templates inside a CSW do not count" },
  { path: "perUserCap.code", source: "[S26] 131049" },
  { path: "pricing.pmpFrom", source: "[S23] per-message pricing from 1 Jul 2025; conversation-based before [S24]" },
  PRICING_CURRENCY_SOURCE,
  PRICING_RATES_SOURCE,
  ...PRICING_TIER_SOURCES,
  ...ENFORCEMENT_SOURCES,
  ...PACING_SOURCES,
  { path: "pricing.freeUtilityInCsw", source: "[S23] utility templates inside an open CSW are free (PMP)" },
  { path: "pricing.conversationWindow", source: "[S24] 24 h conversations" },
];
