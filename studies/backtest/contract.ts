// The result contract of `tiersim backtest` (`tiersim/backtest@1`): a business's webhook logs
// (or sends files) replayed through a scenario's rules, and every predicted limit, flag and
// template change set beside the one the logs report. The zod schema is its single source: the
// TypeScript types, the check of what `backtest` writes, and the generated
// `schemas/backtest.schema.json` (see ../contracts.ts).
import { z } from "zod";
import { Count, IssueTally, Limit, Seed, Time, ToolInfo } from "../../sim/contract.js";
import { RULE_SET_IDS } from "../../models/rules/types.js";

/** How a predicted change compares with the logs. */
export const BacktestVerdict = z
  .enum(["match", "earlier", "later", "predicted-only", "observed-only", "not-in-webhooks"])
  .describe("`match` (within the tolerance), `earlier` / `later` (the prediction against the log), `predicted-only`, `observed-only`, or `not-in-webhooks` (a quality rating: Meta reports none).");
export type BacktestVerdict = z.infer<typeof BacktestVerdict>;

/** One line of the comparison. */
export const BacktestRow = z.strictObject({
  kind: z.enum(["limit", "number-status", "template-status", "template-quality", "quality"]).describe("What changed: the messaging limit, a number's Flagged status, a template's status or quality, or a number's or portfolio's quality rating."),
  subject: z.string().describe("Whose: a template's name, a phone number (the scenario's id or the log's display number), `portfolio` or `number`."),
  from: z.string().nullable().describe("The value before, as text (a limit's number or `unlimited`), or null when the log does not say."),
  to: z.string().describe("The value after, as text."),
  predicted: Time.nullable().describe("When the replay predicts the change, or null (observed only)."),
  observed: Time.nullable().describe("When the webhook reporting it was sent, or null (predicted only)."),
  line: z.string().nullable().describe("Where in the logs (`file:line`), or null."),
  deltaSeconds: z.number().int().nullable().describe("Predicted minus observed, whole seconds (the logs' resolution); null unless both are there."),
  verdict: BacktestVerdict,
  text: z.string().describe("The difference in words, times in the scenario's time zone."),
});
export type BacktestRow = z.infer<typeof BacktestRow>;

/** Refusals the model would have made of sends the logs show made, for one code. */
export const RefusalCount = z.strictObject({
  count: Count.describe("How many."),
  first: Time.describe("The first one."),
});
export type RefusalCount = z.infer<typeof RefusalCount>;

const ByCode = z.record(z.string().regex(/^\d+$/, { error: "expected an error code" }), Count).describe("Counts by Cloud API error code.");

/**
 * A backtest: `tiersim/backtest@1`.
 *
 * @example
 * ```ts
 * const late = backtest.rows.filter((r) => r.kind === "limit" && r.verdict !== "match");
 * ```
 */
export const BacktestResult = z
  .strictObject({
    schema: z.literal("tiersim/backtest@1").describe("The contract and its version."),
    tool: ToolInfo,
    scenario: z
      .strictObject({
        name: z.string().describe("The scenario's name."),
        rules: z.enum(RULE_SET_IDS).describe("The rule set the replay applies."),
        timezone: z.string().min(1).describe("IANA time zone of the rows' `text`."),
      })
      .describe("The scenario whose rules and rates the logs are replayed through."),
    seed: Seed.describe("Seed of the replay's draws (blocks, reports, the rules' random delays)."),
    start: Time.describe("Start of the replayed span."),
    end: Time.describe("End of the replayed span."),
    input: z
      .strictObject({
        logs: z.array(z.string()).describe("The webhook log files read."),
        sends: z.array(z.string()).describe("The sends files read."),
        lines: Count.describe("Lines read, all files."),
        malformed: IssueTally.describe("Lines that are not a webhook body (or a sends row): counted and skipped."),
        duplicates: IssueTally.describe("Lines repeating one already read (a redelivered webhook): counted once."),
        lastAt: Time.nullable().describe("The latest moment a webhook line names (an entry's time, a status's or message's timestamp): changes predicted after it are not compared (`summary.afterLogs`). null when no webhook was read."),
      })
      .describe("What was read."),
    replay: z
      .strictObject({
        source: z.enum(["webhooks", "sends"]).describe("`webhooks`: sends taken from the logs' statuses, outcomes as logged; `sends`: a sends file's attempts, through the platform's checks."),
        messages: Count.describe("Messages replayed."),
        delivered: Count.describe("Replayed as sent (webhooks) or accepted by the model (sends)."),
        failed: ByCode.describe("Failures the logs show (not replayed: they count toward nothing), or the model's (sends), by code."),
        refused: z.record(z.string().regex(/^\d+$/), RefusalCount).describe("By code: sends the model refused (sends), or would have refused though the logs show them sent (webhooks)."),
        held: Count.describe("Held for quality assessment by the model (sends only)."),
        outside: Count.describe("Messages and inbound messages outside the scenario's span, left out."),
        inbound: Count.describe("The users' own messages and replies replayed (each opens a customer-service window)."),
        users: Count.describe("Distinct recipients."),
        usersMappedBy: z.enum(["simulated-ids", "first-send"]).describe("How recipients became the scenario's users: the ids a simulated log names, or in order of first send."),
        templates: z.record(z.string(), Count).describe("Messages per scenario template (by name, else by pricing category)."),
        unmatchedTemplates: Count.describe("Messages whose template and category match no scenario template (replayed as the first)."),
        extraPhones: Count.describe("Messages from sending numbers beyond the scenario's (replayed as its first)."),
      })
      .describe("What was replayed, and how."),
    assumptions: z.array(z.string()).describe("What the replay assumed, in words (blocks drawn from the scenario's rates, moments known to the second…)."),
    limit: z
      .strictObject({
        initial: Limit.describe("The limit at the start of the span."),
        predicted: z
          .array(z.strictObject({ at: Time.describe("When."), from: Limit.describe("Limit before."), to: Limit.describe("Limit after."), reason: z.string().describe("Why, as the run's `limit-changed` event says.") }))
          .describe("The replay's limit changes."),
        observed: z.array(z.strictObject({ at: Time.describe("When the webhook was sent."), to: Limit.describe("The limit it reports.") })).describe("The logs' limit changes."),
      })
      .describe("The messaging-limit timeline, predicted and logged."),
    rows: z.array(BacktestRow).describe("Every predicted and logged change, paired, in time order."),
    summary: z
      .strictObject({
        compared: Count.describe("All rows."),
        match: Count.describe("Rows within the tolerance."),
        earlier: Count.describe("Predicted earlier than logged."),
        later: Count.describe("Predicted later than logged."),
        predictedOnly: Count.describe("Predicted, not in the logs."),
        observedOnly: Count.describe("In the logs, not predicted."),
        notInWebhooks: Count.describe("Predicted quality ratings (no webhook reports them)."),
        afterLogs: Count.describe("Changes predicted after the logs' last moment (`input.lastAt`), matching nothing logged: the logs cannot show them, so they are left out of the rows and of `--check`."),
      })
      .describe("Rows by verdict."),
  })
  .describe("Result of `tiersim backtest`: webhook logs (or sends files) replayed through a scenario's rules, and each predicted limit, flag and template change beside the logged one.");
export type BacktestResult = z.infer<typeof BacktestResult>;
