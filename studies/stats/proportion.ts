// The confidence interval of a share (a proportion of runs): Wilson's score interval. Unlike
// p ± z·√(p(1 − p)/n), it never collapses to a point when every run (or none) did the thing:
// 20 runs out of 20 give [0.84, 1], not [1, 1].
import { normalQuantile } from "../../sim/engine/index.js";

/**
 * Wilson score interval of a proportion: `successes` out of `n` independent trials, two-sided
 * at `confidence` (Wilson 1927; Agresti & Coull 1998 recommend it over the Wald interval).
 *
 * @example
 * ```ts
 * wilsonInterval(20, 20, 0.95); // [0.83887…, 1]
 * wilsonInterval(5, 10, 0.95);  // [0.23659…, 0.76341…]
 * ```
 */
export function wilsonInterval(successes: number, n: number, confidence: number): [number, number] {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a whole number ≥ 1, got ${n}`);
  if (!(successes >= 0 && successes <= n)) throw new RangeError(`successes must be in [0, ${n}], got ${successes}`);
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const p = successes / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}
