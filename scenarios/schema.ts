// The scenario file format: one zod schema is the single source for runtime validation,
// the TypeScript types the simulator consumes, and the published JSON Schema (draft-07).
// Every object is strict; every field has a description that editors show on hover.
import { z } from "zod";
import { RULE_SET_IDS, CURRENT_CATEGORIES, LEGACY_CATEGORIES } from "../models/rules/types.js";
import { DURATION_GRAMMAR, formatDuration, parseDuration } from "../models/duration.js";
import { MAX_DAYS, MAX_RESUBMITS, MAX_RETRIES, MIN_CADENCE_MS, MIN_RETRY_DELAY_MS, START_YEARS } from "./bounds.js";
import { EXPECT_METRICS, parseOne } from "./thresholds.js";

/** `90s`, `15m`, `6h`, `7d`, `1.5h`, `2w` or `500ms`: the one grammar of models/duration.ts. */
export const DURATION_PATTERN = DURATION_GRAMMAR;
const durationRe = new RegExp(DURATION_PATTERN);
export { parseDuration };

/** A duration: a string like `90s`, `15m`, `6h`, `7d` or a number of milliseconds. Output: ms. */
export const Duration = z
  .union([
    z.string().regex(durationRe, { message: "expected a duration such as 90s, 15m, 6h or 7d" }),
    z.number().int().min(0),
  ])
  .transform((v) => parseDuration(v) as number)
  .describe("A duration: `90s`, `15m`, `6h`, `7d` (units ms, s, m, h, d, w) or a whole number of milliseconds.");

/** A probability in [0, 1]. */
export const Probability = z.number().min(0).max(1);

const Positive = z.number().positive();
const Unit = z.number().min(0).max(1);

/**
 * A probability that is uncertain: a number, or a distribution over [0, 1] drawn afresh for
 * each replication of a projection (a single run uses its mean).
 */
export const UncertainProbability = z
  .union([
    Probability,
    z.strictObject({ beta: z.tuple([Positive, Positive]).describe("Beta(a, b): successes + ½ and failures + ½ of a calibration, or any prior.") }),
    z
      .strictObject({ uniform: z.tuple([Unit, Unit]).describe("[low, high]: every value between equally likely.") })
      .refine((d) => d.uniform[0] <= d.uniform[1], { message: "uniform: low must not exceed high, as in [0.01, 0.05]" }),
    z
      .strictObject({ triangular: z.tuple([Unit, Unit, Unit]).describe("[low, most likely, high].") })
      .refine((d) => d.triangular[0] <= d.triangular[1] && d.triangular[1] <= d.triangular[2], { message: "triangular: expected low ≤ most likely ≤ high, as in [0.01, 0.02, 0.05]" }),
  ])
  .describe("A probability in [0, 1], or a distribution of it: `{ beta: [a, b] }`, `{ uniform: [lo, hi] }` or `{ triangular: [lo, mode, hi] }`, drawn once per replication of a projection (a single run uses the mean).");

// Order checks pass values that failed on their own (a bad duration text) so that only the
// field's own message is reported.
const allNumbers = (xs: readonly unknown[]): boolean => xs.every((x) => typeof x === "number");
const Ordered2 = (d: { uniform: [number, number] }): boolean => !allNumbers(d.uniform) || d.uniform[0] <= d.uniform[1];
const Ordered3 = (d: { triangular: [number, number, number] }): boolean => !allNumbers(d.triangular) || (d.triangular[0] <= d.triangular[1] && d.triangular[1] <= d.triangular[2]);

/**
 * A duration that is uncertain: a duration, or a distribution of durations drawn afresh for
 * each replication of a projection (a single run uses its mean). Every value inside is a
 * duration (`20m`, `3h` or milliseconds); a Beta lives on [0, 1] and has no unit, so it is
 * for probabilities and rates only.
 */
