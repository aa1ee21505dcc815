// From 1 Nov 2023 a business no longer needs verification to leave 250: opening 1,000
// business-initiated conversations in 30 days with high-quality templates is an alternative
// path ([S7], [S8]). Limits are still per number, scaling is half the limit in 7 days + 24 h,
// and low quality still downgrades (reference §2.3–2.5).
import { DAY, HOUR } from "../duration.js";
import { CURRENT_CATEGORIES } from "./types.js";
import type { ParameterSource, RuleSet } from "./types.js";
import {
  DEFAULT_QUALITY, DEFAULT_REVIEW, DEFAULT_TEMPLATE_QUALITY, OVER_LIMIT_CODE, PAIR_RATE, PAUSE_DURATIONS,
  PER_USER_CAP, PRICING, THROUGHPUT_PER_NUMBER_ERA, WINDOWS,
  OVER_LIMIT_CODE_SOURCE,
  PER_USER_BUDGET_SOURCE,
  PRICING_CURRENCY_SOURCE,
  PRICING_RATES_SOURCE,
} from "./common.js";

/** Rules from 1 Nov 2023: per number, 250 start, usage path of 1,000 conversations in 30 days. */
export const ruleSet: RuleSet = {
  id: "meta-2023-11",
  title: "Per-number tiers with a usage path (Nov 2023)",
  from: "2023-11-01",
  summary:
    "Limits per phone number: 250 unverified, 1K after verification or after 1,000 business-initiated conversations in 30 days with high quality, " +
    "then 10K, 100K, unlimited. A number moves up 24 h after conversations with unique users add up to half its limit over 7 days; " +
    "Flagged for 7 days at low quality drops one rung.",
  limit: {
    scope: "number",
    ladder: [250, 1_000, 10_000, 100_000, null],
    startUnverified: 250,
    startVerified: 1_000,
    window: DAY,
    countedUnit: "business-initiated-conversation",
    overLimitCode: OVER_LIMIT_CODE,
  },
  scalingPath: {
    verification: true,
    partnerVerification: false,
    usage: { threshold: 1_000, window: 30 * DAY, requiresHighQuality: true },
    review: { ...DEFAULT_REVIEW },
  },
  autoScale: {
    factor: 0.5,
    lookback: 7 * DAY,
    measure: "cumulativeUnique7d",
    delay: 24 * HOUR,
    delayMode: "fixed",
    minTimeInTier: 0,
    qualityGate: ["GREEN", "YELLOW", "UNKNOWN"],
  },
  downgrade: { enabled: true, flaggedFor: 7 * DAY },
  quality: { ...DEFAULT_QUALITY },
  templates: {
    categories: [...CURRENT_CATEGORIES],
    reviewMax: 24 * HOUR,
    pauseDurations: [...PAUSE_DURATIONS],
    pauseCountWindow: null,
    perWaba: { unverified: 250, verified: 6_000 },
    quality: { ...DEFAULT_TEMPLATE_QUALITY },
    pausedCode: 132015,
    disabledCode: 132016,
  },
  windows: { ...WINDOWS },
  throughput: { ...THROUGHPUT_PER_NUMBER_ERA, upgrade: { ...THROUGHPUT_PER_NUMBER_ERA.upgrade } },
  pairRate: { ...PAIR_RATE },
  perUserCap: { ...PER_USER_CAP },
  pricing: { ...PRICING },
};

