// Recycling a uniform after a yes/no decision. Given U ~ Uniform(0, 1) and the decision
// "U < p", the position of U inside the interval it fell in — U/p below p, (U − p)/(1 − p)
// above — is again Uniform(0, 1) and independent of the decision. One uniform thus decides an
// event and supplies a second, independent variate (for example the event's latency), which
// halves the counter-based draws a delivery needs. Resolution is what is lost: a 32-bit draw
// keeps about 32 + log2(min(p, 1 − p)) bits for the second variate, ample for a latency read
// from a 4,096-step table.

/**
 * The uniform left over once `u` has decided `u < p`: uniform in [0, 1) and independent of
 * that decision. `p` outside (0, 1) decides nothing, so `u` is returned unchanged.
 *
 * @example
 * ```ts
 * residual(0.1, 0.4); // 0.25: fell a quarter of the way into [0, 0.4)
 * residual(0.7, 0.4); // 0.5: half-way into [0.4, 1)
 * ```
 */
export function residual(u: number, p: number): number {
  if (p <= 0 || p >= 1) return u;
  return u < p ? u / p : (u - p) / (1 - p);
}
