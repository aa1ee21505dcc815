// Seeded randomness for reproducible runs and common random numbers (CRN).
//
// Two kinds of source:
// - sequential streams (xoshiro128**), one per purpose, so that adding draws for one purpose
//   (say, replies) never shifts the draws of another (say, arrivals);
// - keyed counter-based draws (Philox4x32-10): the number for (stream, user, attempt, k) is
//   a pure function of those inputs, so a user's decision is the same in every scenario run
//   with the same seed, whatever order the events happen in.
// Everything here is exact 32-bit integer arithmetic, so outputs are identical on every
// platform and are part of the compatibility contract.

const TWO_32 = 4294967296;
const TWO_53 = 9007199254740992;
const INV_32 = 1 / TWO_32;
const INV_53 = 1 / TWO_53;

/** Anything that yields uniform numbers in [0, 1). */
export interface UniformSource {
  /** A uniform number in [0, 1). */
  nextFloat(): number;
}

// ---------------------------------------------------------------------------------------
// Hashing

/**
 * MurmurHash3 x86_32 (Appleby) of the UTF-8 bytes of `s`. Used to turn stream and scenario
 * names into numbers; stable across platforms and matches the reference C implementation on
 * the same bytes.
 * @param seed 32-bit seed. Default 0.
 * @returns an unsigned 32-bit integer.
 * @example
 * ```ts
 * murmur3("The quick brown fox jumps over the lazy dog", 0x9747b28c); // 0x2fa826cd
 * ```
 */
export function murmur3(s: string, seed = 0): number {
  let h = seed >>> 0;
  let k = 0;
  let shift = 0;
  let len = 0;
  const mix = (byte: number): void => {
    k |= byte << shift;
    shift += 8;
    len++;
    if (shift === 32) {
      k = Math.imul(k, 0xcc9e2d51);
      k = (k << 15) | (k >>> 17);
      k = Math.imul(k, 0x1b873593);
      h ^= k;
      h = (h << 13) | (h >>> 19);
      h = (Math.imul(h, 5) + 0xe6546b64) | 0;
      k = 0;
      shift = 0;
    }
  };
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    // Encode UTF-16 to UTF-8 on the fly; a lone surrogate becomes U+FFFD, as TextEncoder does.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x80) mix(c);
    else if (c < 0x800) {
      mix(0xc0 | (c >> 6));
      mix(0x80 | (c & 63));
    } else if (c < 0x10000) {
      mix(0xe0 | (c >> 12));
      mix(0x80 | ((c >> 6) & 63));
      mix(0x80 | (c & 63));
    } else {
      mix(0xf0 | (c >> 18));
      mix(0x80 | ((c >> 12) & 63));
      mix(0x80 | ((c >> 6) & 63));
      mix(0x80 | (c & 63));
    }
  }
  if (shift > 0) {
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
  }
  h ^= len;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

// ---------------------------------------------------------------------------------------
// Philox4x32-10

const PHILOX_M0 = 0xd2511f53;
const PHILOX_M1 = 0xcd9e8d57;
const PHILOX_W0 = 0x9e3779b9;
const PHILOX_W1 = 0xbb67ae85;

// High 32 bits of the 64-bit product a·b of two uint32, in exact double arithmetic
// (every partial product stays below 2^53).
function mulhi(a: number, b: number): number {
  const al = a & 0xffff;
  const ah = a >>> 16;
  const bl = b & 0xffff;
  const bh = b >>> 16;
  const lh = al * bh;
  const hl = ah * bl;
  const mid = ((al * bl) >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  return (ah * bh + (lh >>> 16) + (hl >>> 16) + Math.floor(mid / 65536)) >>> 0;
}

/**
 * Philox4x32-10 (Salmon et al., SC'11), the counter-based generator of Random123, JAX,
 * cuRAND and numpy: a bijection of the 128-bit counter under a 64-bit key. Verified against
 * the Random123 known-answer vectors.
 * @param out receives the four uint32 outputs (allocated when omitted).
 * @returns `out`.
 * @example
 * ```ts
 * philox(0, 0, 0, 0, 0, 0); // Uint32Array [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]
 * ```
 */
export function philox(
  key0: number,
  key1: number,
  c0: number,
  c1: number,
  c2: number,
  c3: number,
  out: Uint32Array = new Uint32Array(4),
): Uint32Array {
  let k0 = key0 >>> 0;
  let k1 = key1 >>> 0;
  let x0 = c0 >>> 0;
  let x1 = c1 >>> 0;
  let x2 = c2 >>> 0;
  let x3 = c3 >>> 0;
  for (let r = 0; r < 10; r++) {
    const hi0 = mulhi(PHILOX_M0, x0);
    const lo0 = Math.imul(PHILOX_M0, x0) >>> 0;
    const hi1 = mulhi(PHILOX_M1, x2);
    const lo1 = Math.imul(PHILOX_M1, x2) >>> 0;
    x0 = (hi1 ^ x1 ^ k0) >>> 0;
    x1 = lo1;
    x2 = (hi0 ^ x3 ^ k1) >>> 0;
    x3 = lo0;
    k0 = (k0 + PHILOX_W0) >>> 0;
    k1 = (k1 + PHILOX_W1) >>> 0;
  }
  out[0] = x0;
  out[1] = x1;
  out[2] = x2;
  out[3] = x3;
  return out;
}

// ---------------------------------------------------------------------------------------
// Seeds and keys

function checkSeed(seed: number, what: string): void {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new RangeError(`${what} must be an integer in [0, 2^53), got ${seed}`);
  }
}

