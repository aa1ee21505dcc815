// Confidence intervals over antithetic pairs. The two runs of a pair are dependent (that is
// the point: they tend to err in opposite directions), so the pair, not the run, is the
// independent unit. Every statistic here is a ratio of pair totals — the mean of the values
// present, the share of runs below a level — and its variance is the delta-method (cluster
// sampling) variance of a ratio estimator over pairs (Cochran, "Sampling Techniques", §6.4;
// for quantiles under antithetic sampling, Avramidis & Wilson, Operations Research 46(4),
// 1998), with Student's t on (pairs − 1) degrees of freedom.
//
// Shares and quantiles rest on 0/1 indicators, whose pair variance can come out as zero over
// a few pairs that happen to split evenly; so their variance is never taken below a quarter
// of what independent runs would give (MAX_VARIANCE_REDUCTION): antithetic pairs can at
// most quarter the runs a quantile or share needs, never fake a zero-width interval.
import { round6 } from "../../sim/round.js";
import type { MeanCI } from "../projections/contract.js";
import { studentTQuantile } from "./mean.js";
import { quantileSorted } from "./quantile.js";

/** The largest variance reduction credited to antithetic pairs for shares and quantiles. */
export const MAX_VARIANCE_REDUCTION = 4;

/** A point estimate and its two-sided interval; a `null` end is unbounded (too few runs). */
export interface Interval {
  estimate: number;
  lower: number | null;
  upper: number | null;
  /** Runs the statistic was computed over (those with a value). */
  n: number;
}

/** Run i belongs to pair ⌊i/2⌋. Per pair: Σ weight·value and Σ weight over the runs present. */
function pairTotals(values: ReadonlyArray<number | null>, weight: (x: number) => number): { a: number[]; b: number[] } {
  const a: number[] = [];
  const b: number[] = [];
  for (let j = 0; 2 * j < values.length; j++) {
    let sa = 0;
    let sb = 0;
    for (const x of [values[2 * j], values[2 * j + 1]]) {
      if (x === null || x === undefined) continue;
      sa += weight(x);
      sb += 1;
    }
    if (sb > 0) {
      a.push(sa);
      b.push(sb);
    }
  }
  return { a, b };
}

/** Delta-method variance of R = Σa / Σb over m independent pairs: m/(m − 1) · Σ(a − R·b)² / (Σb)². */
function ratioVariance(a: readonly number[], b: readonly number[], r: number): number {
  const m = a.length;
  let sumB = 0;
  let ss = 0;
  for (let j = 0; j < m; j++) {
    sumB += b[j];
    ss += (a[j] - r * b[j]) ** 2;
  }
  return (m / (m - 1)) * (ss / (sumB * sumB));
}

function tCritical(confidence: number, df: number): number {
  return studentTQuantile(1 - (1 - confidence) / 2, df);
}

/**
 * Mean of the values present (runs in replication order, `null` = no value, e.g. a rung not
 * reached) over antithetic pairs (runs 2j and 2j + 1), with its two-sided interval.
 *
 * @example
 * ```ts
 * pairedMeanInterval([1, 3, 2, 2, 0, 4], 0.95); // { estimate: 2, lower: 2, upper: 2, n: 6 }: every pair averages 2
 * ```
 */
export function pairedMeanInterval(values: ReadonlyArray<number | null>, confidence: number): Interval {
  const { a, b } = pairTotals(values, (x) => x);
  const n = b.reduce((s, x) => s + x, 0);
  if (n === 0) throw new RangeError("a mean needs at least one value");
  const r = a.reduce((s, x) => s + x, 0) / n;
  if (a.length < 2) return { estimate: r, lower: null, upper: null, n };
  const half = tCritical(confidence, a.length - 1) * Math.sqrt(ratioVariance(a, b, r));
  return { estimate: r, lower: r - half, upper: r + half, n };
}