export const UncertainDuration = z
  .union([
    Duration,
    z
      .strictObject({
        lognormal: z
          .strictObject({
            median: Duration.describe("Median duration, e.g. `20m`."),
            p95: Duration.describe("95th percentile, at least the median, e.g. `3h`."),
          })
          .describe("Log-normal: half the replications draw less than `median`, 5 % more than `p95`."),
      })
      .refine((d) => !allNumbers([d.lognormal.median, d.lognormal.p95]) || (d.lognormal.median > 0 && d.lognormal.p95 >= d.lognormal.median), { message: "lognormal: expected 0 < median ≤ p95, as in { median: 20m, p95: 3h }" }),
    z
      .strictObject({ uniform: z.tuple([Duration, Duration]).describe("[shortest, longest]: every duration between equally likely.") })
      .refine(Ordered2, { message: "uniform: the shortest must not exceed the longest, as in [10m, 1h]" }),
    z
      .strictObject({ triangular: z.tuple([Duration, Duration, Duration]).describe("[shortest, most likely, longest].") })
      .refine(Ordered3, { message: "triangular: expected shortest ≤ most likely ≤ longest, as in [5m, 20m, 2h]" }),
  ])
  .describe("A duration (`20m`, `3h`, milliseconds), or a distribution of it: `{ lognormal: { median: 20m, p95: 3h } }`, `{ uniform: [10m, 1h] }` or `{ triangular: [5m, 20m, 2h] }`, drawn once per replication of a projection (a single run uses the mean).");

const NonNegative = z.number().min(0);

/**
 * A non-negative rate (per user per day) that is uncertain: a number, or a distribution of it
 * drawn afresh for each replication of a projection (a single run uses its mean).
 */
export const UncertainRate = z
  .union([
    NonNegative,
    z.strictObject({ beta: z.tuple([Positive, Positive]).describe("Beta(a, b): a value in [0, 1], e.g. a rate under once a day fitted from counts.") }),
    z
      .strictObject({ uniform: z.tuple([NonNegative, NonNegative]).describe("[low, high]: every value between equally likely.") })
      .refine(Ordered2, { message: "uniform: low must not exceed high, as in [0.002, 0.02]" }),
    z
      .strictObject({ triangular: z.tuple([NonNegative, NonNegative, NonNegative]).describe("[low, most likely, high].") })
      .refine(Ordered3, { message: "triangular: expected low ≤ most likely ≤ high, as in [0.002, 0.005, 0.02]" }),
    z
      .strictObject({
        lognormal: z
          .strictObject({ median: Positive.describe("Median rate."), p95: Positive.describe("95th percentile, at least the median.") })
          .describe("Log-normal: half the replications draw less than `median`, 5 % more than `p95`."),
      })
      .refine((d) => d.lognormal.p95 >= d.lognormal.median, { message: "lognormal: expected median ≤ p95, as in { median: 0.005, p95: 0.02 }" }),
  ])
  .describe("A rate ≥ 0, or a distribution of it: `{ beta: [a, b] }`, `{ uniform: [lo, hi] }`, `{ triangular: [lo, mode, hi] }` or `{ lognormal: { median, p95 } }`, drawn once per replication of a projection (a single run uses the mean).");

export const ISO_DATETIME_PATTERN = "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,3})?)?(Z|[+-]\\d{2}:\\d{2})$";
export const ISO_DATE_PATTERN = "^\\d{4}-\\d{2}-\\d{2}$";
/** A date-time with offset (`2026-03-02T09:00:00+01:00` or `…Z`). */
export const DateTime = z
  .string()
  .regex(new RegExp(ISO_DATETIME_PATTERN), { message: "expected an ISO-8601 date-time with offset, e.g. 2026-03-02T09:00:00+01:00" })
  .describe("ISO-8601 date-time with an offset, e.g. `2026-03-02T09:00:00+01:00` or `2026-03-02T08:00:00Z`.");
/** A date-time with offset, or a calendar date read at 00:00 in the scenario's time zone. */
export const DateOrDateTime = z
  .string()
  .regex(new RegExp(`(${ISO_DATETIME_PATTERN})|(${ISO_DATE_PATTERN})`), {
    message: "expected a date (2026-03-03, midnight in the scenario's time zone) or a date-time with offset",
  })
  .describe("A calendar date (`2026-03-03`, read as 00:00 in the scenario's `timezone`) or an ISO-8601 date-time with offset.");

