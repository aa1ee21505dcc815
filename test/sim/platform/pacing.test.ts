// Template pacing and business-portfolio pacing on small plans with answers worked out by hand:
// who is held, when the early feedback is judged, what a release or a drop does to the count
// toward the limit, to the charge and to the sender.
import { describe, expect, it } from "vitest";
import type { RunEvent, TraceRow } from "../../../sim/result.js";
import { configFromText, runWithTrace } from "../helpers.js";

interface PlanOptions {
  category?: "MARKETING" | "UTILITY";
  block?: number;
  read?: number;
  templatesLast365d?: number;
  plan: Array<{ at: string; count: number }>;
  optedIn?: number;
  overrides?: Record<string, unknown>;
  template?: string;
  start?: string;
  days?: number;
}

/** A plan campaign from one number to ES users (exempt from the per-user cap), nobody undeliverable. */
function scenario(o: PlanOptions): string {
  const overrides = { "templates.quality.minDelivered": 100_000, ...o.overrides };
  return `
name: pacing
rules: meta-2025-10
start: ${o.start ?? "2026-03-02T00:00:00Z"}
days: ${o.days ?? 2}
timezone: UTC
seed: 3
overrides: ${JSON.stringify(overrides)}
business: { verification: verified, limit: 100000, templatesLast365d: ${o.templatesLast365d ?? 10_000_000} }
templates:
  - { name: promo, category: ${o.category ?? "MARKETING"}${o.template ?? ""} }
audience:
  optedIn: ${o.optedIn ?? 20000}
  undeliverable: 0
  markets: { ES: 1 }
  segments:
    - { name: all, share: 1, read: ${o.read ?? 1}, reply: 0, block: ${o.block ?? 0}, report: 0, optOut: 0, inboundPerDay: 0 }
campaigns:
  - name: blast
    template: promo
    plan:
${o.plan.map((p) => `      - { at: ${p.at}, count: ${p.count} }`).join("\n")}
`;
}

const of = (events: RunEvent[], type: string) => events.filter((e) => e.type === type);
const heldRows = (trace: TraceRow[]) => trace.filter((r) => r.held);

describe("template pacing", () => {
  it("sends the first 1,000, holds the rest for an hour, then releases them: counted and charged at the release", () => {
    const { result, trace } = runWithTrace(configFromText(scenario({ plan: [{ at: "2026-03-02T09:00:00Z", count: 1500 }] })));
    const m = result.summary.messages;
    expect(m.held).toBe(500);
    expect(m.delivered).toBe(1500);
    expect(of(result.events, "template-paced")).toHaveLength(1);
    // 80 messages a second: the 1,001st send goes at 09:00:12.
    expect(of(result.events, "template-paced")[0]).toMatchObject({ at: "2026-03-02T09:00:12.000Z", template: "promo" });
    expect(of(result.events, "pacing-released")).toEqual([{ at: "2026-03-02T10:00:00.000Z", type: "pacing-released", pacing: "template", template: "promo", count: 500 }]);
    const held = heldRows(trace);
    expect(held).toHaveLength(500);
    expect(trace.slice(0, 1000).every((r) => !r.held)).toBe(true);
    // Held rows carry the release time; they counted toward the limit then, not when sent.
    expect(new Set(held.map((r) => r.heldUntil))).toEqual(new Set(["2026-03-02T10:00:00.000Z"]));
    expect(held.every((r) => r.outcome === "delivered" && r.countsTowardLimit)).toBe(true);
    const day = result.daily[0];
    expect(day.uniqueReached).toBe(1500);
    // Every delivery is charged, the released ones included (ES marketing, example card).
    expect(result.summary.cost.total).toBeCloseTo(1500 * 0.0615, 6);
  });

  it("on bad early feedback pauses the template (3 h) and fails every held message with 132015: not charged, not counted", () => {
    const { result, trace } = runWithTrace(configFromText(scenario({ block: 0.05, plan: [{ at: "2026-03-02T09:00:00Z", count: 1500 }] })));
    const m = result.summary.messages;
    expect(m.held).toBe(500);
    expect(result.summary.failuresByCode["132015"]).toBe(500);
    expect(m.delivered).toBe(1000);
    const pause = of(result.events, "template-status-changed");
    expect(pause[0]).toMatchObject({ at: "2026-03-02T10:00:00.000Z", to: "PAUSED", reason: "FIRST_PAUSE", trigger: "pacing-feedback" });
    expect(pause[1]).toMatchObject({ at: "2026-03-02T13:00:00.000Z", to: "APPROVED", reason: "UNPAUSE" });
    expect(of(result.events, "pacing-dropped")).toEqual([{ at: "2026-03-02T10:00:00.000Z", type: "pacing-dropped", pacing: "template", template: "promo", count: 500 }]);
    const held = heldRows(trace);
    expect(held.every((r) => r.outcome === "failed" && r.code === 132015 && !r.countsTowardLimit && r.heldUntil === "2026-03-02T10:00:00.000Z")).toBe(true);
    expect(result.daily[0].uniqueReached).toBe(1000);
    expect(result.summary.cost.total).toBeCloseTo(1000 * 0.0615, 6);
  });

  it("does not pace a template with nothing to assess: a UTILITY template with no utility pause, or a date before pacing existed", () => {
    const utility = runWithTrace(configFromText(scenario({ category: "UTILITY", plan: [{ at: "2026-03-02T09:00:00Z", count: 1500 }] })));
    expect(utility.result.summary.messages.held).toBe(0);
    const before = runWithTrace(configFromText(scenario({ start: "2023-06-01T00:00:00Z", plan: [{ at: "2023-06-01T09:00:00Z", count: 1500 }] })));
    expect(before.result.summary.messages.held).toBe(0);
  });

  it("a good assessment lets the template send freely until it needs another (unpause, lower rating)", () => {
    const { result } = runWithTrace(
      configFromText(scenario({ plan: [{ at: "2026-03-02T09:00:00Z", count: 1500 }, { at: "2026-03-02T12:00:00Z", count: 3000 }] })),
    );
    expect(result.summary.messages.held).toBe(500);
    expect(of(result.events, "template-paced")).toHaveLength(1);
  });
});