// Domain tags in counter word 3 keep the derivations below (stream state, keyed-stream key,
// replication seed) from ever colliding with each other.
const TAG_STREAM = 0x53545245; // "STRE"
const TAG_KEY = 0x4b455931; // "KEY1"
const TAG_REPLICATION = 0x5245504c; // "REPL"
// Two different seeds give a 64-bit name hash, so distinct names collide with chance 2^-64.
const NAME_SEED_A = 0x9747b28c;
const NAME_SEED_B = 0x3c6ef372;

const scratch = new Uint32Array(4);

function derive(master: number, name: string, word2: number, tag: number): Uint32Array {
  return philox(master >>> 0, Math.floor(master / TWO_32), murmur3(name, NAME_SEED_A), murmur3(name, NAME_SEED_B), word2 >>> 0, tag, scratch);
}

/**
 * Seed of replication `index` of a scenario: Philox4x32-10 keyed by the master seed over
 * (MurmurHash3 of `scenarioKey` under two seeds, `index`), truncated to 53 bits. Neighbouring
 * indices give unrelated seeds (never `master + i`), and the seed depends only on
 * (master, scenario, index): not on worker count, shard or run order.
 * @param master integer in [0, 2^53)
 * @param index integer in [0, 2^32)
 * @returns an integer in [0, 2^53), itself usable as a master seed.
 * @example
 * ```ts
 * const seed = replicationSeed(20260302, "baseline", 7); // same number on every machine
 * const arrivals = streamFor(seed, "arrivals");
 * ```
 */
export function replicationSeed(master: number, scenarioKey: string, index: number): number {
  checkSeed(master, "master seed");
  if (!Number.isInteger(index) || index < 0 || index >= TWO_32) {
    throw new RangeError(`replication index must be an integer in [0, 2^32), got ${index}`);
  }
  const w = derive(master, scenarioKey, index, TAG_REPLICATION);
  return (w[0] >>> 11) * TWO_32 + w[1];
}

// ---------------------------------------------------------------------------------------
// SplitMix64

/**
 * SplitMix64 (Steele, Lea & Flood; Vigna's `splitmix64.c`), computed in 32-bit halves.
 * Recommended by the xoshiro authors to expand a small seed into a full state.
 * After `next()`, the 64-bit output is `hi · 2^32 + lo`.
 * @example
 * ```ts
 * const sm = new SplitMix64(1234567);
 * sm.next(); // sm.hi, sm.lo = halves of 6457827717110365317
 * ```
 */
export class SplitMix64 {
  private sHi: number;
  private sLo: number;
  /** High 32 bits of the last output. */
  hi = 0;
  /** Low 32 bits of the last output. */
  lo = 0;

  /** @param seed integer in [0, 2^53). */
  constructor(seed: number) {
    checkSeed(seed, "seed");
    this.sHi = Math.floor(seed / TWO_32) >>> 0;
    this.sLo = seed >>> 0;
  }

