// Current rules (from 7 Oct 2025): one limit shared by the whole portfolio, 250 → 2K via a
// scaling path, automatic steps within 6 h of using half the limit in 7 days, and no more
// quality-driven downgrades ([S1], [S2]; Meta copy updated 8 May 2026).
import { DAY, HOUR } from "../duration.js";
import { CURRENT_CATEGORIES } from "./types.js";
import type { ParameterSource, RuleSet } from "./types.js";
import {
  DEFAULT_QUALITY, DEFAULT_REVIEW, DEFAULT_TEMPLATE_QUALITY, OVER_LIMIT_CODE, PAIR_RATE, PAUSE_DURATIONS,
  PER_USER_CAP, PRICING, WINDOWS,
  OVER_LIMIT_CODE_SOURCE,
  PER_USER_BUDGET_SOURCE,
  PER_USER_LOCKOUT_SOURCES,
  PRICING_CURRENCY_SOURCE,
  PRICING_RATES_SOURCE,
  PRICING_TIER_SOURCES,
  PACING_SOURCES,
  PORTFOLIO_PACING,
  TEMPLATE_PACING,
} from "./common.js";

/** Rules from 7 Oct 2025: portfolio-wide limits, 2K first step, upgrades within 6 h, no downgrade. */
export const ruleSet: RuleSet = {
  id: "meta-2025-10",
  title: "Portfolio limits, 2K first step (Oct 2025)",
  from: "2025-10-07",
  summary:
    "One messaging limit per business portfolio, shared by all its numbers: 250 to start; 2K after verification, partner verification " +
    "or 2,000 unique users reached outside the CSW in 30 days with high quality; then 10K, 100K, unlimited within 6 h of using half " +
    "the limit over 7 days. Low quality no longer lowers the limit.",
  limit: {
    scope: "portfolio",
    ladder: [250, 2_000, 10_000, 100_000, null],
    startUnverified: 250,
    startVerified: 2_000,
    window: DAY,
    countedUnit: "delivered-outside-csw",
    overLimitCode: OVER_LIMIT_CODE,
  },
  scalingPath: {
    verification: true,
    partnerVerification: true,
    usage: { threshold: 2_000, window: 30 * DAY, requiresHighQuality: true },
    review: { ...DEFAULT_REVIEW },
  },
  autoScale: {
    factor: 0.5,
    lookback: 7 * DAY,
    measure: "cumulativeUnique7d",
    delay: 6 * HOUR,
    delayMode: "uniform",
    minTimeInTier: 0,
    // Meta asks for "high-quality messages" with no Medium wording any more: GREEN, and
    // UNKNOWN so a portfolio not yet rated can scale. Override to add YELLOW.
    qualityGate: ["GREEN", "UNKNOWN"],
  },
  downgrade: { enabled: false, flaggedFor: 7 * DAY, exit: "day-7" },
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
    pacing: { ...TEMPLATE_PACING },
  },
  windows: { ...WINDOWS },
  throughput: {
    mps: 80,
    highMps: 1_000,
    coexistenceMps: 20,
    upgrade: { enabled: true, minUnique24h: 100_000, requiresUnlimited: true, minQuality: ["GREEN", "YELLOW"], delay: 12 * HOUR },
    code: 130429,
  },
  pairRate: { ...PAIR_RATE },
  perUserCap: { ...PER_USER_CAP },
  pricing: { ...PRICING },
  portfolioPacing: { ...PORTFOLIO_PACING },
};

