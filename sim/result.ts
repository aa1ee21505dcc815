// The result contract of one run (DESIGN §7): `tiersim/run@1`. The zod schemas below are its
// single source — the TypeScript types are inferred from them, `tiersim report` validates a
// saved file with them, and `schemas/run.schema.json` is generated from them (see
// studies/contracts.ts; a test fails when the committed file is stale). A breaking change bumps
// the `@1`. Times are ISO-8601 UTC strings with milliseconds; unlimited is `null`.
import { z } from "zod";
import { Amount, Count, LocalDate, Limit, Quality, ScenarioHeader, Seed, Time, TierKey as TierKeySchema, ToolInfo } from "./contract.js";

export type { ScenarioHeader, ToolInfo } from "./contract.js";

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

/** A paralysis cause. */
export const Cause = z.enum(PARALYSIS_CAUSES).meta({ id: "cause", description: "Why a campaign could not send." });

/** Keys of `summary.reachedAt`: each rung above the start, `unlimited` for `null`. */
export type TierKey = string;

/** What happened to the sends of a run. */
export const MessageCounts = z
  .strictObject({
    attempted: Count.describe("Send attempts: attempted = accepted + rejected."),
    accepted: Count.describe("Attempts the platform accepted: accepted = delivered + failed + inFlight."),
    delivered: Count.describe("Messages delivered."),
    read: Count.describe("Messages read."),
    failed: Count.describe("Accepted, then failed (131026, 131049, 131050…)."),
    deferred: Count.describe("Sends re-queued for a later attempt."),
    rejected: Count.describe("Refused before sending (limit, paused template, throughput…): attempted = accepted + rejected."),
    inFlight: Count.describe("Accepted but neither delivered nor failed when the horizon ended (held ones included)."),
    held: Count.describe("Accepted with status held_for_quality_assessment (template or portfolio pacing): each is later delivered (released) or failed (dropped, 132015), or still in flight at the horizon."),
    dropped: Count.describe("Never attempted: left over when the next occurrence of a campaign replaced its audience, or a plan ran out of fresh users."),
  })
  .describe("Sends and what became of them.");
export type MessageCounts = z.infer<typeof MessageCounts>;

/** The summary of one run: ramp, sends, users, failures, paralysis and cost. */
export const RunSummary = z
  .strictObject({
    limit: z
      .strictObject({
        initial: Limit.describe("The limit at the start."),
        final: Limit.describe("The limit at the end of the horizon."),
      })
      .describe("The messaging limit at the start and at the end."),
    reachedAt: z
      .record(TierKeySchema, Time.nullable())
      .describe('Moment each rung above the initial limit ("10000", "unlimited"…) was first reached, or null if not within the horizon.'),
    messages: MessageCounts,
    users: z
      .strictObject({
        reached: Count.describe("Distinct users delivered to."),
        replied: Count.describe("Users who replied."),
        blocked: Count.describe("Users who blocked the business."),
        reported: Count.describe("Users who reported the business."),
        optedOut: Count.describe("Users who stopped marketing messages from the business (user_preferences); later marketing templates to them fail with 131050."),
      })
      .describe("What the audience did."),
    failuresByCode: z
      .record(z.string().regex(/^\d+$/, { error: "expected a WhatsApp error code (digits)" }), Count)
      .describe("WhatsApp error code → number of failures and refusals."),
    paralysis: z
      .strictObject({
        episodes: Count.describe("Paralysis episodes, all campaigns and causes: one per continuous stall, even when it outlasts the send window."),
        hours: Amount.describe("Hours of paralysis, all campaigns and causes, counted inside each campaign's send window."),
        byCause: z.partialRecord(Cause, Amount).describe("Hours of paralysis by cause; causes that never happened are left out."),
      })
      .describe("Intervals in which a campaign wanted to send and could not."),
    cost: z
      .strictObject({
        currency: z.string().min(1).describe("Currency of every cost (ISO 4217, e.g. USD)."),
        total: Amount.describe("Total cost of the run."),
        byCategory: z.record(z.string(), Amount).describe("Cost by pricing category (MARKETING, UTILITY…)."),
      })
      .describe("What the messaging cost."),
  })
  .meta({ id: "runSummary", description: "The summary of one run: ramp, sends, users, failures, paralysis and cost." });
export type RunSummary = z.infer<typeof RunSummary>;

