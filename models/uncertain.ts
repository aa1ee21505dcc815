// Uncertain parameters: a scenario value given as a distribution instead of a point — what a
// calibration fits (a Beta from counts) or a planner believes (a range, a most likely value).
// Pure: the quantile functions turn a uniform into a value; who draws the uniform decides the
// randomness (studies/ draws one per replication and parameter path).

/** A distribution a scenario may give in place of a number. */
export type Dist =
  | { beta: [number, number] }
  | { uniform: [number, number] }
  | { triangular: [number, number, number] }
  | { lognormal: { median: number; p95: number } };

/** Φ⁻¹(0.95): a log-normal's p95 is median · e^(1.645 σ). */
const Z95 = 1.6448536269514722;

/** Whether `v` is one of the distribution forms (not a plain number). */
export function isDist(v: unknown): v is Dist {
  return typeof v === "object" && v !== null && ("beta" in v || "uniform" in v || "triangular" in v || "lognormal" in v);
}

/**
 * The mean of a distribution: the value a single run uses.
 *
 * @example
 * ```ts
 * distMean({ beta: [3, 7] });           // 0.3
 * distMean({ triangular: [0, 0.1, 0.5] }); // 0.2
 * ```
 */
export function distMean(d: Dist): number {
  if ("beta" in d) return d.beta[0] / (d.beta[0] + d.beta[1]);
  if ("uniform" in d) return (d.uniform[0] + d.uniform[1]) / 2;
  if ("triangular" in d) return (d.triangular[0] + d.triangular[1] + d.triangular[2]) / 3;
  const sigma = Math.log(d.lognormal.p95 / d.lognormal.median) / Z95;
  return d.lognormal.median * Math.exp((sigma * sigma) / 2);
}

/**
 * The value at uniform `u` ∈ (0, 1): the distribution's quantile function. Beta and log-normal
 * need Φ⁻¹ and the Beta quantile, which the caller passes (they live with the statistics).
 *
 * @example
 * ```ts
 * distQuantile({ uniform: [0.1, 0.3] }, 0.5, q); // 0.2
 * ```
 */
export function distQuantile(d: Dist, u: number, q: { normal: (p: number) => number; beta: (p: number, a: number, b: number) => number }): number {
  if ("beta" in d) return q.beta(u, d.beta[0], d.beta[1]);
  if ("uniform" in d) return d.uniform[0] + u * (d.uniform[1] - d.uniform[0]);
  if ("triangular" in d) {
    const [lo, mode, hi] = d.triangular;
    if (hi === lo) return lo;
    const f = (mode - lo) / (hi - lo);
    return u < f ? lo + Math.sqrt(u * (hi - lo) * (mode - lo)) : hi - Math.sqrt((1 - u) * (hi - lo) * (hi - mode));
  }
  const sigma = Math.log(d.lognormal.p95 / d.lognormal.median) / Z95;
  return d.lognormal.median * Math.exp(sigma * q.normal(u));
}

/**
 * A high end of a distribution, for bounds that must err high (the event budget): the upper
 * limit of a uniform or triangular, a log-normal's 99.9th percentile, a Beta's mean plus four
 * standard deviations (at most 1).
 *
 * @example
 * ```ts
 * distHigh({ uniform: [100, 600] });                     // 600
 * distHigh({ lognormal: { median: 0.005, p95: 0.02 } }); // ≈ 0.094
 * ```
 */
export function distHigh(d: Dist): number {
  if ("uniform" in d) return d.uniform[1];
  if ("triangular" in d) return d.triangular[2];
  if ("beta" in d) {
    const [a, b] = d.beta;
    const sd = Math.sqrt((a * b) / ((a + b) ** 2 * (a + b + 1)));
    return Math.min(1, a / (a + b) + 4 * sd);
  }
  const sigma = Math.log(d.lognormal.p95 / d.lognormal.median) / Z95;
  return d.lognormal.median * Math.exp(3.090232306167813 * sigma);
}
