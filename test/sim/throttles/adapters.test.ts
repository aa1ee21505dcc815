import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { loadScenarioFile } from "../../../scenarios/load-file.js";
import { compileScenario } from "../../../scenarios/compile.js";
import { simulate } from "../../../sim/run.js";
import { fromBottleneck, fromPQueue } from "../../../sim/sender/throttles/index.js";
import { SEED } from "../../seed.js";
import { drive, maxInWindow } from "./drive.js";

function burst() {
  const loaded = loadScenarioFile("test/fixtures/throttles/burst.yaml");
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
  return compileScenario(loaded.scenario, loaded.ruleSet);
}

const perSecond = (n: number) => ({ reservoir: n, reservoirRefreshAmount: n, reservoirRefreshInterval: 1000 });

describe("limiter configs on a number limited to 80 messages per second", () => {
  const config = burst();
  const throughputRefusals = (t: Parameters<typeof simulate>[1]) => simulate(config, t).summary.failuresByCode["130429"] ?? 0;

  test("Bottleneck at 100 msg/s produces 130429; the same config at 60 msg/s does not", () => {
    expect(throughputRefusals({ throttles: [fromBottleneck(perSecond(100))] })).toBeGreaterThan(0);
    expect(throughputRefusals({ throttles: [fromBottleneck(perSecond(60))] })).toBe(0);
  });

  test("Bottleneck paced by minTime: 10 ms (100/s) trips throughput, 17 ms (≈59/s) does not", () => {
    expect(throughputRefusals({ throttles: [fromBottleneck({ minTime: 10 })] })).toBeGreaterThan(0);
    expect(throughputRefusals({ throttles: [fromBottleneck({ minTime: 17 })] })).toBe(0);
  });

  test("p-queue at 100 per interval trips throughput, 60 per interval does not", () => {
    expect(throughputRefusals({ throttles: [fromPQueue({ intervalCap: 100, interval: 1000 })] })).toBeGreaterThan(0);
    expect(throughputRefusals({ throttles: [fromPQueue({ intervalCap: 60, interval: 1000, concurrency: 20 })] })).toBe(0);
  });

  test("a limiter held back by the messaging limit resumes at its own pace, without a burst", () => {
    // Bottleneck knows nothing of the limit: it runs into it (overshoot), but at 59/s never into throughput.
    const loaded = loadScenarioFile("examples/throttles/launch.yaml");
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
    const launch = compileScenario(loaded.scenario, loaded.ruleSet, { days: 2 });
    const r = simulate(launch, { throttles: [fromBottleneck({ minTime: 17 })] });
    expect(r.summary.failuresByCode[String(launch.ruleSet.limit.overLimitCode)]).toBeGreaterThan(0);
    expect(r.summary.failuresByCode["130429"]).toBeUndefined();
  });

  test("every send of the audience is attempted with a safe config", () => {
    const r = simulate(config, { throttles: [fromBottleneck(perSecond(60))] });
    expect(r.summary.messages.attempted).toBe(3000);
  });
});

