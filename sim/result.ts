// The result contract (DESIGN §7): what a run and a projection produce. These types are
// the published JSON shapes `tiersim/run@1` and `tiersim/projection@1`; a breaking change
// bumps the `@1`. Times are ISO-8601 UTC strings with milliseconds; unlimited is `null`.
import type { Limit, Quality, RuleSetId } from "../models/rules/types.js";

/** Causes of a paralysis: an interval in which a campaign wants to send and cannot. */
export const PARALYSIS_CAUSES = [
  "messaging-limit",
  "template-pending",
  "template-rejected",
  "template-paused",
  "template-disabled",
  "number-flagged",
  "enforcement",
  "throughput",
  "per-user-cap",
  "portfolio-review",
] as const;
export type ParalysisCause = (typeof PARALYSIS_CAUSES)[number];

/** Keys of `summary.reachedAt`: each rung above the start, `unlimited` for `null`. */
export type TierKey = string;

export interface ToolInfo {
  name: "tiersim";
  version: string;
}

export interface MessageCounts {
  attempted: number;
  accepted: number;
  delivered: number;
  read: number;
  failed: number;
  deferred: number;
  /** Refused before sending (limit, paused template, throughput…): attempted = accepted + rejected. */
  rejected: number;
  /** Accepted but neither delivered nor failed when the horizon ended (held ones included). */
  inFlight: number;
  /**
   * Accepted with status `held_for_quality_assessment` (template or portfolio pacing): each is
   * later delivered (released) or failed (dropped, 132015), or still in flight at the horizon.
   */
  held: number;
  /** Never attempted: left over when the next occurrence of a campaign replaced its audience, or a plan ran out of fresh users. */
  dropped: number;
}

export interface RunSummary {
  limit: { initial: Limit; final: Limit };
  /** Moment each rung above the initial limit was first reached, or `null` if not within the horizon. */
  reachedAt: Record<TierKey, string | null>;
  messages: MessageCounts;
  users: { reached: number; replied: number; blocked: number; reported: number; optedOut: number };
  failuresByCode: Record<string, number>;
  paralysis: { episodes: number; hours: number; byCause: Partial<Record<ParalysisCause, number>> };
  cost: { currency: string; total: number; byCategory: Record<string, number> };
}

export interface DailyRow {
  /** Local calendar date in the scenario's time zone (YYYY-MM-DD). */
  date: string;
  /** Limit in force at the end of the day (`null` = unlimited). */
  limit: Limit;
  quality: Quality;
  /** Distinct users newly counted toward the limit that day (a user can count again on later days). */
  uniqueReached: number;
  /** Users delivered to for the first time in the run that day; they add up to `summary.users.reached`. */
  newlyReached: number;
  attempted: number;
  delivered: number;
  read: number;
  replied: number;
  blocked: number;
  failed: number;
  deferred: number;
  cost: number;
  /** Cost by category that day. */
  costByCategory: Record<string, number>;
}

/** One event of the run. `type` is the discriminant; extra fields depend on it. */
export type RunEvent =
  | { at: string; type: "limit-changed"; from: Limit; to: Limit; reason: "scaling-path" | "auto-scale" | "downgrade" | "verification" | "forced"; phone?: string }
  | { at: string; type: "quality-changed"; scope: "number" | "portfolio"; from: Quality; to: Quality; phone?: string }
  | { at: string; type: "status-changed"; number: string; from: string; to: "CONNECTED" | "FLAGGED" | "RESTRICTED" }
  | { at: string; type: "template-status-changed"; template: string; from: string; to: string; reason: string; trigger?: "quality-rating" | "pacing-feedback" }
  | { at: string; type: "template-quality-changed"; template: string; from: Quality; to: Quality }
  | { at: string; type: "paralysis-started"; campaign: string; cause: ParalysisCause }
  | { at: string; type: "paralysis-ended"; campaign: string; cause: ParalysisCause; hours: number }
  | { at: string; type: "campaign-started"; campaign: string }
  | { at: string; type: "campaign-completed"; campaign: string; sent: number }
  | { at: string; type: "throughput-changed"; phone: string; from: number; to: number }
  | { at: string; type: "scaling-path-completed"; path: "verification" | "partner-verification" | "usage"; outcome: "approved" | "deferred" }
  | { at: string; type: "template-paced"; template: string }
  | { at: string; type: "pacing-released"; pacing: "template" | "portfolio"; template?: string; count: number }
  | { at: string; type: "pacing-dropped"; pacing: "template" | "portfolio"; template?: string; count: number }
  | { at: string; type: "portfolio-paused"; templates365d: number }
  | { at: string; type: "portfolio-review-started"; until: string }
  | { at: string; type: "portfolio-review-ended" }
  | { at: string; type: "template-submitted"; template: string; replaces: string }
  | { at: string; type: "template-replaced"; template: string; replacement: string }
  | { at: string; type: string; [key: string]: unknown };

