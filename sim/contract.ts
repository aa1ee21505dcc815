// The building blocks of every result contract (`tiersim/run@1`, `projection@1`, `sweep@1`,
// `shard@1`): times, dates, counts, amounts, limits, the tool and the scenario header. Each is
// a zod schema, so one definition gives the TypeScript type, the validation a reader applies to
// a file, and — through `.meta({ id })` — one entry in the `definitions` of the published JSON
// Schemas. Bounds are the ones a real result stays within, so a damaged or hostile file is
// refused where it is wrong instead of breaking whatever reads it.
import { z } from "zod";
import { QUALITIES, RULE_SET_IDS } from "../models/rules/types.js";

/** The largest count a result holds exactly: 2^53 − 1 (JSON numbers are doubles). */
export const MAX_COUNT = Number.MAX_SAFE_INTEGER;
/**
 * The largest amount (money, hours) a result holds: far above any real run, and low enough that
 * sums and means over a million runs stay finite.
 */
export const MAX_AMOUNT = 1e15;

const TIME_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** An instant: ISO-8601 UTC with milliseconds, as `Date.prototype.toISOString` writes it. */
export const Time = z
  .string({ error: "expected an ISO-8601 UTC time such as 2026-03-02T09:00:00.000Z" })
  .regex(TIME_PATTERN, { error: "expected an ISO-8601 UTC time with milliseconds, such as 2026-03-02T09:00:00.000Z", abort: true })
  .refine((s) => {
    const t = Date.parse(s);
    return Number.isFinite(t) && new Date(t).toISOString() === s;
  }, "not a real date and time (month 1–12, a day the month has, hours 00–23…)")
  .meta({ id: "time", description: "An instant: ISO-8601 UTC with milliseconds." });

/** A calendar date in the scenario's time zone (`YYYY-MM-DD`). */
export const LocalDate = z
  .string({ error: "expected a date such as 2026-03-02" })
  .regex(DATE_PATTERN, { error: "expected a date such as 2026-03-02", abort: true })
  .refine((s) => {
    const t = Date.parse(`${s}T00:00:00.000Z`);
    return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === s;
  }, "not a real date")
  .meta({ id: "date", description: "A local calendar date in the scenario's time zone (YYYY-MM-DD)." });

/** A whole number of things: sends, users, episodes. */
export const Count = z
  .number({ error: "expected a whole number ≥ 0" })
  .int({ error: `expected a whole number from 0 to ${MAX_COUNT}` })
  .min(0, { error: "expected a whole number ≥ 0" })
  .meta({ id: "count", description: `A whole number from 0 to 2^53 − 1 (${MAX_COUNT}).` });

/** A non-negative amount: money or hours. */
export const Amount = z
  .number({ error: "expected a number ≥ 0" })
  .min(0, { error: "expected a number ≥ 0" })
  .max(MAX_AMOUNT, { error: `expected at most ${MAX_AMOUNT} (10^15)` })
  .meta({ id: "amount", description: "A non-negative amount of money or hours, at most 10^15." });

/** A share or probability in [0, 1]. */
export const Share = z
  .number({ error: "expected a share from 0 to 1" })
  .min(0, { error: "expected a share from 0 to 1" })
  .max(1, { error: "expected a share from 0 to 1" })
  .meta({ id: "share", description: "A share of runs or a probability, from 0 to 1." });

/** Any finite number (zod refuses Infinity and NaN). */
export const Real = z.number({ error: "expected a finite number" }).meta({ id: "real", description: "A finite number." });

/** A seed: a whole number from 0 to 2^53 − 1. */
export const Seed = z
  .number({ error: "expected a seed: a whole number ≥ 0" })
  .int({ error: `expected a seed: a whole number from 0 to ${MAX_COUNT}` })
  .min(0, { error: "expected a seed: a whole number ≥ 0" })
  .meta({ id: "seed", description: "A seed: the same seed gives the same result, byte for byte." });

/** A messaging limit: distinct users per moving 24 h; `null` is unlimited. */
export const Limit = z
  .number({ error: "expected a limit: a whole number ≥ 1, or null for unlimited" })
  .int({ error: "expected a limit: a whole number ≥ 1, or null for unlimited" })
  .min(1, { error: "expected a limit: a whole number ≥ 1, or null for unlimited" })
  .nullable()
  .meta({ id: "limit", description: "Distinct users per moving 24 h; null = unlimited." });

