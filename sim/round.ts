// Rounding of reported figures: money, hours and quantiles are written with 6 decimals so
// results carry no floating-point noise (0.1 + 0.2) and stay byte-stable across machines.

/**
 * `x` rounded to 6 decimals.
 *
 * @example
 * ```ts
 * round6(0.1 + 0.2); // 0.3
 * ```
 */
export function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
