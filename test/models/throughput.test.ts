import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ThroughputGate } from "../../models/throughput/gate.js";
import { PairRate } from "../../models/throughput/pair-rate.js";
import { SEED } from "../seed.js";

describe("ThroughputGate", () => {
  it("lets a full bucket of mps through at once, then one every 1000/mps ms", () => {
    const g = new ThroughputGate(80);
    for (let i = 0; i < 80; i++) expect(g.tryAcquire(0)).toBe(true);
    expect(g.tryAcquire(0)).toBe(false);
    expect(g.nextFreeAt(0)).toBe(12.5);
    expect(g.tryAcquire(12.4)).toBe(false);
    expect(g.tryAcquire(12.5)).toBe(true);
    expect(g.tryAcquire(1_012.5)).toBe(true);
    expect(g.nextFreeAt(5_000)).toBe(5_000);
  });

  it("setMps re-expresses the owed tokens at the new rate", () => {
    const g = new ThroughputGate(10);
    for (let i = 0; i < 10; i++) g.tryAcquire(0);
    expect(g.nextFreeAt(0)).toBe(100);
    g.setMps(1_000);
    expect(g.mps).toBe(1_000);
    // 10 sends owed at 1 ms each, and a 1,000-token bucket: free at once.
    expect(g.nextFreeAt(0)).toBe(0);
    expect(() => g.setMps(0)).toThrow(RangeError);
  });

  it(`passes at most mps + elapsed × mps / 1 s sends between any two passed sends (seed ${SEED})`, () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.array(fc.nat(120), { maxLength: 300, size: "medium" }), (mps, gaps) => {
        const g = new ThroughputGate(mps);
        const passed: number[] = [];
        let now = 0;
        for (const dt of gaps) {
          now += dt;
          const free = g.nextFreeAt(now);
          const ok = g.tryAcquire(now);
          expect(ok).toBe(free === now);
          if (ok) passed.push(now);
        }
        // j − i + 1 ≤ mps + (t_j − t_i)·mps/1 s for all i ≤ j ⇔ f(j) − min_{i≤j} f(i) ≤ mps − 1, f(k) = k − t_k·mps/1 s.
        let minF = Infinity;
        passed.forEach((t, k) => {
          const f = k - (t * mps) / 1_000;
          minF = Math.min(minF, f);
          expect(f - minF).toBeLessThanOrEqual(mps - 1 + 1e-9);
        });
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});

describe("PairRate", () => {
  it("allows a burst of 45 to one user, then one per 6 s; other users unaffected", () => {
    const p = new PairRate(45, 6_000, 4);
    for (let i = 0; i < 45; i++) expect(p.tryAcquire(1_000, 0)).toBe(true);
    expect(p.tryAcquire(1_000, 0)).toBe(false);
    expect(p.nextFreeAt(1_000, 0)).toBe(6_000);
    expect(p.tryAcquire(2, 0)).toBe(true);
    expect(p.tryAcquire(1_000, 6_000)).toBe(true);
    expect(p.tryAcquire(1_000, 6_000)).toBe(false);
    // A burst of 20 then silence: the bucket is full again after 20 × 6 s (reference §6.3).
    const q = new PairRate(45, 6_000);
    for (let i = 0; i < 20; i++) q.tryAcquire(0, 0);
    for (let i = 0; i < 45; i++) expect(q.tryAcquire(0, 120_000)).toBe(true);
  });

  it(`never lets more than burst + elapsed/interval sends through to one user (seed ${SEED})`, () => {
    fc.assert(
      fc.property(fc.array(fc.record({ user: fc.nat(3), dt: fc.nat(9_000) }), { maxLength: 300, size: "medium" }), (evs) => {
        const p = new PairRate(5, 6_000);
        const passed = new Map<number, number[]>();
        let now = 0;
        for (const e of evs) {
          now += e.dt;
          if (p.tryAcquire(e.user, now)) passed.set(e.user, [...(passed.get(e.user) ?? []), now]);
        }
        // Same prefix-minimum form as for the gate: j − i + 1 ≤ 5 + (t_j − t_i) / 6 s for all i ≤ j.
        for (const ts of passed.values()) {
          let minF = Infinity;
          ts.forEach((t, k) => {
            const f = k - t / 6_000;
            minF = Math.min(minF, f);
            expect(f - minF).toBeLessThanOrEqual(4 + 1e-9);
          });
        }
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});
