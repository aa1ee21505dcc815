// Which unknown drives each answer: for a projection whose scenario has uncertain parameters,
// the first-order index of every parameter on each key outcome (days to each tier, paralysis
// hours, users reached, cost), from the runs themselves (studies/stats/first-order.ts).
import { DAY } from "../../models/duration.js";
import { sortTierKeys } from "../../sim/tiers.js";
import { rankFirstOrder } from "../stats/first-order.js";
import type { ProjectionResult } from "./contract.js";
import type { ProjectionHeader, ReplicationRecord } from "./types.js";

export const SENSITIVITY_METHOD =
  "first-order indices from the runs: the correlation ratio of the outcome over equal-count bins of each parameter (√runs bins, 2–50), less its expectation under no effect (Plischke, Borgonovo & Smith 2013); a tier not reached counts as the horizon's length in days";

/**
 * The projection's `sensitivity` (as a spread-in fragment): empty unless every run drew
 * parameters and there are at least 4 runs.
 *
 * @example
 * ```ts
 * return { ...projection, ...sensitivityOf(header, runs) };
 * ```
 */
export function sensitivityOf(header: Pick<ProjectionHeader, "start" | "end">, runs: readonly ReplicationRecord[]): Pick<ProjectionResult, "sensitivity"> {
  if (runs.length < 4 || !runs.every((r) => r.parameters && Object.keys(r.parameters).length > 0)) return {};
  const names = Object.keys(runs[0].parameters!).sort();
  const inputs: Record<string, number[]> = {};
  for (const n of names) inputs[n] = runs.map((r) => r.parameters![n] ?? NaN);
  const start = Date.parse(header.start);
  const horizonDays = (Date.parse(header.end) - start) / DAY;
  const outcomes: Array<[string, number[]]> = [];
  for (const tier of sortTierKeys(Object.keys(runs[0].summary.reachedAt))) {
    outcomes.push([`days.${tier}`, runs.map((r) => { const at = r.summary.reachedAt[tier]; return at ? (Date.parse(at) - start) / DAY : horizonDays; })]);
  }
  outcomes.push(["paralysis.hours", runs.map((r) => r.summary.paralysis.hours)]);
  outcomes.push(["users.reached", runs.map((r) => r.summary.users.reached)]);
  outcomes.push(["users.replied", runs.map((r) => r.summary.users.replied)]);
  outcomes.push(["cost.total", runs.map((r) => r.summary.cost.total)]);
  return {
    sensitivity: {
      method: SENSITIVITY_METHOD,
      // An outcome every run shares (a rung no run reaches) has nothing to rank.
      outcomes: outcomes.filter(([, y]) => y.some((v) => v !== y[0])).map(([outcome, y]) => ({
        outcome,
        indices: rankFirstOrder(inputs, y).map((i) => ({ parameter: i.parameter, index: Math.round(i.index * 1e4) / 1e4 })),
      })),
    },
  };
}
