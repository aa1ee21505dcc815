// Replications → projection (`tiersim/projection@1`). One pure function used by `run`,
// `merge` and `project` alike: the same records give the same bytes, whichever worker,
// shard or machine produced them — records are ordered by index before anything is summed.
import { PARALYSIS_CAUSES } from "../../sim/result.js";
import type { ParalysisCause } from "../../sim/result.js";
import type { Distribution, ProjectionResult } from "./contract.js";
import { describeValues, INTERVAL_METHOD } from "../stats/mean.js";
import { PAIRED_INTERVAL_METHOD, pairedMeanCI } from "../stats/paired.js";
import { LEVELS, LIMIT_QUANTILE_METHOD, limitQuantiles, QUANTILE_METHOD, quantilesR7 } from "../stats/quantile.js";
import { round6 } from "../../sim/round.js";
import { sortTierKeys } from "../../sim/tiers.js";
import type { ProjectionHeader, ReplicationRecord } from "./types.js";
import { DAY } from "../../models/duration.js";
import { sensitivityOf } from "./sensitivity.js";
import { REPRESENTATIVE_METHOD, representativeIndex } from "./representative.js";


/** How antithetic projections pair their runs (`method.antithetic`). */
export const ANTITHETIC_METHOD =
  "runs 2j and 2j + 1 share the seed of replication 2j; run 2j + 1 draws every uniform u as 1 − u (sequential streams and keyed per-user draws alike), so the pair tends to err in opposite directions; quantiles are over all runs, intervals treat the pair as the unit";

type Describe = (values: ReadonlyArray<number | null>) => Distribution;

/** Quantiles over the values present; the mean's interval over runs, or over pairs when antithetic. */
function describer(antithetic: boolean): Describe {
  return (values) => {
    const present = values.filter((v): v is number => v !== null);
    if (!antithetic) return describeValues(present);
    return { ...quantilesR7(present), ...pairedMeanCI(values) };
  };
}

/** How replication seeds are made (`method.replicationSeed`). */
export const REPLICATION_SEED_METHOD =
  "replicationSeed(master seed, scenario name, index): Philox4x32-10 keyed by the master seed over MurmurHash3 of the scenario name and the replication index; independent of worker count, shard and run order";

/** Per-run metrics summarised in `metrics`, read from each run's summary. */
const METRICS: ReadonlyArray<readonly [string, (r: ReplicationRecord) => number]> = [
  ["attempted", (r) => r.summary.messages.attempted],
  ["delivered", (r) => r.summary.messages.delivered],
  ["read", (r) => r.summary.messages.read],
  ["failed", (r) => r.summary.messages.failed],
  ["rejected", (r) => r.summary.messages.rejected],
  ["usersReached", (r) => r.summary.users.reached],
  ["replied", (r) => r.summary.users.replied],
  ["blocked", (r) => r.summary.users.blocked],
  ["reported", (r) => r.summary.users.reported],
  ["optedOut", (r) => r.summary.users.optedOut],
  ["paralysisEpisodes", (r) => r.summary.paralysis.episodes],
  ["paralysisHours", (r) => r.summary.paralysis.hours],
  ["cost", (r) => r.summary.cost.total],
];

/**
 * Checks that `records` hold each index 0 … runs − 1 exactly once; returns the problems in
 * words (empty when complete).
 *
 * @example
 * ```ts
 * indexProblems([{ index: 0 }, { index: 0 }], 3); // ["replication 0 appears 2 times", "missing replications: 1, 2"]
 * ```
 */
export function indexProblems(records: ReadonlyArray<{ index: number }>, runs: number): string[] {
  const counts = new Map<number, number>();
  for (const r of records) counts.set(r.index, (counts.get(r.index) ?? 0) + 1);
  const problems: string[] = [];
  const outside = [...counts.keys()].filter((i) => !Number.isInteger(i) || i < 0 || i >= runs).sort((a, b) => a - b);
  if (outside.length > 0) problems.push(`replication indices outside 0…${runs - 1}: ${list(outside)}`);
  for (const [i, n] of [...counts.entries()].sort(([a], [b]) => a - b)) if (n > 1) problems.push(`replication ${i} appears ${n} times`);
  const missing: number[] = [];
  for (let i = 0; i < runs; i++) if (!counts.has(i)) missing.push(i);
  if (missing.length > 0) problems.push(`missing replications: ${list(missing)}`);
  return problems;
}

function list(xs: number[]): string {
  return xs.length > 12 ? `${xs.slice(0, 12).join(", ")} … (${xs.length} in all)` : xs.join(", ");
}

