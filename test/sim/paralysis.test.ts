// Paralysis: an interval in which a campaign wants to send and cannot, with its cause.
import { describe, expect, it } from "vitest";
import { configFromFile, runText } from "./helpers.js";
import { simulate } from "../../sim/run.js";
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

describe("one episode per continuous stall", () => {
  type Ended = Extract<RunEvent, { type: "paralysis-ended"; hours: number }>;
  const ended = (events: RunEvent[], cause: string): Ended[] => events.filter((e): e is Ended => e.type === "paralysis-ended" && e.cause === cause);

  it("a template rejected for good is one episode over every day, its hours counted inside the send window", () => {
    // Rejected on its first review and never resubmitted: the campaign cannot send for the rest of the run.
    const r = runText(
      scenario({
        days: 4,
        template: "{ name: notice, category: UTILITY, status: PENDING, review: { median: 1m, p95: 2m, rejectProbability: 1, resubmitAfter: null } }",
        campaign: '{ name: c, template: notice, window: "09:00-17:00" }',
      }),
    );
    expect(episodes(r.events, "template-rejected")).toHaveLength(1);
    const [end] = ended(r.events, "template-rejected");
    expect(end.ongoing).toBe(true);
    // It ends where its clock stopped: the last window's close, on the last day.
    expect(end.at).toBe("2026-03-05T17:00:00.000Z");
    // Four windows of 8 h, less the minutes of review on the first morning (the template is
    // submitted at midnight; the window opens at 09:00, by which time it is rejected).
    expect(end.hours).toBe(32);
    expect(r.summary.paralysis.episodes).toBe(1);
    expect(r.summary.paralysis.byCause["template-rejected"]).toBe(32);
    expect(r.summary.messages.attempted).toBe(0);
  });

  it("a stall that ends before the window closes and a new one the next day are two episodes", () => {
    // 250 a day for an unverified sender: the limit fills each morning and frees the next.
    const r = runText(scenario({ optedIn: 3000, business: "{ verification: none }", days: 3, campaign: '{ name: c, template: notice, window: "09:00-17:00" }' }));
    const starts = episodes(r.events, "messaging-limit");
    // Each morning the 24 h window has freed yesterday's places, so sends go out first: a new stall every day.
    expect(starts.length).toBe(3);
    for (const e of ended(r.events, "messaging-limit")) {
      // No hour outside 09:00–17:00 is counted.
      expect(e.hours).toBeLessThanOrEqual(8);
      expect(new Date(e.at).getUTCHours()).toBe(17);
    }
    expect(ended(r.events, "messaging-limit").at(-1)!.ongoing).toBe(true);
  });

  it("waiting for capped users stops counting when the send window closes (quickstart)", () => {
    const r = simulate(configFromFile("scenarios/quickstart.yaml"));
    const capped = ended(r.events, "per-user-cap");
    expect(capped.length).toBeGreaterThan(5);
    const local = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Madrid", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    for (const e of capped) {
      // The window is 10:00–20:00 Madrid time: an episode lasts at most its 10 h and ends by its
      // close. (The window is measured from local midnight, so on 29 Mar, when clocks go forward,
      // it closes at 21:00 wall-clock time: a known limit of the send-window model.)
      expect(e.hours).toBeLessThanOrEqual(10);
      if (e.at < "2026-03-29") expect(local.format(new Date(e.at)) <= "20:00", e.at).toBe(true);
    }
  });
});
