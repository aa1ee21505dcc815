import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EnforcementLadder, ladderSteps, spamming } from "../../models/enforcement/enforcement.js";
import { ruleSet as meta2025 } from "../../models/rules/meta-2025-10.js";
import type { RuleSet } from "../../models/rules/types.js";
import { SEED } from "../seed.js";
import { HOUR, DAY } from "../../models/duration.js";

const rs: RuleSet = meta2025;
const p = rs.enforcement;

/** Feeds the spam condition hourly from `from` to `to` (exclusive) and collects the steps taken. */
function feed(ladder: EnforcementLadder, spam: boolean, from: number, to: number) {
  const out = [];
  for (let t = from; t < to; t += HOUR) {
    const s = ladder.observe(spam, t);
    if (s) out.push(s);
  }
  return out;
}

describe("enforcement ladder", () => {
  it("has Meta's steps: a warning, 1 and 3 days business-initiated, 5, 7 and 30 days all messaging, then a lock", () => {
    expect(ladderSteps(p)).toEqual([
      { restriction: "warning", duration: 0 },
      { restriction: "business-initiated", duration: DAY },
      { restriction: "business-initiated", duration: 3 * DAY },
      { restriction: "all-messaging", duration: 5 * DAY },
      { restriction: "all-messaging", duration: 7 * DAY },
      { restriction: "all-messaging", duration: 30 * DAY },
      { restriction: "locked", duration: Infinity },
    ]);
  });

  it("the spam condition is RED with a weighted negative rate at least spamRateAt", () => {
    expect(spamming(rs, "RED", 0.02)).toBe(true);
    expect(spamming(rs, "RED", 0.0199)).toBe(false);
    expect(spamming(rs, "YELLOW", 0.5)).toBe(false);
    expect(spamming({ ...rs, enforcement: { ...p, enabled: false } }, "RED", 0.5)).toBe(false);
  });

  it("a spam condition sustained without a break climbs one step per 24 h of it outside blocks", () => {
    const ladder = new EnforcementLadder(p);
    const steps = feed(ladder, true, 0, 60 * DAY);
    expect(steps.map((s) => [s.at / DAY, s.restriction, s.until / DAY])).toEqual([
      [1, "warning", 1],
      [2, "business-initiated", 3],
      [4, "business-initiated", 7],
      [8, "all-messaging", 13],
      [14, "all-messaging", 21],
      [22, "all-messaging", 52],
      [53, "locked", Infinity],
    ]);
    expect(ladder.locked).toBe(true);
    expect(ladder.blockedAt(1e15)).toBe(true);
    expect(steps.every((s) => s.trigger === "spam-feedback")).toBe(true);
  });

  it("a break in the condition restarts its clock: 23 h, a clean hour, 23 h take no step", () => {
    const ladder = new EnforcementLadder(p);
    expect(feed(ladder, true, 0, 23 * HOUR)).toEqual([]);
    expect(ladder.observe(false, 23 * HOUR)).toBeNull();
    expect(feed(ladder, true, 24 * HOUR, 47 * HOUR)).toEqual([]);
    expect(ladder.step).toBe(0);
  });

  it("three pacing drops within 7 days take a step; drops during a block do not count", () => {
    const ladder = new EnforcementLadder(p);
    expect(ladder.pacingDropped(0)).toBeNull();
    expect(ladder.pacingDropped(8 * DAY)).toBeNull(); // the first has aged out
    expect(ladder.pacingDropped(9 * DAY)).toBeNull();
    expect(ladder.pacingDropped(10 * DAY)).toMatchObject({ step: 1, restriction: "warning", trigger: "pacing-drops" });
    for (const t of [11, 12, 13]) ladder.pacingDropped(t * DAY);
    expect(ladder.restrictionAt(13.5 * DAY)).toBe("business-initiated");
    // Blocked until day 14: these drops are not counted.
    for (const t of [13.6, 13.7, 13.8]) expect(ladder.pacingDropped(t * DAY)).toBeNull();
    expect(ladder.step).toBe(2);
  });
});

describe(`enforcement properties (seed ${SEED})`, () => {
  it("the ladder moves only on a trigger, one step at a time, and each block lasts exactly its duration", () => {
    const durations = ladderSteps(p).map((s) => s.duration);
    const hour = fc.record({ spam: fc.boolean(), drop: fc.boolean() });
    fc.assert(
      fc.property(fc.array(fc.array(hour, { minLength: 1, maxLength: 200 }), { minLength: 1, maxLength: 12 }), (runs) => {
        const ladder = new EnforcementLadder(p);
        let t = 0;
        let lastBlockEnd = -Infinity;
        for (const run of runs) {
          for (const h of run) {
            const before = ladder.step;
            const wasBlocked = ladder.blockedAt(t);
            const a = ladder.observe(h.spam, t);
            const b = h.drop ? ladder.pacingDropped(t) : null;
            const taken = [a, b].filter((s) => s !== null);
            expect(ladder.step).toBe(before + taken.length);
            if (!h.spam) expect(a).toBeNull();
            if (wasBlocked) expect(taken).toEqual([]);
            for (const s of taken) {
              expect(s.until - s.at).toBe(durations[s.step - 1]);
              expect(s.at).toBeGreaterThanOrEqual(lastBlockEnd);
              lastBlockEnd = Math.max(lastBlockEnd, s.until);
              // Blocked for the whole duration, free right after it.
              if (s.until > s.at) {
                expect(ladder.blockedAt(s.until - 1)).toBe(true);
                if (Number.isFinite(s.until)) expect(ladder.blockedAt(s.until)).toBe(false);
              }
            }
            t += HOUR;
          }
          // A gap between runs of hours (nothing observed): time passes.
          t += 12 * HOUR;
        }
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});