  /** Advance and compute the next 64-bit output into `hi` / `lo`. */
  next(): void {
    // state += 0x9e3779b97f4a7c15
    const lo = this.sLo + 0x7f4a7c15;
    this.sLo = lo >>> 0;
    this.sHi = (this.sHi + 0x9e3779b9 + (lo >= TWO_32 ? 1 : 0)) >>> 0;
    let zh = this.sHi;
    let zl = this.sLo;
    // z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9
    zl = (zl ^ ((zl >>> 30) | (zh << 2))) >>> 0;
    zh = (zh ^ (zh >>> 30)) >>> 0;
    [zh, zl] = mul64(zh, zl, 0xbf58476d, 0x1ce4e5b9);
    // z = (z ^ (z >>> 27)) * 0x94d049bb133111eb
    zl = (zl ^ ((zl >>> 27) | (zh << 5))) >>> 0;
    zh = (zh ^ (zh >>> 27)) >>> 0;
    [zh, zl] = mul64(zh, zl, 0x94d049bb, 0x133111eb);
    // z ^ (z >>> 31)
    this.lo = (zl ^ ((zl >>> 31) | (zh << 1))) >>> 0;
    this.hi = (zh ^ (zh >>> 31)) >>> 0;
  }
}

// Low 64 bits of a 64×64 product, as [hi, lo] uint32 halves. Seeding only, so the small
// tuple allocation does not matter.
function mul64(ah: number, al: number, bh: number, bl: number): [number, number] {
  const lo = Math.imul(al, bl) >>> 0;
  const hi = (mulhi(al, bl) + Math.imul(ah, bl) + Math.imul(al, bh)) >>> 0;
  return [hi, lo];
}

// ---------------------------------------------------------------------------------------
// xoshiro128**

/**
 * xoshiro128** 1.1 (Blackman & Vigna): 128-bit state, period 2^128 − 1, passes BigCrush;
 * about 2.4 ns per draw in V8. Outputs match the C reference for the same state.
 * @example
 * ```ts
 * const rng = Xoshiro128ss.fromSeed(42);
 * const u = rng.nextFloat();   // [0, 1), 32-bit resolution
 * const v = rng.nextFloat53(); // [0, 1), 53-bit resolution (two draws)
 * ```
 */
export class Xoshiro128ss implements UniformSource {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /** Build from a raw state (four uint32, not all zero). Prefer {@link Xoshiro128ss.fromSeed} or {@link streamFor}. */
  constructor(s0: number, s1: number, s2: number, s3: number) {
    this.s0 = s0 | 0;
    this.s1 = s1 | 0;
    this.s2 = s2 | 0;
    this.s3 = s3 | 0;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) throw new RangeError("xoshiro128** state must not be all zero");
  }

  /**
   * Seed by expanding `seed` with SplitMix64, as the xoshiro authors recommend: two outputs
   * give the state words (lo₁, hi₁, lo₂, hi₂).
   * @param seed integer in [0, 2^53)
   */
  static fromSeed(seed: number): Xoshiro128ss {
    const sm = new SplitMix64(seed);
    sm.next();
    const a = sm.lo;
    const b = sm.hi;
    sm.next();
    // SplitMix64 is a bijection of its counter, so two consecutive outputs are never both 0.
    return new Xoshiro128ss(a, b, sm.lo, sm.hi);
  }

  /** The next output as an unsigned 32-bit integer. */
  nextUint32(): number {
    const s1 = this.s1;
    const m = Math.imul(s1, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 = s1 ^ this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return result;
  }

  /** Uniform in [0, 1) with 32-bit resolution (one draw). */
  nextFloat(): number {
    return this.nextUint32() * INV_32;
  }

  /** Uniform in [0, 1) with 53-bit resolution (two draws). */
  nextFloat53(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) * INV_53;
  }

  /** Uniform integer in [0, n) for 1 ≤ n ≤ 2^32, without modulo bias (Lemire's rejection). */
  nextInt(n: number): number {
    if (!(n >= 1 && n <= TWO_32) || Math.floor(n) !== n) throw new RangeError(`nextInt bound must be an integer in [1, 2^32], got ${n}`);
    if (n === TWO_32) return this.nextUint32();
    const threshold = (TWO_32 - n) % n;
    for (;;) {
      const x = this.nextUint32();
      // 64-bit product x·n split in halves: the high half is the result, the low half decides
      // rejection.
      if (Math.imul(x, n) >>> 0 >= threshold) return mulhi(x, n);
    }
  }

  /**
   * Advance by 2^64 draws (the reference `jump()`): 2^64 non-overlapping subsequences of one
   * seed.
   */
  jump(): void {
    const JUMP = [0x8764000b, 0xf542d2d3, 0x6fa035c3, 0x77f2db5b];
    let a = 0;
    let b = 0;
    let c = 0;
    let d = 0;
    for (const word of JUMP) {
      for (let bit = 0; bit < 32; bit++) {
        if ((word >>> bit) & 1) {
          a ^= this.s0;
          b ^= this.s1;
          c ^= this.s2;
          d ^= this.s3;
        }
        this.nextUint32();
      }
    }
    this.s0 = a;
    this.s1 = b;
    this.s2 = c;
    this.s3 = d;
  }

  /** An independent copy at the same position. */
  clone(): Xoshiro128ss {
    return new Xoshiro128ss(this.s0, this.s1, this.s2, this.s3);
  }

  /** The state as four uint32 (for checkpoints and tests). */
  state(): [number, number, number, number] {
    return [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0];
  }
}

