// Result assembly: the recorder's counters, the daily rows, the event log and the rungs
// reached become one `tiersim/run@1` document, with every figure rounded the one way results
// are rounded and every map in a stable key order, so the same run serialises to the same bytes.
import type { Limit } from "../models/rules/types.js";
import { TOOL_NAME, VERSION } from "../index-version.js";
import type { SimConfig } from "./config.js";
import { above } from "./platform/limit.js";
import type { Recorder } from "./recorder.js";
import type { ParalysisCause, RunResult, RunSummary } from "./result.js";
import { round6 } from "./round.js";
import { tierKey } from "./tiers.js";

/** What the platform knows at the end of a run that the result reports. */
export interface PlatformOutcome {
  initialLimit: Limit;
  finalLimit: Limit;
  /** First moment each rung above the initial limit was in force (ms since start). */
  reachedAt: ReadonlyMap<string, number>;
}

/**
 * The run's result document from its recorder and platform outcome.
 *
 * @example
 * ```ts
 * const result = assembleResult(config, seed, recorder, { initialLimit: 2000, finalLimit: 10000, reachedAt }, iso);
 * result.schema; // "tiersim/run@1"
 * ```
 */
export function assembleResult(cfg: SimConfig, seed: number, rec: Recorder, outcome: PlatformOutcome, iso: (t: number) => string): RunResult {
  // Ended stalls are written when they can no longer merge, so restore time order (stable: FIFO at equal times).
  rec.events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const reachedAt: Record<string, string | null> = {};
  for (const rung of cfg.ruleSet.limit.ladder) {
    if (!above(rung, outcome.initialLimit)) continue;
    const key = tierKey(rung);
    const at = outcome.reachedAt.get(key);
    reachedAt[key] = at === undefined ? null : iso(at);
  }
  const byCause: Partial<Record<ParalysisCause, number>> = {};
  for (const [k, v] of [...rec.paralysisHours.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) byCause[k] = round6(v);
  const summary: RunSummary = {
    limit: { initial: outcome.initialLimit, final: outcome.finalLimit },
    reachedAt,
    messages: { ...rec.messages, dropped: rec.dropped } as RunSummary["messages"],
    users: { ...rec.users },
    failuresByCode: Object.fromEntries([...rec.failuresByCode.entries()].sort(([a], [b]) => a - b).map(([k, v]) => [String(k), v])),
    paralysis: { episodes: rec.paralysisEpisodes, hours: round6([...rec.paralysisHours.values()].reduce((a, b) => a + b, 0)), byCause },
    cost: {
      currency: cfg.ruleSet.pricing.currency,
      total: round6(rec.costTotal),
      byCategory: rec.costByCategory,
    },
  };
  return {
    schema: "tiersim/run@1",
    tool: { name: TOOL_NAME, version: VERSION },
    scenario: { name: cfg.name, rules: cfg.ruleSet.id, overrides: cfg.overrides, timezone: cfg.timezone },
    seed,
    start: iso(0),
    end: iso(cfg.horizon),
    summary,
    daily: rec.dailyRows(),
    events: rec.events,
  };
}
