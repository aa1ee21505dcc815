// What the platform component tells and lets an emulator do: the moments a message's statuses
// and reply fall due, users' own messages and opt-outs, free-form messages, and the settings a
// test forces (limit, quality, template status) — each through the platform's own machinery.
import { describe, expect, it } from "vitest";
import { HOUR } from "../../../models/duration.js";
import { loadScenarioText } from "../../../scenarios/load.js";
import { compileScenario } from "../../../scenarios/compile.js";
import type { SimConfig } from "../../../sim/config.js";
import { DELIVERED, REJECTED } from "../../../sim/outcomes.js";
import { createPlatform, type PlatformListener } from "../../../sim/platform/index.js";

function config(audience: string, extra = ""): SimConfig {
  const text = `
name: hooks
rules: meta-2025-10
start: 2026-03-02T00:00:00Z
days: 10
timezone: UTC
seed: 3
business: { verification: verified, templatesLast365d: 1000000 }
templates:
  - { name: promo, category: MARKETING }
  - { name: notice, category: UTILITY }
  - { name: later, category: UTILITY, status: PENDING }
audience:
${audience}
campaigns: [{ name: c, template: notice, plan: [{ at: 2026-03-02T09:00:00Z, count: 1 }] }]
${extra}`;
  const r = loadScenarioText(text, "hooks.yaml");
  if (!r.ok) throw new Error(r.issues.map((i) => i.message).join("\n"));
  return compileScenario(r.scenario, r.ruleSet);
}

const ALWAYS = `  optedIn: 50
  undeliverable: 0
  segments: [{ name: all, share: 1, read: 1, reply: 1, block: 0, report: 0, optOut: 1, inboundPerDay: 0 }]`;

function recorder() {
  const calls: Array<[string, ...unknown[]]> = [];
  const listener: PlatformListener = {
    signal: () => {},
    wake: () => {},
    resolved: () => {},
    userMessage: (user, kind, now) => calls.push(["message", user, kind, now]),
    optedOut: (user, at) => calls.push(["opt-out", user, at]),
  };
  return { calls, listener };
}

describe("the moments of a message", () => {
  it("notifyAt, readAt and replyAt are the delivered, read and reply moments; the reply reaches the listener then", () => {
    const { calls, listener } = recorder();
    const p = createPlatform(config(ALWAYS), { listener });
    const info = { ...p.send(HOUR, 4, 0) };
    expect(info.outcome).toBe(DELIVERED);
    expect(info.notifyAt).toBeGreaterThanOrEqual(HOUR);
    expect(info.readAt).toBeGreaterThanOrEqual(info.notifyAt);
    expect(info.replyAt).toBeGreaterThanOrEqual(info.readAt);
    // A marketing delivery that makes the user stop marketing: heard at the delivered moment
    // (when the run counts the opt-out).
    expect(calls).toEqual([["opt-out", 4, info.notifyAt]]);
    p.advanceTo(info.replyAt + 1);
    expect(calls[1]).toEqual(["message", 4, "reply", info.replyAt]);
    expect(p.platform.windowOpen(4, info.replyAt)).toBe(true);
  });

  it("a refused send has no moments", () => {
    const p = createPlatform(config(ALWAYS));
    const info = p.send(0, 1, 2); // `later` is still in review
    expect([info.outcome, info.notifyAt, info.readAt, info.replyAt]).toEqual([REJECTED, -1, -1, -1]);
  });

  it("an unsolicited inbound message reaches the listener and opens the window", () => {
    const { calls, listener } = recorder();
    const p = createPlatform(config(`  optedIn: 200\n  segments: [{ name: all, share: 1, inboundPerDay: 5 }]`), { listener });
    p.advanceTo(2 * HOUR);
    const inbound = calls.filter((c) => c[0] === "message" && c[2] === "inbound");
    expect(inbound.length).toBeGreaterThan(10);
    for (const [, user, , at] of inbound) expect(p.platform.windowOpen(user as number, at as number)).toBe(true);
  });
});