/**
 * Summarises replications into a projection: per-rung share reached and day quantiles,
 * paralysis probability and hours by cause, summary metrics, daily bands and the per-run
 * summaries. Pure and order-independent (records are sorted by index); throws a RangeError
 * unless the records hold each index 0 … runs − 1 exactly once.
 *
 * @example
 * ```ts
 * const projection = aggregate(header, records);
 * projection.reachedAt.unlimited.share; // 0.87
 * ```
 */
export function aggregate(header: ProjectionHeader, records: readonly ReplicationRecord[]): ProjectionResult {
  const problems = indexProblems(records, header.runs);
  if (problems.length > 0) throw new RangeError(`cannot aggregate: ${problems.join("; ")}`);
  const runs = [...records].sort((a, b) => a.index - b.index);
  const n = runs.length;
  const start = Date.parse(header.start);
  const antithetic = header.antithetic === true;
  if (antithetic && n % 2 !== 0) throw new RangeError(`cannot aggregate: antithetic replications come in pairs, but there are ${n}`);
  const describe = describer(antithetic);

  const tiers = sortTierKeys([...new Set(runs.flatMap((r) => Object.keys(r.summary.reachedAt)))]);
  const reachedAt: ProjectionResult["reachedAt"] = {};
  for (const tier of tiers) {
    const days = runs.map((r) => {
      const at = r.summary.reachedAt[tier];
      return typeof at === "string" ? (Date.parse(at) - start) / DAY : null;
    });
    const reached = days.filter((d) => d !== null).length;
    reachedAt[tier] = { share: round6(reached / n), days: reached > 0 ? describe(days) : null };
  }

  const byCause: ProjectionResult["paralysis"]["byCause"] = {};
  for (const cause of PARALYSIS_CAUSES) {
    const hours = runs.map((r) => r.summary.paralysis.byCause[cause as ParalysisCause] ?? 0);
    if (hours.every((h) => h === 0)) continue;
    byCause[cause] = { probability: round6(hours.filter((h) => h > 0).length / n), hours: describe(hours) };
  }
  const paralysis: ProjectionResult["paralysis"] = {
    probability: round6(runs.filter((r) => r.summary.paralysis.episodes > 0 || r.summary.paralysis.hours > 0).length / n),
    hours: describe(runs.map((r) => r.summary.paralysis.hours)),
    byCause,
  };

  const metrics: ProjectionResult["metrics"] = {};
  for (const [name, read] of METRICS) metrics[name] = describe(runs.map(read));

  const cumulative = runs.map((r) => {
    let total = 0;
    return r.daily.firstReach.map((x) => (total += x));
  });
  const daily: ProjectionResult["daily"] = header.dates.map((date, d) => ({
    date,
    limit: limitQuantiles(runs.map((r) => r.daily.limit[d] ?? null)),
    reach: quantilesR7(runs.map((r) => r.daily.reach[d] ?? 0)),
    cumulativeReach: quantilesR7(cumulative.map((c) => c[d] ?? c[c.length - 1] ?? 0)),
    delivered: quantilesR7(runs.map((r) => r.daily.delivered[d] ?? 0)),
    cost: quantilesR7(runs.map((r) => r.daily.cost[d] ?? 0)),
  }));

  const rep = runs[representativeIndex(runs.map((r) => r.summary), header.start, header.end)];

  return {
    schema: "tiersim/projection@1",
    tool: header.tool,
    scenario: header.scenario,
    seed: header.seed,
    runs: n,
    ...(antithetic ? { antithetic: true as const } : {}),
    start: header.start,
    end: header.end,
    method: {
      quantiles: QUANTILE_METHOD,
      levels: LEVELS.map(([name]) => name),
      interval: antithetic ? PAIRED_INTERVAL_METHOD : INTERVAL_METHOD,
      replicationSeed: REPLICATION_SEED_METHOD,
      limitQuantiles: LIMIT_QUANTILE_METHOD,
      reachedAtDays: "days since the start (fractional), over the runs that reached the rung; share = reached / runs",
      paralysis: "probability = share of runs with any paralysis; hours over all runs (0 for a run without)",
      ...(antithetic ? { antithetic: ANTITHETIC_METHOD } : {}),
    },
    reachedAt,
    paralysis,
    metrics,
    daily,
    representative: { index: rep.index, seed: rep.seed, method: REPRESENTATIVE_METHOD },
    perRun: runs.map((r) => ({ index: r.index, seed: r.seed, ...(r.antithetic ? { antithetic: true as const } : {}), summary: r.summary, ...(r.parameters ? { parameters: r.parameters } : {}) })),
    ...sensitivityOf(header, runs),
  };
}
