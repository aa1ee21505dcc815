// Distinct count in constant memory: HyperLogLog with 4,096 registers (Flajolet et al. 2007;
// standard error 1.04 / √4096 ≈ 1.6 %), with the small-range (linear counting) correction.
import { hash53 } from "./hash.js";

const P = 12;
const M = 1 << P;
const ALPHA = 0.7213 / (1 + 1.079 / M);

/**
 * Approximately counts distinct strings.
 *
 * @example
 * ```ts
 * const d = new DistinctCounter();
 * for (let i = 0; i < 1000; i++) d.add("user" + (i % 100));
 * d.estimate(); // ≈ 100
 * ```
 */
export class DistinctCounter {
  private readonly registers = new Uint8Array(M);

  add(s: string): void {
    const h = hash53(s);
    const idx = h % M;
    // The remaining 41 bits: rank = position of the first 1 bit.
    let w = Math.floor(h / M);
    let rank = 1;
    while (rank <= 41 && w % 2 === 0) {
      rank++;
      w = Math.floor(w / 2);
    }
    if (rank > this.registers[idx]) this.registers[idx] = rank;
  }

  estimate(): number {
    let sum = 0;
    let zeros = 0;
    for (let i = 0; i < M; i++) {
      sum += Math.pow(2, -this.registers[i]);
      if (this.registers[i] === 0) zeros++;
    }
    const e = (ALPHA * M * M) / sum;
    if (e <= 2.5 * M && zeros > 0) return M * Math.log(M / zeros);
    return e;
  }
}