/** One local day of a run. */
export const DailyRow = z
  .strictObject({
    date: LocalDate.describe("Local calendar date in the scenario's time zone (YYYY-MM-DD)."),
    limit: Limit.describe("Limit in force at the end of the day (null = unlimited)."),
    quality: Quality.describe("Quality rating at the end of the day."),
    uniqueReached: Count.describe("Distinct users newly counted toward the limit that day (a user can count again on later days)."),
    newlyReached: Count.describe("Users delivered to for the first time in the run that day; they add up to summary.users.reached."),
    attempted: Count.describe("Send attempts that day."),
    delivered: Count.describe("Messages delivered that day."),
    read: Count.describe("Messages read that day."),
    replied: Count.describe("Replies that day."),
    blocked: Count.describe("Blocks that day."),
    optedOut: Count.optional().describe(
      "Users who stopped marketing messages from the business that day (131050 afterwards); they add up to summary.users.optedOut. Always written; absent only in results written before opt-outs were counted.",
    ),
    failed: Count.describe("Failures that day."),
    deferred: Count.describe("Sends re-queued that day."),
    cost: Amount.describe("Cost that day."),
    costByCategory: z.record(z.string(), Amount).describe("Cost by pricing category that day."),
  })
  .describe("One local day of the run.");
export type DailyRow = z.infer<typeof DailyRow>;

const at = Time.describe("When it happened.");
const kind = <T extends string>(type: T) => z.literal(type).describe("What happened.");
const phone = z.string().describe("The phone number, under per-number rule sets.");

/** Event types with a fixed shape; any other type may carry any fields. */
const KNOWN_EVENTS = [
  z.strictObject({
    at,
    type: kind("limit-changed"),
    from: Limit.describe("Limit before."),
    to: Limit.describe("Limit after."),
    reason: z.enum(["scaling-path", "auto-scale", "downgrade", "verification", "forced"]).describe("Why it changed: `forced` is a test setting the limit through the emulator's control plane, never the platform."),
    phone: phone.optional(),
  }),
  z.strictObject({
    at,
    type: kind("quality-changed"),
    scope: z.enum(["number", "portfolio"]).describe("Whose quality: a phone number's or the portfolio's."),
    from: Quality.describe("Rating before."),
    to: Quality.describe("Rating after."),
    phone: phone.optional(),
  }),
  z.strictObject({
    at,
    type: kind("status-changed"),
    number: z.string().describe('The phone number, or "portfolio".'),
    from: z.string().describe("Status before."),
    to: z.enum(["CONNECTED", "FLAGGED", "RESTRICTED"]).describe("Status after."),
  }),
  z.strictObject({
    at,
    type: kind("template-status-changed"),
    template: z.string().describe("The template."),
    from: z.string().describe("Status before (PENDING, APPROVED, REJECTED, PAUSED, DISABLED)."),
    to: z.string().describe("Status after."),
    reason: z.string().describe("Why: review, quality, pause ended, resubmission…"),
    trigger: z.enum(["quality-rating", "pacing-feedback"]).optional().describe("For a pause: what triggered it, the template's quality rating or bad early feedback in its pacing assessment (which can pause it with no message held)."),
  }),
  z.strictObject({
    at,
    type: kind("template-quality-changed"),
    template: z.string().describe("The template."),
    from: Quality.describe("Rating before."),
    to: Quality.describe("Rating after."),
  }),
  z.strictObject({
    at,
    type: kind("paralysis-started"),
    campaign: z.string().describe("The campaign."),
    cause: Cause.describe("Why it stalled."),
    template: z.string().optional().describe("For a template cause (pending, rejected, paused, disabled): the campaign's template, by its name then."),
  }),
  z.strictObject({
    at,
    type: kind("paralysis-ended"),
    campaign: z.string().describe("The campaign."),
    cause: Cause.describe("Why it had stalled."),
    hours: Amount.describe("Hours the campaign was stalled inside its send window during the episode (time outside the window is not paralysis)."),
    ongoing: z.literal(true).optional().describe("Present when the stall still held at the end of the run: the episode ends with the horizon, not because sending resumed."),
  }),
  z.strictObject({ at, type: kind("campaign-started"), campaign: z.string().describe("The campaign (or its next occurrence).") }),
  z.strictObject({ at, type: kind("campaign-completed"), campaign: z.string().describe("The campaign."), sent: Count.describe("Sends it made.") }),
  z.strictObject({
    at,
    type: kind("throughput-changed"),
    phone: z.string().describe("The phone number."),
    from: Amount.describe("Messages per second before."),
    to: Amount.describe("Messages per second after."),
  }),
  z.strictObject({
    at,
    type: kind("scaling-path-completed"),
    path: z.enum(["verification", "partner-verification", "usage"]).describe("Which scaling path."),
    outcome: z.enum(["approved", "deferred"]).describe("Its outcome."),
  }),
  z.strictObject({ at, type: kind("template-paced"), template: z.string().describe("The template whose sends are now paced (held for quality assessment).") }),
  z.strictObject({
    at,
    type: kind("pacing-released"),
    pacing: z.enum(["template", "portfolio"]).describe("Which pacing held the messages."),
    template: z.string().optional().describe("The template, for template pacing."),
    count: Count.describe("Held messages released for delivery."),
  }),
  z.strictObject({
    at,
    type: kind("pacing-dropped"),
    pacing: z.enum(["template", "portfolio"]).describe("Which pacing held the messages."),
    template: z.string().optional().describe("The template, for template pacing."),
    count: Count.describe("Held messages dropped (failed with 132015)."),
  }),
  z.strictObject({ at, type: kind("portfolio-paused"), templates365d: Count.describe("Template messages the portfolio sent in the moving 365 days: below the threshold, its bursts are paced.") }),
  z.strictObject({ at, type: kind("portfolio-review-started"), until: Time.describe("When the review ends.") }),
  z.strictObject({ at, type: kind("portfolio-review-ended") }),
  z.strictObject({
    at,
    type: kind("template-submitted"),
    template: z.string().describe("The new template."),
    replaces: z.string().describe("The template it is meant to replace."),
  }),
  z.strictObject({
    at,
    type: kind("template-replaced"),
    template: z.string().describe("The template replaced."),
    replacement: z.string().describe("The template that took over its campaigns."),
  }),
  z.strictObject({
    at,
    type: kind("volume-tier-reached"),
    month: z.string().regex(/^\d{4}-\d{2}$/, { error: "expected YYYY-MM" }).describe("The calendar month (business time zone) whose count reached the tier."),
    market: z.string().describe("The recipient market (ISO country code)."),
    category: z.enum(["UTILITY", "AUTHENTICATION"]).describe("The pricing category counted."),
    tier: Count.describe("The tier reached (0 = list rate)."),
    from: Count.describe("Charged messages of the month before the tier applies."),
    discount: Amount.max(1).describe("Discount off the list rate in this tier (0–1)."),
  }),
  z.strictObject({
    at,
    type: kind("account-restricted"),
    restriction: z
      .enum(["spam-rate-limit", "warning", "business-initiated", "all-messaging", "locked"])
      .describe("What is restricted: new users beyond an allowance (131048), nothing yet (a warning), business-initiated messages, all messaging (368 for every template), or everything for good."),
    step: Count.min(1).optional().describe("The step of the enforcement ladder taken (1 = the first); absent for the spam rate limit, which is not a step."),
    trigger: z.enum(["spam-feedback", "pacing-drops"]).optional().describe("What moved the ladder: feedback marking the business a spammer, sustained, or repeated pacing drops."),
    phone: phone.optional(),
    until: Time.nullable().describe("When the restriction ends: null for the lock, and for the spam rate limit (it lasts while the feedback does)."),
  }),
  z.strictObject({
    at,
    type: kind("account-restriction-lifted"),
    restriction: z.enum(["spam-rate-limit", "business-initiated", "all-messaging"]).describe("The restriction that ended."),
    phone: phone.optional(),
  }),
] as const;

