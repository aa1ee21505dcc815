// Paralysis: an interval in which a campaign wants to send and cannot, with its cause.
import { describe, expect, it } from "vitest";
import { runText } from "./helpers.js";
import type { RunEvent } from "../../sim/result.js";

function scenario(parts: { template?: string; campaign?: string; business?: string; optedIn?: number; days?: number }): string {
  return `
name: paralysis
rules: meta-2025-10
start: 2026-03-02T00:00:00Z
days: ${parts.days ?? 3}
timezone: UTC
business: ${parts.business ?? "{ verification: verified }"}
templates:
  - ${parts.template ?? "{ name: notice, category: UTILITY }"}
audience:
  optedIn: ${parts.optedIn ?? 1000}
  undeliverable: 0
  segments: [{ name: all, share: 1, read: 0.8, reply: 0, block: 0, report: 0, optOut: 0, inboundPerDay: 0 }]
campaigns:
  - ${parts.campaign ?? "{ name: c, template: notice }"}
`;
}

const episodes = (events: RunEvent[], cause: string): RunEvent[] => events.filter((e) => e.type === "paralysis-started" && e.cause === cause);

describe("paralysis causes", () => {
  it("a template in review stalls the campaign until it is approved (template-pending)", () => {
    const r = runText(scenario({ template: "{ name: notice, category: UTILITY, status: PENDING, review: { median: 2h, p95: 3h } }" }));
    expect(episodes(r.events, "template-pending")).toHaveLength(1);
    const approved = r.events.find((e) => e.type === "template-status-changed" && e.to === "APPROVED")!;
    const ended = r.events.find((e) => e.type === "paralysis-ended" && e.cause === "template-pending")!;
    expect(ended.at).toBe(approved.at);
    expect(r.summary.paralysis.byCause["template-pending"]).toBeGreaterThan(0.5);
    expect(r.summary.messages.delivered).toBe(1000);
  });

  it("a sender faster than the number's 80 msg/s is refused with 130429 and backs off (throughput)", () => {
    const r = runText(scenario({ optedIn: 2000, campaign: "{ name: c, template: notice, throttle: { policy: fixed-rate, rate: 100 } }" }));
    expect(r.summary.failuresByCode["130429"]).toBeGreaterThan(0);
    expect(r.summary.paralysis.byCause.throughput).toBeGreaterThan(0);
    expect(r.summary.messages.delivered).toBe(2000);
  });

  it("the refusal code comes from the rule set, so overriding throughput.code takes effect", () => {
    const text = scenario({ optedIn: 2000, campaign: "{ name: c, template: notice, throttle: { policy: fixed-rate, rate: 100 } }" }).replace(
      "rules: meta-2025-10",
      'rules: meta-2025-10\noverrides: { "throughput.code": 4 }',
    );
    const r = runText(text);
    expect(r.summary.failuresByCode["4"]).toBeGreaterThan(0);
    expect(r.summary.failuresByCode["130429"]).toBeUndefined();
  });

  it("the same sender at 60 msg/s is never refused", () => {
    const r = runText(scenario({ optedIn: 2000, campaign: "{ name: c, template: notice, throttle: { policy: fixed-rate, rate: 60 } }" }));
    expect(r.summary.failuresByCode["130429"]).toBeUndefined();
    expect(r.summary.paralysis.episodes).toBe(0);
  });

  it("a limit that frees a few users a day is one long messaging-limit episode, not one per burst", () => {
    const r = runText(scenario({ optedIn: 3000, business: "{ verification: none }", days: 3 }));
    const starts = episodes(r.events, "messaging-limit");
    expect(starts).toHaveLength(1);
    const end = r.events.find((e) => e.type === "paralysis-ended" && e.cause === "messaging-limit") as Extract<RunEvent, { type: "paralysis-ended"; hours: number }>;
    expect(end.at).toBe(r.end);
    expect(end.hours).toBeGreaterThan(71.9);
    expect(r.summary.messages.delivered).toBe(750);
  });

  it("a limit stall ends when the limit rises and the rest goes out", () => {
    const r = runText(scenario({ optedIn: 1500, business: "{ verification: none, verifiedAt: 2026-03-02T12:00:00Z }", days: 3 }));
    const up = r.events.find((e) => e.type === "limit-changed")!;
    const end = r.events.find((e) => e.type === "paralysis-ended" && e.cause === "messaging-limit")!;
    expect(end.at).toBe(up.at);
    expect(r.summary.messages.delivered).toBe(1500);
  });
});