describe("business-portfolio pacing", () => {
  const utility = { category: "UTILITY" as const, templatesLast365d: 0, start: "2026-03-02T00:00:00Z" };

  it("paces a burst of a small portfolio: 10,000 go out, the rest is held and released after a good check", () => {
    const { result } = runWithTrace(configFromText(scenario({ ...utility, plan: [{ at: "2026-03-02T09:00:00Z", count: 12000 }] })));
    expect(result.summary.messages.held).toBe(2000);
    // 10,000 sends at 80 a second: the 10,001st at 09:02:05.
    expect(of(result.events, "portfolio-paused")).toEqual([{ at: "2026-03-02T09:02:05.000Z", type: "portfolio-paused", templates365d: 10000 }]);
    expect(of(result.events, "pacing-released")).toEqual([{ at: "2026-03-02T10:02:05.000Z", type: "pacing-released", pacing: "portfolio", count: 2000 }]);
    expect(result.summary.messages.delivered).toBe(12000);
  });

  it("does not pace a portfolio that already sent 500K templates in the year, nor before 8 Dec 2025", () => {
    const big = runWithTrace(configFromText(scenario({ ...utility, templatesLast365d: 500_000, plan: [{ at: "2026-03-02T09:00:00Z", count: 12000 }] })));
    expect(big.result.summary.messages.held).toBe(0);
    const early = runWithTrace(configFromText(scenario({ ...utility, start: "2025-12-01T00:00:00Z", plan: [{ at: "2025-12-01T09:00:00Z", count: 12000 }] })));
    expect(early.result.summary.messages.held).toBe(0);
  });

  it("on bad feedback drops what is held and blocks template sends for the review: a portfolio-review paralysis", () => {
    const { result } = runWithTrace(
      configFromText(
        scenario({
          ...utility,
          block: 0.05,
          days: 3,
          plan: [
            { at: "2026-03-02T09:00:00Z", count: 12000 },
            { at: "2026-03-02T12:00:00Z", count: 100 },
          ],
        }),
      ),
    );
    expect(of(result.events, "pacing-dropped")).toEqual([{ at: "2026-03-02T10:02:05.000Z", type: "pacing-dropped", pacing: "portfolio", count: 2000 }]);
    expect(of(result.events, "portfolio-review-started")).toEqual([{ at: "2026-03-02T10:02:05.000Z", type: "portfolio-review-started", until: "2026-03-03T10:02:05.000Z" }]);
    expect(of(result.events, "portfolio-review-ended")).toEqual([{ at: "2026-03-03T10:02:05.000Z", type: "portfolio-review-ended" }]);
    expect(result.summary.failuresByCode["132015"]).toBe(2000);
    // The 12:00 entry waits for the review: 22 h 2 min 5 s of portfolio-review paralysis.
    expect(result.summary.paralysis.byCause["portfolio-review"]).toBeCloseTo(22 + 2 / 60 + 5 / 3600, 6);
    const started = of(result.events, "paralysis-started").find((e) => (e as { cause?: string }).cause === "portfolio-review");
    expect(started?.at).toBe("2026-03-02T12:00:00.000Z");
    expect(result.summary.messages.delivered).toBe(10000 + 100);
  });
});

describe("Meta's worked examples with a healthy MARKETING template", () => {
  it("the 500 users of the 2- and 4-day examples fit in pacing's first batch: the limit moves at the same minute", async () => {
    const { readFileSync } = await import("node:fs");
    const { simulate } = await import("../../../sim/run.js");
    for (const file of ["scenarios/worked-example-2days.yaml", "scenarios/worked-example-4days.yaml"]) {
      const text = readFileSync(file, "utf8");
      const utility = simulate(configFromText(text));
      const marketing = simulate(configFromText(text.replace("category: UTILITY", "category: MARKETING")));
      const changes = (r: typeof utility) => r.events.filter((e) => e.type === "limit-changed");
      expect(changes(marketing)).toEqual(changes(utility));
      expect(changes(marketing).length).toBeGreaterThan(0);
    }
  });
});
