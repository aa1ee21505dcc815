// Honest intervals: simulate a one-segment sender with known rates under 100 seeds, write its
// webhooks, calibrate, and count how often each true rate falls inside its fitted 95 %
// interval — at least 90 times in 100 for read, reply and opt-out (fast-check picks the seeds).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { configFromText } from "../../sim/helpers.js";
import { simulate } from "../../../sim/run.js";
import { WebhookFold } from "../../../studies/calibration/fold.js";
import { fitCalibration } from "../../../studies/calibration/fit.js";
import { SEED } from "../../seed.js";

const TRUE = { read: 0.6, reply: 0.05, optOut: 0.01 };

const SCENARIO = [
  "name: coverage",
  "rules: meta-2025-10",
  "start: 2026-03-02T00:00:00Z",
  "days: 2",
  "seed: 1",
  "business: { verification: verified }",
  "templates: [{ name: promo, category: MARKETING, status: APPROVED }]",
  `audience: { optedIn: 1500, undeliverable: 0.02, segments: [{ name: all, share: 1, read: ${TRUE.read}, reply: ${TRUE.reply}, block: 0.001, report: 0.0002, optOut: ${TRUE.optOut}, inboundPerDay: 0.01 }] }`,
  "campaigns: [{ name: c, template: promo, start: 2026-03-02, cadence: daily, window: '09:00-18:00' }]",
].join("\n");

describe("calibrate's intervals cover the truth", () => {
  it(`in at least 90 of 100 seeds (seed ${SEED})`, () => {
    const config = configFromText(SCENARIO);
    const inside = { read: 0, reply: 0, optOut: 0 };
    let runs = 0;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        const fold = new WebhookFold();
        fold.beginFile("memory");
        let n = 0;
        simulate(config, { seed, webhooks: (line) => void fold.line(line, ++n) });
        const fits = fitCalibration(fold, config.ruleSet).fits;
        runs++;
        for (const key of ["read", "reply", "optOut"] as const) if (TRUE[key] >= fits[key].lo && TRUE[key] <= fits[key].hi) inside[key]++;
      }),
      { seed: SEED, numRuns: 100 },
    );
    expect(runs).toBe(100);
    expect(inside.read, "read").toBeGreaterThanOrEqual(90);
    expect(inside.reply, "reply").toBeGreaterThanOrEqual(90);
    expect(inside.optOut, "optOut").toBeGreaterThanOrEqual(90);
  }, 600_000);
});
