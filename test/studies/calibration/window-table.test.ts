// The join table forgets by the log's clock, never by how many lines went by: an entry stays
// at least one window after its last write and is gone two windows later; a generation that
// fills before its window is over rotates early and says by how much the window shrank.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { WindowTable } from "../../../studies/calibration/window-table.js";
import { SEED } from "../../seed.js";

describe("WindowTable", () => {
  it("keeps an entry a window after its last write, and forgets it two windows later", () => {
    const t = new WindowTable(64, 100);
    t.advance(1000);
    t.set(7, 70);
    t.advance(1099);
    expect(t.get(7)).toBe(70);
    t.advance(1150); // a rotation: 7 now sits in the older generation, still read
    expect(t.get(7)).toBe(70);
    t.advance(1199);
    expect(t.get(7)).toBe(70);
    t.advance(1200); // two windows after the generation holding it opened
    expect(t.get(7)).toBe(-1);
    expect(t.get(8)).toBe(-1);
  });

  it("forgets everything at a jump of two windows, and counts nothing as early", () => {
    const t = new WindowTable(64, 100);
    t.advance(0);
    for (let k = 1; k <= 40; k++) t.set(k, k);
    t.advance(250);
    for (let k = 1; k <= 40; k++) expect(t.get(k)).toBe(-1);
    expect(t.earlyRotations).toBe(0);
    expect(t.shortestKept).toBe(100);
  });

  it("rotates early when a generation fills, and reports the window it really kept", () => {
    const t = new WindowTable(16, 1000); // 12 entries a generation
    t.advance(0);
    for (let k = 1; k <= 12; k++) t.set(k, k);
    t.advance(30);
    t.set(13, 13); // full: rotate now, 30 s after the generation opened
    expect(t.earlyRotations).toBe(1);
    expect(t.get(1)).toBe(1);
    expect(t.get(13)).toBe(13);
    for (let k = 14; k <= 24; k++) t.set(k, k);
    t.advance(40);
    t.set(25, 25); // full again: the first generation goes; one written at 30 s was kept 10 s
    expect(t.get(1)).toBe(-1);
    expect(t.get(13)).toBe(13);
    expect(t.shortestKept).toBe(10);
  });

  it(`agrees with a plain map on every key written within the window (seed ${SEED})`, () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ dt: fc.integer({ min: 0, max: 60 }), key: fc.integer({ min: 1, max: 200 }), value: fc.integer({ min: 0, max: 1e9 }) }), { maxLength: 400 }),
        (ops) => {
          const t = new WindowTable(1024, 100);
          const model = new Map<number, { value: number; at: number }>();
          let clock = 0;
          for (const op of ops) {
            clock += op.dt;
            t.advance(clock);
            t.set(op.key, op.value);
            model.set(op.key, { value: op.value, at: clock });
            for (const [k, m] of model) {
              const got = t.get(k);
              if (clock - m.at < 100) expect(got).toBe(m.value);
              else if (clock - m.at >= 200) expect(got).toBe(-1);
              else expect([m.value, -1]).toContain(got);
            }
          }
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  });
});
