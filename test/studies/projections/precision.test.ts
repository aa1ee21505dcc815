import { describe, expect, it } from "vitest";
import { DAY } from "../../../models/duration.js";
import { evaluateTargets, parsePrecisionTarget, precisionRecord, type PrecisionTarget } from "../../../studies/projections/precision.js";
import type { ReplicationRecord } from "../../../studies/projections/types.js";

function target(text: string): PrecisionTarget {
  const p = parsePrecisionTarget(text);
  if (!p.ok) throw new Error(p.message);
  return p.target;
}

const START = Date.parse("2026-03-02T00:00:00.000Z");

/** A record with what the targets read: the day 100K was reached (or not) and the cost. */
function record(index: number, days: number | null, cost: number): ReplicationRecord {
  return {
    index,
    seed: index,
    summary: {
      reachedAt: days === null ? {} : { "100000": new Date(START + days * DAY).toISOString() },
      cost: { total: cost },
      paralysis: { episodes: 0, hours: 0 },
    },
  } as unknown as ReplicationRecord;
}

describe("parsing --precision targets", () => {
  it("reads figures, statistics and units", () => {
    expect(target("days.100000.q50 ± 0.5d")).toMatchObject({ metric: "days.100000.q50", kind: "quantile", level: 0.5, halfWidth: 0.5, relative: false, text: "days.100000.q50 ± 0.5d" });
    expect(target("days.unlimited.mean +- 12h")).toMatchObject({ kind: "mean", halfWidth: 0.5 });
    expect(target("cost.total.mean ± 2%")).toMatchObject({ kind: "mean", halfWidth: 0.02, relative: true });
    expect(target("cost.q95±100")).toMatchObject({ kind: "quantile", level: 0.95, halfWidth: 100 });
    expect(target("reached.100000 ± 5pp")).toMatchObject({ kind: "share", halfWidth: 0.05, relative: false });
    expect(target("paralysis.hours.mean ± 0.5d")).toMatchObject({ kind: "mean", halfWidth: 12 });
  });

  it("refuses what it cannot read, saying how to write it", () => {
    for (const [input, hint] of [
      ["days.100000.q50", /<metric> ± <half-width>/],
      ["speed.mean ± 1", /unknown figure "speed.mean"[\s\S]*days\.<rung>\.<stat>/],
      ["days.100000.median ± 1d", /not a statistic: use mean or q01/],
      ["days.100000.q50 ± -1d", /not a positive number/],
      ["days.100000.q50 ± 0d", /greater than 0/],
      ["cost.mean ± 1d", /duration and this figure is not one/],
      ["cost.mean ± 5pp", /shares only/],
      ["days.q50 ± 1d", /days\.<rung>\.<stat>/],
    ] as const) {
      const p = parsePrecisionTarget(input);
      expect(p.ok, input).toBe(false);
      if (!p.ok) expect(p.message).toMatch(hint);
    }
  });
});

describe("evaluating targets", () => {
  const records = Array.from({ length: 40 }, (_, i) => record(i, i % 10 === 9 ? null : 10 + (i % 7) * 0.1, 1000 + i));

  it("a quantile of days uses the runs that reached the rung, with an order-statistic interval", () => {
    const [s] = evaluateTargets([target("days.100000.q50 ± 0.5d")], records, START, false);
    expect(s.interval?.n).toBe(36);
    expect(s.interval?.lower).not.toBeNull();
    expect(s.achieved).toBeLessThanOrEqual(0.5);
    expect(s.met).toBe(true);
    const [tight] = evaluateTargets([target("days.100000.q50 ± 0.01d")], records, START, false);
    expect(tight.met).toBe(false);
  });

  it("a relative target scales with the estimate; a share counts runs", () => {
    const [cost, share] = evaluateTargets([target("cost.mean ± 1%"), target("reached.100000 ± 0.05")], records, START, false);
    expect(cost.required).toBeCloseTo(0.01 * 1019.5, 9);
    expect(cost.met).toBe(true);
    expect(share.interval?.estimate).toBe(0.9);
    expect(share.met).toBe(false); // Wilson over 40 runs is wider than ± 0.05
  });

  it("no run with a value, or too few runs, is never met", () => {
    const none = evaluateTargets([target("days.100000.q50 ± 100d")], [record(0, null, 1)], START, false);
    expect(none[0]).toMatchObject({ interval: null, achieved: null, met: false });
    const few = evaluateTargets([target("days.100000.q50 ± 100d")], records.slice(0, 4), START, false);
    expect(few[0].achieved).toBeNull();
    expect(few[0].met).toBe(false);
  });

  it("the record says what was asked, reached and why it stopped", () => {
    const statuses = evaluateTargets([target("days.100000.q50 ± 0.5d"), target("cost.mean ± 0.01%")], records, START, false);
    const r = precisionRecord(statuses, { batch: 20, maxRuns: 40, antithetic: false });
    expect(r.met).toBe(false);
    expect(r.stopped).toBe("max-runs");
    expect(r.targets.map((t) => t.met)).toEqual([true, false]);
    expect(Object.keys(r.methods).sort()).toEqual(["mean", "quantile"]);
    expect(r.methods.quantile).toMatch(/order-statistic/);
  });
});

describe("antithetic replication plan", () => {
  it("pairs 2j and 2j + 1 on the seed of 2j; plain projections seed every index", async () => {
    const { replicationPlan, runSeed } = await import("../../../studies/projections/replicate.js");
    for (let i = 0; i < 10; i++) {
      expect(replicationPlan(42, "Q", i, false)).toEqual({ seed: runSeed(42, "Q", i), antithetic: false });
      expect(replicationPlan(42, "Q", i, true)).toEqual({ seed: runSeed(42, "Q", i - (i % 2)), antithetic: i % 2 === 1 });
    }
  });
});
