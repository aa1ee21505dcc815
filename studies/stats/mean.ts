// The mean across replications and its uncertainty: a two-sided 95 % Student-t interval — the
// other question a projection answers besides the spread of outcomes (see quantile.ts).
import { mean, sampleStandardDeviation } from "simple-statistics";
import { round6 } from "../../sim/round.js";
import type { MeanCI, Quantiles } from "../projections/contract.js";
import { quantilesR7 } from "./quantile.js";
import { incompleteBeta } from "./special.js";

/** The interval statement written into every projection (`method.interval`). */
export const INTERVAL_METHOD = "mean ± t(0.975, n - 1) · s / √n: two-sided 95 % Student-t interval of the mean across runs (s = sample standard deviation); a single run gives [mean, mean]";

/**
 * Mean and its two-sided 95 % Student-t interval (see {@link INTERVAL_METHOD}).
 *
 * @example
 * ```ts
 * meanCI([1, 2, 3, 4]); // { mean: 2.5, ci95: [0.44574, 4.55426] }
 * ```
 */
export function meanCI(values: readonly number[]): MeanCI {
  if (values.length === 0) throw new RangeError("a mean needs at least one value");
  const m = mean(values as number[]);
  if (values.length < 2) return { mean: round6(m), ci95: [round6(m), round6(m)] };
  const half = (studentTQuantile(0.975, values.length - 1) * sampleStandardDeviation(values as number[])) / Math.sqrt(values.length);
  return { mean: round6(m), ci95: [round6(m - half), round6(m + half)] };
}

/**
 * Quantiles, mean and interval of one per-run quantity: the shape of every distribution in
 * a projection.
 *
 * @example
 * ```ts
 * describeValues([3, 6, 7, 8, 8, 10, 13, 15, 16, 20]).q75; // 14.5
 * ```
 */
export function describeValues(values: readonly number[]): Quantiles & MeanCI {
  return { ...quantilesR7(values), ...meanCI(values) };
}

// ---------------------------------------------------------------------------------------
// Student t quantile: the CDF from the regularised incomplete beta function, inverted by
// bisection.

/** P(T ≤ t) for Student's t with `df` degrees of freedom. */
function studentTCdf(t: number, df: number): number {
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

const tCache = new Map<string, number>();

/**
 * Quantile `p` of Student's t distribution with `df` degrees of freedom (p in (0.5, 1)),
 * accurate to about 1e-10.
 *
 * @example
 * ```ts
 * studentTQuantile(0.975, 9); // 2.262157…
 * ```
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0.5 && p < 1)) throw new RangeError(`p must be in (0.5, 1), got ${p}`);
  if (!(df > 0)) throw new RangeError(`degrees of freedom must be positive, got ${df}`);
  const key = `${p}:${df}`;
  const cached = tCache.get(key);
  if (cached !== undefined) return cached;
  let lo = 0;
  let hi = 1;
  while (studentTCdf(hi, df) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-13 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  const q = (lo + hi) / 2;
  tCache.set(key, q);
  return q;
}
