// Message fatigue (an assumption: Meta publishes nothing): users who get many messages from a
// business block and report it more readily. tiersim counts each user's recent deliveries in
// an exponentially weighted sliding window — a delivery `a` ago weighs exp(−a / window), so a
// daily send settles near `window`/1 day deliveries — and turns that exposure into a
// multiplier of the user's block and report probabilities along a saturating curve:
//
//   multiplier(e) = 1 + (max − 1) × (1 − exp(−perMessage × e / (max − 1)))
//
// The first prior message adds `perMessage` (the curve's slope at 0), and no amount of
// messages takes a user past `max` times their base rate. Exponential weights have no edge: a
// hard 7-day window would make fatigue depend on whether last week's send went out a few
// seconds earlier or later than this one.

/**
 * The exposure `e` decayed over `elapsed` ms with the window's time constant.
 *
 * @example
 * ```ts
 * decayExposure(1, 7 * DAY, 7 * DAY); // 0.3679: a delivery one window ago weighs 1/e
 * ```
 */
export function decayExposure(e: number, elapsed: number, window: number): number {
  if (e === 0 || elapsed <= 0) return e;
  return e * decayFactor(elapsed, window);
}

/**
 * The weight exp(−elapsed / window) by which {@link decayExposure} multiplies an exposure
 * `elapsed` ms old (elapsed > 0): a caller that decays many exposures by the same elapsed time
 * can compute it once.
 *
 * @example
 * ```ts
 * decayFactor(7 * DAY, 7 * DAY); // 0.3679
 * ```
 */
export function decayFactor(elapsed: number, window: number): number {
  return Math.exp(-elapsed / window);
}

/**
 * Block/report multiplier for a user with exposure `e` to earlier deliveries.
 *
 * @example
 * ```ts
 * fatigueMultiplier(0, 0.3, 2);   // 1
 * fatigueMultiplier(1, 0.3, 2);   // 1.259: about 1 + 0.3 for the first prior message
 * fatigueMultiplier(6.5, 0.3, 2); // 1.858: a daily send at steady state, under the cap of 2
 * ```
 */
export function fatigueMultiplier(e: number, perMessage: number, max: number): number {
  if (e <= 0 || perMessage <= 0 || max <= 1) return 1;
  const extra = max - 1;
  return 1 + extra * (1 - Math.exp((-perMessage * e) / extra));
}

/**
 * The largest value {@link fatigueMultiplier} can return with these parameters, computed the
 * same way so that, in floating point too, no multiplier exceeds it: a uniform draw at or above
 * `rate × ceiling` is a "no" whatever the exposure, and the multiplier need not be computed.
 *
 * @example
 * ```ts
 * fatigueCeiling(0.2, 2); // 2
 * fatigueCeiling(0, 2);   // 1 (no fatigue)
 * ```
 */
export function fatigueCeiling(perMessage: number, max: number): number {
  if (perMessage <= 0 || max <= 1) return 1;
  return 1 + (max - 1);
}
