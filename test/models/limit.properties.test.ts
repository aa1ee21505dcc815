// Properties of the messaging-limit state machine over arbitrary timed sends and quality
// signals. Ladders are shrunk (2, 4, 8, 16, ∞) so a dozen users can fill and cross them.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AdmitResult, MessagingLimit, type LimitChange } from "../../models/limit/messaging-limit.js";
import type { Limit, Quality, RuleSet } from "../../models/rules/types.js";
import { ruleSet as meta2021 } from "../../models/rules/meta-2021-09.js";
import { ruleSet as seed2023 } from "../../models/rules/seed-2023-02.js";
import { ruleSet as meta2023 } from "../../models/rules/meta-2023-11.js";
import { ruleSet as meta2025 } from "../../models/rules/meta-2025-10.js";
import { SEED } from "../seed.js";
import { HOUR } from "../../models/duration.js";


function small(rs: RuleSet): RuleSet {
  return {
    ...rs,
    limit: { ...rs.limit, ladder: [2, 4, 8, 16, null], startUnverified: 2, startVerified: 4 },
    scalingPath: {
      ...rs.scalingPath,
      usage: rs.scalingPath.usage && { ...rs.scalingPath.usage, threshold: 5 },
      review: { ...rs.scalingPath.review, delay: 3 * HOUR, approveProbability: 0.7, retryAfter: 12 * HOUR },
    },
  };
}
const ERAS = [meta2021, seed2023, meta2023, meta2025].map(small);

type Op =
  | { kind: "send"; user: number; dt: number; csw: boolean }
  | { kind: "quality"; q: Quality; dt: number }
  | { kind: "verify"; dt: number; partner: boolean };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 12, arbitrary: fc.record({ kind: fc.constant("send" as const), user: fc.nat(19), dt: fc.nat(3 * HOUR), csw: fc.nat(3).map((x) => x === 0) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("quality" as const), q: fc.constantFrom<Quality>("GREEN", "YELLOW", "RED", "UNKNOWN"), dt: fc.nat(48 * HOUR) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("verify" as const), dt: fc.nat(HOUR), partner: fc.boolean() }) },
);
const startArb = fc.record({
  era: fc.nat(ERAS.length - 1),
  limit: fc.constantFrom<Limit>(2, 4, 8, 16, null),
  quality: fc.constantFrom<Quality>("GREEN", "YELLOW", "RED", "UNKNOWN"),
  ops: fc.array(opArb, { maxLength: 150, size: "medium" }),
  draws: fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 1, maxLength: 8 }),
});

interface Trace {
  results: number[];
  changes: LimitChange[];
  /** Quality and status in force when each auto-scale change applied. */
  gates: { quality: Quality; status: string }[];
  /** Per counted admission: count right after it and the limit in force. */
  fills: [number, Limit][];
  /** Per send outside a CSW: whether the naive history says the user was counted, and the result. */
  repeats: [boolean, number][];
}

function run(rs: RuleSet, limit: Limit, quality: Quality, ops: Op[], draws: number[], t0: number): Trace {
  let k = 0;
  const uniform = (): number => draws[k++ % draws.length];
  const ml = new MessagingLimit(rs, { limit, verification: "none", quality, now: t0 }, uniform);
  const tr: Trace = { results: [], changes: [], gates: [], fills: [], repeats: [] };
  let q = quality;
  let status = ml.status as string;
  const take = (cs: LimitChange[]): void => {
    for (const c of cs) {
      if (c.kind === "limit" && c.reason === "auto-scale") tr.gates.push({ quality: q, status });
      if (c.kind === "status") status = c.to;
      tr.changes.push({ ...c, at: c.at - t0 });
    }
  };
  const runUntil = (t: number): void => {
    for (let due = ml.nextDueAt(); due !== null && due <= t; due = ml.nextDueAt()) take(ml.advance(due));
  };
  const countedAt = new Map<number, number>();
  const refresh = rs.limit.countedUnit === "delivered-outside-csw";
  let now = t0;
  for (const op of ops) {
    now += op.dt;
    runUntil(now);
    if (op.kind === "send") {
      const c = countedAt.get(op.user);
      const wasCounted = c !== undefined && now < c + rs.limit.window;
      const r = ml.admit(op.user, now, op.csw);
      tr.results.push(r);
      if (!op.csw) tr.repeats.push([wasCounted, r]);
      if (r === AdmitResult.COUNTED_NEW || (r === AdmitResult.ALREADY_COUNTED && refresh)) countedAt.set(op.user, now);
      if (r === AdmitResult.COUNTED_NEW) tr.fills.push([ml.count(now), ml.limit]);
    } else if (op.kind === "quality") {
      take(ml.advance(now));
      ml.setQuality(op.q, now);
      q = op.q;
      take(ml.advance(now));
    } else {
      ml.verify(now, op.partner ? "partner-verified" : "verified");
      take(ml.advance(now));
    }
  }
  runUntil(now + 30 * 24 * HOUR);
  return tr;
}

