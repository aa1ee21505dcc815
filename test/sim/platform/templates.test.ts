// The template side of the platform in a whole run: the pause ladder needs new feedback to
// climb, the business edits or replaces templates as the scenario says, and exact thresholds
// decide a template nobody reads.
import { describe, expect, it } from "vitest";
import type { RunEvent } from "../../../sim/result.js";
import { configFromText, runWithTrace } from "../helpers.js";
import { simulate } from "../../../sim/run.js";

/** Plan entries of 1,500 sends to fresh ES users; blocks at `block`; the hourly rating off (minDelivered high), so pacing judges. */
function scenario(o: { block: number; read?: number; templateExtra?: string; entries: string[]; days?: number; overrides?: Record<string, unknown> }): string {
  return `
name: reactions
rules: meta-2025-10
start: 2026-03-02T00:00:00Z
days: ${o.days ?? 3}
timezone: UTC
seed: 5
overrides: ${JSON.stringify({ "templates.quality.minDelivered": 100_000, "enforcement.enabled": false, ...o.overrides })}
business: { verification: verified, limit: 100000, templatesLast365d: 10000000 }
templates:
  - { name: deal, category: MARKETING, review: { median: 10m, p95: 20m }${o.templateExtra ?? ""} }
audience:
  optedIn: 40000
  undeliverable: 0
  markets: { ES: 1 }
  segments:
    - { name: all, share: 1, read: ${o.read ?? 1}, reply: 0, block: ${o.block}, report: 0, optOut: 0, inboundPerDay: 0 }
campaigns:
  - name: blast
    template: deal
    plan:
${o.entries.map((at) => `      - { at: ${at}, count: 1500 }`).join("\n")}
`;
}

const statuses = (events: RunEvent[]) =>
  events.filter((e) => e.type === "template-status-changed").map((e) => {
    const s = e as { at: string; to: string; reason: string; template: string };
    return `${s.at.slice(11, 16)} ${s.template} ${s.reason}`;
  });

describe("the pause ladder", () => {
  it("climbs 3 h, 6 h, disabled only on new bad feedback — and a replacement takes over", () => {
    const { result, trace } = runWithTrace(
      configFromText(
        scenario({
          block: 0.05,
          templateExtra: ", replacement: { after: 2h }",
          entries: ["2026-03-02T09:00:00Z", "2026-03-02T14:00:00Z", "2026-03-02T22:00:00Z", "2026-03-03T09:00:00Z"],
        }),
      ),
    );
    const s = statuses(result.events);
    expect(s.slice(0, 6)).toEqual(["10:00 deal FIRST_PAUSE", "13:00 deal UNPAUSE", "15:00 deal SECOND_PAUSE", "21:00 deal UNPAUSE", "23:00 deal DISABLED", "01:00 deal_v2 REPLACEMENT_SUBMITTED"]);
    const replaced = result.events.find((e) => e.type === "template-replaced") as { at: string; template: string; replacement: string } | undefined;
    expect(replaced).toMatchObject({ template: "deal", replacement: "deal_v2" });
    expect(Date.parse(replaced!.at)).toBeGreaterThan(Date.parse("2026-03-03T01:00:00Z"));
    expect(Date.parse(replaced!.at)).toBeLessThan(Date.parse("2026-03-03T09:00:00Z"));
    // The next day's sends go out under the new name.
    expect(trace.filter((r) => r.at >= "2026-03-03T09:00:00Z").every((r) => r.template === "deal_v2")).toBe(true);
    expect(trace.some((r) => r.at >= "2026-03-03T09:00:00Z")).toBe(true);
  });

  it("does not climb without new deliveries: a template left alone after a pause stays APPROVED", () => {
    const { result } = runWithTrace(configFromText(scenario({ block: 0.05, entries: ["2026-03-02T09:00:00Z"], days: 5 })));
    expect(statuses(result.events)).toEqual(["10:00 deal FIRST_PAUSE", "13:00 deal UNPAUSE"]);
  });

  it("onPause: edit sends a paused template back to review at once, with no feedback on record", () => {
    const { result } = runWithTrace(
      configFromText(scenario({ block: 0.05, templateExtra: ", onPause: edit", entries: ["2026-03-02T09:00:00Z", "2026-03-02T11:00:00Z"] })),
    );
    const s = statuses(result.events);
    expect(s.slice(0, 2)).toEqual(["10:00 deal FIRST_PAUSE", "10:00 deal RESUBMITTED"]);
    expect(s[2]).toMatch(/^10:\d\d deal APPROVED$/);
    // The 11:00 entry is sent after the approval, as a new assessment (paced again).
    expect(result.events.filter((e) => e.type === "template-paced")).toHaveLength(2);
  });
});

describe("exact thresholds", () => {
  it("a template nobody reads and nobody complains about is exactly at the YELLOW threshold: YELLOW, never RED", () => {
    const text = scenario({ block: 0, read: 0, entries: ["2026-03-02T09:00:00Z"], overrides: { "templates.quality.minDelivered": 100 } });
    const result = simulate(configFromText(text));
    const q = result.events.filter((e) => e.type === "template-quality-changed").map((e) => (e as { to: string }).to);
    expect(q).toContain("YELLOW");
    expect(q).not.toContain("RED");
    expect(statuses(result.events)).toEqual([]);
  });
});

describe("the scaling quality gate", () => {
  // A portfolio whose blocks keep it YELLOW: 2,000 → 10,000 needs 1,000 users in 7 days. The
  // band between YELLOW and RED is narrow on 1,500 deliveries: at 0.6 % blocks this seed's
  // rating settles on YELLOW and stays short of RED (the test checks the YELLOW itself).
  const yellow = (gate?: string) =>
    `
name: gate
rules: meta-2025-10
start: 2026-03-02T00:00:00Z
days: 3
timezone: UTC
seed: 1
overrides: ${gate ? `{ autoScale.qualityGate: ${gate}, autoScale.delayMode: fixed }` : "{ autoScale.delayMode: fixed }"}
business: { verification: verified, templatesLast365d: 10000000 }
templates: [{ name: note, category: UTILITY }]
audience:
  optedIn: 5000
  undeliverable: 0
  segments: [{ name: all, share: 1, read: 0.9, reply: 0, block: 0.006, report: 0, optOut: 0, inboundPerDay: 0 }]
campaigns:
  - name: once
    template: note
    plan: [{ at: 2026-03-02T09:00:00Z, count: 1500 }]
`;

  it("scales a YELLOW portfolio only when the gate admits YELLOW (the 2025 default admits GREEN and unrated only)", () => {
    const strict = simulate(configFromText(yellow()));
    expect(strict.events.some((e) => e.type === "quality-changed" && (e as { to: string }).to === "YELLOW")).toBe(true);
    expect(strict.summary.reachedAt["10000"]).toBeNull();
    const lenient = simulate(configFromText(yellow("[GREEN, YELLOW, UNKNOWN]")));
    expect(lenient.summary.reachedAt["10000"]).not.toBeNull();
  });
});
