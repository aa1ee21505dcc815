// Seeded streams for reproducible runs and common random numbers (CRN). Two kinds:
// - sequential streams (xoshiro128**), one per purpose, so that adding draws for one purpose
//   (say, replies) never shifts the draws of another (say, arrivals);
// - keyed counter-based draws (Philox4x32-10): the number for (stream, user, attempt, k) is
//   a pure function of those inputs, so a user's decision is the same in every scenario run
//   with the same seed, whatever order the events happen in.
// Both come in an antithetic twin (`complement`): the same draws with every uniform u
// replaced by its complement 1 − u, for pairs of replications whose errors partly cancel.
// Replication seeds derive from (master seed, scenario, index) the same way.
import { checkSeed, ComplementedXoshiro128ss, Xoshiro128ss, type UniformSource } from "./generators.js";
import { murmur3 } from "./hash.js";
import { philox } from "./philox.js";

const TWO_32 = 4294967296;
const TWO_53 = 9007199254740992;
const INV_53 = 1 / TWO_53;



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



/**
 * The sequential stream for one purpose (`"arrivals"`, `"review"`, …) under a master seed.
 * Its state is Philox4x32-10 keyed by the master seed over the 64-bit hash of `name`, so
 * streams of different names are unrelated and adding draws to one leaves the others intact.
 * @param masterSeed integer in [0, 2^53)
 * @param complement the antithetic twin: the same stream with every output complemented
 *   (uniforms u → 1 − u − 2^-32); see {@link ComplementedXoshiro128ss}.
 * @example
 * ```ts
 * const arrivals = streamFor(seed, "arrivals");
 * const review = streamFor(seed, "review");
 * const gap = exponential(arrivals, 60_000);
 * ```
 */
export function streamFor(masterSeed: number, name: string, complement = false): Xoshiro128ss {
  checkSeed(masterSeed, "master seed");
  const w = derive(masterSeed, name, 0, TAG_STREAM);
  if ((w[0] | w[1] | w[2] | w[3]) === 0) w[0] = 1; // probability 2^-128, but the state must not be all zero
  return complement ? new ComplementedXoshiro128ss(w[0], w[1], w[2], w[3]) : new Xoshiro128ss(w[0], w[1], w[2], w[3]);
}

// ---------------------------------------------------------------------------------------
// Keyed draws

/** A Philox key for keyed draws of one purpose under one master seed. Build with {@link streamKey}. */
export interface StreamKey {
  readonly k0: number;
  readonly k1: number;
  /**
   * XOR mask applied to every output word: 0, or 0xffffffff for the antithetic twin, whose
   * uniforms are the complements (1 − u) of the plain key's.
   */
  readonly flip: number;
  /** The purpose name, for diagnostics. */
  readonly name: string;
}

/**
 * The key for keyed (counter-based) draws of one purpose under a master seed.
 * @param complement the antithetic twin: every draw is the complement of the plain key's
 *   (the same Philox output with its bits flipped, so a uniform u becomes 1 − u).
 * @example
 * ```ts
 * const reply = streamKey(seed, "reply");
 * const u = keyedUniform(reply, userId, attempt, 0); // same number in every scenario
 * ```
 */
export function streamKey(masterSeed: number, name: string, complement = false): StreamKey {
  checkSeed(masterSeed, "master seed");
  const w = derive(masterSeed, name, 0, TAG_KEY);
  return { k0: w[0], k1: w[1], flip: complement ? 0xffffffff : 0, name };
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
  const f = key.flip;
  return (((keyedOut[0] ^ f) >>> 5) * 67108864 + ((keyedOut[1] ^ f) >>> 6)) * INV_53;
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

