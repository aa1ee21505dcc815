// A bounded histogram of durations: geometric bins 2 % wide from 1 s to about 60 days (plus a
// bin for zero), so any quantile is known within 2 % in constant memory, however long the log
// — the DDSketch idea with fixed bins. Alongside, the exact sums of ln x and (ln x)² give the
// log-normal fit by maximum likelihood.

const GAMMA = 1.02;
const LN_GAMMA = Math.log(GAMMA);
/** Bins above zero: 1 s · 1.02^k for k < BINS covers up to ~ 60 days. */
const BINS = 800;

/**
 * Durations in seconds (whole seconds, as webhook timestamps give them).
 *
 * @example
 * ```ts
 * const h = new LogHistogram();
 * for (const s of [60, 120, 240]) h.add(s);
 * h.quantile(0.5);      // ≈ 120
 * h.logNormal().median; // 120
 * ```
 */
export class LogHistogram {
  readonly counts = new Float64Array(BINS + 1);
  n = 0;
  /** Values above the last bin (counted in it). */
  overflow = 0;
  private sumLn = 0;
  private sumLn2 = 0;
  private positive = 0;

  add(seconds: number): void {
    if (!(seconds >= 0)) return;
    this.n++;
    if (seconds < 1) {
      this.counts[0]++;
      return;
    }
    let k = 1 + Math.floor(Math.log(seconds) / LN_GAMMA);
    if (k > BINS) {
      k = BINS;
      this.overflow++;
    }
    this.counts[k]++;
    const ln = Math.log(seconds);
    this.sumLn += ln;
    this.sumLn2 += ln * ln;
    this.positive++;
  }

  /** Lower edge of bin `k` (seconds). */
  static edge(k: number): number {
    return k === 0 ? 0 : Math.pow(GAMMA, k - 1);
  }

  /** The `p`-quantile: the geometric middle of the bin holding it (0 for the zero bin); NaN when empty. */
  quantile(p: number): number {
    if (this.n === 0) return NaN;
    const target = p * this.n;
    let acc = 0;
    for (let k = 0; k <= BINS; k++) {
      acc += this.counts[k];
      if (acc >= target && this.counts[k] > 0) return k === 0 ? 0 : Math.pow(GAMMA, k - 0.5);
    }
    return Math.pow(GAMMA, BINS - 0.5);
  }

  /**
   * Log-normal fit by maximum likelihood over the positive values: μ and σ of ln x, the median
   * e^μ and the 95th percentile e^(μ + 1.645σ). Zeros (under a second) are left out and counted.
   */
  logNormal(): { mu: number; sigma: number; median: number; p95: number; n: number; zeros: number } {
    const m = this.positive;
    const mu = m > 0 ? this.sumLn / m : NaN;
    const sigma = m > 1 ? Math.sqrt(Math.max(0, this.sumLn2 / m - mu * mu)) : NaN;
    return { mu, sigma, median: Math.exp(mu), p95: Math.exp(mu + 1.6448536269514722 * sigma), n: m, zeros: this.n - m };
  }

  /** Non-empty bins as [lower edge s, upper edge s, count], for charts and JSON. */
  bins(): Array<[number, number, number]> {
    const out: Array<[number, number, number]> = [];
    for (let k = 0; k <= BINS; k++) if (this.counts[k] > 0) out.push([LogHistogram.edge(k), k === 0 ? 1 : Math.pow(GAMMA, k), this.counts[k]]);
    return out;
  }
}