describe("free-form messages and the audience", () => {
  it("session: needs an open window (131047), takes throughput (130429) and the pair rate (131056)", () => {
    // 91 sends at one instant: more than the number takes at once (80 messages/s).
    const p = createPlatform(config(ALWAYS.replace("optedIn: 50", "optedIn: 120")));
    const pl = p.platform;
    expect(pl.session(3, 0, 0)).toBe(131047);
    pl.userWrites(3, 0);
    expect(pl.session(3, 0, 0)).toBe(0);
    for (let u = 10; u < 10 + 90; u++) pl.userWrites(u, 0);
    const codes = new Set<number>();
    for (let u = 10; u < 10 + 90; u++) codes.add(pl.session(u, 0, 0));
    expect(codes).toEqual(new Set([0, 130429]));
    const q = createPlatform(config(ALWAYS)).platform;
    q.userWrites(1, 0);
    const pair = Array.from({ length: 46 }, () => q.session(1, 0, 0));
    expect(pair.at(-1)).toBe(131056);
  });

  it("session: a block of all messaging refuses replies too (368); a business-initiated block does not", () => {
    const pl = createPlatform(config(ALWAYS)).platform;
    const e = pl.rooms.enforcement;
    // The ladder takes a step on every third pacing drop: warning, two business-initiated blocks
    // (1 and 3 days), then all messaging (5 days).
    const step = (at: number): void => {
      for (let i = 0; i < 3; i++) e.pacingDropped(at);
    };
    step(HOUR); // warning
    step(2 * HOUR); // business-initiated until 2 h + 1 day
    pl.userWrites(1, 3 * HOUR);
    expect(pl.enforcementBlockEnds(3 * HOUR)).toBe(2 * HOUR + 24 * HOUR);
    expect(pl.session(1, 0, 3 * HOUR)).toBe(0);
    step(27 * HOUR); // business-initiated for 3 days
    step(27 * HOUR + 72 * HOUR); // all messaging for 5 days
    const at = 100 * HOUR;
    pl.userWrites(1, at);
    expect(e.blocksAllMessaging(at)).toBe(true);
    expect(pl.session(1, 0, at)).toBe(368);
    const lifted = 99 * HOUR + 5 * 24 * HOUR;
    pl.userWrites(1, lifted);
    expect(pl.session(1, 0, lifted - 1)).toBe(368);
    expect(pl.session(1, 0, lifted)).toBe(0);
  });

  it("addUser: users join with traits from the keyed draws (the same as a larger audience's)", () => {
    const small = createPlatform(config(`  optedIn: 10\n  markets: { ES: 0.5, MX: 0.5 }\n  segments: [{ name: a, share: 0.5 }, { name: b, share: 0.5 }]`)).platform;
    const large = createPlatform(config(`  optedIn: 40\n  markets: { ES: 0.5, MX: 0.5 }\n  segments: [{ name: a, share: 0.5 }, { name: b, share: 0.5 }]`)).platform;
    for (let i = 10; i < 40; i++) expect(small.addUser()).toBe(i);
    expect(small.userCount).toBe(40);
    for (let u = 0; u < 40; u++) expect([small.segmentOf(u), small.marketOf(u)]).toEqual([large.segmentOf(u), large.marketOf(u)]);
  });
});

describe("forced settings", () => {
  it("forceLimit: a limit-changed event with reason forced; the limit holds and counts as usual", () => {
    const p = createPlatform(config(ALWAYS));
    p.advanceTo(HOUR);
    p.platform.forceLimit(0, 3, HOUR);
    expect(p.events.filter((e) => e.type === "limit-changed")).toEqual([{ at: "2026-03-02T01:00:00.000Z", type: "limit-changed", from: 2000, to: 3, reason: "forced" }]);
    const outcomes = [0, 1, 2, 3].map((u) => p.send(HOUR, 20 + u, 1).outcome);
    expect(outcomes).toEqual([DELIVERED, DELIVERED, DELIVERED, REJECTED]);
    expect(p.platform.limitOf(0)).toBe(3);
  });

  it("pinQuality: the rating changes at once and stays through evaluations until unpinned", () => {
    const p = createPlatform(config(ALWAYS));
    p.platform.pinQuality(0, "RED", 0);
    expect(p.platform.qualityOf(0)).toBe("RED");
    p.advanceTo(5 * HOUR);
    expect(p.platform.qualityOf(0)).toBe("RED");
    // advanceTo(5 h) ran the timers before 5 h: the evaluation due at 5 h runs after the unpin.
    p.platform.pinQuality(0, null, 5 * HOUR);
    p.advanceTo(7 * HOUR);
    expect(p.platform.qualityOf(0)).toBe("GREEN");
    expect(p.events.filter((e) => e.type === "quality-changed").map((e) => [e.at, (e as { to: string }).to])).toEqual([
      ["2026-03-02T00:00:00.000Z", "RED"],
      ["2026-03-02T05:00:00.000Z", "GREEN"],
    ]);
  });

  it("forceTemplateStatus goes through review, the pause ladder, unpause, edit and disabling", () => {
    const p = createPlatform(config(ALWAYS));
    const pl = p.platform;
    expect(pl.forceTemplateStatus(2, "APPROVED", 0)).toBe(true);
    expect(pl.templateStatus(2)).toBe("APPROVED");
    expect(pl.forceTemplateStatus(0, "PAUSED", 0)).toBe(true);
    expect(p.send(1, 5, 0).code).toBe(132015);
    expect(pl.unpauseTemplate(0, 2)).toBe(true);
    expect(pl.templateStatus(0)).toBe("APPROVED");
    expect(pl.forceTemplateStatus(0, "PAUSED", 3)).toBe(true);
    expect(pl.forceTemplateStatus(0, "PENDING", 4)).toBe(true); // an edit
    expect(pl.forceTemplateStatus(1, "DISABLED", 5)).toBe(true);
    expect(pl.forceTemplateStatus(1, "APPROVED", 6)).toBe(false);
    expect(p.send(7, 5, 1).code).toBe(132016);
    const pauses = p.events.filter((e) => e.type === "template-status-changed" && (e as { to: string }).to === "PAUSED").map((e) => (e as { reason: string }).reason);
    expect(pauses).toEqual(["FIRST_PAUSE", "SECOND_PAUSE"]);
  });
});