const Market = z
  .string()
  .regex(/^([A-Z]{2}|OTHER)$/, { message: "expected an ISO 3166 country code in capitals (ES, MX, US…) or OTHER" })
  .describe("Recipient market: ISO 3166-1 alpha-2 country code (ES, MX, US…) or `OTHER`.");

const QualityEnum = z.enum(["GREEN", "YELLOW", "RED", "UNKNOWN"]);
const Category = z.enum([...CURRENT_CATEGORIES, ...LEGACY_CATEGORIES, "TRANSACTIONAL", "OTP"]);

export const PhoneNumber = z
  .strictObject({
    id: z.string().min(1).describe("Name of the number, used in traces and events."),
    coexistence: z.boolean().default(false).describe("Number shared with the WhatsApp Business app: fixed 20 messages/s."),
    mps: z.number().positive().optional().describe("Override this number's throughput (messages per second)."),
    limit: z.number().int().positive().nullable().optional().describe("Starting limit of this number under per-number rule sets; `null` = unlimited. Default: the business's `limit`."),
    market: z
      .string()
      .regex(/^[A-Z]{2}$/, { message: "expected an ISO 3166 country code in capitals (ES, GB, JP…)" })
      .optional()
      .describe("Country the number is registered in (ISO 3166-1 alpha-2). Marketing templates sent from a number in an exempt market of `perUserCap.exemptMarkets` (EEA, UK, Japan, South Korea) are not subject to the per-user marketing cap (131049), whoever receives them. Default: not given — only the recipient's market decides."),
  })
  .describe("A phone number of the portfolio.");

export const Business = z
  .strictObject({
    verification: z.enum(["none", "verified", "partner-verified"]).default("none").describe("Business verification at the start: `none`, `verified` or `partner-verified`."),
    verifiedAt: DateTime.optional().describe("Verification completes at this moment during the run (a scaling path)."),
    limit: z.number().int().positive().nullable().optional().describe("Starting messaging limit (a rung of the rule set's ladder, `null` = unlimited). Default: from verification and rule set."),
    quality: QualityEnum.default("GREEN").describe("Starting quality rating of the number / portfolio."),
    phoneNumbers: z.array(PhoneNumber).min(1).prefault([{ id: "main" }]).describe("Phone numbers of the portfolio; default one number `main`."),
    templatesLast365d: z
      .number()
      .int()
      .min(0)
      .default(0)
      .describe("Template messages the portfolio sent in the 365 days before the start; below the rule set's `portfolioPacing.threshold` (500,000) large bursts are paced from 8 Dec 2025. The run's deliveries are added as it goes."),
  })
  .describe("The business portfolio: verification, starting limit and quality, phone numbers.");

export const Review = z
  .strictObject({
    median: UncertainDuration.default(30 * 60_000).describe("Median review time (log-normal); a duration or a distribution of it (drawn per replication of a projection)."),
    p95: UncertainDuration.default(10 * 3_600_000).describe("95th percentile of review time; capped at the rule set's `templates.reviewMax`; a duration or a distribution of it (a draw below the median's counts as the median)."),
    rejectProbability: UncertainProbability.default(0).describe("Probability a submission is rejected; a number or a distribution of it."),
    resubmitAfter: Duration.nullable().default(24 * 3_600_000).describe("A rejected template is edited and resubmitted after this delay; `null` = never."),
    maxResubmits: z.number().int().min(0).max(MAX_RESUBMITS).default(3).describe(`Resubmissions before giving up (up to ${MAX_RESUBMITS}).`),
  })
  .describe("How review behaves for this template.");

