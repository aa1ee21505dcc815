// Values the hot path keeps instead of recomputing must be exactly what it would have computed:
// the fatigue decay weight Population.touch reuses across users, checked against the uncached
// rule bit for bit; and the deliveries QualityRoom counts together before adding them to its
// meters, checked against meters fed one message at a time.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decayExposure } from "../../../models/fatigue.js";
import { Population } from "../../../sim/platform/population.js";
import { createPlatform } from "../../../sim/platform/index.js";
import { TemplateQualityMeter } from "../../../models/templates/quality.js";
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

// QualityRoom counts the deliveries (and reads) of one instant, number and template together
// and adds them to its meters in one step before anything reads or changes a meter: what it
// answers must be what meters fed one message at a time answer.
describe("QualityRoom's deliveries counted together", () => {
  const yaml = `
name: quality batches
rules: meta-2025-10
start: 2026-03-02T00:00:00Z
days: 3
business: { verification: verified, limit: null, phoneNumbers: [{ id: main }] }
templates: [{ name: a, category: MARKETING }, { name: b, category: UTILITY }]
audience:
  optedIn: 10
  segments: [{ name: all, share: 1, read: 0.5, reply: 0, block: 0, report: 0, optOut: 0, inboundPerDay: 0 }]
campaigns: [{ name: c, template: a, plan: [{ at: 2026-03-02T10:00:00Z, count: 1 }] }]
`;
  const op = fc.record({
    // 0: delivered, 1: read, 2: block, 3: report, 4: reset, 5: ask about the template, 6: about
    // the portfolio (asked apart, so that neither question settles the counts for the other),
    // 7: an earlier block becomes a report
    kind: fc.constantFrom(0, 0, 0, 1, 1, 2, 3, 4, 5, 6, 7),
    template: fc.constantFrom(0, 1),
    // Mostly the same instant (a pump batch), sometimes the next hours.
    dt: fc.oneof(fc.constant(0), fc.constant(0), fc.constant(0), fc.nat(3 * HOUR)),
    since: fc.nat(6 * HOUR),
  });

  it(`property (seed ${SEED}): the template and portfolio feedback it reads equal meters fed message by message`, () => {
    const config = configFromText(yaml);
    const rs = config.ruleSet;
    fc.assert(
      fc.property(fc.array(op, { maxLength: 120 }), (ops) => {
        const q = createPlatform(config).platform.rooms.quality;
        const meters = [new TemplateQualityMeter(rs), new TemplateQualityMeter(rs)];
        const portfolio = new TemplateQualityMeter(rs);
        let now = 0;
        for (const o of ops) {
          now += o.dt;
          const t = o.template;
          if (o.kind === 0) {
            q.recordDelivered(0, t, now);
            meters[t].recordDelivered(now);
            portfolio.recordDelivered(now);
          } else if (o.kind === 1) {
            q.recordRead(t, now);
            meters[t].recordRead(now);
            portfolio.recordRead(now);
          } else if (o.kind === 2 || o.kind === 3) {
            q.recordFeedback(0, t, now, now, o.kind === 3);
            meters[t].recordFeedback(now, o.kind === 3);
            portfolio.recordFeedback(now, o.kind === 3);
          } else if (o.kind === 7) {
            q.upgradeToReport(0, t, now, now);
            for (const m of [meters[t], portfolio]) {
              m.recordFeedback(now, true);
              m.removeBlock(now);
            }
          } else if (o.kind === 4) {
            q.resetTemplate(t, now);
            meters[t].reset(now);
          } else {
            // Asked at the exact count the reference holds, and one above it: the room must
            // hold exactly as many deliveries, and the same feedback score.
            const since = now - o.since;
            const [room, ref] =
              o.kind === 5
                ? [(min: number, bad: number) => q.templateFeedbackAtLeast(t, since, now, min, bad), meters[t]]
                : [(min: number, bad: number) => q.portfolioFeedbackAtLeast(since, now, min, bad), portfolio];
            const c = ref.counts(since, now);
            const delivered = c.delivered;
            expect(room(delivered, 0)).toBe(delivered >= 1);
            expect(room(delivered + 1, 0)).toBe(false);
            for (const bad of [0.01, 0.05, 0.2, 0.5]) expect(room(1, bad)).toBe(delivered >= 1 && ref.atLeast(c, bad));
          }
        }
      }),
      { seed: SEED },
    );
  });
});
