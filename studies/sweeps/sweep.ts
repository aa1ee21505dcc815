// Parameter sweeps: a projection per variant, all on the same replication seeds (common
// random numbers), so the difference between two variants is the parameter's effect and
// not sampling noise; then a sensitivity ranking per metric, ready for a tornado chart.
import type { SimConfig } from "../../sim/config.js";
import type { ProjectionResult } from "../projections/contract.js";
import { aggregate } from "../projections/aggregate.js";
import { defaultWorkers, ReplicationPool } from "../projections/pool.js";
import { replicate } from "../projections/project.js";
import { round6 } from "../../sim/round.js";
import type { SweepResult, SweepSensitivity, SweepVariant } from "./contract.js";
import { buildVariants } from "./variants.js";
import { compileWith, type UncertaintyMode } from "../projections/uncertainty-mode.js";
import type { SweepInput, SweepIssue, VaryInput } from "./variants.js";
import type { LoadedScenario } from "../../scenarios/load.js";
import { DAY } from "../../models/duration.js";


/** Metrics of each variant, with what they mean (all are means over the variant's runs). */
export const SWEEP_METRICS: Readonly<Record<string, string>> = {
  daysToUnlimited: "days from the start to an unlimited limit, a run that never gets there counting as the horizon (restricted mean: a lower bound when some runs do not arrive)",
  shareUnlimited: "share of runs reaching an unlimited limit within the horizon",
  paralysisHours: "hours of paralysis per run, all causes",
  paralysisProbability: "share of runs with any paralysis",
  usersReached: "distinct users reached per run",
  delivered: "messages delivered per run",
  cost: "cost per run",
};

/** Metrics ranked in `sensitivity`, in this order. */
export const SENSITIVITY_METRICS = ["daysToUnlimited", "paralysisHours", "usersReached"] as const;

/**
 * The sweep metrics of one projection (see {@link SWEEP_METRICS}).
 *
 * @example
 * ```ts
 * variantMetrics(projection).paralysisHours; // 41.2
 * ```
 */
export function variantMetrics(p: ProjectionResult): Record<string, number> {
  const horizonDays = (Date.parse(p.end) - Date.parse(p.start)) / DAY;
  const start = Date.parse(p.start);
  const days = p.perRun.map((r) => {
    const at = r.summary.reachedAt.unlimited;
    return typeof at === "string" ? (Date.parse(at) - start) / DAY : horizonDays;
  });
  const meanOf = (xs: number[]): number => round6(xs.reduce((a, b) => a + b, 0) / xs.length);
  return {
    daysToUnlimited: meanOf(days),
    shareUnlimited: p.reachedAt.unlimited?.share ?? 0,
    paralysisHours: p.paralysis.hours.mean,
    paralysisProbability: p.paralysis.probability,
    usersReached: p.metrics.usersReached.mean,
    delivered: p.metrics.delivered.mean,
    cost: p.metrics.cost.mean,
  };
}

/**
 * Ranks parameters by how far each moves each metric: for every parameter and metric, the
 * metric is averaged over the variants sharing each value of the parameter (the other
 * parameters' values averaged out), and the values with the lowest and highest average are
 * the two ends of the bar. Sorted by metric, then widest swing first. Pure.
 *
 * @example
 * ```ts
 * sensitivity(variants, ["audience.segments[1].block"], ["paralysisHours"]);
 * // [{ parameter: "audience.segments[1].block", metric: "paralysisHours", low: { value: 0.001, metric: 3 }, high: { value: 0.02, metric: 57 }, swing: 54 }]
 * ```
 */
export function sensitivity(variants: readonly SweepVariant[], parameters: readonly string[], metrics: readonly string[] = SENSITIVITY_METRICS): SweepSensitivity[] {
  const out: SweepSensitivity[] = [];
  for (const metric of metrics) {
    const rows: SweepSensitivity[] = [];
    for (const parameter of parameters) {
      const groups = new Map<string, { value: string | number; sum: number; n: number }>();
      for (const v of variants) {
        if (!(parameter in v.values) || !(metric in v.metrics)) continue;
        const value = v.values[parameter];
        const key = `${typeof value}:${value}`;
        const g = groups.get(key) ?? { value, sum: 0, n: 0 };
        g.sum += v.metrics[metric];
        g.n += 1;
        groups.set(key, g);
      }
      if (groups.size === 0) continue;
      const means = [...groups.values()].map((g) => ({ value: g.value, metric: round6(g.sum / g.n) }));
      let low = means[0];
      let high = means[0];
      for (const m of means) {
        if (m.metric < low.metric) low = m;
        if (m.metric > high.metric) high = m;
      }
      rows.push({ parameter, metric, low, high, swing: round6(high.metric - low.metric) });
    }
    rows.sort((a, b) => b.swing - a.swing || parameters.indexOf(a.parameter) - parameters.indexOf(b.parameter));
    out.push(...rows);
  }
  return out;
}