const rungIndex = (rs: RuleSet, l: Limit): number => rs.limit.ladder.indexOf(l);

describe(`MessagingLimit properties (seed ${SEED})`, () => {
  it("distinct users counted in the moving window never exceed the limit in force", () => {
    fc.assert(
      fc.property(startArb, ({ era, limit, quality, ops, draws }) => {
        for (const [count, l] of run(ERAS[era], limit, quality, ops, draws, 0).fills) if (l !== null) expect(count).toBeLessThanOrEqual(l);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("a user counted in the window is always admitted again, as a repeat; an uncounted one is counted or refused", () => {
    fc.assert(
      fc.property(startArb, ({ era, limit, quality, ops, draws }) => {
        for (const [was, r] of run(ERAS[era], limit, quality, ops, draws, 0).repeats) {
          if (was) expect(r).toBe(AdmitResult.ALREADY_COUNTED);
          else expect([AdmitResult.COUNTED_NEW, AdmitResult.REFUSED]).toContain(r);
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("the limit moves one rung at a time, in time order; under meta-2025-10 only upward", () => {
    fc.assert(
      fc.property(startArb, ({ era, limit, quality, ops, draws }) => {
        const rs = ERAS[era];
        const tr = run(rs, limit, quality, ops, draws, 0);
        let last = -Infinity;
        for (const c of tr.changes) {
          expect(c.at).toBeGreaterThanOrEqual(last);
          last = c.at;
          if (c.kind !== "limit") continue;
          const step = rungIndex(rs, c.to) - rungIndex(rs, c.from);
          expect(step).toBe(c.reason === "downgrade" ? -1 : 1);
          if (rs.id === "meta-2025-10") expect(c.reason).not.toBe("downgrade");
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("no automatic upgrade while quality is outside the gate (RED) or the number is Flagged", () => {
    fc.assert(
      fc.property(startArb, ({ era, limit, quality, ops, draws }) => {
        const rs = ERAS[era];
        for (const g of run(rs, limit, quality, ops, draws, 0).gates) {
          expect(g.status).not.toBe("FLAGGED");
          expect(g.quality).not.toBe("RED");
          expect(rs.autoScale.qualityGate).toContain(g.quality);
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("shifting every input time by Δ shifts every decision and change by Δ", () => {
    fc.assert(
      fc.property(startArb, fc.integer({ min: 1, max: 400 * 24 * HOUR }), ({ era, limit, quality, ops, draws }, delta) => {
        const a = run(ERAS[era], limit, quality, ops, draws, 0);
        const b = run(ERAS[era], limit, quality, ops, draws, delta);
        expect(b.results).toEqual(a.results);
        expect(b.changes).toEqual(a.changes);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it("replaying the same inputs gives the same outputs", () => {
    fc.assert(
      fc.property(startArb, ({ era, limit, quality, ops, draws }) => {
        expect(run(ERAS[era], limit, quality, ops, draws, 5)).toEqual(run(ERAS[era], limit, quality, ops, draws, 5));
      }),
      { seed: SEED, numRuns: 100 },
    );
  });

  it("sends reach upgrades in every era (the generators exercise the machine)", () => {
    // Guards the properties above against vacuity: across the runs some limits do change.
    let ups = 0;
    let downs = 0;
    fc.assert(
      fc.property(startArb, ({ era, limit, quality, ops, draws }) => {
        for (const c of run(ERAS[era], limit, quality, ops, draws, 0).changes) {
          if (c.kind === "limit" && c.reason === "downgrade") downs++;
          else if (c.kind === "limit") ups++;
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
    expect(ups).toBeGreaterThan(150);
    expect(downs).toBeGreaterThan(0);
  });
});