export const Template = z
  .strictObject({
    name: z.string().regex(/^[a-z0-9_]+$/, { message: "template names are lowercase letters, digits and _" }).describe("Template name (lowercase, digits, underscore)."),
    category: Category.describe("Category: MARKETING, UTILITY or AUTHENTICATION (legacy categories in old eras)."),
    status: z.enum(["PENDING", "APPROVED"]).default("APPROVED").describe("Status at the start: `PENDING` (submitted, in review) or `APPROVED`."),
    submittedAt: DateTime.optional().describe("When a PENDING template is submitted; default the scenario start."),
    review: Review.prefault({}),
    phone: z.string().optional().describe("Phone number id that sends this template; default the first number."),
    languages: z
      .array(z.string().regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, { message: "language codes look like en_US, es_ES, pt_BR or en" }))
      .min(1)
      .optional()
      .describe("Language codes the template is approved in; `tiersim emulate` answers to these in `template.language.code` (one template id per language). Default `[en_US]`."),
    onPause: z
      .enum(["wait", "edit"])
      .default("wait")
      .describe("What the business does when the template is paused: `wait` for the pause to end (3 h, then 6 h), or `edit` it at once — the edit goes back to review (PENDING) and starts with no feedback."),
    replacement: z
      .strictObject({
        after: Duration.describe("Time from the template being disabled to the new template's submission."),
      })
      .optional()
      .describe("Once the template is disabled, the business submits a new one after `after`; it is reviewed like this template and campaigns switch to it when approved (event `template-replaced`). Default: never replaced."),
  })
  .describe("A message template.");

export const Segment = z
  .strictObject({
    name: z.string().min(1).describe("Segment name, referenced by campaigns."),
    share: Probability.describe("Share of the audience in this segment; shares sum to 1."),
    read: UncertainProbability.default(0.6).describe("Probability a delivered message is read."),
    reply: UncertainProbability.default(0.03).describe("Probability a delivered message gets a reply (opens a customer-service window)."),
    block: UncertainProbability.default(0.002).describe("Probability a delivered message makes the user block the business."),
    report: UncertainProbability.default(0.0005).describe("Probability a delivered message is reported as spam."),
    optOut: UncertainProbability.default(0.005).describe("Probability a delivered marketing message makes the user stop marketing (131050 afterwards)."),
    inboundPerDay: UncertainRate.default(0.005).describe("Rate of unsolicited inbound messages per user per day (each opens a customer-service window); a number or a distribution of it."),
    marketingBudget: z.number().min(0).optional().describe("Per-user marketing deliveries per period (24 h, `perUserCap.window`) across all businesses for this segment; default the rule set's `perUserCap.budget`."),
  })
  .describe("A group of users with its own behaviour.");

export const Audience = z
  .strictObject({
    optedIn: z.number().int().min(0).describe("Opted-in users at the start."),
    growthPerDay: UncertainRate.default(0).describe("New opt-ins per day (Poisson); a number or a distribution of it (how fast the list grows is a forecast)."),
    markets: z.record(Market, Probability).default({ OTHER: 1 }).describe("Share of users per market; shares sum to 1."),
    undeliverable: Probability.default(0.02).describe("Share of numbers that cannot receive messages (131026)."),
    segments: z
      .array(Segment)
      .min(1)
      .default([{ name: "all", share: 1, read: 0.6, reply: 0.03, block: 0.002, report: 0.0005, optOut: 0.005, inboundPerDay: 0.005 }])
      .describe("User segments; default one segment `all`."),
    fatigue: z
      .strictObject({
        window: Duration.default(7 * 86_400_000).describe("Sliding window of earlier messages, with exponential weights: a message this long ago weighs 1/e (a daily send settles at about `window` / 1 day messages)."),
        blockMultiplierPerMessage: z.number().min(0).default(0.3).describe("Slope of the fatigue curve: the first earlier message raises block and report probabilities by about this share."),
        maxBlockMultiplier: z.number().min(1).default(2).describe("Ceiling of the fatigue curve: however many messages, block and report probabilities rise at most this many times."),
      })
      .prefault({})
      .describe("Fatigue: repeated messages raise block and report rates."),
    latency: z
      .strictObject({
        deliver: UncertainDuration.default(2000).describe("Median time from accepted to delivered (log-normal); a duration or a distribution of it."),
        read: UncertainDuration.default(20 * 60_000).describe("Median time from delivered to read; a duration or a distribution of it."),
        reply: UncertainDuration.default(10 * 60_000).describe("Median time from read to reply; a duration or a distribution of it."),
        spread: z.number().positive().default(1).describe("Log-normal shape σ of every latency."),
      })
      .prefault({})
      .describe("Medians of log-normal delays. Each median may itself be uncertain (`read: { lognormal: { median: 20m, p95: 3h } }`): a projection draws it once per replication, and every message of that replication then draws its own delay around it."),
  })
  .describe("Who can be messaged and how they behave.");