/** A quality rating. */
export const Quality = z.enum(QUALITIES).meta({ id: "quality", description: "Quality rating: GREEN, YELLOW, RED or UNKNOWN." });

/** The rung keys of `reachedAt`: a limit as text (`"10000"`) or `unlimited`. */
export const TierKey = z
  .string()
  .regex(/^(\d+|unlimited)$/, { error: 'expected a rung: a limit such as "10000", or "unlimited"' })
  .meta({ id: "tierKey", description: 'A rung of the ladder: the limit as text ("10000") or "unlimited".' });

/** The program that wrote a result. */
export const ToolInfo = z
  .strictObject({
    name: z.literal("tiersim").describe("Always tiersim."),
    version: z.string().min(1).describe("The tiersim version that wrote the file."),
  })
  .meta({ id: "tool", description: "The program that wrote the file." });

/** Which scenario a result is of. */
export const ScenarioHeader = z
  .strictObject({
    name: z.string().describe("The scenario's name."),
    rules: z.enum(RULE_SET_IDS).describe("The rule set (era) the scenario ran under."),
    overrides: z.record(z.string(), z.unknown()).describe("Rule-set parameters overridden by dotted path, as written in the scenario."),
    timezone: z.string().min(1).describe("IANA time zone of daily rows and send windows."),
  })
  .meta({ id: "scenarioHeader", description: "The scenario: name, rule set, overrides and time zone." });

/** Lines of an input file with one kind of problem: counted exactly, the first 20 located. */
export const IssueTally = z
  .strictObject({
    count: Count.describe("How many lines (exact)."),
    first: z
      .array(
        z.strictObject({
          file: z.string().describe("The file."),
          line: Count.describe("Its line number (1-based)."),
          message: z.string().describe("What is wrong with it."),
        }),
      )
      .max(20)
      .describe("The first 20, with where and why."),
  })
  .meta({ id: "issueTally", description: "Lines of an input file with one kind of problem: counted exactly, the first 20 located." });

export type ToolInfo = z.infer<typeof ToolInfo>;
export type ScenarioHeader = z.infer<typeof ScenarioHeader>;

/** At most this many problems are listed; the rest are counted. */
const MAX_LISTED = 10;

/**
 * A zod error as readable lines, `path: message`, with the path as a reader writes it
 * (`daily.3.delivered`, `summary.reachedAt.10000`). A union that failed is reported through
 * the branch the value was meant for: the one whose `type` (or other discriminator) matched.
 * At most 10 lines, then a count of the rest.
 *
 * @example
 * ```ts
 * const parsed = RunResult.safeParse(json);
 * if (!parsed.success) contractIssues(parsed.error); // ["summary.messages.delivered: expected a whole number ≥ 0"]
 * ```
 */
export function contractIssues(error: z.ZodError, max: number = MAX_LISTED): string[] {
  const lines = error.issues.flatMap((i) => flatten(i, []));
  return lines.length > max ? [...lines.slice(0, max), `… and ${lines.length - max} more`] : lines;
}

type Issue = z.core.$ZodIssue;

function flatten(issue: Issue, prefix: PropertyKey[]): string[] {
  const path = [...prefix, ...issue.path];
  if (issue.code === "invalid_union" && issue.errors.length > 0) {
    // Plain alternatives (text or a number) that all failed on the type: name them all.
    const types = issue.errors.map((branch) => (branch.length === 1 && branch[0].path.length === 0 && branch[0].code === "invalid_type" ? branch[0].expected : undefined));
    if (types.every((t) => t !== undefined)) return [`${where(path)}: expected ${[...new Set(types)].join(" or ")}`];
    // Branches that failed on the discriminator (`type`) were not meant; report the one that was.
    const meant = issue.errors.filter((branch) => !branch.some((b) => b.path.length === 1 && b.path[0] === "type"));
    if (meant.length === 1) return meant[0].flatMap((b) => flatten(b, path));
    if (meant.length > 1) return [`${where(path)}: does not match any accepted shape`];
    // Every branch failed on the discriminator: the last (most general) one says why.
    return issue.errors[issue.errors.length - 1].flatMap((b) => flatten(b, path));
  }
  if (issue.code === "unrecognized_keys") return issue.keys.map((k) => `${where([...path, k])}: unknown field (this version does not write it)`);
  return [`${where(path)}: ${issue.message}`];
}

function where(path: PropertyKey[]): string {
  return path.length > 0 ? path.map(String).join(".") : "(root)";
}
