// Template review time (reference §4.3): "mostly minutes", at most 24 h (48 h in older eras).
// Modelled as a log-normal through the scenario's median and p95, cut at the rule set's cap.

/**
 * Inverse of the standard normal CDF (Acklam's rational approximation, relative error below
 * 1.15e-9 over (0, 1)). `p` outside (0, 1) maps to ∓Infinity.
 *
 * @example
 * ```ts
 * inverseNormalCdf(0.975); // 1.959963984…
 * ```
 */
export function inverseNormalCdf(p: number): number {
  if (!(p > 0)) return -Infinity;
  if (!(p < 1)) return Infinity;
  const pLow = 0.02425;
  if (p < pLow) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((C1 * q + C2) * q + C3) * q + C4) * q + C5) * q + C6) / ((((D1 * q + D2) * q + D3) * q + D4) * q + 1);
  }
  if (p > 1 - pLow) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((C1 * q + C2) * q + C3) * q + C4) * q + C5) * q + C6) / ((((D1 * q + D2) * q + D3) * q + D4) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((A1 * r + A2) * r + A3) * r + A4) * r + A5) * r + A6) * q) / (((((B1 * r + B2) * r + B3) * r + B4) * r + B5) * r + 1);
}

const A1 = -3.969683028665376e1, A2 = 2.209460984245205e2, A3 = -2.759285104469687e2;
const A4 = 1.38357751867269e2, A5 = -3.066479806614716e1, A6 = 2.506628277459239;
const B1 = -5.447609879822406e1, B2 = 1.615858368580409e2, B3 = -1.556989798598866e2;
const B4 = 6.680131188771972e1, B5 = -1.328068155288572e1;
const C1 = -7.784894002430293e-3, C2 = -3.223964580411365e-1, C3 = -2.400758277161838;
const C4 = -2.549732539343734, C5 = 4.374664141464968, C6 = 2.938163982698783;
const D1 = 7.784695709041462e-3, D2 = 3.224671290700398e-1, D3 = 2.445134137142996, D4 = 3.754408661907416;

/** z of the 95th percentile of the standard normal. */
const Z95 = 1.6448536269514722;

/**
 * Review delay, ms: the log-normal with median `median` and 95th percentile `p95`, evaluated at
 * the uniform draw `u`, capped at `max` (the rule set's `templates.reviewMax`). `p95 ≤ median`
 * degenerates to a constant `median`. Rounded to whole ms so every virtual time stays an integer.
 *
 * @example
 * ```ts
 * reviewDelay(30 * MINUTE, 10 * HOUR, 24 * HOUR, 0.5);  // 1_800_000 (the median)
 * reviewDelay(30 * MINUTE, 10 * HOUR, 24 * HOUR, 0.95); // 36_000_000 (the p95)
 * ```
 */
export function reviewDelay(median: number, p95: number, max: number, u: number): number {
  if (!(median > 0)) throw new RangeError(`median must be > 0, got ${median}`);
  const sigma = p95 > median ? Math.log(p95 / median) / Z95 : 0;
  // Keep u inside (0, 1) so a draw of exactly 0 gives a tiny delay, not zero or NaN.
  const uu = Math.min(Math.max(u, 1e-12), 1 - 1e-12);
  const x = median * Math.exp(sigma * inverseNormalCdf(uu));
  return Math.min(max, Math.max(1, Math.round(x)));
}