/** Options of {@link sweepVariants}. */
export interface SweepOptions {
  /** Runs per variant. */
  runs: number;
  /** Worker threads; default: available cores. Never changes the result. */
  workers?: number;
  /** Master seed; default: the base configuration's seed. */
  seed?: number;
  /** Varied parameters, in the order given (default: the keys of the first variant's values). */
  parameters?: readonly string[];
  /** (done, total) over all variants' runs. */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/** A finished sweep: the sweep document and each variant's full projection, in variant order. */
export interface SweepRun {
  result: SweepResult;
  projections: ProjectionResult[];
}

/**
 * Runs compiled variants as projections on the same replication seeds — a hash of (master
 * seed, the base scenario's name, index), whatever the variant — and ranks the parameters.
 * Returns the sweep (`tiersim/sweep@1`) and each variant's full projection. The lower level of
 * {@link sweep}, for variants built in code.
 *
 * @example
 * ```ts
 * const variants = [0.001, 0.01].map((block) => ({ values: { "audience.segments[1].block": block }, config: withBlock(base, block) }));
 * const { result } = await sweepVariants(base, variants, { runs: 100 });
 * result.sensitivity[0].swing;
 * ```
 */
export async function sweepVariants(base: SimConfig, variants: readonly SweepInput[], opts: SweepOptions): Promise<SweepRun> {
  if (variants.length === 0) throw new RangeError("a sweep needs at least one variant");
  const master = opts.seed ?? base.seed;
  const total = variants.length * opts.runs;
  const done = new Array<number>(variants.length).fill(0);
  const pool = new ReplicationPool(Math.max(1, Math.min(opts.workers ?? defaultWorkers(), total)));
  let projections: ProjectionResult[];
  try {
    // All variants are queued at once so no worker idles between variants.
    projections = await Promise.all(
      variants.map(async (v, i) => {
        const { header, records } = await replicate(v.config, {
          runs: opts.runs,
          seed: master,
          seedKey: base.name,
          pool,
          signal: opts.signal,
          onProgress: (d) => {
            done[i] = d;
            opts.onProgress?.(
              done.reduce((a, b) => a + b, 0),
              total,
            );
          },
        });
        if (header === null) throw new RangeError("a sweep needs at least one run per variant");
        return aggregate(header, records);
      }),
    );
  } finally {
    await pool.destroy();
  }
  const rows: SweepVariant[] = variants.map((v, i) => ({ values: v.values, metrics: variantMetrics(projections[i]) }));
  const parameters = opts.parameters ?? Object.keys(variants[0].values);
  const p0 = projections[0];
  const result: SweepResult = {
    schema: "tiersim/sweep@1",
    tool: p0.tool,
    scenario: { name: base.name, rules: base.ruleSet.id, overrides: base.overrides, timezone: base.timezone },
    seed: master,
    runs: opts.runs,
    variants: rows,
    sensitivity: sensitivity(rows, parameters),
  };
  return { result, projections };
}

/** Options of {@link sweep}: what to vary, the horizon, and the options of every projection. */
export interface SweepScenarioOptions extends Omit<SweepOptions, "parameters"> {
  /** What to vary: `path=v1,v2,…` texts, or each path with its values (see {@link VaryInput}). */
  vary: VaryInput;
  /** Horizon in days; default: the scenario's `days`. */
  days?: number;
  /** Event budget each variant is checked against (as the loader's `maxEvents`). */
  maxEvents?: number;
  /**
   * `"rules"`: draw the unpublished rule-set parameters per replication in every variant (as
   * `uncertainty: { rules: true }`); the draws depend on the replication only, so variants
   * keep common random numbers. `"none"`: every distribution at its mean.
   */
  uncertainty?: UncertaintyMode;
}

/** Outcome of {@link sweep}: the sweep, or every problem with what to vary or with a variant. */
export type SweepOutcome = ({ ok: true } & SweepRun) | { ok: false; issues: SweepIssue[] };

/**
 * Sweeps a loaded scenario: a projection per combination of the varied values, all on the same
 * replication seeds (common random numbers), and a ranking of the parameters by how far each
 * moves days to unlimited, paralysis hours and users reached. Mistakes in `vary` and variants
 * the scenario loader refuses come back as issues, not exceptions.
 *
 * @example
 * ```ts
 * const loaded = loadScenario("scenarios/quickstart.yaml");
 * if (loaded.ok) {
 *   const swept = await sweep(loaded, { vary: { "audience.segments[1].block": [0.001, 0.003, 0.01] }, runs: 50 });
 *   if (swept.ok) console.log(swept.result.sensitivity[0]);
 *   else console.error(swept.issues.map((i) => i.message).join("\n"));
 * }
 * ```
 */
export async function sweep(loaded: LoadedScenario, opts: SweepScenarioOptions): Promise<SweepOutcome> {
  const { vary, days, maxEvents, uncertainty, ...rest } = opts;
  const built = buildVariants(loaded, vary, { days, seed: opts.seed, maxEvents, uncertainty });
  if (!built.ok) return built;
  const base = compileWith(loaded.scenario, loaded.ruleSet, { days, seed: opts.seed }, uncertainty);
  const run = await sweepVariants(base, built.inputs, { ...rest, parameters: built.axes.map((a) => a.path) });
  return { ok: true, ...run };
}
