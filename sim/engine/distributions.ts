// Random variates from uniforms: exponential, normal, log-normal, Poisson.
import type { UniformSource } from "./generators.js";

const INV_53 = 1 / 9007199254740992;

// ---------------------------------------------------------------------------------------
// Variates. Each takes its uniform(s) from a source, or a ready uniform (the `…FromU`
// forms) so a keyed draw maps to exactly one variate by inversion.

/**
 * Exponential with the given mean, by inversion of `u` ∈ [0, 1): −mean · ln(1 − u).
 * @example
 * ```ts
 * const readAfter = exponentialFromU(keyedUniform(readKey, user, attempt, 0), 30 * 60_000);
 * ```
 */
export function exponentialFromU(u: number, mean: number): number {
  return -mean * Math.log(1 - u);
}

/**
 * Exponential with the given mean (rate 1/mean). One uniform.
 * @example
 * ```ts
 * const gap = exponential(rng, 1000); // mean 1000
 * ```
 */
export function exponential(rng: UniformSource, mean: number): number {
  return -mean * Math.log(1 - rng.nextFloat());
}

// Acklam's rational approximation of the inverse normal CDF (relative error < 1.15e-9).
const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

/**
 * Standard normal quantile Φ⁻¹(p) (Acklam's algorithm, relative error below 1.15·10⁻⁹).
 * `p = 0` gives −Infinity. Monotone in `p`, so one uniform gives one normal (good for CRN).
 * @example
 * ```ts
 * normalQuantile(0.975); // 1.959963985
 * ```
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  }
  if (p > 1 - P_LOW) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
}

/**
 * Normal with mean `mu` and standard deviation `sigma`, by inversion (one uniform). The
 * uniform is nudged off 0 so the result is always finite.
 * @example
 * ```ts
 * const jitter = normal(rng, 0, 250); // ms
 * ```
 */
export function normal(rng: UniformSource, mu = 0, sigma = 1): number {
  const u = rng.nextFloat();
  return mu + sigma * normalQuantile(u === 0 ? INV_53 : u);
}

/**
 * Log-normal from its median and log-scale σ, by inversion of `u`: median · exp(σ Φ⁻¹(u)).
 * @example
 * ```ts
 * const review = logNormalFromU(keyedUniform(reviewKey, template, 0, 0), 3_600_000, 0.9);
 * ```
 */
export function logNormalFromU(u: number, median: number, sigma: number): number {
  return median * Math.exp(sigma * normalQuantile(u === 0 ? INV_53 : u));
}

/**
 * Log-normal parameterised by its median and σ of the underlying normal (so the mean is
 * median · e^{σ²/2}); one uniform. Natural for latencies quoted as "typically X, spread σ".
 * @example
 * ```ts
 * const readDelay = logNormal(rng, 20 * 60_000, 1.2); // median 20 min
 * ```
 */
export function logNormal(rng: UniformSource, median: number, sigma: number): number {
  return logNormalFromU(rng.nextFloat(), median, sigma);
}

// log Γ(x) for x ≥ 1 (Stirling series after shifting x up to ≥ 7), as in numpy's PTRS.
const LOGGAM_A = [
  8.333333333333333e-2, -2.777777777777778e-3, 7.936507936507937e-4, -5.952380952380952e-4, 8.417508417508418e-4,
  -1.917526917526918e-3, 6.41025641025641e-3, -2.955065359477124e-2, 1.796443723688307e-1, -1.3924322169059,
];
function logGamma(x: number): number {
  if (x === 1 || x === 2) return 0;
  const n = x < 7 ? Math.floor(7 - x) : 0;
  let x0 = x + n;
  const x2 = 1 / (x0 * x0);
  let gl0 = LOGGAM_A[9];
  for (let k = 8; k >= 0; k--) gl0 = gl0 * x2 + LOGGAM_A[k];
  let gl = gl0 / x0 + 0.5 * 1.8378770664093453 + (x0 - 0.5) * Math.log(x0) - x0;
  for (let k = 1; k <= n; k++) {
    gl -= Math.log(x0 - 1);
    x0 -= 1;
  }
  return gl;
}

/**
 * Poisson with the given mean. Mean < 10: inversion by sequential search (one uniform, so
 * monotone in it); mean ≥ 10: Hörmann's PTRS transformed rejection (1993), O(1) expected
 * time at any mean (two uniforms per try, about 1.2 tries). Mean 0 gives 0.
 * @example
 * ```ts
 * const sendsThisMinute = poisson(rng, 37.5);
 * ```
 */
export function poisson(rng: UniformSource, mean: number): number {
  if (!(mean >= 0) || mean === Infinity) throw new RangeError(`poisson mean must be finite and ≥ 0, got ${mean}`);
  if (mean === 0) return 0;
  if (mean < 10) {
    const u = rng.nextFloat();
    let p = Math.exp(-mean);
    let cdf = p;
    let k = 0;
    // The cap guards against u landing above the float-rounded total mass.
    while (u >= cdf && k < 1000) {
      k++;
      p *= mean / k;
      cdf += p;
    }
    return k;
  }
  const slam = Math.sqrt(mean);
  const loglam = Math.log(mean);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invalpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = rng.nextFloat() - 0.5;
    const v = rng.nextFloat();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -mean + k * loglam - logGamma(k + 1)) return k;
  }
}
