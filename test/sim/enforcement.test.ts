// The enforcement ladder in a run: the hostile example reaches it, every step is dated, each
// block lasts its duration and keeps the campaign in `enforcement` paralysis.
import { describe, expect, it } from "vitest";
import { PARALYSIS_CAUSES, type RunEvent } from "../../sim/result.js";
import { simulate } from "../../sim/run.js";
import { configFromFile, configFromText, DAY } from "./helpers.js";

const HOSTILE = "scenarios/policy-enforcement.yaml";

type Restricted = Extract<RunEvent, { type: "account-restricted" }>;
const isRestricted = (e: RunEvent): e is Restricted => e.type === "account-restricted";

describe("policy enforcement in a run", () => {
  const result = simulate(configFromFile(HOSTILE));
  const restricted = result.events.filter(isRestricted);
  const steps = restricted.filter((e) => e.step !== undefined);

  it("the hostile example climbs the ladder in order, each step dated, each block as long as its step says", () => {
    expect(steps.map((e) => e.restriction)).toEqual(["warning", "business-initiated", "business-initiated", "all-messaging", "all-messaging", "all-messaging"]);
    expect(steps.map((e) => e.step)).toEqual([1, 2, 3, 4, 5, 6]);
    const days = steps.map((e) => (e.until === null ? Infinity : (Date.parse(e.until) - Date.parse(e.at)) / DAY));
    expect(days).toEqual([0, 1, 3, 5, 7, 30]);
    // A step is taken only after the previous block has ended, with the spam rate limit (131048) before the first.
    for (let i = 1; i < steps.length; i++) expect(Date.parse(steps[i].at)).toBeGreaterThanOrEqual(Date.parse(steps[i - 1].until as string));
    expect(Date.parse(restricted[0].at)).toBeLessThan(Date.parse(steps[0].at));
    expect(restricted[0]).toMatchObject({ restriction: "spam-rate-limit", until: null });
    // Every block that ends within the horizon is lifted at its end.
    const lifted = result.events.filter((e) => e.type === "account-restriction-lifted" && !("restriction" in e && e.restriction === "spam-rate-limit")).map((e) => e.at);
    const ends = steps.filter((e) => e.until !== null && e.until !== e.at && Date.parse(e.until) < Date.parse(result.end)).map((e) => e.until);
    expect(lifted).toEqual(ends);
  });

  it("reports enforcement paralysis, covering the blocks the campaign wanted to send through", () => {
    const hours = result.summary.paralysis.byCause.enforcement ?? 0;
    // Blocks of 1 + 3 + 5 + 7 days and 30 days from the last step to the horizon, in a 10-hour daily window.
    expect(hours).toBeGreaterThan(10 * (1 + 3 + 5 + 7));
    // An episode is one continuous stall: the one covering the first block may have begun earlier
    // (the spam rate limit stalls the campaign too) and ends after it.
    const episodes: Array<[number, number]> = [];
    let from: number | null = null;
    for (const e of result.events) {
      if (e.type === "paralysis-started" && e.cause === "enforcement") from = Date.parse(e.at);
      if (e.type === "paralysis-ended" && e.cause === "enforcement" && from !== null) {
        episodes.push([from, Date.parse(e.at)]);
        from = null;
      }
    }
    if (from !== null) episodes.push([from, Date.parse(result.end)]);
    const block = steps[1];
    expect(episodes.some(([a, b]) => a <= Date.parse(block.at) && b >= Date.parse(block.until as string))).toBe(true);
    expect(result.summary.failuresByCode["131048"]).toBeGreaterThan(0);
    // Nothing is delivered while a block is in force.
    const blockedDays = steps.filter((e) => e.restriction !== "warning").flatMap((e) => {
      const from = Date.parse(e.at);
      const to = e.until === null ? Date.parse(result.end) : Date.parse(e.until);
      return result.daily.filter((d) => Date.parse(`${d.date}T00:00:00+05:30`) >= from && Date.parse(`${d.date}T00:00:00+05:30`) + DAY <= to);
    });
    expect(blockedDays.length).toBeGreaterThan(10);
    for (const d of blockedDays) expect(d.delivered).toBe(0);
  });

  it("a clean sender never meets the ladder", () => {
    const clean = simulate(configFromFile("scenarios/quickstart.yaml"));
    expect(clean.events.some((e) => e.type === "account-restricted")).toBe(false);
  });

  it("with enforcement disabled the hostile sender is never restricted (enabled, the same run is)", () => {
    const text = (enabled: boolean) => `
name: hostile without enforcement
rules: meta-2025-10
overrides: { enforcement.enabled: ${enabled} }
start: 2026-06-01T00:00:00Z
days: 6
seed: 13
business: { verification: verified, limit: 10000, quality: GREEN }
templates: [{ name: blast, category: MARKETING, replacement: { after: 2h } }]
audience:
  optedIn: 50000
  markets: { IN: 1 }
  segments: [{ name: bought, share: 1, read: 0.25, reply: 0, block: 0.06, report: 0.03, optOut: 0, inboundPerDay: 0 }]
campaigns:
  - { name: daily, template: blast, cadence: daily, window: "10:00-20:00", throttle: { policy: fill-limit } }
`;
    const off = simulate(configFromText(text(false)));
    expect(off.events.some((e) => e.type === "account-restricted")).toBe(false);
    expect(off.summary.paralysis.byCause.enforcement).toBeUndefined();
    const on = simulate(configFromText(text(true)));
    expect(on.events.filter(isRestricted).filter((e) => e.step !== undefined).length).toBeGreaterThan(1);
    expect(on.summary.paralysis.byCause.enforcement).toBeGreaterThan(0);
  });

  it("every paralysis cause of the result enum has a mechanism that produces it", () => {
    // Produced in this file (enforcement), test/sim/flagged.test.ts (number-flagged) and the examples.
    expect([...PARALYSIS_CAUSES].sort()).toEqual(
      ["enforcement", "messaging-limit", "number-flagged", "per-user-cap", "portfolio-review", "template-disabled", "template-paused", "template-pending", "template-rejected", "throughput"].sort(),
    );
    expect(result.summary.paralysis.byCause.enforcement).toBeGreaterThan(0);
  });
});