describe("Bottleneck semantics on virtual time", () => {
  test("minTime spaces starts", () => {
    expect(drive(fromBottleneck({ minTime: 100 }), 4)).toEqual([0, 100, 200, 300]);
  });

  test("maxConcurrent holds a slot for the send duration", () => {
    const starts = drive(fromBottleneck({ maxConcurrent: 2 }, { sendDurationMs: 200 }), 6);
    expect(starts).toEqual([0, 0, 200, 200, 400, 400]);
    expect(drive(fromBottleneck({ maxConcurrent: 2 }, { sendDurationMs: 50 }), 4)).toEqual([0, 0, 50, 50]);
  });

  test("a registered job waiting for minTime holds its slot too", () => {
    // Two slots, 300 ms apart, sends of 100 ms: the second job registers at 0 and waits.
    expect(drive(fromBottleneck({ maxConcurrent: 2, minTime: 300 }, { sendDurationMs: 100 }), 4)).toEqual([0, 300, 600, 900]);
  });

  test("reservoir refreshes on the 250 ms heartbeat: a 1,100 ms interval refreshes every 1,250 ms", () => {
    const starts = drive(fromBottleneck({ reservoir: 2, reservoirRefreshAmount: 2, reservoirRefreshInterval: 1100 }), 6);
    expect(starts).toEqual([0, 0, 1250, 1250, 2500, 2500]);
  });

  test("an empty reservoir without refresh sends nothing more", () => {
    expect(drive(fromBottleneck({ reservoir: 3 }), 10, 60_000)).toEqual([0, 0, 0]);
  });

  test("reservoir increases stop at the maximum", () => {
    const starts = drive(fromBottleneck({ reservoir: 0, reservoirIncreaseAmount: 2, reservoirIncreaseInterval: 1000, reservoirIncreaseMaximum: 3 }), 4, 10_000, []);
    expect(starts).toEqual([1000, 1000, 2000, 2000]);
  });

  test("an idle limiter refills: a new burst after a pause starts at once", () => {
    const starts = drive(fromBottleneck(perSecond(5)), 5, 100_000, [{ at: 50_000, jobs: 5 }]);
    expect(starts.slice(5)).toEqual([50_000, 50_000, 50_000, 50_000, 50_000]);
  });

  test("misspelt and unsupported options are errors, with a hint", () => {
    expect(() => fromBottleneck({ maxConcurent: 5 } as never)).toThrow(/did you mean "maxConcurrent"/);
    expect(() => fromBottleneck({ highWater: 10 })).toThrow(/highWater/);
    expect(() => fromBottleneck({ minTime: -1 })).toThrow(/minTime/);
    expect(() => fromBottleneck({ minTime: 10 }, { sendDurationMs: -5 })).toThrow(/sendDurationMs/);
  });

  test(`a reservoir of R per interval never starts more than R within one interval (seed ${SEED})`, () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 400 }), (r, beats, jobs) => {
        const interval = beats * 250;
        const starts = drive(fromBottleneck({ reservoir: r, reservoirRefreshAmount: r, reservoirRefreshInterval: interval }), jobs);
        expect(starts).toHaveLength(jobs);
        expect(maxInWindow(starts, interval)).toBeLessThanOrEqual(r);
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  test("used again after a run, it starts afresh", () => {
    const t = fromBottleneck({ minTime: 1000 });
    const first = drive(t, 3);
    expect(drive(t, 3)).toEqual(first);
  });
});

describe("p-queue semantics on virtual time", () => {
  test("intervalCap per fixed window starting at the first job", () => {
    expect(drive(fromPQueue({ intervalCap: 2, interval: 1000 }), 5)).toEqual([0, 0, 1000, 1000, 2000]);
  });

  test("concurrency counts sends in flight", () => {
    expect(drive(fromPQueue({ concurrency: 3 }, { sendDurationMs: 100 }), 7)).toEqual([0, 0, 0, 100, 100, 100, 200]);
  });

  test("carryoverConcurrencyCount counts sends still running into the next window", () => {
    const plain = drive(fromPQueue({ intervalCap: 2, interval: 1000 }, { sendDurationMs: 1500 }), 4);
    const carry = drive(fromPQueue({ intervalCap: 2, interval: 1000, carryoverConcurrencyCount: true }, { sendDurationMs: 1500 }), 4);
    expect(plain).toEqual([0, 0, 1000, 1000]);
    // At the 1,000 ms tick both first sends still run: the new window starts full.
    expect(carry).toEqual([0, 0, 2000, 2000]);
  });

  test("a queue that drained keeps its count until the first window's end", () => {
    // Two jobs fill the 1 s window at 0; a third arrives at 400 and waits for the window's end.
    expect(drive(fromPQueue({ intervalCap: 2, interval: 1000 }), 2, 10_000, [{ at: 400, jobs: 1 }])).toEqual([0, 0, 1000]);
  });

  test(`never more than intervalCap starts in one window (seed ${SEED})`, () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 100, max: 2000 }), fc.integer({ min: 1, max: 300 }), (cap, interval, jobs) => {
        const starts = drive(fromPQueue({ intervalCap: cap, interval }), jobs);
        expect(starts).toHaveLength(jobs);
        expect(maxInWindow(starts, interval)).toBeLessThanOrEqual(cap);
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  test("unknown options and autoStart: false are errors", () => {
    expect(() => fromPQueue({ intervalcap: 5 } as never)).toThrow(/did you mean "intervalCap"/);
    expect(() => fromPQueue({ autoStart: false })).toThrow(/autoStart/);
  });
});
