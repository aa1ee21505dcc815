// The result contract of `tiersim calibrate` (`tiersim/calibration@1`): a webhook log folded
// into the scenario parameters it supports — each rate a Beta posterior, each latency a
// log-normal with its histogram, the template and limit histories, and the bound on negative
// feedback the template quality history allows. The zod schema is its single source: the
// TypeScript types and the generated `schemas/calibration.schema.json` (see ../contracts.ts).
import { z } from "zod";
import { Count, IssueTally, Time, ToolInfo } from "../../sim/contract.js";
import { RULE_SET_IDS } from "../../models/rules/types.js";

/** A probability in [0, 1]. */
const Probability = z.number().min(0).max(1);
const NonNegative = z.number().min(0);

/** A Beta posterior of a rate (Jeffreys prior). */
export const BetaFitSchema = z
  .strictObject({
    a: NonNegative.describe("Beta parameter: successes + ½."),
    b: NonNegative.describe("Beta parameter: failures + ½."),
    mean: Probability.describe("Posterior mean a / (a + b): the value to put in a scenario."),
    n: Count.describe("Trials the fit rests on."),
    lo: Probability.describe("Lower end of the equal-tailed interval."),
    hi: Probability.describe("Upper end of the equal-tailed interval."),
    level: Probability.describe("The interval's level (0.95)."),
  })
  .meta({ id: "betaFit", description: "A rate as a Beta posterior (Jeffreys prior): mean, interval and the trials it rests on." });

const Quantiles = z.strictObject({
  q05: NonNegative.describe("5th percentile, seconds."),
  q25: NonNegative.describe("25th percentile, seconds."),
  q50: NonNegative.describe("Median, seconds."),
  q75: NonNegative.describe("75th percentile, seconds."),
  q95: NonNegative.describe("95th percentile, seconds."),
});

/** A fitted latency: log-normal by maximum likelihood, with the empirical quantiles. */
export const LatencyFit = z
  .strictObject({
    n: Count.describe("Positive latencies the fit rests on."),
    zeros: Count.describe("Latencies under one second (left out of the log-normal fit)."),
    median: NonNegative.describe("Median of the fit, e^μ, seconds: the scenario's latency median."),
    p95: NonNegative.describe("95th percentile of the fit, e^(μ + 1.645σ), seconds."),
    sigma: NonNegative.describe("σ of ln(latency): the scenario's `latency.spread`."),
    observed: Quantiles.describe("Empirical quantiles (within 2 %), seconds."),
    histogram: z.array(z.tuple([NonNegative, NonNegative, Count]).describe("[lower s, upper s, count].")).describe("Histogram of the latencies, log-spaced bins."),
  })
  .meta({ id: "latencyFit", description: "A latency: log-normal by maximum likelihood, with empirical quantiles and a histogram." });
export type LatencyFit = z.infer<typeof LatencyFit>;

/** A per-day rate: count over exposure, with an approximate interval. */
export const RateFit = z.strictObject({
  mean: NonNegative.describe("Messages per user per day."),
  lo: NonNegative.describe("Lower end of the approximate 95 % interval."),
  hi: NonNegative.describe("Upper end of the approximate 95 % interval."),
  count: Count.describe("Messages counted."),
  exposure: NonNegative.describe("User-days of exposure (distinct users × days of the log)."),
});
export type RateFit = z.infer<typeof RateFit>;

/** The fits of one slice of the log (the whole of it, or a segment). */
export const SliceFits = z
  .strictObject({
    read: BetaFitSchema.describe("P(read | not replied): the scenario's `read` (tiersim marks every replied message read)."),
    readObserved: BetaFitSchema.describe("P(read) over delivered messages, as a dashboard shows it."),
    reply: BetaFitSchema.describe("Replies per delivered message: the scenario's `reply`."),
    optOut: BetaFitSchema.describe("Stop requests per delivered marketing message: the scenario's `optOut`."),
    failures: z
      .record(z.string(), BetaFitSchema.extend({ title: z.string().describe("Meta's title of the error code.") }))
      .describe("Failure share of messages with a final status, by error code."),
    inboundPerDay: RateFit.describe("The users' own messages per user per day: the scenario's `inboundPerDay`."),
    latency: z
      .strictObject({
        read: LatencyFit.nullable().describe("Read minus delivered; null with fewer than two."),
        reply: LatencyFit.nullable().describe("Reply minus read; null with fewer than two."),
      })
      .describe("Latencies."),
  })
  .meta({ id: "sliceFits", description: "The fitted rates, failures, inbound rate and latencies of the log or of one segment of it." });
