// Plans send to fresh users of the segments they name, in opt-in order, and never to a user
// another plan has taken.
import { describe, expect, it } from "vitest";
import { createPlatform } from "../../sim/platform/index.js";
import { configFromText, runWithTrace } from "./helpers.js";
import { segmentsScenario } from "./segments-scenario.js";

const audience = (plan: string, optOut = 0): string => segmentsScenario(plan, { optOut, enforcement: false });

describe("plans honour audience.segments", () => {
  it("a plan aimed at a 3 %-block segment sends only to it and shows its blocks (≈ 90 of 3,000)", () => {
    const yaml = audience(`    audience: { segments: [risky] }
    plan: [{ at: 2026-03-02T10:00:00Z, count: 1000 }, { at: 2026-03-02T14:00:00Z, count: 2000 }]`);
    const config = configFromText(yaml);
    const { result, trace } = runWithTrace(config);
    const pop = createPlatform(config).platform.rooms.audience.pop;
    expect(trace.length).toBe(3000);
    expect(new Set(trace.map((r) => r.user)).size).toBe(3000);
    expect(trace.every((r) => pop.segment[r.user] === 1)).toBe(true);
    // In opt-in order: the first 1,000 risky users, then the next 2,000.
    const risky = Array.from({ length: pop.size }, (_, u) => u).filter((u) => pop.segment[u] === 1);
    expect(trace.map((r) => r.user)).toEqual(risky.slice(0, 3000));
    // 3,000 deliveries at 3 %: 90 expected, σ ≈ 9.3.
    expect(result.summary.users.blocked).toBeGreaterThanOrEqual(60);
    expect(result.summary.users.blocked).toBeLessThanOrEqual(120);
  });

  it("without segments a plan takes everyone in opt-in order (≈ 28 blocks of 3,000)", () => {
    const { result, trace } = runWithTrace(configFromText(audience(`    plan: [{ at: 2026-03-02T10:00:00Z, count: 3000 }]`)));
    expect(trace.map((r) => r.user)).toEqual(Array.from({ length: 3000 }, (_, u) => u));
    expect(result.summary.users.blocked).toBeLessThan(50);
  });

  it("two plans never share a user; each keeps to its segments", () => {
    const yaml = audience(`    audience: { segments: [risky] }
    plan: [{ at: 2026-03-02T10:00:00Z, count: 500 }]
  - name: everyone
    template: promo
    plan: [{ at: 2026-03-02T10:00:00Z, count: 500 }, { at: 2026-03-02T11:00:00Z, count: 500 }]`);
    const config = configFromText(yaml);
    const { trace } = runWithTrace(config);
    const pop = createPlatform(config).platform.rooms.audience.pop;
    expect(new Set(trace.map((r) => r.user)).size).toBe(1500);
    expect(trace.filter((r) => r.campaign === "worked").every((r) => pop.segment[r.user] === 1)).toBe(true);
    expect(trace.filter((r) => r.campaign === "everyone").some((r) => pop.segment[r.user] === 0)).toBe(true);
  });
});