/** The `type`s with a fixed shape. Others may be added freely; these are never renamed. */
export const RUN_EVENT_TYPES = KNOWN_EVENTS.map((e) => e.shape.type.value);
const knownTypes = new Set<string>(RUN_EVENT_TYPES);

/** The `type` of an event whose shape is not fixed (checked not to be a known type). */
export const OtherEventType = z
  .string()
  .refine((t) => !knownTypes.has(t), { error: "a known event type whose fields do not match its shape", abort: true })
  .describe("What happened: a type without a fixed shape (not one of the fixed ones).");

/** One event of the run. `type` is the discriminant; the other fields depend on it. */
export const RunEvent = z
  .union([z.discriminatedUnion("type", [...KNOWN_EVENTS]), z.looseObject({ at, type: OtherEventType })])
  .describe("One event; `type` says what happened and which other fields there are.");
export type RunEvent = z.infer<typeof RunEvent>;

/** An event without its time (the recorder stamps it). */
export type RunEventBody = RunEvent extends infer E ? (E extends { at: string } ? Omit<E, "at"> : never) : never;

/** A single run: `tiersim/run@1`. */
export const RunResult = z
  .strictObject({
    schema: z.literal("tiersim/run@1").describe("The contract and its version."),
    tool: ToolInfo,
    scenario: ScenarioHeader,
    seed: Seed.describe("The run's seed: the same seed gives the same result, byte for byte."),
    antithetic: z
      .literal(true)
      .optional()
      .describe("Present when the run is the antithetic twin of the run with `seed`: every random draw complemented (u → 1 − u); replay it with `tiersim run --seed <seed> --antithetic`."),
    start: Time.describe("Start of the horizon."),
    end: Time.describe("End of the horizon."),
    summary: RunSummary,
    daily: z.array(DailyRow).min(1).describe("One row per local day the horizon touches, in order."),
    events: z.array(RunEvent).describe(`Events in time order. Fixed shapes: ${RUN_EVENT_TYPES.join(", ")}.`),
  })
  .describe("Result of `tiersim run <scenario>` (one run).");
export type RunResult = z.infer<typeof RunResult>;

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
