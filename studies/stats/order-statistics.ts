// Distribution-free confidence intervals for a quantile from order statistics: the number of
// independent runs below the true p-quantile is Binomial(n, p), so [X(l), X(u)] covers it with
// probability P(l ≤ B < u) whatever the distribution of the runs (Hahn & Meeker, "Statistical
// Intervals", §5.2; Conover, "Practical Nonparametric Statistics", §3.2). Exact and
// deterministic: no resampling, the same sample always gives the same interval.
import { incompleteBeta } from "./special.js";

/**
 * P(B ≤ k) for B ~ Binomial(n, p), through the regularised incomplete beta function
 * (I_{1−p}(n − k, k + 1)), so it stays exact where the probabilities underflow term by term.
 *
 * @example
 * ```ts
 * binomialCdf(5, 20, 0.5); // 0.0206947…
 * ```
 */
export function binomialCdf(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  if (p <= 0) return 1;
  if (p >= 1) return 0;
  return incompleteBeta(1 - p, n - k, k + 1);
}

/** Ranks (1-based) of the order statistics that bound a quantile; `null` = unbounded on that side. */
export interface QuantileRanks {
  lower: number | null;
  upper: number | null;
  /** P(X(lower) ≤ ξp ≤ X(upper)) for continuous outcomes; at least `confidence` (1 when both ends are unbounded). */
  coverage: number;
}

/**
 * The order statistics X(lower) ≤ X(upper) of `n` independent runs that form an at-least-
 * `confidence` two-sided interval for the p-quantile, each tail holding at most (1 − confidence)/2:
 * `lower` is the largest rank with P(B < lower) ≤ α/2, `upper` the smallest with P(B ≥ upper) ≤ α/2
 * (B ~ Binomial(n, p)). A side is `null` when no rank qualifies — too few runs to bound the
 * quantile there (below the 5th percentile with 59 runs, say).
 *
 * @example
 * ```ts
 * quantileRanks(20, 0.5, 0.95); // { lower: 6, upper: 15, coverage: 0.9586… } (the textbook table)
 * quantileRanks(20, 0.05, 0.95).lower; // null
 * ```
 */
export function quantileRanks(n: number, p: number, confidence: number): QuantileRanks {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a whole number ≥ 1, got ${n}`);
  if (!(p > 0 && p < 1)) throw new RangeError(`p must be in (0, 1), got ${p}`);
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
  const tail = (1 - confidence) / 2;
  // lower: largest l in 1…n with P(B ≤ l − 1) ≤ tail (the CDF rises with l: bisect).
  let lower: number | null = null;
  if (binomialCdf(0, n, p) <= tail) {
    let lo = 1;
    let hi = n;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (binomialCdf(mid - 1, n, p) <= tail) lo = mid;
      else hi = mid - 1;
    }
    lower = lo;
  }
  // upper: smallest u in 1…n with P(B ≥ u) = 1 − P(B ≤ u − 1) ≤ tail.
  let upper: number | null = null;
  if (1 - binomialCdf(n - 1, n, p) <= tail) {
    let lo = 1;
    let hi = n;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (1 - binomialCdf(mid - 1, n, p) <= tail) hi = mid;
      else lo = mid + 1;
    }
    upper = lo;
  }
  const below = lower === null ? 0 : binomialCdf(lower - 1, n, p);
  const above = upper === null ? 0 : 1 - binomialCdf(upper - 1, n, p);
  return { lower, upper, coverage: 1 - below - above };
}