/** Where each parameter of `meta-2023-11` comes from. */
export const sources: ParameterSource[] = [
  { path: "limit.scope", source: "[S3], [S8] limits per phone number until 6 Oct 2025" },
  { path: "limit.ladder", source: "[S3] 250 / 1K / 10K / 100K / unlimited; [S8] AWS (2024–25)" },
  { path: "limit.startUnverified", source: "[S3], [S8] 250 without verification or an approved display name" },
  { path: "limit.startVerified", source: "[S3], [S8] 1K after verification" },
  { path: "limit.window", source: "[S3] rolling 24 h" },
  { path: "limit.countedUnit", source: "[S3], [S9], [S8] business-initiated conversations with unique customers" },
  OVER_LIMIT_CODE_SOURCE,
  { path: "scalingPath.verification", source: "[S3], [S8] business verification" },
  { path: "scalingPath.partnerVerification", source: "[S1] partner-led verification is a 2025 path" },
  { path: "scalingPath.usage", source: "[S7] Wati, [S8] AWS: 1,000 business-initiated conversations in a 30-day window with high-quality templates, from 1 Nov 2023" },
  { path: "scalingPath.review", source: "[S7], [S8] Meta then analyses quality; delay and approval rate unpublished — assumptions (reference §2.3)" },
  { path: "autoScale.factor", source: "[S3], [S9] ≥ half the current limit with unique users in the last 7 days" },
  { path: "autoScale.lookback", source: "[S3] last 7 days" },
  { path: "autoScale.measure", source: "[S3] cumulative 7-day count per Meta's example (reference §2.4 ⚠)" },
  { path: "autoScale.delay", source: "[S3], [S9], [S10] 24 h after the threshold-crossing conversation" },
  { path: "autoScale.delayMode", source: "[S9] worked examples: exactly 24 h later" },
  { path: "autoScale.minTimeInTier", source: "[S3] no minimum stated" },
  { path: "autoScale.qualityGate", source: "[S3] Connected, quality Medium or High, not Flagged (UNKNOWN: not yet rated)" },
  { path: "downgrade", source: "[S3] Flagged at Low; after 7 days still Low → −1 rung" },
  { path: "quality", source: "[S3] past 7 days weighted by recency; thresholds, weights, half-life: calibration defaults (reference §13.2)" },
  { path: "templates.categories", source: "[S21] MARKETING / UTILITY / AUTHENTICATION only after 1 May 2023" },
  { path: "templates.reviewMax", source: "[S18] 'Review can take up to 24 hours'" },
  { path: "templates.pauseDurations", source: "[S16] 3 h then 6 h then disabled (pausing from Sep/Oct 2023)" },
  { path: "templates.pauseCountWindow", source: "[S16] Meta does not say; lifetime assumed" },
  { path: "templates.perWaba", source: "[S18] 250 unverified / 6,000 verified (Nov 2025 copy, applied to this era)" },
  { path: "templates.quality", source: "[S17] negative feedback and low read rate; thresholds are calibration defaults" },
  { path: "templates.pausedCode", source: "[S26] 132015" },
  { path: "templates.disabledCode", source: "[S26] 132016" },
  { path: "windows", source: "[S23] CSW 24 h; FEP 72 h" },
  { path: "throughput", source: "[S12], [S8] 80 mps; 1,000 mps when unlimited and quality ≥ Medium; upgrade ≤ 12 h [S2]; 130429" },
  { path: "pairRate", source: "[S13] 1 msg / 6 s per pair, burst 45, 131056" },
  { path: "perUserCap.from", source: "[S15] global rollout 23 May 2024 (dated parameter)" },
  PER_USER_BUDGET_SOURCE,
  { path: "perUserCap.window", source: "[S14] ≥ 24 h before resending" },
  { path: "perUserCap.otherBusinessesShare", source: "assumption (calibration default)" },
  { path: "perUserCap.exemptMarkets", source: "[S14] EEA, UK, Japan, South Korea" },
  { path: "perUserCap.usMarketingBlockedFrom", source: "[S14] 1 Apr 2025 (dated parameter)" },
  { path: "perUserCap.exemptInsideCsw", source: "[S14]; CBP-era BSP reading differs slightly [S15]" },
  { path: "perUserCap.code", source: "[S26] 131049" },
  { path: "pricing.pmpFrom", source: "[S23] per-message pricing from 1 Jul 2025; conversation-based before [S24]" },
  PRICING_CURRENCY_SOURCE,
  PRICING_RATES_SOURCE,
  { path: "pricing.freeUtilityInCsw", source: "[S23] utility templates inside an open CSW are free (PMP)" },
  { path: "pricing.conversationWindow", source: "[S24] 24 h conversations" },
];
