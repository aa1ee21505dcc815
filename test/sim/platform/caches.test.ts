// Values the hot path keeps instead of recomputing must be exactly what it would have computed:
// the fatigue decay weight Population.touch reuses across users, checked against the uncached
// rule bit for bit.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decayExposure } from "../../../models/fatigue.js";
import { Population } from "../../../sim/platform/population.js";
import { DAY, HOUR } from "../helpers.js";
import { SEED } from "../../seed.js";

describe("Population.touch", () => {
  it(`property (seed ${SEED}): returns decayExposure of the stored exposure, whatever the order of users and times`, () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ user: fc.nat(7), dt: fc.oneof(fc.constant(0), fc.nat(3 * DAY)), again: fc.boolean() }), { maxLength: 80 }),
        fc.constantFrom(DAY, 7 * DAY, 1.5 * HOUR),
        (steps, window) => {
          const pop = new Population(4);
          for (let i = 0; i < 8; i++) pop.add(0, 0, false);
          // The reference: the same Float32 columns, decayed with the model's function every time.
          const e = new Float32Array(8);
          const at = new Float32Array(8);
          let now = 0;
          for (const s of steps) {
            // `again`: the next user is touched at the same time, as in a pump batch.
            if (!s.again) now += s.dt;
            const want = decayExposure(e[s.user], now - at[s.user], window);
            e[s.user] = want + 1;
            at[s.user] = now;
            expect(pop.touch(s.user, now, window)).toBe(want);
          }
          expect(Array.from(pop.fatigue.subarray(0, 8))).toEqual(Array.from(e));
        },
      ),
      { seed: SEED },
    );
  });
});
