import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TEMPLATE_NOT_APPROVED_CODE, TemplateState, type TemplateTransition } from "../../models/templates/lifecycle.js";
import { TemplateQualityMeter } from "../../models/templates/quality.js";
import { inverseNormalCdf, reviewDelay } from "../../models/templates/review.js";
import { ruleSet as meta2025 } from "../../models/rules/meta-2025-10.js";
import type { Quality, RuleSet } from "../../models/rules/types.js";
import { SEED } from "../seed.js";
import { MINUTE as MIN, HOUR, DAY } from "../../models/duration.js";

const rs = meta2025;

describe("TemplateState", () => {
  it("review: PENDING → APPROVED or REJECTED; resubmit goes back to PENDING", () => {
    const t = new TemplateState(rs);
    expect(t.sendCode(0)).toBe(TEMPLATE_NOT_APPROVED_CODE);
    expect(t.reviewed(false, 10)).toEqual([{ at: 10, kind: "status", from: "PENDING", to: "REJECTED", reason: "REJECTED" }]);
    expect(t.sendCode(20)).toBe(132001);
    expect(t.resubmit(30)).toEqual([{ at: 30, kind: "status", from: "REJECTED", to: "PENDING", reason: "RESUBMITTED" }]);
    expect(t.reviewed(true, 40)[0].to).toBe("APPROVED");
    expect(t.sendCode(50)).toBe(0);
    expect(t.reviewed(false, 60)).toEqual([]);
  });

  it("pause ladder: 3 h, then 6 h, then DISABLED for good; quality reset to UNKNOWN on unpause", () => {
    const t = new TemplateState(rs, "APPROVED");
    const a = t.observeQuality("RED", HOUR);
    expect(a).toEqual([
      { at: HOUR, kind: "quality", from: "UNKNOWN", to: "RED" },
      { at: HOUR, kind: "status", from: "APPROVED", to: "PAUSED", reason: "FIRST_PAUSE" },
    ]);
    expect(t.sendCode(HOUR)).toBe(132015);
    expect(t.nextDueAt()).toBe(4 * HOUR);
    expect(t.sendCode(4 * HOUR)).toBe(0);
    expect(t.advance(4 * HOUR)).toEqual([
      { at: 4 * HOUR, kind: "status", from: "PAUSED", to: "APPROVED", reason: "UNPAUSE" },
      { at: 4 * HOUR, kind: "quality", from: "RED", to: "UNKNOWN" },
    ]);
    expect(t.observeQuality("RED", 5 * HOUR).at(-1)).toMatchObject({ to: "PAUSED", reason: "SECOND_PAUSE" });
    expect(t.nextDueAt()).toBe(11 * HOUR);
    // A RED observation after the pause ran out unpauses first, then disables.
    const c = t.observeQuality("RED", 12 * HOUR);
    expect(c.flatMap((x) => (x.kind === "status" ? [x.to] : []))).toEqual(["APPROVED", "DISABLED"]);
    expect(t.status).toBe("DISABLED");
    expect(t.sendCode(100 * DAY)).toBe(132016);
    expect(t.advance(100 * DAY)).toEqual([]);
    expect(t.unpause(100 * DAY)).toEqual([]);
    expect(t.resubmit(100 * DAY)).toEqual([]);
    expect(t.pauseCount(100 * DAY)).toBe(3);
  });

  it("manual unpause and edits of a paused template", () => {
    const t = new TemplateState(rs, "APPROVED");
    t.observeQuality("RED", 0);
    expect(t.unpause(HOUR)[0]).toMatchObject({ at: HOUR, to: "APPROVED", reason: "UNPAUSE" });
    t.observeQuality("RED", 2 * HOUR);
    expect(t.resubmit(3 * HOUR)).toEqual([
      { at: 3 * HOUR, kind: "status", from: "PAUSED", to: "PENDING", reason: "RESUBMITTED" },
      { at: 3 * HOUR, kind: "quality", from: "RED", to: "UNKNOWN" },
    ]);
    expect(t.nextDueAt()).toBeNull();
  });

  it("pauses are counted within pauseCountWindow when the rule set sets one", () => {
    const windowed: RuleSet = { ...rs, templates: { ...rs.templates, pauseCountWindow: 2 * DAY } };
    const t = new TemplateState(windowed, "APPROVED");
    t.observeQuality("RED", 0);
    t.advance(3 * HOUR);
    t.observeQuality("RED", 3 * DAY);
    expect(t.nextDueAt()).toBe(3 * DAY + 3 * HOUR); // the first pause left the window: 3 h again
  });
});

type Obs = { dt: number; q: Quality } | { dt: number; unpause: true };
const obsArb: fc.Arbitrary<Obs> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ dt: fc.nat(8 * HOUR), q: fc.constantFrom<Quality>("GREEN", "YELLOW", "RED", "UNKNOWN") }) },
  { weight: 1, arbitrary: fc.record({ dt: fc.nat(8 * HOUR), unpause: fc.constant(true as const) }) },
);

