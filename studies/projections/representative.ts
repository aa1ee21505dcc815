// The representative replication of a projection: the one run whose key outcomes lie nearest
// the medians across runs. A projection's timeline charts (one run's story: when the limit rose,
// when sending stalled) are drawn from it, so the story shown is a typical one, not seed 0's.
import type { RunSummary } from "../../sim/result.js";
import { quantilesR7 } from "../stats/quantile.js";
import { DAY } from "../../models/duration.js";


/** How the representative run is chosen (`representative.method` in projection@1). */
export const REPRESENTATIVE_METHOD =
  "the run nearest the medians of the key outcomes: days to each rung (a run that does not reach it counts as the horizon), paralysis hours, distinct users reached and cost; each outcome's distance is scaled by its q05–q95 range across runs (outcomes without spread are left out); the smallest sum of squares wins, ties to the lowest index";

/**
 * The index (in `runs`) of the run nearest the medians of the key outcomes (see
 * {@link REPRESENTATIVE_METHOD}).
 *
 * @example
 * ```ts
 * const i = representativeIndex(projection.perRun.map((r) => r.summary), projection.start, projection.end);
 * projection.perRun[i].seed; // replay it with `tiersim run --seed`
 * ```
 */
export function representativeIndex(runs: readonly RunSummary[], start: string, end: string): number {
  if (runs.length === 0) throw new RangeError("no runs to choose from");
  const t0 = Date.parse(start);
  const horizon = (Date.parse(end) - t0) / DAY;
  const tiers = [...new Set(runs.flatMap((r) => Object.keys(r.reachedAt)))].sort();
  const outcomes: Array<(r: RunSummary) => number> = [
    ...tiers.map((k) => (r: RunSummary) => {
      const at = r.reachedAt[k];
      return typeof at === "string" ? (Date.parse(at) - t0) / DAY : horizon;
    }),
    (r) => r.paralysis.hours,
    (r) => r.users.reached,
    (r) => r.cost.total,
  ];
  const distance = new Array<number>(runs.length).fill(0);
  for (const read of outcomes) {
    const values = runs.map(read);
    const q = quantilesR7(values);
    const scale = q.q95 - q.q05;
    if (!(scale > 0)) continue;
    values.forEach((v, i) => (distance[i] += ((v - q.q50) / scale) ** 2));
  }
  let best = 0;
  for (let i = 1; i < distance.length; i++) if (distance[i] < distance[best]) best = i;
  return best;
}
