// Keyed random draws for per-user decisions (DESIGN §4): every number a user's fate depends
// on is a pure function of (seed, purpose, user, counter), so two scenarios compared under
// the same seed stay in step — common random numbers — whatever else happens in the run.
import { normalQuantile, philox, philox2x32, streamKey, type StreamKey } from "../engine/index.js";

const INV_32 = 1 / 4294967296;

/** Offsets in Draws' key words: two per stream, then the message key's high half and the flip mask. */
const MESSAGE = 0;
const USER = 2;
const OTHERS = 4;
const PHASE = 6;
const MESSAGE_HIGH = 8;
const FLIP = 9;
const KEY_WORDS = 10;

/**
 * The per-user draws of one run.
 *
 * @example
 * ```ts
 * const d = new Draws(42);
 * const u = new Float64Array(2);
 * d.fill2(user, deliveryIndex, u); // the 2 uniforms deciding one delivery's fate
 * ```
 */
export class Draws {
  /**
   * The key words of each stream and the flip mask, as the int32s of their bits (the generators
   * work on int32s too): read from an Int32Array a key is a 32-bit integer under every seed. Held
   * as plain numbers they were small integers under some seeds and heap numbers under others,
   * and code optimized in one run of a projection was thrown away in the next (V8 deoptimizes
   * when a value's representation changes under it).
   */
  private readonly keys = new Int32Array(KEY_WORDS);
  private readonly out = new Uint32Array(4);

  /** @param complement the antithetic twin of the run with this seed: every uniform is 1 − u. */
  constructor(seed: number, complement = false) {
    const k = this.keys;
    const message = streamKey(seed, "message", complement);
    const set = (at: number, key: StreamKey): void => {
      k[at] = key.k0;
      k[at + 1] = key.k1;
    };
    set(MESSAGE, message);
    // The message stream's second key word, low 16 bits, shifted into a counter word's upper half.
    k[MESSAGE_HIGH] = (message.k1 & 0xffff) << 16;
    set(USER, streamKey(seed, "user", complement));
    set(OTHERS, streamKey(seed, "other-businesses", complement));
    set(PHASE, streamKey(seed, "per-user-cap-phase", complement));
    // XOR mask of every output word: 0, or all ones in the antithetic twin (u → 1 − u exactly).
    k[FLIP] = message.flip;
  }

  /**
   * Two uniforms in (0, 1) for delivery number `k` (below 65,536) to `user`, one Philox2x32
   * block: [read and reply, opt-out and feedback]. Every other variate of the delivery — its
   * three latencies — is recycled from what these two leave once they have decided (see
   * `residual` and `Send.deliver`). Philox2x32 has a 32-bit key: the low half of the stream's
   * second key word rides in the counter's upper 16 bits, so two runs share these draws only
   * when 48 key bits collide.
   */
  fill2(user: number, k: number, u: Float64Array): void {
    const o = this.out;
    const keys = this.keys;
    const f = keys[FLIP];
    philox2x32(keys[MESSAGE], user, (k & 0xffff) | keys[MESSAGE_HIGH], o);
    u[0] = (((o[0] ^ f) >>> 0) + 0.5) * INV_32;
    u[1] = (((o[1] ^ f) >>> 0) + 0.5) * INV_32;
  }

  /** Three uniforms fixing a user's traits when they opt in: [segment, market, undeliverable]. */
  traits(user: number, u: Float64Array): void {
    const o = this.out;
    const keys = this.keys;
    const f = keys[FLIP];
    philox(keys[USER], keys[USER + 1], user, 0, 0, 0, o);
    u[0] = (((o[0] ^ f) >>> 0) + 0.5) * INV_32;
    u[1] = (((o[1] ^ f) >>> 0) + 0.5) * INV_32;
    u[2] = (((o[2] ^ f) >>> 0) + 0.5) * INV_32;
  }

  /** Uniform in (0, 1) deciding how much of `user`'s marketing budget other businesses use in the user's period `period`. */
  othersUse(user: number, period: number): number {
    const keys = this.keys;
    philox(keys[OTHERS], keys[OTHERS + 1], user, period, 0, 0, this.out);
    return (((this.out[0] ^ keys[FLIP]) >>> 0) + 0.5) * INV_32;
  }

  /** Where `user`'s per-user-cap periods start, as a fraction of the period in [0, 1): one draw per user. */
  capPhase(user: number): number {
    const keys = this.keys;
    philox(keys[PHASE], keys[PHASE + 1], user, 0, 0, 0, this.out);
    return ((this.out[0] ^ keys[FLIP]) >>> 0) * INV_32;
  }

  /** Standard normal quantile of a uniform in (0, 1). */
  normal(u: number): number {
    return normalQuantile(u);
  }
}
