// First-order sensitivity indices from replications whose uncertain inputs were drawn
// independently: the share of an output's variance that one input explains on its own,
// S_i = Var(E[Y | X_i]) / Var(Y). Estimated from the given data — no special sampling design —
// as the correlation ratio η² over equal-count bins of X_i (Plischke, Borgonovo & Smith 2013,
// "Global sensitivity measures from given data"), less its expected value under no effect,
// (M − 1)/(N − 1) for M bins and N runs, so that an input with no effect scores about 0.

/** A first-order index with what it rests on. */
export interface FirstOrderIndex {
  /** Estimated S_i, in [0, 1]. */
  index: number;
  /** The raw correlation ratio η² before the bias correction. */
  eta2: number;
  bins: number;
  n: number;
}

/**
 * First-order index of output `y` on input `x` (same length, ≥ 4 pairs): equal-count bins of
 * x (√N of them, between 2 and 50), the variance of the bin means over the variance of y,
 * bias-corrected. A constant output gives index 0.
 *
 * @example
 * ```ts
 * // y = x1 + x2 with x1, x2 independent and equally spread: each explains half.
 * firstOrderIndex(x1, y).index; // ≈ 0.5
 * ```
 */
export function firstOrderIndex(x: ArrayLike<number>, y: ArrayLike<number>): FirstOrderIndex {
  const n = x.length;
  if (n !== y.length) throw new RangeError(`x and y differ in length: ${n} and ${y.length}`);
  if (n < 4) throw new RangeError(`need at least 4 runs, got ${n}`);
  const bins = Math.max(2, Math.min(50, Math.round(Math.sqrt(n))));
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a] - x[b] || a - b);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i];
  mean /= n;
  let total = 0;
  for (let i = 0; i < n; i++) total += (y[i] - mean) ** 2;
  // A constant output has no variance to explain; rounding in its mean must not pass for some.
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(y[i]));
  if (total <= n * (scale * 1e-12) ** 2) return { index: 0, eta2: 0, bins, n };
  let between = 0;
  for (let b = 0; b < bins; b++) {
    const from = Math.floor((b * n) / bins);
    const to = Math.floor(((b + 1) * n) / bins);
    let s = 0;
    for (let k = from; k < to; k++) s += y[order[k]];
    const m = s / (to - from);
    between += (to - from) * (m - mean) ** 2;
  }
  const eta2 = between / total;
  const expected = (bins - 1) / (n - 1);
  const index = Math.min(1, Math.max(0, (eta2 - expected) / (1 - expected)));
  return { index, eta2, bins, n };
}

/**
 * Indices of every input, ranked largest first.
 *
 * @example
 * ```ts
 * rankFirstOrder({ fatigue: xs1, gate: xs2 }, days); // [{ parameter: "gate", index: 0.61, … }, …]
 * ```
 */
export function rankFirstOrder(inputs: Readonly<Record<string, ArrayLike<number>>>, y: ArrayLike<number>): Array<FirstOrderIndex & { parameter: string }> {
  return Object.entries(inputs)
    .map(([parameter, x]) => ({ parameter, ...firstOrderIndex(x, y) }))
    .sort((a, b) => b.index - a.index || a.parameter.localeCompare(b.parameter));
}
