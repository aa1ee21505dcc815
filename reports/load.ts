// Reading a saved result back (`tiersim report <result.json>`): detect the schema and check
// the fields the report reads, so a wrong or damaged file gets a message with a path instead
// of a crash half-way through rendering. Pure: the caller reads the file.
import { z } from "zod";
import type { ProjectionResult, RunResult } from "../sim/result.js";
import type { SweepResult } from "./sweep-types.js";

const num = z.number().refine(Number.isFinite, "expected a finite number");
const count = num;
const limit = z.number().nullable();
const isoTime = z.string().refine((s) => Number.isFinite(Date.parse(s)), "expected an ISO-8601 date-time");
const tool = z.looseObject({ name: z.string(), version: z.string() });
const scenario = z.looseObject({
  name: z.string(),
  rules: z.string(),
  overrides: z.record(z.string(), z.unknown()).default({}),
  timezone: z.string().default("UTC"),
});
const quantiles = z.looseObject({ q05: num, q25: num, q50: num, q75: num, q95: num });
const limitQuantiles = z.looseObject({ q05: limit, q25: limit, q50: limit, q75: limit, q95: limit });
const withMean = quantiles.extend({ mean: num, ci95: z.tuple([num, num]) });

const summary = z.looseObject({
  limit: z.looseObject({ initial: limit, final: limit }),
  reachedAt: z.record(z.string(), isoTime.nullable()),
  messages: z.looseObject({
    attempted: count,
    accepted: count,
    delivered: count,
    read: count,
    failed: count,
    deferred: count,
    rejected: count.default(0),
    inFlight: count.default(0),
    dropped: count.default(0),
  }),
  users: z.looseObject({ reached: count, replied: count, blocked: count, reported: count, optedOut: count }),
  failuresByCode: z.record(z.string(), count),
  paralysis: z.looseObject({ episodes: count, hours: num, byCause: z.record(z.string(), num) }),
  cost: z.looseObject({ currency: z.string(), total: num, byCategory: z.record(z.string(), num) }),
});

const runSchema = z.looseObject({
  schema: z.literal("tiersim/run@1"),
  tool,
  scenario,
  seed: num,
  start: isoTime,
  end: isoTime,
  summary,
  daily: z.array(
    z.looseObject({
      date: z.string(),
      limit,
      quality: z.string(),
      uniqueReached: count,
      newlyReached: count.optional(),
      attempted: count,
      delivered: count,
      read: count,
      replied: count,
      blocked: count,
      optedOut: count.optional(),
      failed: count,
      deferred: count,
      cost: num,
      costByCategory: z.record(z.string(), num).default({}),
    }),
  ),
  events: z.array(z.looseObject({ at: isoTime, type: z.string() })),
});

const projectionSchema = z.looseObject({
  schema: z.literal("tiersim/projection@1"),
  tool,
  scenario,
  seed: num,
  runs: num,
  start: isoTime,
  end: isoTime,
  method: z.looseObject({ quantiles: z.string(), levels: z.array(z.string()), interval: z.string(), replicationSeed: z.string() }),
  reachedAt: z.record(z.string(), z.looseObject({ share: num, days: withMean.nullable() })),
  paralysis: z.looseObject({
    probability: num,
    hours: withMean,
    byCause: z.record(z.string(), z.looseObject({ probability: num, hours: withMean })),
  }),
  metrics: z.record(z.string(), withMean),
  daily: z.array(z.looseObject({ date: z.string(), limit: limitQuantiles, reach: quantiles, cumulativeReach: quantiles, delivered: quantiles, cost: quantiles })),
  perRun: z.array(z.looseObject({ index: num, seed: num, summary })),
});

const value = z.union([z.string(), num]);
const sweepSchema = z.looseObject({
  schema: z.literal("tiersim/sweep@1"),
  tool,
  scenario,
  seed: num,
  runs: num,
  variants: z.array(z.looseObject({ values: z.record(z.string(), value), metrics: z.record(z.string(), num) })),
  sensitivity: z.array(
    z.looseObject({
      parameter: z.string(),
      metric: z.string(),
      low: z.looseObject({ value, metric: num }),
      high: z.looseObject({ value, metric: num }),
      swing: num,
    }),
  ),
});

/** The result schemas `tiersim report` understands. */
export const RESULT_SCHEMAS = ["tiersim/run@1", "tiersim/projection@1", "tiersim/sweep@1"] as const;

export type ParsedResult =
  | { ok: true; result: RunResult | ProjectionResult | SweepResult }
  | { ok: false; issues: string[] };

/**
 * Detects the schema of parsed JSON and checks the fields a report reads. Issues name the
 * path of each problem (at most 10 are listed).
 *
 * @example
 * ```ts
 * const parsed = parseResult(JSON.parse(text));
 * if (!parsed.ok) throw new Error(parsed.issues.join("\n"));
 * ```
 */
export function parseResult(json: unknown): ParsedResult {
  const tag = json !== null && typeof json === "object" && !Array.isArray(json) ? (json as { schema?: unknown }).schema : undefined;
  const schema = tag === "tiersim/run@1" ? runSchema : tag === "tiersim/projection@1" ? projectionSchema : tag === "tiersim/sweep@1" ? sweepSchema : undefined;
  if (!schema) {
    const seen = typeof tag === "string" ? `"${tag}"` : "none";
    return { ok: false, issues: [`schema: expected one of ${RESULT_SCHEMAS.join(", ")}; found ${seen}`] };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, result: parsed.data as unknown as RunResult | ProjectionResult | SweepResult };
  const issues = parsed.error.issues.map((i) => `${i.path.length > 0 ? i.path.join(".") : "(root)"}: ${i.message}`);
  return { ok: false, issues: issues.length > 10 ? [...issues.slice(0, 10), `… and ${issues.length - 10} more`] : issues };
}