export type SliceFits = z.infer<typeof SliceFits>;

/** One segment of a `--segment-by` calibration. */
export const SegmentFits = z.strictObject({
  name: z.string().describe("The segment: the callback tag, the sending number or the pricing category; `(other)` beyond 64."),
  share: Probability.describe("Its share of the delivered messages."),
  delivered: Count.describe("Its delivered messages."),
  fits: SliceFits,
});
export type SegmentFits = z.infer<typeof SegmentFits>;

/** A limit as a log reports it (a log may say anything: 0, a fraction); null is unlimited. */
const LoggedLimit = z.number().min(0).nullable();

/** A log's moment: ISO-8601 UTC, or empty where the webhook carried none. */
const LogTime = z.union([Time, z.literal("")]).describe("When the webhook says it happened (ISO-8601 UTC), or empty where it carried no time.");

/**
 * A calibration: `tiersim/calibration@1`.
 *
 * @example
 * ```ts
 * const read = calibration.fits.read.mean; // the scenario's `read`
 * ```
 */
export const CalibrationResult = z
  .strictObject({
    schema: z.literal("tiersim/calibration@1").describe("The contract and its version."),
    tool: ToolInfo,
    rules: z.enum(RULE_SET_IDS).describe("The rule set whose template-quality thresholds bound the negative feedback."),
    input: z
      .strictObject({
        files: z.array(z.string()).describe("The log files read."),
        lines: Count.describe("Lines read."),
        bodies: Count.describe("Webhook bodies counted."),
        blank: Count.describe("Blank lines."),
        from: Time.nullable().describe("The log's first moment, or null."),
        to: Time.nullable().describe("The log's last moment, or null."),
        days: NonNegative.describe("Days the log spans (to the thousandth)."),
        settledBefore: Time.nullable().describe("Messages delivered after this moment are left out of the rates: too recent to be read or answered."),
      })
      .describe("What was read."),
    issues: z
      .strictObject({
        malformed: IssueTally.describe("Lines that are not a webhook body."),
        duplicates: IssueTally.describe("Redelivered webhooks, counted once."),
        outOfOrder: IssueTally.describe("Lines behind the latest line's time."),
        late: IssueTally.describe("Lines more than the join window behind the latest line."),
        lateStatuses: Count.describe("Statuses on late lines whose message was no longer held (left out of every count)."),
        outsideRange: Count.describe("Bodies outside --from/--to."),
        unjoinedReplies: Count.describe("Replies naming a message not in the log (left out of the reply rate)."),
        systemErrors: Count.describe("Top-level `errors[]` webhooks (system or app failures, no message)."),
        otherFields: z.record(z.string(), Count).describe("Bodies of other webhook fields, by field."),
      })
      .describe("Problems found in the log: counted, never fatal."),
    join: z
      .strictObject({
        window: NonNegative.describe("Seconds of log time within which statuses and replies join their message."),
        kept: NonNegative.describe("Seconds really kept: less than the window when more messages came within one than the table holds."),
        earlyRotations: Count.describe("Times the table rotated early (joins beyond `kept` may then be missed)."),
      })
      .describe("The bounds the streaming fold kept to."),
    messages: z
      .strictObject({
        distinct: Count.describe("Distinct messages (wamids)."),
        sent: Count.describe("With a `sent` status."),
        delivered: Count.describe("Delivered (a `delivered` or `read` status)."),
        read: Count.describe("Read."),
        failed: Count.describe("Failed."),
        replied: Count.describe("Replied to."),
        users: Count.describe("Distinct recipients (HyperLogLog estimate above 2^16)."),
      })
      .describe("What the log shows of the messages."),
    fits: SliceFits.describe("The fits over the whole log."),
    segments: z
      .strictObject({
        by: z.enum(["callback", "phone", "category"]).describe("What the log was split by (`--segment-by`)."),
        list: z.array(SegmentFits).describe("Per segment, in the order the log first names them."),
      })
      .optional()
      .describe("With --segment-by: the same fits per segment."),
    templates: z
      .strictObject({
        history: z
          .array(
            z.strictObject({
              at: LogTime,
              template: z.string().describe("The template's name (or id)."),
              language: z.string().describe("Its language."),
              kind: z.enum(["status", "quality"]).describe("`status` (message_template_status_update) or `quality` (message_template_quality_update)."),
              to: z.string().describe("The new status (APPROVED, PAUSED…) or quality score."),
              from: z.string().optional().describe("The previous quality score, when the webhook says."),
              reason: z.string().optional().describe("The webhook's reason, when it gives one."),
            }),
          )
          .describe("Template status and quality changes, in log order."),
        pauses: z.record(z.string(), Count).describe("Pauses per template."),
        disabled: z.array(z.string()).describe("Templates disabled."),
        worstQuality: z.string().describe("The worst quality score any template reached."),
      })
      .describe("The templates' history as the log tells it."),
    limits: z
      .strictObject({
        history: z
          .array(
            z.strictObject({
              at: LogTime,
              event: z.string().describe("UPGRADE, DOWNGRADE, FLAGGED, UNFLAGGED, THROUGHPUT_UPGRADE, CAPABILITY…"),
              limit: LoggedLimit.optional().describe("The limit after it, when the webhook says (null = unlimited)."),
              phone: z.string().optional().describe("The number's display number, when the webhook names one."),
            }),
          )
          .describe("Limit and number-status changes, in log order."),
        final: LoggedLimit.optional().describe("The last limit the log reports; absent when it reports none."),
        flagged: z.boolean().describe("Whether a number was ever flagged."),
        truncated: Count.describe("History entries left out beyond the kept length."),
      })
      .describe("The messaging limit's history as the log tells it."),
    sends: z
      .strictObject({
        files: z.array(z.string()).describe("The sends files read."),
        attempts: Count.describe("Attempts in the files, within --from/--to."),
        outsideRange: Count.describe("Attempts outside --from/--to."),
        byCategory: z.record(z.string(), Count).describe("Attempts per pricing category (or `template <name>` where a row names no category)."),
        inLog: Count.describe("Distinct messages the log shows (any status)."),
        notInLog: Count.describe("attempts − inLog, at least 0: sends no webhook reports (refused before they were sent)."),
        notInLogRate: BetaFitSchema.describe("The share of attempts the webhooks never report."),
        note: z.string().optional().describe("Set when the log shows more messages than the files attempted: the files miss sends."),
        malformed: IssueTally.describe("Rows of the sends files that could not be read."),
      })
      .optional()
      .describe("With --sends: the business's attempts beside the messages the log shows."),
    bounds: z
      .strictObject({
        negativeFeedback: z
          .strictObject({
            quantity: z.string().describe("What is bounded."),
            lo: NonNegative.describe("Lower bound."),
            hi: NonNegative.describe("Upper bound."),
            basis: z.string().describe("Why, from the template quality history and the rule set's thresholds."),
            bound: z.literal(true).describe("Always true: a range the history allows, not an estimate."),
          })
          .describe("Blocks and reports are in no webhook: the range of negative feedback the templates' quality history allows."),
      })
      .describe("What the log bounds without measuring."),
  })
  .describe("Result of `tiersim calibrate`: a webhook log folded into the scenario parameters it supports, with intervals, histories and bounds.");
export type CalibrationResult = z.infer<typeof CalibrationResult>;