describe(`pause ladder property (seed ${SEED})`, () => {
  it("pauses last 3 h then 6 h, the third RED disables, and DISABLED never changes", () => {
    fc.assert(
      fc.property(fc.array(obsArb, { maxLength: 60, size: "medium" }), (obs) => {
        const t = new TemplateState(rs, "APPROVED");
        const all: TemplateTransition[] = [];
        let now = 0;
        for (const o of obs) {
          now += o.dt;
          for (let due = t.nextDueAt(); due !== null && due <= now; due = t.nextDueAt()) all.push(...t.advance(due));
          if ("q" in o) all.push(...t.observeQuality(o.q, now));
          else all.push(...t.unpause(now));
          // The send code follows the status after every change (sendCode keeps "approved" apart).
          expect(t.sendCode(now)).toBe({ APPROVED: 0, PAUSED: 132015, DISABLED: 132016 }[t.status as "APPROVED" | "PAUSED" | "DISABLED"]);
        }
        const status = all.filter((x) => x.kind === "status");
        const pauses = status.filter((x) => x.to === "PAUSED" || x.to === "DISABLED");
        expect(pauses.slice(0, 3).map((x) => x.to)).toEqual(["PAUSED", "PAUSED", "DISABLED"].slice(0, pauses.length));
        expect(pauses.length).toBeLessThanOrEqual(3);
        for (let i = 0; i < status.length; i++) {
          const s = status[i];
          if (s.to !== "PAUSED") continue;
          const nth = pauses.indexOf(s);
          const next = status[i + 1];
          // Each pause ends at its full length unless unpaused by hand (earlier) — never later.
          if (next) {
            expect(next.at - s.at).toBeLessThanOrEqual([3 * HOUR, 6 * HOUR][nth]);
            if (next.at - s.at < [3 * HOUR, 6 * HOUR][nth]) expect(obs.some((o) => "unpause" in o)).toBe(true);
          }
        }
        const disabledAt = status.findIndex((x) => x.to === "DISABLED");
        if (disabledAt >= 0) expect(status.length).toBe(disabledAt + 1);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe("TemplateQualityMeter", () => {
  const q: RuleSet = { ...rs, templates: { ...rs.templates, quality: { window: DAY, minDelivered: 100, yellowAt: 0.005, redAt: 0.01, lowReadRate: 0.2, readRateWeight: 0.05 } } };

  it("UNKNOWN until minDelivered, then by negative feedback", () => {
    const m = new TemplateQualityMeter(q);
    m.recordDelivered(0, 99);
    m.recordRead(0, 99);
    expect(m.rating(0)).toBe("UNKNOWN");
    m.recordDelivered(0, 901);
    m.recordRead(0, 901);
    expect(m.rating(0)).toBe("GREEN");
    for (let i = 0; i < 5; i++) m.recordFeedback(0, false);
    expect(m.rating(0)).toBe("YELLOW"); // 5 / 1,000: exactly the YELLOW threshold
    for (let i = 0; i < 2; i++) m.recordFeedback(0, true);
    expect(m.rating(0)).toBe("RED"); // (5 + 2 × 3) / 1,000 = 0.011: a report weighs 3 blocks in all
    expect(m.rating(DAY + HOUR)).toBe("UNKNOWN");
  });

  it("a read rate below lowReadRate adds a penalty proportional to the shortfall", () => {
    const m = new TemplateQualityMeter(q);
    m.recordDelivered(0, 1_000);
    m.recordRead(0, 100); // 10 % read: shortfall 0.1 × 0.05 = 0.005
    expect(m.score(0).score).toBeCloseTo(0.005, 12);
    expect(m.rating(0)).toBe("YELLOW");
    m.reset(HOUR);
    expect(m.rating(HOUR)).toBe("UNKNOWN");
  });
});

describe("reviewDelay and inverseNormalCdf", () => {
  it("matches reference quantiles of the standard normal", () => {
    expect(inverseNormalCdf(0.5)).toBeCloseTo(0, 12);
    expect(inverseNormalCdf(0.975)).toBeCloseTo(1.959963984540054, 8);
    expect(inverseNormalCdf(0.001)).toBeCloseTo(-3.090232306167813, 8);
    expect(inverseNormalCdf(1e-10)).toBeCloseTo(-6.361340902404056, 7);
    expect(inverseNormalCdf(0.9)).toBeCloseTo(1.2815515655446004, 8);
    expect(inverseNormalCdf(0)).toBe(-Infinity);
    expect(inverseNormalCdf(1)).toBe(Infinity);
  });

  it("hits the median at u = 0.5 and the p95 at u = 0.95, capped at the maximum", () => {
    expect(reviewDelay(30 * MIN, 10 * HOUR, DAY, 0.5)).toBe(30 * MIN);
    expect(reviewDelay(30 * MIN, 10 * HOUR, DAY, 0.95)).toBe(10 * HOUR);
    expect(reviewDelay(30 * MIN, 10 * HOUR, DAY, 0.9999)).toBe(DAY);
    expect(reviewDelay(30 * MIN, 10 * MIN, DAY, 0.99)).toBe(30 * MIN);
    expect(reviewDelay(30 * MIN, 10 * HOUR, DAY, 0)).toBeGreaterThanOrEqual(1);
  });

  it(`is monotonic in u and bounded by (0, max] (seed ${SEED})`, () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const x = reviewDelay(20 * MIN, 8 * HOUR, DAY, lo);
        const y = reviewDelay(20 * MIN, 8 * HOUR, DAY, hi);
        expect(x).toBeLessThanOrEqual(y);
        expect(x).toBeGreaterThan(0);
        expect(y).toBeLessThanOrEqual(DAY);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });
});
