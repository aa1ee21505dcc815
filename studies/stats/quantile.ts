// Quantiles: the one R-7 implementation of the project, and the R-1 quantiles of limits.
// Projections, throttle checks and the reports' charts all read quantiles from here, so a
// number a chart derives from per-run values agrees with the projection's own bands. Every
// level is a plain quantile level: q95 is the value 95 % of runs stay at or below — not the
// "P90 = 90 % chance of exceeding" of risk practice.
import { quantileSorted as simpleQuantileSorted } from "simple-statistics";
import { round6 } from "../../sim/round.js";
import type { LimitQuantiles, Quantiles } from "../projections/contract.js";

/** Quantile levels of every band and distribution, in output order. */
export const LEVELS = [
  ["q05", 0.05],
  ["q25", 0.25],
  ["q50", 0.5],
  ["q75", 0.75],
  ["q95", 0.95],
] as const;

/** The method statement written into every projection (`method.quantiles`). */
export const QUANTILE_METHOD =
  "R-7 (Hyndman & Fan type 7, numpy 'linear', R's default): h = (n - 1) p, linear interpolation between the order statistics around h; computed with simple-statistics quantileSorted";

/** How daily limit bands are computed (`method.limitQuantiles`). */
export const LIMIT_QUANTILE_METHOD =
  "R-1 (inverse of the empirical distribution: the smallest run value v with at least p of the runs at or below v), unlimited ranked above every number and written null, so every band value is a limit that some run actually had";

/**
 * R-7 quantile (Hyndman & Fan type 7, numpy "linear", R's default) at level `p` of values
 * sorted ascending: h = (n − 1)·p, linear interpolation between the order statistics around h.
 * Takes a typed array without copying it. Throws a RangeError on an empty input or a level
 * outside [0, 1].
 *
 * @example
 * ```ts
 * quantileSorted(Float64Array.of(1, 2, 3, 4), 0.5); // 2.5
 * ```
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) throw new RangeError("a quantile needs at least one value");
  if (!(p >= 0 && p <= 1)) throw new RangeError(`a quantile level must be in [0, 1], got ${p}`);
  // simple-statistics only indexes and reads `length`: a typed array serves as it is.
  return simpleQuantileSorted(sorted as number[], p);
}

/**
 * R-7 quantiles of `values` at q05, q25, q50, q75 and q95 (see {@link QUANTILE_METHOD}),
 * rounded to 6 decimals as every result writes them unless `round` is false. The input is
 * copied and sorted; it may be in any order. Throws on an empty input.
 *
 * @example
 * ```ts
 * quantilesR7([3, 6, 7, 8, 8, 10, 13, 15, 16, 20]); // { q05: 4.35, q25: 7.25, q50: 9, q75: 14.5, q95: 18.2 }
 * quantilesR7([0, 1 / 3], { round: false }).q50;    // 0.16666666666666666
 * ```
 */
export function quantilesR7(values: readonly number[], options: { round?: boolean } = {}): Quantiles {
  if (values.length === 0) throw new RangeError("quantiles need at least one value");
  const sorted = Float64Array.from(values).sort();
  const round = options.round ?? true;
  const out = {} as Quantiles;
  for (const [name, p] of LEVELS) {
    const q = quantileSorted(sorted, p);
    out[name] = round ? round6(q) : q;
  }
  return out;
}

/**
 * R-1 quantiles of limits, where `null` (unlimited) ranks above every number (see
 * {@link LIMIT_QUANTILE_METHOD}). Interpolating between 10,000 and 100,000 would invent a
 * limit nobody has; this returns a value that occurs in the input.
 *
 * @example
 * ```ts
 * limitQuantiles([2000, 10000, null, null]); // { q05: 2000, q25: 2000, q50: 10000, q75: null, q95: null }
 * ```
 */
export function limitQuantiles(values: ReadonlyArray<number | null>): LimitQuantiles {
  if (values.length === 0) throw new RangeError("quantiles need at least one value");
  const sorted = values.map((v) => (v === null ? Infinity : v)).sort((a, b) => a - b);
  const n = sorted.length;
  const out = {} as LimitQuantiles;
  for (const [name, p] of LEVELS) {
    const v = sorted[Math.max(0, Math.ceil(n * p - 1e-9) - 1)];
    out[name] = v === Infinity ? null : v;
  }
  return out;
}
