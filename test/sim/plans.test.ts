// Plans send to fresh users of the segments they name, in opt-in order, and never to a user
// another plan has taken.
import { describe, expect, it } from "vitest";
import { createPlatform } from "../../sim/platform/index.js";
import { configFromText, runWithTrace } from "./helpers.js";

const audience = (plan: string, optOut = 0): string => `
name: segments
rules: meta-2025-10
overrides: { templates.pacing.from: null, portfolioPacing.from: null, enforcement.enabled: false }
start: 2026-03-02T00:00:00Z
days: 3
seed: 11
business: { verification: verified, limit: null }
templates: [{ name: promo, category: MARKETING }]
audience:
  optedIn: 20000
  markets: { ES: 1 }
  undeliverable: 0
  segments:
    - { name: calm, share: 0.7, read: 0.6, reply: 0, block: 0.0003, report: 0, optOut: ${optOut}, inboundPerDay: 0 }
    - { name: risky, share: 0.3, read: 0.6, reply: 0, block: 0.03, report: 0, optOut: ${optOut}, inboundPerDay: 0 }
campaigns:
  - name: worked
    template: promo
${plan}
`;

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
