// Throughput as Meta words it: the 1,000 mps upgrade is decided per number, and a send the
// platform refuses uses neither a throughput token nor a pair-rate token.
import { describe, expect, it } from "vitest";
import { createPlatform } from "../../../sim/platform/index.js";
import { DELIVERED, REJECTED } from "../../../sim/outcomes.js";
import { configFromText, DAY, HOUR } from "../helpers.js";

const base = (business: string, overrides = "{ templates.pacing.from: null, portfolioPacing.from: null }"): string => `
name: throughput
rules: meta-2025-10
overrides: ${overrides}
start: 2026-03-02T00:00:00Z
days: 3
seed: 3
business: ${business}
templates: [{ name: note, category: UTILITY }, { name: note2, category: UTILITY, phone: ${business.includes("second") ? "second" : "main"} }]
audience:
  optedIn: 3000
  markets: { BR: 1 }
  undeliverable: 0
  segments: [{ name: all, share: 1, read: 0.5, reply: 0, block: 0, report: 0, optOut: 0, inboundPerDay: 0 }]
campaigns: [{ name: c, template: note, plan: [{ at: 2026-03-02T10:00:00Z, count: 1 }] }]
`;

describe("throughput tokens", () => {
  it("a send refused at the messaging limit takes no throughput token", () => {
    // Limit 250; 80 mps. Fill the limit, then at one instant: 80 refused sends to new users,
    // then 80 sends to users already counted — all 80 go through.
    const p = createPlatform(configFromText(base("{ verification: none }")));
    for (let u = 0; u < 250; u++) expect(p.send(Math.floor(u / 80) * 1000, u, 0).outcome).toBe(DELIVERED);
    const t = 10_000;
    for (let u = 250; u < 330; u++) {
      const r = p.send(t, u, 0);
      expect(r.outcome).toBe(REJECTED);
      expect(r.code).toBe(63018);
    }
    for (let u = 0; u < 80; u++) expect(p.send(t, u, 0).outcome).toBe(DELIVERED);
    const over = p.send(t, 80, 0);
    expect(over.outcome).toBe(REJECTED);
    expect(over.code).toBe(130429);
  });

  it("a send refused at the messaging limit takes no pair-rate token", () => {
    const p = createPlatform(configFromText(base("{ verification: none }")));
    for (let u = 0; u < 250; u++) p.send(Math.floor(u / 80) * 1000, u, 0);
    // User 999 is refused 60 times 10 s before the first counted users' 24 h end…
    for (let i = 0; i < 60; i++) expect(p.send(DAY - 10_000 + i, 999, 0).code).toBe(63018);
    // …and still has the whole burst of 45 when capacity frees.
    for (let i = 0; i < 45; i++) expect(p.send(DAY + 3_000 + i * 20, 999, 0).outcome).toBe(DELIVERED);
    expect(p.send(DAY + 3_000 + 45 * 20, 999, 0).code).toBe(131056);
  });
});

describe("1,000 mps upgrade per number", () => {
  it("upgrades the number that reached enough unique users, not its sibling in the portfolio", () => {
    const business = "{ verification: verified, limit: null, phoneNumbers: [{ id: main }, { id: second }] }";
    const overrides = "{ templates.pacing.from: null, portfolioPacing.from: null, throughput.upgrade.minUnique24h: 1000, throughput.upgrade.delay: 1h }";
    const p = createPlatform(configFromText(base(business, overrides)));
    // main reaches 1,200 unique users, second 300: together 1,500, but only main crosses 1,000.
    for (let u = 0; u < 1200; u++) expect(p.send(Math.floor(u / 80) * 1000, u, 0, 0).outcome).toBe(DELIVERED);
    for (let u = 1200; u < 1500; u++) expect(p.send(20_000 + Math.floor((u - 1200) / 20) * 1000, u, 1, 1).outcome).toBe(DELIVERED);
    p.advanceTo(3 * HOUR);
    expect(p.platform.mpsOf(0)).toBe(1000);
    expect(p.platform.mpsOf(1)).toBe(80);
    const changes = p.events.filter((e) => e.type === "throughput-changed");
    expect(changes).toEqual([{ at: "2026-03-02T02:00:00.000Z", type: "throughput-changed", phone: "main", from: 80, to: 1000 }]);
  });

  it("rates each number of a portfolio on its own deliveries", () => {
    const business = "{ verification: verified, limit: null, phoneNumbers: [{ id: main }, { id: second }] }";
    const yaml = base(business).replace("block: 0, report: 0", "block: 0.05, report: 0");
    const p = createPlatform(configFromText(yaml));
    // Only `second` sends, to users who block 5 % of the time: it goes RED, `main` stays GREEN.
    for (let u = 0; u < 2000; u++) p.send(Math.floor(u / 20) * 1000, u, 1, 1);
    p.advanceTo(4 * HOUR);
    expect(p.platform.numberQualityOf(1)).toBe("RED");
    expect(p.platform.numberQualityOf(0)).toBe("GREEN");
    expect(p.events.some((e) => e.type === "quality-changed" && e.scope === "number" && e.phone === "second" && e.to === "RED")).toBe(true);
  });
});
