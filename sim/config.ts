// The simulator's input: a scenario with every default applied, every date resolved to
// milliseconds since the start, and the calendar of the scenario's time zone laid out as
// plain arrays. Scenario files compile to this (scenarios/compile.ts); the simulator never
// parses dates or time zones itself, which keeps sim/ free of calendar logic.
import type { Dist } from "../models/uncertain.js";
import type { Limit, Quality, RuleSet, TemplateCategory, Verification } from "../models/rules/types.js";

export type ThrottlePolicy = "none" | "fixed-rate" | "token-bucket" | "fraction-of-limit" | "fill-limit" | "quality-aware";

export interface ThrottleSpec {
  policy: ThrottlePolicy;
  /** Messages per second (fixed-rate, token-bucket). */
  rate?: number;
  /** Bucket size (token-bucket). */
  burst?: number;
  /** Share of the limit per moving 24 h (fraction-of-limit). */
  fraction?: number;
  /** Share of the limit left unused (fill-limit, quality-aware). */
  headroom: number;
  /** Rate multiplier on YELLOW (quality-aware). */
  slowdown: number;
}

export type RetrySpec = "stop" | { after: number; max: number; backoff: "fixed" | "exponential" | "power4" };

export interface SimCampaign {
  name: string;
  /** Index into `templates`. */
  template: number;
  /** Index into `business.phones`. */
  phone: number;
  /** Segment indices targeted. */
  segments: number[];
  /** Share of targeted users messaged at each occurrence. */
  share: number;
  /** First occurrence, ms since start. */
  start: number;
  /** No sends at or after this moment, ms since start. */
  end: number;
  /** Interval between occurrences in ms; 0 = once. */
  every: number;
  /**
   * Instants of the occurrences, ms since start, ascending (empty when the campaign starts at
   * or after the horizon). Whole-day intervals keep the local time of day across
   * daylight-saving changes, so these are not always `every` apart.
   */
  occurrences: Float64Array;
  /** Local send window; `null` = all day. */
  window: SimWindow | null;
  throttle: ThrottleSpec;
  /** Retry rule per error code. */
  retry: Record<string, RetrySpec>;
  /** Exact sends to fresh distinct users; `null` for an audience-driven campaign. */
  plan: Array<{ at: number; count: number }> | null;
}

/**
 * A send window `[from, to)` in local time, resolved per local day: `opens[i]` and `closes[i]`
 * are the instants (ms since start) of day `i` of `SimConfig.dayStarts`. On a day whose UTC
 * offset changes these are not `dayStarts[i] + from` minutes; a window whose both edges fall in
 * a spring-forward gap is empty that day (`opens[i] === closes[i]`).
 */
export interface SimWindow {
  /** Minutes after local midnight, as written. */
  from: number;
  to: number;
  opens: Float64Array;
  closes: Float64Array;
}

export interface SimTemplate {
  name: string;
  category: TemplateCategory;
  status: "PENDING" | "APPROVED";
  /** When a PENDING template is submitted, ms since start. */
  submittedAt: number;
  review: { median: number; p95: number; rejectProbability: number; resubmitAfter: number | null; maxResubmits: number };
  /** Index into `business.phones`. */
  phone: number;
  /** The business's reaction to a pause: wait it out, or edit the template at once. */
  onPause: "wait" | "edit";
  /** Once disabled, a new template is submitted after this long (ms); `null` = never replaced. */
  replacementAfter: number | null;
}

/**
 * A value given as a distribution, drawn per replication of a projection (studies/projections):
 * a segment rate or inbound rate, the audience's growth, a median latency, or (with `uncertainty: { rules: true }`) an unpublished rule-set parameter.
 */
export type UncertainParam =
  | {
      /** Where it is, as a scenario path: `audience.segments.<name>.<field>` (the key of its draws). */
      path: string;
      dist: Dist;
      kind: "segment";
      segment: number;
      field: "read" | "reply" | "block" | "report" | "optOut" | "inboundPerDay";
    }
  | {
      /** `templates.<name>.review.<field>`: a template's review time (ms) or rejection odds. */
      path: string;
      dist: Dist;
      kind: "review";
      template: number;
      field: "median" | "p95" | "rejectProbability";
    }
  | {
      /** `audience.growthPerDay`: new opt-ins per day. */
      path: string;
      dist: Dist;
      kind: "growth";
    }
  | {
      /** `audience.latency.<field>`: a median delay in ms. */
      path: string;
      dist: Dist;
      kind: "latency";
      field: "deliver" | "read" | "reply";
    }
  | {
      /** `rules.…` or `audience.fatigue.…` (models/rules/uncertain-ranges.ts). */
      path: string;
      dist: Dist;
      /** Multiply the rule-set parameters at `targets` by the draw, set the one there, or set the fatigue slope. */
      kind: "scale" | "set" | "fatigue";
      targets: string[];
    };

export interface SimSegment {
  name: string;
  share: number;
  read: number;
  reply: number;
  block: number;
  report: number;
  optOut: number;
  inboundPerDay: number;
  /** Marketing deliveries per user per 24 h across all businesses; `null` = the rule set's budget. */
  marketingBudget: number | null;
}

export interface SimConfig {
  name: string;
  ruleSet: RuleSet;
  /** Overrides as written in the scenario (reported back in the result). */
  overrides: Record<string, unknown>;
  /** Epoch ms of the start. */
  startEpoch: number;
  /** Horizon, ms since start. */
  horizon: number;
  timezone: string;
  seed: number;
  /**
   * Local calendar of the run: `dayStarts[i]` is the ms-since-start of local midnight of day i
   * (the first may be negative when the run starts mid-day); `dayLabels[i]` its YYYY-MM-DD.
   * Covers the whole horizon plus one extra boundary.
   */
  dayStarts: number[];
  dayLabels: string[];
  business: {
    verification: Verification;
    /** Verification completes at this moment (ms since start), or `null`. */
    verifiedAt: number | null;
    /** Starting limit; `undefined` = from verification and rule set. */
    limit: Limit | undefined;
    quality: Quality;
    /** `market`: the country the number is registered in (ISO code), `null` when not given. */
    phones: Array<{ id: string; coexistence: boolean; mps: number | null; limit: Limit | undefined; market: string | null }>;
    /** Template messages in the 365 days before the start (portfolio pacing). */
    templatesLast365d: number;
  };
  templates: SimTemplate[];
  audience: {
    optedIn: number;
    growthPerDay: number;
    /** Market codes and shares (sum 1). */
    markets: Array<{ code: string; share: number }>;
    undeliverable: number;
    segments: SimSegment[];
    /** Exponentially weighted window (ms), slope and ceiling of the fatigue curve (models/fatigue.ts). */
    fatigue: { window: number; blockMultiplierPerMessage: number; maxBlockMultiplier: number };
    latency: { deliver: number; read: number; reply: number; spread: number };
  };
  campaigns: SimCampaign[];
  /**
   * Values given as distributions (their means stand in `audience`); a
   * projection draws each afresh per replication. Absent or empty: every value is a point.
   */
  uncertain?: UncertainParam[];
}
