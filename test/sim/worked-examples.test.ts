// Meta's published ramp examples, end to end: scenario text → loader → compiler → engine.
// Exact to the minute where Meta gives a time (reference §2.4, §2.7).
import { describe, expect, it } from "vitest";
import { runText } from "./helpers.js";
import type { RunEvent, RunResult } from "../../sim/result.js";

type Plan = Array<{ at: string; count: number }>;

function scenario(rules: string, limit: number, plan: Plan, days = 6): string {
  return `
name: worked example under ${rules}
rules: ${rules}
start: 2024-03-04T00:00:00Z
days: ${days}
timezone: UTC
business: { verification: verified, limit: ${limit} }
templates: [{ name: notice, category: UTILITY }]
audience:
  optedIn: 100000
  undeliverable: 0
  segments: [{ name: all, share: 1, read: 0.8, reply: 0, block: 0, report: 0, optOut: 0, inboundPerDay: 0 }]
campaigns:
  - name: plan
    template: notice
    plan:
${plan.map((p) => `      - { at: ${p.at}, count: ${p.count} }`).join("\n")}
`;
}

function upgrades(r: RunResult): Array<{ at: string; from: unknown; to: unknown }> {
  return r.events
    .filter((e): e is Extract<RunEvent, { type: "limit-changed"; reason: string }> => e.type === "limit-changed")
    .map((e) => ({ at: e.at, from: e.from, to: e.to }));
}

const minute = (iso: string): string => iso.slice(0, 16);

describe.each(["seed-2023-02", "meta-2023-11"])("Meta's 1K → 10K examples under %s", (rules) => {
  it("500 distinct users with the 500th at 15:00 on day 1 → 10K at 15:00 on day 2", () => {
    const r = runText(
      scenario(rules, 1000, [
        { at: "2024-03-04T09:00:00Z", count: 250 },
        { at: "2024-03-04T12:00:00Z", count: 200 },
        { at: "2024-03-04T15:00:00Z", count: 50 },
      ]),
    );
    const ups = upgrades(r);
    expect(ups[0]).toMatchObject({ from: 1000, to: 10000 });
    expect(minute(ups[0].at)).toBe("2024-03-05T15:00");
    expect(minute(r.summary.reachedAt["10000"]!)).toBe("2024-03-05T15:00");
    // 500 is half of 1K but not of 10K: no second step.
    expect(ups).toHaveLength(1);
  });

  it("100 / 200 / 200 on days 1–3 with the 500th at 19:00 on day 3 → 10K at 19:00 on day 4", () => {
    const r = runText(
      scenario(rules, 1000, [
        { at: "2024-03-04T10:00:00Z", count: 100 },
        { at: "2024-03-05T10:00:00Z", count: 200 },
        { at: "2024-03-06T18:00:00Z", count: 199 },
        { at: "2024-03-06T19:00:00Z", count: 1 },
      ]),
    );
    const ups = upgrades(r);
    expect(ups).toHaveLength(1);
    expect(minute(ups[0].at)).toBe("2024-03-07T19:00");
  });

  it("499 distinct users never upgrade (the threshold is exactly half)", () => {
    const r = runText(scenario(rules, 1000, [{ at: "2024-03-04T15:00:00Z", count: 499 }]));
    expect(upgrades(r)).toHaveLength(0);
    expect(r.summary.reachedAt["10000"]).toBeNull();
  });
});

describe("current rules (meta-2025-10)", () => {
  it("1,000 distinct users at 2K → 10K no later than 6 h after the crossing, and not before it", () => {
    const r = runText(scenario("meta-2025-10", 2000, [{ at: "2024-03-04T15:00:00Z", count: 1000 }]));
    const ups = upgrades(r);
    expect(ups[0]).toMatchObject({ from: 2000, to: 10000 });
    const t = Date.parse(ups[0].at);
    const crossing = Date.parse("2024-03-04T15:00:00Z");
    expect(t).toBeGreaterThanOrEqual(crossing);
    expect(t).toBeLessThanOrEqual(crossing + 6 * 3_600_000 + 60_000);
  });

  it("999 distinct users at 2K never upgrade", () => {
    const r = runText(scenario("meta-2025-10", 2000, [{ at: "2024-03-04T15:00:00Z", count: 999 }]));
    expect(upgrades(r)).toHaveLength(0);
  });

  it("2K to unlimited in under a day with 1,000, 5,000 and 50,000 fresh users", () => {
    const r = runText(
      scenario(
        "meta-2025-10",
        2000,
        [
          { at: "2024-03-04T00:00:00Z", count: 1000 },
          { at: "2024-03-04T07:00:00Z", count: 5000 },
          { at: "2024-03-04T14:00:00Z", count: 50000 },
        ],
        2,
      ),
    );
    expect(upgrades(r).map((u) => u.to)).toEqual([10000, 100000, null]);
    expect(Date.parse(r.summary.reachedAt.unlimited!)).toBeLessThan(Date.parse("2024-03-05T00:00:00Z"));
  });
});