/** An event without its time (the recorder stamps it). */
export type RunEventBody = RunEvent extends infer E ? (E extends { at: string } ? Omit<E, "at"> : never) : never;

/** A single run: `tiersim/run@1`. */
export interface RunResult {
  schema: "tiersim/run@1";
  tool: ToolInfo;
  scenario: { name: string; rules: RuleSetId; overrides: Record<string, unknown>; timezone: string };
  seed: number;
  start: string;
  end: string;
  summary: RunSummary;
  daily: DailyRow[];
  events: RunEvent[];
}

/** One row of the per-attempt trace (`--trace FILE`, JSONL). */
export interface TraceRow {
  at: string;
  user: number;
  campaign: string;
  template: string;
  phone: string;
  /** `held`: accepted and still held for quality assessment when the run ended. */
  outcome: "delivered" | "failed" | "rejected" | "held";
  code: number | null;
  /**
   * The attempt made the user count in the moving-24 h window: it opened their place, or renewed
   * it in eras that count users delivered to (`limit.countedUnit: delivered-outside-csw`).
   */
  countsTowardLimit: boolean;
  /** The user had an open customer-service window (inside it nothing counts toward the limit). */
  insideCsw: boolean;
  /** How long this send waited in the sender's queue before this attempt, ms. */
  waitMs: number;
  /**
   * Present on messages held for quality assessment (pacing): `outcome`, `code`,
   * `countsTowardLimit` and `insideCsw` are those of the release or drop, at `heldUntil`.
   */
  held?: true;
  /** When a held message was released or dropped; `null` if still held at the end of the run. */
  heldUntil?: string | null;
}

/** Quantile levels reported everywhere (R-7 / numpy "linear"). */
export interface Quantiles {
  q05: number;
  q25: number;
  q50: number;
  q75: number;
  q95: number;
}

/** Quantiles of limits: `null` is unlimited (ranked above every number). */
export type LimitQuantiles = { [K in keyof Quantiles]: Limit };

export interface MeanCI {
  mean: number;
  /** Two-sided 95 % Student-t interval of the mean across runs. */
  ci95: [number, number];
}

/** A Monte Carlo projection: `tiersim/projection@1`. */
export interface ProjectionResult {
  schema: "tiersim/projection@1";
  tool: ToolInfo;
  scenario: { name: string; rules: RuleSetId; overrides: Record<string, unknown>; timezone: string };
  seed: number;
  runs: number;
  start: string;
  end: string;
  /** How quantiles and intervals were computed, in words. */
  method: {
    quantiles: string;
    levels: string[];
    interval: string;
    replicationSeed: string;
    /** How the daily limit bands are computed (limits are rungs, not interpolated). */
    limitQuantiles?: string;
    /** Unit and population of `reachedAt[…].days`. */
    reachedAtDays?: string;
    /** How paralysis probability and hours are counted. */
    paralysis?: string;
  };
  /** Per rung: share of runs reaching it within the horizon; day quantiles over the runs that reached it. */
  reachedAt: Record<TierKey, { share: number; days: (Quantiles & MeanCI) | null }>;
  paralysis: {
    /** Share of runs with at least one paralysis. */
    probability: number;
    hours: Quantiles & MeanCI;
    byCause: Partial<Record<ParalysisCause, { probability: number; hours: Quantiles & MeanCI }>>;
  };
  /** Summary metrics across runs. */
  metrics: Record<string, Quantiles & MeanCI>;
  /** Cross-sectional bands per day. */
  daily: Array<{ date: string; limit: LimitQuantiles; reach: Quantiles; cumulativeReach: Quantiles; delivered: Quantiles; cost: Quantiles }>;
  perRun: Array<{ index: number; seed: number; summary: RunSummary }>;
}
