// The library on real simulations: worker-count independence, seeding, cancellation and
// common random numbers. Two simulated days of a 3,000-user list keep each run short.
import { describe, expect, it } from "vitest";
import { project, replicate } from "../../../studies/projections/project.js";
import { batchSize, ReplicationPool, workerEntry } from "../../../studies/projections/pool.js";
import { runSeed } from "../../../studies/projections/replicate.js";
import { sweepVariants } from "../../../studies/sweeps/sweep.js";
import { simulate } from "../../../sim/run.js";
import { complaintsConfig, smallConfig } from "../fixtures.js";

const config = smallConfig(2);

describe("project", () => {
  it("gives the same bytes with 1 and 2 workers, and each run is simulate() with its replication seed", async () => {
    const one = await project(config, { runs: 6, workers: 1 });
    const two = await project(config, { runs: 6, workers: 2 });
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
    expect(one.runs).toBe(6);
    expect(one.seed).toBe(config.seed);
    const seeds = one.perRun.map((r) => r.seed);
    expect(new Set(seeds).size).toBe(6);
    expect(seeds[3]).toBe(runSeed(config.seed, config.name, 3));
    const direct = simulate(config, { seed: seeds[3] });
    expect(one.perRun[3].summary).toEqual(direct.summary);
    expect(one.daily.length).toBe(direct.daily.length);
  });

  it("the master seed changes every replication seed; progress counts up to the total", async () => {
    const progress: Array<[number, number]> = [];
    const a = await replicate(config, { runs: 4, workers: 2, seed: 1, onProgress: (d, t) => progress.push([d, t]) });
    const b = await replicate(config, { runs: 4, workers: 2, seed: 2 });
    expect(a.records.map((r) => r.seed)).not.toEqual(b.records.map((r) => r.seed));
    expect(progress.at(-1)).toEqual([4, 4]);
    expect(progress.every(([d], i) => i === 0 || d >= progress[i - 1][0])).toBe(true);
  });

  it("a shard runs only its indices; an empty shard runs nothing", async () => {
    const s = await replicate(config, { runs: 5, workers: 1, indices: [1, 4] });
    expect(s.records.map((r) => r.index)).toEqual([1, 4]);
    expect(s.header?.runs).toBe(5);
    expect(await replicate(config, { runs: 5, indices: [] })).toEqual({ header: null, records: [] });
  });

  it("stops when the signal aborts", async () => {
    const controller = new AbortController();
    const pending = project(config, { runs: 40, workers: 1, signal: controller.signal });
    controller.abort(new Error("stop"));
    await expect(pending).rejects.toThrow();
  });

  it("batches keep tasks few but balanced", () => {
    expect(batchSize(10, 2)).toBe(1);
    expect(batchSize(10_000, 2)).toBe(64);
    expect(batchSize(1000, 4)).toBe(6);
    expect(batchSize(48, 2)).toBe(1);
    expect(() => new ReplicationPool(0)).toThrow(RangeError);
  });
});

describe("sweep (common random numbers)", () => {
  it("identical variants give identical rows, equal to the projection of the scenario", async () => {
    const inputs = [1, 2].map((k) => ({ values: { "campaigns[0].throttle.headroom": 0.05, copy: k }, config }));
    const { result, projections } = await sweepVariants(config, inputs, { runs: 4, workers: 2 });
    expect(result.variants[0].metrics).toEqual(result.variants[1].metrics);
    expect(JSON.stringify(projections[0])).toBe(JSON.stringify(await project(config, { runs: 4, workers: 1 })));
    expect(result.sensitivity.find((s) => s.parameter === "campaigns[0].throttle.headroom")?.swing).toBe(0);
  });

  it("a higher block probability means more paralysis hours", async () => {
    const calm = complaintsConfig(0.0005);
    const { result } = await sweepVariants(calm, [0.0005, 0.005, 0.05].map((block) => ({ values: { block }, config: complaintsConfig(block) })), { runs: 4, workers: 2 });
    const hours = result.variants.map((v) => v.metrics.paralysisHours);
    // A pause that falls after the day's send has gone out stalls nothing, so the middle
    // variant may not stall more than the calm one; complaints ten times worse do.
    expect(hours[1]).toBeGreaterThanOrEqual(hours[0]);
    expect(hours[2]).toBeGreaterThan(hours[1]);
    const row = result.sensitivity.find((s) => s.metric === "paralysisHours");
    expect(row).toMatchObject({ parameter: "block", low: { value: 0.0005 }, high: { value: 0.05 } });
    expect(result.seed).toBe(calm.seed);
    expect(result.runs).toBe(4);
  });
});

describe("worker entry", () => {
  it("compiled code uses the worker beside it; sources use the compiled twin in dist/", () => {
    expect(workerEntry("file:///app/dist/studies/projections/pool.js")).toEqual({ filename: "file:///app/dist/studies/projections/worker.js", execArgv: [] });
    expect(workerEntry("file:///app/studies/projections/pool.ts", () => true)).toEqual({ filename: "file:///app/dist/studies/projections/worker.js", execArgv: [] });
    expect(() => workerEntry("file:///app/studies/projections/pool.ts", () => false)).toThrow(/dist\/studies\/projections\/worker\.js is missing: build first/);
  });

  it("from the sources (this test) the pool runs the dist/ worker, which agrees with in-process simulate()", async () => {
    const pool = new ReplicationPool(1);
    try {
      const [batch] = await pool.run(config, config.name, 5, [2]);
      const seed = runSeed(5, config.name, 2);
      expect(batch.records[0].seed).toBe(seed);
      expect(batch.records[0].summary).toEqual(simulate(config, { seed }).summary);
    } finally {
      await pool.destroy();
    }
  });
});
