// The legacy Flagged status in a run: one order for same-instant events (the rating evaluated
// at a flag's end decides it), the exit timing as a parameter, and the paralysis it causes.
import { describe, expect, it } from "vitest";
import { createPlatform } from "../../sim/platform/index.js";
import { configFromText, DAY, HOUR, runText } from "./helpers.js";

const scenario = (overrides: string, campaign = "plan: [{ at: 2024-03-04T10:00:00Z, count: 1 }]"): string => `
name: flagged
rules: meta-2023-11
overrides: { templates.pacing.from: null, ${overrides} }
start: 2024-03-04T00:00:00Z
days: 14
seed: 5
business: { verification: verified, limit: 1000, quality: RED }
templates: [{ name: note, category: UTILITY }]
audience:
  optedIn: 5000
  markets: { BR: 1 }
  undeliverable: 0
  segments: [{ name: all, share: 1, read: 0.6, reply: 0, block: 0, report: 0, optOut: 0, inboundPerDay: 0 }]
campaigns:
  - name: notices
    template: note
    ${campaign}
`;

describe("legacy Flagged in a run", () => {
  it("a rating evaluated at the very instant the flag ends decides it: Connected, no downgrade", () => {
    // A number that starts RED is Flagged until day 7, 00:00 — an evaluation tick. Clean
    // deliveries half an hour before make that tick rate it GREEN.
    const p = createPlatform(configFromText(scenario("")));
    for (let u = 0; u < 400; u++) p.send(7 * DAY - 30 * 60_000 + Math.floor(u / 80) * 1000, u, 0);
    p.advanceTo(7 * DAY + 2 * HOUR);
    const at7 = p.events.filter((e) => e.at === "2024-03-11T00:00:00.000Z" && (e.type === "quality-changed" || e.type === "status-changed"));
    expect(at7).toEqual([
      { at: "2024-03-11T00:00:00.000Z", type: "quality-changed", scope: "number", from: "RED", to: "GREEN", phone: "main" },
      { at: "2024-03-11T00:00:00.000Z", type: "status-changed", number: "main", from: "FLAGGED", to: "CONNECTED" },
    ]);
    expect(p.events.some((e) => e.type === "limit-changed")).toBe(false);
    expect(p.platform.limitOf(0)).toBe(1000);
  });

  it("a campaign held at its limit while Flagged is in number-flagged paralysis until the flag ends (exit day-7)", () => {
    const daily = `cadence: daily
    window: "09:00-21:00"
    throttle: { policy: fill-limit }`;
    const r = runText(scenario("", daily));
    const flagged = r.events.filter((e) => e.type === "paralysis-started" && e.cause === "number-flagged");
    expect(flagged.length).toBeGreaterThan(0);
    // Quality is GREEN after the first hour of clean sends, but the status holds until day 7.
    expect(r.events.find((e) => e.type === "status-changed")).toMatchObject({ at: "2024-03-11T00:00:00.000Z", from: "FLAGGED", to: "CONNECTED" });
    expect(flagged.every((e) => Date.parse(e.at) < Date.parse("2024-03-11T00:00:00.000Z"))).toBe(true);
    expect(r.summary.paralysis.byCause["number-flagged"]).toBeGreaterThan(24);
    // Connected with usage well past half the limit: the upgrade follows 24 h later.
    expect(r.events.find((e) => e.type === "limit-changed")).toMatchObject({ at: "2024-03-12T00:00:00.000Z", from: 1000, to: 10000, reason: "auto-scale" });
  });

  it("with exit on-recovery the flag lifts at the first GREEN rating: number-flagged lasts until that evaluation only", () => {
    const daily = `cadence: daily
    window: "09:00-21:00"
    throttle: { policy: fill-limit }`;
    const r = runText(scenario("downgrade.exit: on-recovery", daily));
    // The first sends at 09:00 fill the limit in seconds; the 10:00 evaluation rates them GREEN.
    expect(r.summary.paralysis.byCause["number-flagged"]).toBeGreaterThan(0.9);
    expect(r.summary.paralysis.byCause["number-flagged"]).toBeLessThanOrEqual(1);
    const lifted = r.events.find((e) => e.type === "status-changed");
    expect(Date.parse(lifted!.at)).toBeLessThan(Date.parse("2024-03-05T00:00:00.000Z"));
  });
});
