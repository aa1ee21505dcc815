// A rate fitted from counts as a distribution: the Beta posterior of a binomial proportion
// under Jeffreys' prior Beta(½, ½), with its equal-tailed credible interval. Unlike a point
// estimate it carries its sample size: 3 of 10 and 3,000 of 10,000 have the same mean and
// very different intervals — what an uncertain scenario parameter needs.
import { incompleteBeta } from "./special.js";

/** A fitted rate: Beta(a, b), its mean, sample size and central interval. */
export interface BetaFit {
  /** Beta parameters: successes + ½, failures + ½. */
  a: number;
  b: number;
  /** Posterior mean a / (a + b). */
  mean: number;
  /** Trials the fit rests on. */
  n: number;
  /** Equal-tailed interval at `level`. */
  lo: number;
  hi: number;
  level: number;
}

/**
 * Quantile of Beta(a, b) at `p`, by bisection on the regularised incomplete beta function
 * (60 halvings: below 1e-15 of the unit interval).
 *
 * @example
 * ```ts
 * betaQuantile(0.5, 2, 2); // 0.5
 * ```
 */
export function betaQuantile(p: number, a: number, b: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`p must be in [0, 1], got ${p}`);
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (incompleteBeta(mid, a, b) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * The Jeffreys posterior of `successes` out of `n` trials, with its equal-tailed interval at
 * `level` (default 95 %). Jeffreys' interval has close to nominal frequentist coverage (Brown,
 * Cai & DasGupta 2001), so "the true rate lies inside" holds about `level` of the time.
 *
 * @example
 * ```ts
 * betaFit(30, 100); // { a: 30.5, b: 70.5, mean: 0.30198…, n: 100, lo: 0.21684…, hi: 0.39454…, level: 0.95 }
 * ```
 */
export function betaFit(successes: number, n: number, level = 0.95): BetaFit {
  if (!(n >= 0 && successes >= 0 && successes <= n)) throw new RangeError(`need 0 ≤ successes ≤ n, got ${successes} of ${n}`);
  const a = successes + 0.5;
  const b = n - successes + 0.5;
  const tail = (1 - level) / 2;
  return { a, b, mean: a / (a + b), n, lo: successes === 0 ? 0 : betaQuantile(tail, a, b), hi: successes === n ? 1 : betaQuantile(1 - tail, a, b), level };
}
