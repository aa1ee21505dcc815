import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PayloadPool } from "../../../sim/engine/index.js";
import { SEED } from "../../seed.js";

describe("PayloadPool", () => {
  it("keeps every live record's fields intact through any sequence of allocations and releases", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.tuple(fc.constant("alloc" as const), fc.integer(), fc.integer()), fc.tuple(fc.constant("release" as const), fc.nat(), fc.nat())), { maxLength: 300 }), (ops) => {
        const pool = new PayloadPool(2, 2);
        const live = new Map<number, [number, number]>();
        for (const [op, x, y] of ops) {
          if (op === "alloc") {
            const slot = pool.alloc(x, y);
            expect(live.has(slot)).toBe(false);
            live.set(slot, [x, y]);
          } else if (live.size > 0) {
            const slot = [...live.keys()][x % live.size];
            live.delete(slot);
            pool.release(slot);
          }
          expect(pool.size).toBe(live.size);
        }
        for (const [slot, [x, y]] of live) expect([pool.get(slot, 0), pool.get(slot, 1)]).toEqual([x | 0, y | 0]);
      }),
      { seed: SEED },
    );
  });

  it("reuses released slots before growing", () => {
    const pool = new PayloadPool(4, 1);
    const a = pool.alloc(1, 2, 3, 4);
    pool.release(a);
    expect(pool.alloc(5, 6, 7, 8)).toBe(a);
    expect([0, 1, 2, 3].map((f) => pool.get(a, f))).toEqual([5, 6, 7, 8]);
  });
});
