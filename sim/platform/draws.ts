// Keyed random draws for per-user decisions (DESIGN §4): every number a user's fate depends
// on is a pure function of (seed, purpose, user, counter), so two scenarios compared under
// the same seed stay in step — common random numbers — whatever else happens in the run.
import { normalQuantile, philox, philox2x32, streamKey, type StreamKey } from "../engine/index.js";

const INV_32 = 1 / 4294967296;

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
  private readonly message: StreamKey;
  private readonly user: StreamKey;
  private readonly others: StreamKey;
  private readonly phaseKey: StreamKey;
  private readonly out = new Uint32Array(4);
  /** XOR mask of every output word: 0, or all ones in the antithetic twin (u → 1 − u exactly). */
  private readonly flip: number;
  /** The message stream's second key word, low 16 bits, shifted into a counter word's upper half. */
  private readonly messageKeyHigh: number;

  /** @param complement the antithetic twin of the run with this seed: every uniform is 1 − u. */
  constructor(seed: number, complement = false) {
    this.message = streamKey(seed, "message", complement);
    this.user = streamKey(seed, "user", complement);
    this.others = streamKey(seed, "other-businesses", complement);
    this.phaseKey = streamKey(seed, "per-user-cap-phase", complement);
    this.flip = this.message.flip;
    this.messageKeyHigh = (this.message.k1 & 0xffff) << 16;
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
    const f = this.flip;
    philox2x32(this.message.k0, user, (k & 0xffff) | this.messageKeyHigh, o);
    u[0] = (((o[0] ^ f) >>> 0) + 0.5) * INV_32;
    u[1] = (((o[1] ^ f) >>> 0) + 0.5) * INV_32;
  }

  /** Three uniforms fixing a user's traits when they opt in: [segment, market, undeliverable]. */
  traits(user: number, u: Float64Array): void {
    const o = this.out;
    const f = this.flip;
    philox(this.user.k0, this.user.k1, user, 0, 0, 0, o);
    u[0] = (((o[0] ^ f) >>> 0) + 0.5) * INV_32;
    u[1] = (((o[1] ^ f) >>> 0) + 0.5) * INV_32;
    u[2] = (((o[2] ^ f) >>> 0) + 0.5) * INV_32;
  }

  /** Uniform in (0, 1) deciding how much of `user`'s marketing budget other businesses use in the user's period `period`. */
  othersUse(user: number, period: number): number {
    philox(this.others.k0, this.others.k1, user, period, 0, 0, this.out);
    return (((this.out[0] ^ this.flip) >>> 0) + 0.5) * INV_32;
  }

  /** Where `user`'s per-user-cap periods start, as a fraction of the period in [0, 1): one draw per user. */
  capPhase(user: number): number {
    philox(this.phaseKey.k0, this.phaseKey.k1, user, 0, 0, 0, this.out);
    return ((this.out[0] ^ this.flip) >>> 0) * INV_32;
  }

  /** Standard normal quantile of a uniform in (0, 1). */
  normal(u: number): number {
    return normalQuantile(u);
  }
}
