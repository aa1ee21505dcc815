// The mean across replications and its uncertainty: a two-sided 95 % Student-t interval — the
// other question a projection answers besides the spread of outcomes (see quantile.ts).
import { mean, sampleStandardDeviation } from "simple-statistics";
import { round6 } from "../../sim/round.js";
import type { MeanCI, Quantiles } from "../projections/contract.js";
import { quantilesR7 } from "./quantile.js";

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
// bisection. simple-statistics has no t distribution; a table would cap n.

function logGamma(x: number): number {
  // Lanczos (g = 7, n = 9): about 15 significant digits for x > 0.
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  x -= 1;
  let a = c[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction of the incomplete beta function (modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 500; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return h;
}

/** Regularised incomplete beta I_x(a, b). */
function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2) ? (front * betaContinuedFraction(a, b, x)) / a : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

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
