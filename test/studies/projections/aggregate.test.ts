import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { aggregate, indexProblems } from "../../../studies/projections/aggregate.js";
import { SEED } from "../../seed.js";
import { header, record } from "../fixtures.js";

describe("aggregate", () => {
  const records = [
    record(0, 1.5, { "messaging-limit": 4 }),
    record(1, null),
    record(2, 0.5, { "messaging-limit": 2, "template-paused": 6 }),
    record(3, 1, {}),
  ];

  it("shares, day quantiles over the runs that reached a rung, paralysis by cause", () => {
    const p = aggregate(header(4), records);
    expect(p.schema).toBe("tiersim/projection@1");
    expect(p.runs).toBe(4);
    expect(p.reachedAt["10000"].share).toBe(0.75);
    // Days 0.5, 1, 1.5: median 1, q25 0.75.
    expect(p.reachedAt["10000"].days).toMatchObject({ q25: 0.75, q50: 1, q75: 1.25, mean: 1 });
    expect(p.reachedAt.unlimited).toEqual({ share: 0, days: null });
    expect(p.paralysis.probability).toBe(0.5);
    expect(p.paralysis.hours.mean).toBe(3); // (4 + 0 + 8 + 0) / 4
    expect(p.paralysis.byCause["messaging-limit"]?.probability).toBe(0.5);
    expect(p.paralysis.byCause["template-paused"]).toMatchObject({ probability: 0.25, hours: { mean: 1.5 } });
    expect(p.paralysis.byCause.throughput).toBeUndefined();
    expect(p.method.quantiles).toMatch(/R-7/);
    expect(p.method.levels).toEqual(["q05", "q25", "q50", "q75", "q95"]);
  });

  it("daily bands: limits as rungs, cumulative reach per run", () => {
    const p = aggregate(header(4), records);
    expect(p.daily.map((d) => d.date)).toEqual(["2026-03-02", "2026-03-03"]);
    expect(p.daily[1].limit).toEqual({ q05: 2000, q25: 2000, q50: 10000, q75: 10000, q95: 10000 });
    // Day 1 reach (and first reach) is 40 + index; cumulative reach adds the users reached for
    // the first time on day 2 (10), not those counted again toward the limit (40).
    expect(p.daily[0].reach.q50).toBe(41.5);
    expect(p.daily[1].reach.q50).toBe(40);
    expect(p.daily[1].cumulativeReach.q50).toBe(51.5);
    expect(p.perRun.map((r) => r.index)).toEqual([0, 1, 2, 3]);
  });

  it(`is independent of the order of the records (seed ${SEED})`, () => {
    const expected = JSON.stringify(aggregate(header(4), records));
    fc.assert(
      fc.property(fc.shuffledSubarray(records, { minLength: 4, maxLength: 4 }), (shuffled) => {
        expect(JSON.stringify(aggregate(header(4), shuffled))).toBe(expected);
      }),
      { seed: SEED, numRuns: 30 },
    );
  });

  it("refuses incomplete or duplicated replications", () => {
    expect(() => aggregate(header(5), records)).toThrow(/missing replications: 4/);
    expect(() => aggregate(header(4), [...records.slice(0, 3), records[0]])).toThrow(/replication 0 appears 2 times/);
    expect(indexProblems([{ index: 0 }, { index: 7 }], 2)).toEqual(["replication indices outside 0…1: 7", "missing replications: 1"]);
  });
});