/**
 * The sequential stream for one purpose (`"arrivals"`, `"review"`, …) under a master seed.
 * Its state is Philox4x32-10 keyed by the master seed over the 64-bit hash of `name`, so
 * streams of different names are unrelated and adding draws to one leaves the others intact.
 * @param masterSeed integer in [0, 2^53)
 * @example
 * ```ts
 * const arrivals = streamFor(seed, "arrivals");
 * const review = streamFor(seed, "review");
 * const gap = exponential(arrivals, 60_000);
 * ```
 */
export function streamFor(masterSeed: number, name: string): Xoshiro128ss {
  checkSeed(masterSeed, "master seed");
  const w = derive(masterSeed, name, 0, TAG_STREAM);
  if ((w[0] | w[1] | w[2] | w[3]) === 0) w[0] = 1; // probability 2^-128, but the state must not be all zero
  return new Xoshiro128ss(w[0], w[1], w[2], w[3]);
}

// ---------------------------------------------------------------------------------------
// Keyed draws

/** A Philox key for keyed draws of one purpose under one master seed. Build with {@link streamKey}. */
export interface StreamKey {
  readonly k0: number;
  readonly k1: number;
  /** The purpose name, for diagnostics. */
  readonly name: string;
}

/**
 * The key for keyed (counter-based) draws of one purpose under a master seed.
 * @example
 * ```ts
 * const reply = streamKey(seed, "reply");
 * const u = keyedUniform(reply, userId, attempt, 0); // same number in every scenario
 * ```
 */
export function streamKey(masterSeed: number, name: string): StreamKey {
  checkSeed(masterSeed, "master seed");
  const w = derive(masterSeed, name, 0, TAG_KEY);
  return { k0: w[0], k1: w[1], name };
}

const keyedOut = new Uint32Array(4);

/**
 * Uniform in [0, 1) (53-bit) that is a pure function of (key, user, attempt, k): Philox
 * over counter (user, attempt, k, 0). Common random numbers: user 123's reply decision on
 * attempt 2 is the same number in every scenario compared under the same seed, whatever
 * else happens in the run. `user`, `attempt` and `k` are taken modulo 2^32.
 * @param k index of the draw within one (user, attempt), for decisions that need several.
 * @example
 * ```ts
 * const block = streamKey(seed, "block");
 * if (keyedUniform(block, user, attempt, 0) < pBlock) blocked[user] = 1;
 * ```
 */
export function keyedUniform(key: StreamKey, user: number, attempt: number, k: number): number {
  philox(key.k0, key.k1, user, attempt, k, 0, keyedOut);
  return ((keyedOut[0] >>> 5) * 67108864 + (keyedOut[1] >>> 6)) * INV_53;
}

/**
 * A {@link UniformSource} over keyed draws: the i-th `nextFloat()` after `reset(user, attempt)`
 * is `keyedUniform(key, user, attempt, i)`. Lets multi-draw variates (Poisson, rejection
 * samplers) stay common-random-number synchronised. Reuse one instance; `reset` allocates
 * nothing.
 * @example
 * ```ts
 * const src = new KeyedSource(streamKey(seed, "batch"));
 * src.reset(user, 0);
 * const n = poisson(src, 4);
 * ```
 */
export class KeyedSource implements UniformSource {
  private user = 0;
  private attempt = 0;
  private k = 0;
  constructor(readonly key: StreamKey) {}

  /** Point the source at (user, attempt), draw index 0. */
  reset(user: number, attempt: number): this {
    this.user = user;
    this.attempt = attempt;
    this.k = 0;
    return this;
  }

  nextFloat(): number {
    return keyedUniform(this.key, this.user, this.attempt, this.k++);
  }
}

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