/** Where each parameter of `meta-2025-10` comes from. */
export const sources: ParameterSource[] = [
  { path: "limit.scope", source: "[S2] Meta 'Upcoming changes': portfolio-level limits from 7 Oct 2025; [S1] messaging limits, Updated 8 May 2026" },
  { path: "limit.ladder", source: "[S1] 250 / 2,000 / 10,000 / 100,000 / unlimited (BSP-reported 2026 simplification not adopted [S40] ⚠)" },
  { path: "limit.startUnverified", source: "[S1] a new portfolio starts at 250" },
  { path: "limit.startVerified", source: "[S1], [S2] a completed and approved scaling path sets 2,000 immediately" },
  { path: "limit.window", source: "[S1] moving 24 h, not a calendar day" },
  { path: "limit.countedUnit", source: "[S1] unique users the business delivers messages to outside a CSW" },
  OVER_LIMIT_CODE_SOURCE,
  { path: "scalingPath.verification", source: "[S1] business verification of the portfolio" },
  { path: "scalingPath.partnerVerification", source: "[S1] partner-led business verification" },
  { path: "scalingPath.usage", source: "[S1] 2,000 delivered outside CSWs to unique users in a 30-day moving window, high-quality templates" },
  { path: "scalingPath.review", source: "[S1] quality analysis, then 2,000 'immediately'; its length and outcome odds unpublished — assumptions" },
  { path: "autoScale.factor", source: "[S1] 'utilized at least half' of the limit" },
  { path: "autoScale.lookback", source: "[S1] in the last 7 days" },
  { path: "autoScale.measure", source: "assumption: Meta does not say cumulative or peak (reference §2.4 ⚠); cumulative per the 2023 example" },
  { path: "autoScale.delay", source: "[S1], [S2] Meta messaging limits, Updated 8 May 2026: 'within 6 hours'" },
  { path: "autoScale.delayMode", source: "'within 6 h' modelled as uniform in (0, 6 h] (assumption; override to fixed)" },
  { path: "autoScale.minTimeInTier", source: "[S1] no minimum stated" },
  { path: "autoScale.qualityGate", source: "[S1] 'high-quality messages' → GREEN (UNKNOWN admitted for a portfolio not yet rated; assumption)" },
  { path: "downgrade.exit", source: "[S2] no Flagged state from 7 Oct 2025 (kept as day-7 for overrides that re-enable downgrades)" },
  { path: "downgrade", source: "[S2] Flagged state and quality-based downgrades removed from 7 Oct 2025" },
  { path: "quality", source: "[S3], [S1] recent blocks and reports, recency-weighted; thresholds, weights, half-life: calibration defaults (reference §13.2)" },
  { path: "templates.categories", source: "[S19], [S21] MARKETING / UTILITY / AUTHENTICATION" },
  { path: "templates.reviewMax", source: "[S18] Meta templates overview, Updated 21 Nov 2025: 'up to 24 hours'" },
  { path: "templates.pauseDurations", source: "[S16] Meta template pausing, Updated 17 Jun 2026: 3 h then 6 h then disabled" },
  { path: "templates.pauseCountWindow", source: "[S16] Meta does not say; lifetime assumed (reference §15 item 10)" },
  { path: "templates.perWaba", source: "[S18] 250 unverified / 6,000 verified with an approved display name" },
  { path: "templates.quality", source: "[S17] negative feedback and low read rates; starts UNKNOWN; thresholds are calibration defaults" },
  { path: "templates.pausedCode", source: "[S16], [S26] 132015" },
  { path: "templates.disabledCode", source: "[S16], [S26] 132016" },
  { path: "windows", source: "[S23] CSW 24 h after the latest inbound; FEP 72 h" },
  { path: "throughput", source: "[S12] Meta throughput, Updated 21 May 2026: 80 / 1,000 / 20 mps; eligible when unlimited, ≥ 100K unique outside CSW in a moving 24 h, quality ≥ YELLOW; [S2] within 12 h; 130429" },
  { path: "pairRate", source: "[S13] Meta about-the-platform, Updated 5 Dec 2025: 1 msg / 6 s, burst 45, 131056" },
  { path: "perUserCap.from", source: "[S15] global rollout 23 May 2024 (dated parameter)" },
  PER_USER_BUDGET_SOURCE,
  ...PER_USER_LOCKOUT_SOURCES,
  { path: "perUserCap.window", source: "[S14] wait at least 24 h before resending; Meta names no period — 24 h periods on a per-user grid (assumption)" },
  { path: "perUserCap.otherBusinessesShare", source: "assumption (calibration default): mean share of the budget other businesses use; their use is Poisson per user and period" },
  { path: "perUserCap.exemptMarkets", source: "[S14] EEA, UK, Japan, South Korea" },
  { path: "perUserCap.usMarketingBlockedFrom", source: "[S14], [S14b] 1 Apr 2025" },
  { path: "perUserCap.exemptInsideCsw", source: "[S14] marketing templates inside a CSW do not count" },
  { path: "perUserCap.code", source: "[S14], [S26] 131049" },
  { path: "pricing.pmpFrom", source: "[S23] Meta pricing, Updated 30 Mar 2026: per message from 1 Jul 2025" },
  PRICING_CURRENCY_SOURCE,
  PRICING_RATES_SOURCE,
  ...PRICING_TIER_SOURCES,
  ...PACING_SOURCES,
  { path: "pricing.freeUtilityInCsw", source: "[S23] free in an open CSW (BSPs report charges from 1 Oct 2026 [S39] ⚠: override to false)" },
  { path: "pricing.conversationWindow", source: "[S24] 24 h conversations (applies before 1 Jul 2025 only)" },
];
