// The round trip with known answers: simulate the quickstart, write its webhooks, calibrate
// them, and the rates tiersim drew from fall inside the fitted 95 % intervals. The truth is
// the delivery-weighted mix of the segments' rates: each delivered message's user is read
// back from its wa_id, and the user's segment from the run's keyed draws.
import { describe, expect, it } from "vitest";
import { configFromFile } from "../../sim/helpers.js";
import { simulate } from "../../../sim/run.js";
import { Draws } from "../../../sim/platform/draws.js";
import { WebhookFold } from "../../../studies/calibration/fold.js";
import { fitCalibration } from "../../../studies/calibration/fit.js";
import type { SimConfig } from "../../../sim/config.js";

interface Truth {
  delivered: Float64Array;
}

/** Segment of each user, as the audience drew it. */
function segmentOf(config: SimConfig, seed: number): (user: number) => number {
  const draws = new Draws(seed);
  const cum: number[] = [];
  let acc = 0;
  for (const s of config.audience.segments) cum.push((acc += s.share));
  cum[cum.length - 1] = Infinity;
  const u = new Float64Array(3);
  return (user) => {
    draws.traits(user, u);
    let i = 0;
    while (u[0] >= cum[i]) i++;
    return i;
  };
}

function roundTrip(config: SimConfig, seed: number) {
  const fold = new WebhookFold({ segmentBy: "callback" });
  fold.beginFile("memory");
  const seg = segmentOf(config, seed);
  const truth: Truth = { delivered: new Float64Array(config.audience.segments.length) };
  const counted = new Set<string>();
  let n = 0;
  simulate(config, {
    seed,
    webhooks: (line) => {
      fold.line(line, ++n);
      // Delivered messages (a read without `delivered` is one too), by the user's segment.
      const m = /"statuses":\[\{"id":"([^"]+)","status":"(delivered|read)","timestamp":"\d+","recipient_id":"\d+?(\d{9})"/.exec(line);
      if (m && !counted.has(m[1])) {
        counted.add(m[1]);
        truth.delivered[seg(Number(m[3]) - 600_000_000)]++;
      }
    },
  });
  const cal = fitCalibration(fold, config.ruleSet, { segmentBy: "callback" });
  const segs = config.audience.segments;
  let d = 0;
  let replies = 0;
  let notReplied = 0;
  let reads = 0;
  segs.forEach((s, i) => {
    d += truth.delivered[i];
    replies += truth.delivered[i] * s.reply;
    notReplied += truth.delivered[i] * (1 - s.reply);
    reads += truth.delivered[i] * (1 - s.reply) * s.read;
  });
  return { cal, reply: replies / d, read: reads / notReplied, lines: n };
}

describe("calibrate recovers what the simulation drew", () => {
  it("quickstart (8 days): read and reply rates inside their 95 % intervals, latencies within 5 %", () => {
    const config = configFromFile("scenarios/quickstart.yaml", { days: 8 });
    const { cal, reply, read, lines } = roundTrip(config, 42);
    expect(lines).toBeGreaterThan(100_000);
    expect(cal.issues.malformed.count + cal.issues.duplicates.count + cal.issues.outOfOrder.count).toBe(0);
    expect(cal.fits.reply.n).toBeGreaterThan(50_000);
    expect(reply).toBeGreaterThanOrEqual(cal.fits.reply.lo);
    expect(reply).toBeLessThanOrEqual(cal.fits.reply.hi);
    expect(read).toBeGreaterThanOrEqual(cal.fits.read.lo);
    expect(read).toBeLessThanOrEqual(cal.fits.read.hi);
    // Latency medians are the scenario's (quickstart: defaults 20 min and 10 min, σ = 1).
    const lat = cal.fits.latency;
    expect(lat.read!.median / 1200).toBeCloseTo(1, 1);
    expect(lat.reply!.median / 600).toBeCloseTo(1, 1);
    expect(lat.read!.sigma).toBeCloseTo(1, 1);
    // Split by the segment each send is tagged with, every segment's own rates come back: each
    // within one interval width (about four standard errors) of its fit. Six more 95 % checks on
    // one seed would miss one time in four by chance alone (seed 42's casual read did, at 2.8
    // standard errors, under the two-uniform draw); the 100-seed test (coverage.test.ts) holds
    // the 95 % level itself, and a bias of four standard errors still fails here.
    const list = cal.segments!.list;
    expect(list.map((s) => s.name).sort()).toEqual(["casual", "engaged"]);
    for (const s of list) {
      const truth = config.audience.segments.find((x) => x.name === s.name)!;
      for (const key of ["read", "reply", "optOut"] as const) {
        const f = s.fits[key];
        expect(Math.abs(truth[key] - f.mean), `${s.name}.${key}: fit ${f.mean} [${f.lo}, ${f.hi}]`).toBeLessThanOrEqual(f.hi - f.lo);
      }
    }
  }, 120_000);
});