export const Throttle = z
  .strictObject({
    policy: z
      .enum(["none", "fixed-rate", "token-bucket", "fraction-of-limit", "fill-limit", "quality-aware"])
      .default("fill-limit")
      .describe("Sender throttle: `none` (send everything at once), `fixed-rate` (`rate` per second), `token-bucket` (`rate`, `burst`), `fraction-of-limit` (`fraction` of the limit per 24 h), `fill-limit` (up to the limit minus `headroom`), `quality-aware` (fill-limit that slows on YELLOW and stops on RED or a paused template)."),
    rate: z.number().positive().optional().describe("Messages per second (fixed-rate, token-bucket)."),
    burst: z.number().int().positive().optional().describe("Bucket size (token-bucket)."),
    fraction: Probability.optional().describe("Share of the messaging limit used per moving 24 h (fraction-of-limit)."),
    headroom: Probability.default(0).describe("Share of the limit left unused (fill-limit, quality-aware)."),
    slowdown: Probability.default(0.5).describe("Rate multiplier on YELLOW (quality-aware)."),
  })
  .describe("How the sender paces this campaign.");

export const RetryRule = z.union([
  z.literal("stop").describe("Give up at the first failure with this code."),
  z
    .strictObject({
      after: Duration.describe(`Retry this long after the failure (at least ${formatDuration(MIN_RETRY_DELAY_MS)}).`),
      max: z.number().int().min(0).max(MAX_RETRIES).default(1).describe(`Retries at most (up to ${MAX_RETRIES}).`),
      backoff: z.enum(["fixed", "exponential", "power4"]).default("fixed").describe("`fixed`: always `after`; `exponential`: after × 2^attempt; `power4`: after × 4^attempt (Meta's 131056 advice)."),
    })
    .describe("Retry rule for one error code."),
]);

export const PlanEntry = z
  .strictObject({
    at: DateOrDateTime.describe("When these sends are attempted."),
    count: z.number().int().min(1).describe("Number of sends, each to a fresh distinct user, in order."),
  })
  .describe("An exact batch of sends.");

export const Campaign = z
  .strictObject({
    name: z.string().min(1).describe("Campaign name, used in events and reports."),
    template: z.string().min(1).describe("Name of the template it sends."),
    phone: z.string().optional().describe("Phone number id that sends; default the template's number or the first."),
    audience: z
      .strictObject({
        segments: z.array(z.string()).optional().describe("Segments targeted; default all."),
        share: Probability.default(1).describe("Share of the targeted users messaged at each occurrence."),
      })
      .prefault({})
      .describe("Who the campaign targets; with a `plan`, `segments` chooses where its fresh users come from: the users of those segments no plan has sent to yet, in opt-in order (the loader refuses a plan those segments are not expected to fill)."),
    start: DateOrDateTime.optional().describe("First occurrence; default the scenario start."),
    end: DateOrDateTime.optional().describe("No sends after this moment; default the horizon."),
    cadence: z
      .union([
        z.enum(["once", "daily", "weekly"]),
        z.strictObject({ every: Duration.describe(`Interval between occurrences, e.g. \`3d\` or \`12h\` (at least ${formatDuration(MIN_CADENCE_MS)}).`) }).describe("Repeat at a fixed interval."),
      ])
      .prefault("once")
      .describe("`once`, `daily`, `weekly` or `{ every: 3d }`. A whole number of days keeps the first occurrence's local time of day across daylight-saving changes; any other interval (`12h`) is elapsed time."),
    window: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d-(([01]\d|2[0-3]):[0-5]\d|24:00)$/, { message: "expected a local send window like 09:00-21:00 (from 00:00 to at most 24:00)" })
      .optional()
      .describe(
        "Local send window in the scenario's time zone, e.g. `09:00-21:00` (`24:00` ends it at midnight); default all day. The hours are local on every day, across daylight-saving changes too; a time the clocks skip opens or closes the window at the change, and a time they show twice counts at its first occurrence.",
      ),
    throttle: Throttle.prefault({}),
    retry: z.record(z.string().regex(/^\d+$/, { message: "retry keys are error codes such as 131049" }), RetryRule).prefault({}).describe("Retry rule per error code, e.g. `{ \"131049\": { after: 24h, max: 1 } }`."),
    plan: z
      .array(PlanEntry)
      .min(1)
      .optional()
      .describe("Exact sends to fresh distinct users, in time order, instead of an audience-driven cadence. A campaign with a plan takes no `cadence`, `start`, `end`, `window` or `throttle`."),
  })
  .describe("A campaign: template, audience, timing, throttle and retries; or an exact plan.");

