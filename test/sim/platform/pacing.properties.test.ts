// Properties of the template side, driven through the platform component (no campaign, sends
// chosen by fast-check) and through the template status machine itself.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ruleSet as meta2025 } from "../../../models/rules/meta-2025-10.js";
import type { Quality } from "../../../models/rules/types.js";
import { TemplateState, type TemplateTransition } from "../../../models/templates/lifecycle.js";
import { DELIVERED, HELD } from "../../../sim/outcomes.js";
import { createPlatform } from "../../../sim/platform/index.js";
import type { RunEvent } from "../../../sim/result.js";
import { SEED } from "../../seed.js";
import { configFromText } from "../helpers.js";
import { HOUR, DAY } from "../../../models/duration.js";


function config(o: { block: number; read: number; seed: number }) {
  return configFromText(`
name: property
rules: meta-2025-10
start: 2026-03-02T00:00:00Z
days: 8
timezone: UTC
seed: ${o.seed}
business: { verification: verified, limit: 100000, templatesLast365d: 10000000 }
templates: [{ name: promo, category: MARKETING }]
audience:
  optedIn: 20000
  undeliverable: 0
  markets: { ES: 1 }
  segments: [{ name: all, share: 1, read: ${o.read}, reply: 0, block: ${o.block}, report: 0, optOut: 0, inboundPerDay: 0 }]
campaigns: [{ name: unused, template: promo, plan: [{ at: 2026-03-09T00:00:00Z, count: 1 }] }]
`);
}

/** Sends `count` messages to fresh users from `at`, 80 a second as a careful sender would; returns the outcomes. */
function burst(p: ReturnType<typeof createPlatform>, at: number, first: number, count: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(p.send(at + Math.floor(i / 80) * 1000, first + i, 0).outcome);
  return out;
}

const pausesAfter = (events: readonly RunEvent[], t: string) =>
  events.filter((e) => e.type === "template-status-changed" && e.at > t && ["PAUSED", "DISABLED"].includes((e as { to: string }).to));

describe(`template properties (seed ${SEED})`, () => {
  it("(a) with no delivery after an unpause there is never a further pause, whatever the history", () => {
    let paused = 0;
    fc.assert(
      fc.property(
        fc.record({ block: fc.double({ min: 0.02, max: 0.3, noNaN: true }), sends: fc.integer({ min: 300, max: 3000 }), seed: fc.nat(1000), days: fc.integer({ min: 1, max: 6 }) }),
        ({ block, sends, seed, days }) => {
          const p = createPlatform(config({ block, read: 0.5, seed }));
          burst(p, 9 * HOUR, 0, sends);
          p.advanceTo(9 * HOUR + days * DAY);
          const unpause = p.events.find((e) => e.type === "template-status-changed" && (e as { reason: string }).reason === "UNPAUSE");
          if (unpause) {
            paused++;
            expect(pausesAfter(p.events, unpause.at)).toEqual([]);
          }
        },
      ),
      { seed: SEED, numRuns: 40 },
    );
    // Not vacuous: most generated histories did pause the template.
    expect(paused).toBeGreaterThan(20);
  });

  it("(b) a template with no negative feedback and a read rate at or above lowReadRate is never paused", () => {
    fc.assert(
      fc.property(
        fc.record({
          read: fc.double({ min: meta2025.templates.quality.lowReadRate, max: 1, noNaN: true }),
          bursts: fc.array(fc.record({ hour: fc.integer({ min: 0, max: 150 }), count: fc.integer({ min: 1, max: 2500 }) }), { minLength: 1, maxLength: 5 }),
          seed: fc.nat(1000),
        }),
        ({ read, bursts, seed }) => {
          const p = createPlatform(config({ block: 0, read, seed }));
          let user = 0;
          for (const b of [...bursts].sort((x, y) => x.hour - y.hour)) {
            const at = Math.max(p.now, b.hour * HOUR);
            burst(p, at, user, b.count);
            user += b.count;
          }
          p.advanceTo(7 * DAY);
          expect(pausesAfter(p.events, "")).toEqual([]);
        },
      ),
      { seed: SEED, numRuns: 40 },
    );
  });

  it("(c) held messages never count toward the messaging limit before they are delivered", () => {
    fc.assert(
      fc.property(fc.record({ sends: fc.integer({ min: 1001, max: 4000 }), probes: fc.array(fc.integer({ min: 1, max: 3599 }), { minLength: 1, maxLength: 5 }), seed: fc.nat(1000) }), ({ sends, probes, seed }) => {
        const p = createPlatform(config({ block: 0, read: 1, seed }));
        const t0 = 9 * HOUR;
        const outcomes = burst(p, t0, 0, sends);
        const delivered = outcomes.filter((o) => o === DELIVERED).length;
        expect(outcomes.filter((o) => o === HELD).length).toBe(sends - delivered);
        const window = p.platform.rooms.limits.scopes[0].limit;
        const lastSend = t0 + Math.floor((sends - 1) / 80) * 1000;
        // Between the sends and the release (at t0 + 1 h), only the delivered ones are counted.
        for (const s of [...probes].sort((a, b) => a - b)) {
          const t = Math.max(lastSend, t0 + s * 1000);
          if (t >= t0 + HOUR) continue;
          p.advanceTo(t);
          expect(window.count(t)).toBe(delivered);
        }
        p.advanceTo(t0 + HOUR + 1);
        expect(window.count(t0 + HOUR + 1)).toBe(sends);
      }),
      { seed: SEED, numRuns: 30 },
    );
  });
});

describe(`the pause ladder (seed ${SEED})`, () => {
  it("(d) strikes always give 3 h, then 6 h, then disabled", () => {
    const q = fc.constantFrom<Quality>("GREEN", "YELLOW", "RED", "UNKNOWN");
    fc.assert(
      fc.property(fc.array(fc.record({ dt: fc.integer({ min: 0, max: 12 * HOUR }), q }), { maxLength: 60 }), (steps) => {
        const t = new TemplateState(meta2025, "APPROVED");
        const all: TemplateTransition[] = [];
        let now = 0;
        for (const s of steps) {
          now += s.dt;
          all.push(...t.observeQuality(s.q, now));
        }
        all.push(...t.advance(now + DAY));
        const status = all.filter((x): x is Extract<TemplateTransition, { kind: "status" }> => x.kind === "status");
        const pauses = status.filter((x) => x.to === "PAUSED" || x.to === "DISABLED");
        pauses.forEach((p, k) => {
          if (k < 2) {
            expect(p).toMatchObject({ to: "PAUSED", reason: k === 0 ? "FIRST_PAUSE" : "SECOND_PAUSE" });
            const unpause = status[status.indexOf(p) + 1];
            expect(unpause).toMatchObject({ to: "APPROVED", reason: "UNPAUSE", at: p.at + (k === 0 ? 3 : 6) * HOUR });
          } else {
            expect(k).toBe(2);
            expect(p).toMatchObject({ to: "DISABLED", reason: "DISABLED" });
            expect(status.indexOf(p)).toBe(status.length - 1);
          }
        });
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});
