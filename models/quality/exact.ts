// Exact comparisons of feedback scores with thresholds. A score such as 0.05 × 0.2 is
// 0.010000000000000002 in floating point, just over a threshold of 0.01 that it equals in
// exact arithmetic; deciding a template's fate on that rounding error is wrong. Parameters are
// read as the decimals they print as (0.05 is 5/100), counts are whole numbers, and the
// comparison is made on integers.

/** An exact fraction `n / d` with `d > 0`. */
export interface Ratio {
  n: bigint;
  d: bigint;
}

const cache = new Map<number, Ratio>();

/**
 * The decimal `x` prints as, as an exact fraction: `0.05` → 5/100, `1e-7` → 1/10000000.
 *
 * @example
 * ```ts
 * ratioOf(0.05); // { n: 5n, d: 100n }
 * ratioOf(3);    // { n: 3n, d: 1n }
 * ```
 */
export function ratioOf(x: number): Ratio {
  const hit = cache.get(x);
  if (hit) return hit;
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
  const [mantissa, exp = "0"] = String(x).toLowerCase().split("e");
  const negative = mantissa.startsWith("-");
  const [int, frac = ""] = mantissa.replace("-", "").split(".");
  let n = BigInt(int + frac);
  let d = 10n ** BigInt(frac.length);
  const e = Number(exp);
  if (e > 0) n *= 10n ** BigInt(e);
  else if (e < 0) d *= 10n ** BigInt(-e);
  const r = { n: negative ? -n : n, d };
  if (cache.size < 4096) cache.set(x, r);
  return r;
}

/** The terms of a feedback score, all whole counts except the parameters. */
export interface ScoreTerms {
  /** Users who blocked without reporting. */
  blocks: number;
  /** Users who reported (a report includes its block). */
  reports: number;
  /** Weight of a report in blocks (it replaces the block, it is not added to it). */
  reportWeight: number;
  reads: number;
  delivered: number;
  /** Read rate below which the score gains a penalty. */
  lowReadRate: number;
  /** Penalty per unit of read-rate shortfall. */
  readRateWeight: number;
}

/**
 * Whether score = (blocks + reportWeight × reports) / delivered
 * + readRateWeight × max(0, lowReadRate − reads / delivered) is at least `threshold`, decided
 * in exact arithmetic (a score equal to the threshold is at least it). `delivered` must be > 0.
 *
 * @example
 * ```ts
 * const t = { blocks: 0, reports: 0, reportWeight: 3, reads: 0, delivered: 100, lowReadRate: 0.2, readRateWeight: 0.05 };
 * scoreAtLeast(t, 0.01); // true: 0.05 × 0.2 is exactly 0.01
 * 0.05 * 0.2 >= 0.01;    // true only by luck of rounding (0.010000000000000002)
 * ```
 */
export function scoreAtLeast(t: ScoreTerms, threshold: number): boolean {
  if (!(t.delivered > 0)) throw new RangeError("a score needs at least one delivery");
  const rw = ratioOf(t.reportWeight);
  const low = ratioOf(t.lowReadRate);
  const w = ratioOf(t.readRateWeight);
  const th = ratioOf(threshold);
  const d = BigInt(t.delivered);
  // Multiply the inequality by delivered (> 0): negative + w × max(0, low × d − reads) ≥ threshold × d.
  // negative = (blocks·rw.d + rw.n·reports) / rw.d
  const negN = BigInt(t.blocks) * rw.d + rw.n * BigInt(t.reports);
  const negD = rw.d;
  // shortfall = max(0, low.n·d − reads·low.d) / low.d
  let shortN = low.n * d - BigInt(t.reads) * low.d;
  if (shortN < 0n) shortN = 0n;
  // lhs = negN/negD + w.n·shortN/(w.d·low.d)
  const lhsD = negD * w.d * low.d;
  const lhsN = negN * w.d * low.d + w.n * shortN * negD;
  // lhsN/lhsD ≥ th.n·d/th.d  ⇔  lhsN·th.d ≥ th.n·d·lhsD (denominators positive)
  return lhsN * th.d >= th.n * d * lhsD;
}