/**
 * Share of runs whose indicator is 1, over antithetic pairs, with its two-sided interval
 * (clipped to [0, 1]; variance floored, see {@link MAX_VARIANCE_REDUCTION}, around the
 * Agresti–Coull centre (x + 2)/(n + 4) so that 0 or n successes still give a width).
 *
 * @example
 * ```ts
 * pairedShareInterval([1, 0, 0, 1, 1, 0, 0, 1], 0.95).estimate; // 0.5
 * ```
 */
export function pairedShareInterval(indicators: readonly number[], confidence: number): Interval {
  const { a, b } = pairTotals(indicators, (x) => x);
  const n = indicators.length;
  if (n === 0) throw new RangeError("a share needs at least one run");
  const x = a.reduce((s, v) => s + v, 0);
  const p = x / n;
  if (a.length < 2) return { estimate: p, lower: null, upper: null, n };
  const centre = (x + 2) / (n + 4);
  const floor = (centre * (1 - centre)) / (MAX_VARIANCE_REDUCTION * n);
  const half = tCritical(confidence, a.length - 1) * Math.sqrt(Math.max(ratioVariance(a, b, p), floor));
  return { estimate: p, lower: Math.max(0, p - half), upper: Math.min(1, p + half), n };
}

/**
 * The p-quantile (R-7, as projections report it) of the values present, over antithetic
 * pairs, with an order-statistic interval: the variance of the empirical CDF at the estimate
 * is measured over pairs (floored, see {@link MAX_VARIANCE_REDUCTION}), the CDF level is
 * widened by t·σ on each side, and the ends are the order statistics at ranks ⌊n(p − tσ)⌋ and
 * ⌈n(p + tσ)⌉ + 1 of the n values — `null` where that rank falls outside the sample.
 *
 * @example
 * ```ts
 * pairedQuantileInterval(values, 0.5, 0.95); // { estimate: 4.1, lower: 3.9, upper: 4.4, n: 200 }
 * ```
 */
export function pairedQuantileInterval(values: ReadonlyArray<number | null>, p: number, confidence: number): Interval {
  if (!(p > 0 && p < 1)) throw new RangeError(`p must be in (0, 1), got ${p}`);
  const present = values.filter((v): v is number => v !== null && v !== undefined);
  const n = present.length;
  if (n === 0) throw new RangeError("a quantile needs at least one value");
  const sorted = Float64Array.from(present).sort();
  const estimate = quantileSorted(sorted, p);
  const { a, b } = pairTotals(values, (x) => (x <= estimate ? 1 : 0));
  if (a.length < 2) return { estimate, lower: null, upper: null, n };
  const level = a.reduce((s, v) => s + v, 0) / n;
  const variance = Math.max(ratioVariance(a, b, level), (p * (1 - p)) / (MAX_VARIANCE_REDUCTION * n));
  const spread = tCritical(confidence, a.length - 1) * Math.sqrt(variance);
  const lowRank = Math.floor(n * (p - spread));
  const highRank = Math.ceil(n * (p + spread)) + 1;
  return {
    estimate,
    lower: lowRank >= 1 ? sorted[lowRank - 1] : null,
    upper: highRank <= n ? sorted[highRank - 1] : null,
    n,
  };
}

/** The interval statement of an antithetic projection (`method.interval`). */
export const PAIRED_INTERVAL_METHOD =
  "antithetic pairs (runs 2j, 2j + 1) are the independent unit: mean = Σ pair totals / Σ pair counts over the runs with a value, two-sided 95 % interval mean ± t(0.975, m − 1) · √(delta-method variance over the m pairs); fewer than 2 pairs give [mean, mean]";

/**
 * Mean and 95 % interval over antithetic pairs, rounded as projections write them (see
 * {@link PAIRED_INTERVAL_METHOD}).
 *
 * @example
 * ```ts
 * pairedMeanCI([1, 3, 2, 2]); // { mean: 2, ci95: [2, 2] }
 * ```
 */
export function pairedMeanCI(values: ReadonlyArray<number | null>): MeanCI {
  const i = pairedMeanInterval(values, 0.95);
  const m = round6(i.estimate);
  if (i.lower === null || i.upper === null) return { mean: m, ci95: [m, m] };
  return { mean: m, ci95: [round6(i.lower), round6(i.upper)] };
}