/** An override's value: a scalar, or a list of scalars or of small records (volume tiers, enforcement steps). */
export const OverrideValue = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.null(),
  z.array(z.union([z.string(), z.number(), z.null(), z.record(z.string(), z.union([z.string(), z.number(), z.null()]))])),
]);

export const Scenario = z
  .strictObject({
    name: z.string().min(1).describe("Scenario name, shown in reports."),
    description: z.string().optional().describe("What question this scenario answers."),
    rules: z.enum(RULE_SET_IDS).default("meta-2025-10").describe("Rule set (era): meta-2021-09, seed-2023-02, meta-2023-11 or meta-2025-10 (default, newest)."),
    overrides: z.record(z.string(), OverrideValue).default({}).describe("Rule-set parameters to override by dotted path, e.g. `{ autoScale.delay: 6h }` (see `tiersim rules <id>`)."),
    start: DateTime.describe(`Start of the simulation (in the years ${START_YEARS.from} to ${START_YEARS.to}).`),
    days: z.number().int().min(1).max(MAX_DAYS).describe(`Horizon in days (up to ${MAX_DAYS}).`),
    timezone: z.string().default("UTC").describe("IANA time zone for send windows, calendar dates and daily buckets, e.g. Europe/Madrid."),
    seed: z.number().int().min(0).max(2 ** 32 - 1).default(1).describe("Master random seed; the same seed gives the same result."),
    business: Business.prefault({}),
    templates: z.array(Template).min(1).describe("Message templates."),
    audience: Audience,
    campaigns: z.array(Campaign).min(1).describe("Campaigns to run."),
    uncertainty: z
      .strictObject({
        rules: z.boolean().default(false).describe("Draw the rule-set parameters Meta does not publish (quality and pacing thresholds, other businesses' share of the per-user cap, the fatigue slope) from their documented ranges, per replication."),
      })
      .optional()
      .describe("Uncertainty beyond the distributions written in the file (docs/projections.md#uncertain-parameters). A single run keeps every point value."),
    expect: z
      .array(
        z
          .string()
          .superRefine((text, ctx) => {
            const problem = parseOne(text, EXPECT_METRICS);
            if (typeof problem === "string") ctx.addIssue({ code: "custom", message: problem });
          })
          .describe('A threshold "<metric> <op> <value>[unit]", e.g. "days.unlimited.q50 <= 7d".'),
      )
      .optional()
      .describe(
        "Thresholds checked by `run` and `sweep` (exit 1 when one fails; `--junit FILE` for CI): `<metric> <op> <value>` with units (7d, 24h, 30m, 2%, plain numbers). A single run takes run metrics (`paralysis.hours < 24h`, `days.100000 <= 5d`); a projection (`--runs N`) and each sweep variant take a statistic over the runs (`days.unlimited.q50 <= 7d`, `paralysis.hours.q95 < 24h`, `cost.total.q50 < 10000`, `days.unlimited.share >= 80%`). Thresholds for the other kind of result are skipped. See docs/thresholds.md.",
      ),
  })
  .describe("A tiersim scenario: who sends what to whom, under which rule set.");

/** A validated, fully defaulted scenario (durations in ms, dates still ISO strings). */
export type Scenario = z.output<typeof Scenario>;
/** What a scenario file may contain, before defaults. */
export type ScenarioInput = z.input<typeof Scenario>;
export type CampaignConfig = Scenario["campaigns"][number];
export type TemplateConfig = Scenario["templates"][number];
export type SegmentConfig = Scenario["audience"]["segments"][number];
export type ThrottleConfig = CampaignConfig["throttle"];
export type RetryRuleConfig = z.output<typeof RetryRule>;
