// The counter-based generators behind keyed draws and seed derivation: Philox4x32-10, a
// bijection of a 128-bit counter under a 64-bit key, and its half-width sibling Philox2x32-10
// (64-bit counter, 32-bit key) for the one draw every simulated delivery makes, where it costs
// half as much. Exact 32-bit integer arithmetic.

// The generators work on the int32s of the words' bits (`| 0`), never on uint32s (`>>> 0`): a
// uint32 at or above 2^31 is not a small integer to V8, and code optimized while a run's keys
// were below 2^31 was thrown away ("lost precision") in the next run of a projection whose keys
// were not. Stores into a Uint32Array keep the same 32 bits either way.
const PHILOX_M0 = 0xd2511f53 | 0;
const PHILOX_M1 = 0xcd9e8d57 | 0;
const PHILOX_W0 = 0x9e3779b9 | 0;
const PHILOX_W1 = 0xbb67ae85 | 0;
/** Philox2x32's multiplier (Random123). */
const PHILOX2_M = 0xd256d193 | 0;

// High 32 bits of the 64-bit product a·b of two uint32, in exact double arithmetic
// (every partial product stays below 2^53).
export function mulhi(a: number, b: number): number {
  return mulhiBits(a, b) >>> 0;
}

/** {@link mulhi} of the words whose bits `a` and `b` hold, as the int32 of its bits. */
function mulhiBits(a: number, b: number): number {
  const al = a & 0xffff;
  const ah = a >>> 16;
  const bl = b & 0xffff;
  const bh = b >>> 16;
  const lh = al * bh;
  const hl = ah * bl;
  // Below 3 · 2^16: its top bits are exact with a shift.
  const mid = ((al * bl) >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  return (ah * bh + (lh >>> 16) + (hl >>> 16) + (mid >>> 16)) | 0;
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
  let k0 = key0 | 0;
  let k1 = key1 | 0;
  let x0 = c0 | 0;
  let x1 = c1 | 0;
  let x2 = c2 | 0;
  let x3 = c3 | 0;
  for (let r = 0; r < 10; r++) {
    const hi0 = mulhiBits(PHILOX_M0, x0);
    const lo0 = Math.imul(PHILOX_M0, x0);
    const hi1 = mulhiBits(PHILOX_M1, x2);
    const lo1 = Math.imul(PHILOX_M1, x2);
    x0 = hi1 ^ x1 ^ k0;
    x1 = lo1;
    x2 = hi0 ^ x3 ^ k1;
    x3 = lo0;
    k0 = (k0 + PHILOX_W0) | 0;
    k1 = (k1 + PHILOX_W1) | 0;
  }
  out[0] = x0;
  out[1] = x1;
  out[2] = x2;
  out[3] = x3;
  return out;
}


/**
 * Philox2x32-10 (Salmon et al., SC'11; Random123's `philox2x32`): a bijection of the 64-bit
 * counter (`c0`, `c1`) under the 32-bit key `key`, ten rounds (the Crush-resistant count with
 * Random123's safety margin). One round is one 32×32→64 multiply where Philox4x32 needs two, so
 * a block of two words costs about half a Philox4x32 block. Verified against the Random123
 * known-answer vectors.
 * @param out receives the two uint32 outputs in `out[0]`, `out[1]`.
 * @returns `out`.
 * @example
 * ```ts
 * philox2x32(0, 0, 0, new Uint32Array(2)); // Uint32Array [0xff1dae59, 0x6cd10df2]
 * ```
 */
export function philox2x32(key: number, c0: number, c1: number, out: Uint32Array): Uint32Array {
  let k = key | 0;
  let x0 = c0 | 0;
  let x1 = c1 | 0;
  for (let r = 0; r < 10; r++) {
    const hi = mulhiBits(PHILOX2_M, x0);
    const lo = Math.imul(PHILOX2_M, x0);
    x0 = hi ^ k ^ x1;
    x1 = lo;
    k = (k + PHILOX_W0) | 0;
  }
  out[0] = x0;
  out[1] = x1;
  return out;
}
