// Charges in a run: conversations before conversation categories (1 Jun 2023), and utility /
// authentication volume tiers counted per market and calendar month.
import { describe, expect, it } from "vitest";
import { createPlatform } from "../../sim/platform/index.js";
import { DELIVERED } from "../../sim/outcomes.js";
import { configFromText, DAY, HOUR } from "./helpers.js";

const scenario = (rules: string, start: string, overrides = ""): string => `
name: pricing
rules: ${rules}
overrides: { templates.pacing.from: null${overrides} }
start: ${start}
days: 40
seed: 3
business: { verification: verified, limit: 100000, quality: GREEN }
templates: [{ name: notice, category: UTILITY }, { name: code, category: AUTHENTICATION }]
audience:
  optedIn: 5000
  markets: { BR: 1 }
  undeliverable: 0
  segments: [{ name: all, share: 1, read: 0.6, reply: 0, block: 0, report: 0, optOut: 0, inboundPerDay: 0 }]
# The platform is driven from outside: this campaign never runs.
campaigns:
  - { name: unused, template: notice, plan: [{ at: ${new Date(Date.parse(start) + 39 * 86_400_000).toISOString()}, count: 1 }] }
`;

// The example card's BR rates.
const BR_UTILITY = 0.0068;
const BR_AUTH = 0.0068;

describe("pricing in a run", () => {
  it("before 1 Jun 2023 one business-initiated conversation covers every template to a user; from then on each category opens its own", () => {
    for (const [start, expected] of [
      ["2023-05-01T00:00:00Z", BR_UTILITY],
      ["2023-07-03T00:00:00Z", BR_UTILITY + BR_AUTH],
    ] as const) {
      const p = createPlatform(configFromText(scenario("seed-2023-02", start)));
      expect(p.send(HOUR, 7, 0).outcome).toBe(DELIVERED);
      expect(p.send(2 * HOUR, 7, 1).outcome).toBe(DELIVERED);
      expect(p.recorder.costTotal).toBeCloseTo(expected, 10);
      // A day later the conversation has closed: the next template opens (and pays for) a new one.
      expect(p.send(2 * HOUR + DAY, 7, 0).outcome).toBe(DELIVERED);
      expect(p.recorder.costTotal).toBeCloseTo(expected + BR_UTILITY, 10);
    }
  });

  it("utility volume tiers: messages past a tier's boundary get its discount; the count restarts on the 1st of the month", () => {
    const tiers = ", pricing.volumeTiers.UTILITY: [{ from: 0, discount: 0 }, { from: 10, discount: 0.5 }]";
    const p = createPlatform(configFromText(scenario("meta-2025-10", "2026-03-30T00:00:00Z", tiers)));
    // 20 utility messages on 30 Mar and 20 more on 1 Apr, one user each.
    for (let u = 0; u < 20; u++) expect(p.send(10 * HOUR + u * 1000, u, 0).outcome).toBe(DELIVERED);
    expect(p.recorder.costTotal).toBeCloseTo(BR_UTILITY * (10 + 10 * 0.5), 10);
    for (let u = 20; u < 40; u++) expect(p.send(2 * DAY + 10 * HOUR + u * 1000, u, 0).outcome).toBe(DELIVERED);
    expect(p.recorder.costTotal).toBeCloseTo(2 * BR_UTILITY * (10 + 10 * 0.5), 10);
    // Authentication has its own count (default tiers: nowhere near the first boundary).
    p.send(2 * DAY + 11 * HOUR, 100, 1);
    expect(p.recorder.costTotal).toBeCloseTo(2 * BR_UTILITY * 15 + BR_AUTH, 10);
    // Stamped when the 11th charged message of the month is delivered (a few seconds after its send).
    const reached = p.events.filter((e) => e.type === "volume-tier-reached");
    expect(reached.map(({ at, ...e }) => ({ day: at.slice(0, 10), ...e }))).toEqual([
      { day: "2026-03-30", type: "volume-tier-reached", month: "2026-03", market: "BR", category: "UTILITY", tier: 1, from: 10, discount: 0.5 },
      { day: "2026-04-01", type: "volume-tier-reached", month: "2026-04", market: "BR", category: "UTILITY", tier: 1, from: 10, discount: 0.5 },
    ]);
  });
});
