// Keyed random draws for per-user decisions (DESIGN §4): every number a user's fate depends
// on is a pure function of (seed, purpose, user, counter), so two scenarios compared under
// the same seed stay in step — common random numbers — whatever else happens in the run.
import { normalQuantile, philox, streamKey, type StreamKey } from "../engine/index.js";

const INV_32 = 1 / 4294967296;

/**
 * The per-user draws of one run.
 *
 * @example
 * ```ts
 * const d = new Draws(42);
 * const u = new Float64Array(4);
 * d.fill4(user, deliveryIndex, u); // the 4 uniforms deciding one delivery's fate
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

  /** @param complement the antithetic twin of the run with this seed: every uniform is 1 − u. */
  constructor(seed: number, complement = false) {
    this.message = streamKey(seed, "message", complement);
    this.user = streamKey(seed, "user", complement);
    this.others = streamKey(seed, "other-businesses", complement);
    this.phaseKey = streamKey(seed, "per-user-cap-phase", complement);
    this.flip = this.message.flip;
  }

  /**
   * Four uniforms in (0, 1) for delivery number `k` to `user`, one Philox block: [read, reply,
   * feedback (block or report), opt-out]. The delivery, read and reply latencies are the
   * residuals of the opt-out, read and reply draws (see `residual`), so a delivery costs one
   * block, not two.
   */
  fill4(user: number, k: number, u: Float64Array): void {
    const o = this.out;
    const f = this.flip;
    philox(this.message.k0, this.message.k1, user, k, 0, 0, o);
    u[0] = (((o[0] ^ f) >>> 0) + 0.5) * INV_32;
    u[1] = (((o[1] ^ f) >>> 0) + 0.5) * INV_32;
    u[2] = (((o[2] ^ f) >>> 0) + 0.5) * INV_32;
    u[3] = (((o[3] ^ f) >>> 0) + 0.5) * INV_32;
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
