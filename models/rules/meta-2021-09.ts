// The On-Premises-era rules, from the opening of the API to unverified businesses
// ("Limited Access", 50 users / 24 h) on 12 Sep 2021. Auto-scaling asked for twice the limit
// in unique users over 7 days and at least 48 h at the current rung (reference §2.4, [S4]).
import { DAY, HOUR } from "../duration.js";
import { LEGACY_CATEGORIES } from "./types.js";
import type { ParameterSource, RuleSet } from "./types.js";
import {
  DEFAULT_QUALITY, HOLD_LAST_RATING_SOURCE, DEFAULT_REVIEW, DEFAULT_TEMPLATE_QUALITY, OVER_LIMIT_CODE, PAIR_RATE, PAUSE_DURATIONS,
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

/** Rules of the era that began on 12 Sep 2021 (per number; 2× the limit in 7 days). */
export const ruleSet: RuleSet = {
  id: "meta-2021-09",
  title: "Per-number tiers, 2× rule (Sep 2021)",
  from: "2021-09-12",
  summary:
    "Limits per phone number: 50 users / 24 h for unverified businesses, 1K once verified, then 10K, 100K, unlimited. " +
    "A number moves up when the unique users it messaged over 7 days reach twice its limit and it has spent 48 h at the rung; " +
    "a number Flagged for low quality for 7 days drops one rung.",
  limit: {
    scope: "number",
    ladder: [50, 1_000, 10_000, 100_000, null],
    startUnverified: 50,
    startVerified: 1_000,
    window: DAY,
    // The 2021 text counts unique users sent template messages, excluding replies inside a
    // user-initiated 24 h window: that is distinct recipients outside the CSW.
    countedUnit: "delivered-outside-csw",
    overLimitCode: OVER_LIMIT_CODE,
  },
  scalingPath: {
    verification: true,
    partnerVerification: false,
    usage: null,
    review: { ...DEFAULT_REVIEW },
  },
  autoScale: {
    factor: 2,
    lookback: 7 * DAY,
    measure: "cumulativeUnique7d",
    delay: 0,
    delayMode: "fixed",
    minTimeInTier: 48 * HOUR,
    // "Quality not Low": GREEN, YELLOW, and a number without a rating yet.
    qualityGate: ["GREEN", "YELLOW", "UNKNOWN"],
  },
  downgrade: { enabled: true, flaggedFor: 7 * DAY, exit: "day-7" },
  // The older wording of the rating window is "the past 24 hours" (reference §3, ⚠).
  quality: { ...DEFAULT_QUALITY, window: DAY, halfLife: 12 * HOUR },
  templates: {
    // The 11 granular categories, plus MARKETING so promotional campaigns can be replayed:
    // Meta had marketing templates, but many BSPs did not offer them before 2023 (reference §4.1).
    categories: [...LEGACY_CATEGORIES, "MARKETING"],
    reviewMax: 48 * HOUR,
    pauseDurations: [...PAUSE_DURATIONS],
    pauseCountWindow: null,
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

/** Where each parameter of `meta-2021-09` comes from. */
export const sources: ParameterSource[] = [
  { path: "limit.scope", source: "[S4] Meta text of the On-Premises era (workshop copy): limits per phone number" },
  { path: "limit.ladder", source: "[S4] tiers 1K / 10K / 100K / unlimited; [S6] 'Limited Access' 50 users / 24 h from 12 Sep 2021 (BSP: QuickReply, Bird)" },
  { path: "limit.startUnverified", source: "[S6] TIER_50 for unverified businesses, 12 Sep 2021 (BSP)" },
  { path: "limit.startVerified", source: "[S4] a new verified number starts at 1K" },
  { path: "limit.window", source: "[S4] rolling 24 h" },
  { path: "limit.countedUnit", source: "[S4] unique users sent templates, excluding replies in a user-initiated 24 h window — modelled as distinct recipients outside the CSW (assumption)" },
  OVER_LIMIT_CODE_SOURCE,
  { path: "scalingPath", source: "[S4] verification is the only way off 50; no usage path before 1 Nov 2023 [S7]; review delay and approval are assumptions (reference §2.3)" },
  { path: "autoScale.factor", source: "[S4] unique users over 7 days ≥ 2 × current limit" },
  { path: "autoScale.lookback", source: "[S4] 7-day span" },
  { path: "autoScale.measure", source: "[S4] 'add up to' over 7 days → cumulative unique (reference §2.4)" },
  { path: "autoScale.delay", source: "[S4] no delay beyond the minimum time in tier; [S5] 'then upgrade is immediate' (BSP ⚠)" },
  { path: "autoScale.delayMode", source: "[S4] fixed (no delay)" },
  { path: "autoScale.minTimeInTier", source: "[S4] earliest upgrade 48 h; [S5] at the limit ≥ 48 h" },
  { path: "autoScale.qualityGate", source: "[S4] quality not Low (UNKNOWN admitted: a new number has no rating)" },
  { path: "downgrade.exit", source: "[S3] the status changes 'after 7 days': day-7 (reference §2.5 ⚠ reads 'back by day 7' either way; §11.2 decides at day 7); override on-recovery" },
  { path: "downgrade", source: "[S3] Flagged for 7 days at Low → −1 rung (Mar 2023 copy; assumed to hold from 2021)" },
  { path: "quality", source: "[S3b] older wording 'past 24 hours' ⚠; thresholds, weights, half-life: calibration defaults (reference §13.2)" },
  HOLD_LAST_RATING_SOURCE,
  { path: "templates.categories", source: "[S22] the 11 granular categories; MARKETING admitted for replays (pre-2023 marketing effectively not offered by many BSPs [S3])" },
  { path: "templates.reviewMax", source: "[S20] Twilio: review up to 48 h" },
  { path: "templates.pauseDurations", source: "[S16] 3 h then 6 h then disabled (pausing introduced 2023; applied to all eras)" },
  { path: "templates.pauseCountWindow", source: "[S16] Meta does not say; lifetime assumed (reference §15 item 10)" },
  { path: "templates.perWaba", source: "[S35] older: up to 250 per WABA; [S44] rapidpro#1487 (2021) raisable on request; 1,500 on request per the Feb 2023 brief" },
  { path: "templates.quality", source: "[S17] negative feedback and low read rate; window per one SDK comment (24 h ⚠); thresholds are calibration defaults" },
  { path: "templates.pausedCode", source: "[S26] 132015 template paused" },
  { path: "templates.disabledCode", source: "[S26] 132016 template disabled" },
  { path: "windows", source: "[S23] CSW 24 h; FEP 72 h" },
  { path: "throughput", source: "[S12], [S2], [S8] 80 / 1,000 / 20 mps; 1,000 mps when unlimited and quality ≥ Medium; upgrade ≤ 12 h; 130429 (Cloud API values applied to this era)" },
  { path: "pairRate", source: "[S13] 1 msg / 6 s per pair, burst 45, 131056" },
  { path: "perUserCap.from", source: "[S15] global rollout 23 May 2024 (dated parameter, applies by calendar day)" },
  PER_USER_BUDGET_SOURCE,
  ...PER_USER_LOCKOUT_SOURCES,
  { path: "perUserCap.window", source: "[S14] wait at least 24 h before resending; Meta names no period — 24 h periods on a per-user grid (assumption)" },
  { path: "perUserCap.otherBusinessesShare", source: "assumption (calibration default): mean share of the budget other businesses use; their use is Poisson per user and period" },
  { path: "perUserCap.exemptMarkets", source: "[S14] not active in the EEA, UK, Japan, South Korea" },
  { path: "perUserCap.usMarketingBlockedFrom", source: "[S14], [S14b] marketing templates not delivered to US numbers from 1 Apr 2025" },
  { path: "perUserCap.exemptInsideCsw", source: "[S14] marketing templates inside a CSW do not count" },
  { path: "perUserCap.code", source: "[S26] 131049" },
  { path: "pricing.pmpFrom", source: "[S23] per-message pricing from 1 Jul 2025 (dated parameter, applies by calendar day)" },
  PRICING_CURRENCY_SOURCE,
  PRICING_RATES_SOURCE,
  ...PRICING_TIER_SOURCES,
  ...ENFORCEMENT_SOURCES,
  ...PACING_SOURCES,
  { path: "pricing.freeUtilityInCsw", source: "[S23] utility templates inside an open CSW are free (PMP)" },
  { path: "pricing.conversationWindow", source: "[S24] 24 h conversations (CBP)" },
];
