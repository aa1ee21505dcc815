// Values the hot path keeps instead of recomputing must be exactly what it would have computed:
// the fatigue decay weight Population.touch reuses across users, and the per-user-cap phase Caps
// draws once per user. Both are checked against the uncached rule, bit for bit.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decayExposure } from "../../../models/fatigue.js";
import { PerUserMarketingCap } from "../../../models/throughput/index.js";
import { Caps } from "../../../sim/platform/caps.js";
import type { PlatformContext } from "../../../sim/platform/context.js";
import { Draws } from "../../../sim/platform/draws.js";
import { Population } from "../../../sim/platform/population.js";
import { configFromText, DAY, HOUR } from "../helpers.js";
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

const SCENARIO = `
name: phases
rules: meta-2025-10
start: 2026-03-02T00:00:00Z
days: 10
business: { verification: verified, limit: null, phoneNumbers: [{ id: main, mps: 1000 }] }
templates: [{ name: promo, category: MARKETING }]
audience:
  optedIn: 40
  markets: { IN: 1 }
  segments: [{ name: all, share: 1, read: 0.5, reply: 0, block: 0, report: 0, optOut: 0, inboundPerDay: 0, marketingBudget: 2 }]
campaigns: [{ name: c, template: promo, cadence: daily }]
`;

describe("Caps", () => {
  it(`property (seed ${SEED}): decides as the cap fed a fresh phase draw on every call, including users added after it was built`, () => {
    const cfg = configFromText(SCENARIO);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.array(fc.record({ user: fc.nat(99), dt: fc.nat(8 * HOUR) }), { minLength: 1, maxLength: 120 }),
        (seed, sends) => {
          const draws = new Draws(seed);
          const ctx = { rs: cfg.ruleSet, cfg, draws } as unknown as PlatformContext;
          // Built at capacity 16, then users up to 99 opt in: the kept phases must grow.
          const pop = new Population(16);
          const caps = new Caps(ctx, pop);
          for (let i = 0; i < 100; i++) pop.add(0, 0, false);
          const plain = new PerUserMarketingCap(cfg.ruleSet, { phase: (u) => draws.capPhase(u), others: (u, p) => draws.othersUse(u, p) }, { epochOffset: cfg.startEpoch, budgets: [2], initialCapacity: 16 });
          const market = plain.marketClass("IN");
          let now = 0;
          for (const s of sends) {
            now += s.dt;
            expect(caps.admit(s.user, 0, now, false)).toBe(plain.admitIn(s.user, 0, now, market, false, false));
          }
        },
      ),
      { seed: SEED },
    );
  });
});
