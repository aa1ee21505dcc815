// The `tiersim/models` entry point: WhatsApp's rules as pure, versioned data and functions —
// rule sets per era, the messaging limit and its moving-24 h window, quality, templates,
// throughput and per-user caps, windows, pricing and error codes. No IO, no clock, no
// randomness: time and draws are passed in, so anything (a simulator, an emulator, a test) can
// drive them.
//
// @example
// ```ts
// import { RULE_SETS, DAY, DistinctWindow } from "tiersim/models";
// const window = new DistinctWindow(DAY, { refreshOnRepeat: true });
// window.admit(7, 0, RULE_SETS["meta-2025-10"].limit.startVerified); // true: user 7 counted at t = 0
// ```

// ── Rule sets, overrides, durations, dates, error codes, pricing ─────────────────────────────
export {
  RULE_SETS,
  RULE_SET_IDS,
  DEFAULT_RULE_SET_ID,
  listRuleSets,
  getRuleSet,
  ruleSetSources,
  sourceOf,
  ruleSetAt,
  parameterPaths,
  getParameter,
  applyOverrides,
  PARAMETER_KINDS,
  kindOf,
  readValue,
  closest,
  levenshtein,
  EEA_MARKETS,
  CAP_EXEMPT_MARKETS,
  QUALITIES,
  CURRENT_CATEGORIES,
  LEGACY_CATEGORIES,
} from "./rules/index.js";
export type {
  RuleSet,
  RuleSetId,
  Limit,
  Quality,
  NumberStatus,
  Verification,
  TemplateCategory,
  TemplateStatus,
  UtilizationMeasure,
  PricingModel,
  ParameterSource,
  OverrideIssue,
  OverrideResult,
  ParameterKind,
} from "./rules/index.js";
export { parseDuration, formatDuration, DURATION_GRAMMAR, SECOND, MINUTE, HOUR, DAY, WEEK } from "./duration.js";
export { dateActive, dayStartMs, dayOf, isDay } from "./dates.js";
export { ERROR_CODES, errorInfo } from "./errors.js";
export type { ErrorInfo, RetryClass } from "./errors.js";
export { priceOf, pricingCategory, pricingModelAt, rateOf, conversationOpens, conversationCategoriesAt, conversationKind, volumeTierIndex } from "./pricing.js";
export type { Price, PriceInput, PricingCategory, PricingType } from "./pricing.js";

// ── Dynamic models: messaging limit, quality, templates, throughput, caps, windows ───────────
export {
  DistinctWindow,
  WINDOW_REFUSED,
  WINDOW_COUNTED_NEW,
  WINDOW_ALREADY_COUNTED,
  CumulativeUnique,
  PeakMoving24h,
  createUsageMeasure,
  MessagingLimit,
  AdmitResult,
} from "./limit/index.js";
export type {
  WindowAdmitCode,
  DistinctWindowOptions,
  UsageMeasure,
  LimitChange,
  LimitChangeReason,
  ScalingPathKind,
  MessagingLimitInit,
} from "./limit/index.js";
export { QualityMeter } from "./quality/index.js";
export { TemplateState, TEMPLATE_NOT_APPROVED_CODE, TemplateQualityMeter, reviewDelay, inverseNormalCdf } from "./templates/index.js";
export type { TemplateTransition, TemplateStatusReason } from "./templates/index.js";
export { ThroughputGate, PairRate, PerUserMarketingCap, othersUse, poissonCdf, userPeriod, CAP_PASSED } from "./throughput/index.js";
export type { PerUserCapOptions, CapDraws } from "./throughput/index.js";
export { EnforcementLadder, ladderSteps, spamming } from "./enforcement/enforcement.js";
export type { EnforcementStep, EnforcementTrigger, Restriction } from "./enforcement/enforcement.js";
export { cswOpenUntil, fepOpenUntil, isInsideWindow } from "./windows.js";
