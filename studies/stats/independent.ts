// Confidence intervals over independent runs — one per kind of statistic a precision target
// can name: Student's t for a mean, exact order statistics for a quantile, Wilson's score
// interval for a share. Antithetic pairs have their own (paired.ts).
import { studentTQuantile } from "./mean.js";
import { quantileRanks } from "./order-statistics.js";
import type { Interval } from "./paired.js";
import { wilsonInterval } from "./proportion.js";
import { quantileSorted } from "./quantile.js";

/**
 * Mean of independent values with its two-sided Student-t interval: mean ± t(df = n − 1)·s/√n.
 * Unbounded with fewer than two values.
 *
 * @example
 * ```ts
 * meanInterval([1, 2, 3, 4], 0.95); // { estimate: 2.5, lower: 0.4457…, upper: 4.5542…, n: 4 }
 * ```
 */
export function meanInterval(values: readonly number[], confidence: number): Interval {
  const n = values.length;
  if (n === 0) throw new RangeError("a mean needs at least one value");
  let sum = 0;
  for (const v of values) sum += v;
  const m = sum / n;
  if (n < 2) return { estimate: m, lower: null, upper: null, n };
  let ss = 0;
  for (const v of values) ss += (v - m) ** 2;
  const half = (studentTQuantile(1 - (1 - confidence) / 2, n - 1) * Math.sqrt(ss / (n - 1))) / Math.sqrt(n);
  return { estimate: m, lower: m - half, upper: m + half, n };
}

/**
 * The p-quantile (R-7, as projections report it) of independent values with its exact
 * distribution-free interval [X(l), X(u)] (see {@link quantileRanks}); an end is `null` when
 * the sample is too small to bound the quantile on that side.
 *
 * @example
 * ```ts
 * quantileInterval([...Array(20).keys()], 0.5, 0.95); // { estimate: 9.5, lower: 5, upper: 14, n: 20 }
 * ```
 */
export function quantileInterval(values: readonly number[], p: number, confidence: number): Interval {
  const n = values.length;
  if (n === 0) throw new RangeError("a quantile needs at least one value");
  const sorted = Float64Array.from(values).sort();
  const ranks = quantileRanks(n, p, confidence);
  return {
    estimate: quantileSorted(sorted, p),
    lower: ranks.lower === null ? null : sorted[ranks.lower - 1],
    upper: ranks.upper === null ? null : sorted[ranks.upper - 1],
    n,
  };
}

/**
 * Share of independent runs whose indicator is 1, with Wilson's score interval.
 *
 * @example
 * ```ts
 * shareInterval([1, 1, 1, 0], 0.95); // { estimate: 0.75, lower: 0.3006…, upper: 0.9544…, n: 4 }
 * ```
 */
export function shareInterval(indicators: readonly number[], confidence: number): Interval {
  const n = indicators.length;
  if (n === 0) throw new RangeError("a share needs at least one run");
  let x = 0;
  for (const v of indicators) x += v;
  const [lower, upper] = wilsonInterval(x, n, confidence);
  return { estimate: x / n, lower, upper, n };
}
