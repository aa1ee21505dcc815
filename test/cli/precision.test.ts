// End-to-end: `tiersim run --precision` stops on its own, records what it reached, gives the
// same bytes on 1 and 2 workers, and refuses what it cannot do (sharding, --runs). Also
// `--antithetic`. A 3,000-user list over 2 days keeps each replication short.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simulate } from "../../sim/run.js";
import type { ProjectionResult } from "../../studies/projections/contract.js";
import { configFromFile } from "../sim/helpers.js";
import { ProjectionResult as ProjectionSchema } from "../../studies/projections/contract.js";
import { smallQuickstart, tiersim, WIDE } from "./tiersim.js";

let dir: string;
let scenario: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "tiersim-precision-"));
  scenario = smallQuickstart(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Blocked users: a figure whose interval the first batches of this seed leave too wide, so the
// run has to add batches before it stops (cost's first six runs happen to agree within 1 %).
const TARGET = "blocked.mean ± 10%";
const base = (...extra: string[]) => ["run", scenario, "--days", "2", "--precision", TARGET, "--batch", "6", "--max-runs", "60", ...extra];

describe("tiersim run --precision", () => {
  let one: ReturnType<typeof tiersim>;
  let p: ProjectionResult;
  beforeAll(() => {
    one = tiersim([...base(), "--workers", "1", "--json"], WIDE);
    p = JSON.parse(one.stdout) as ProjectionResult;
  });

  it("stops on its own at a batch boundary and records the runs used and the precision reached", () => {
    expect(one.code, one.stderr).toBe(0);
    expect(ProjectionSchema.safeParse(p).success).toBe(true);
    expect(p.precision?.met).toBe(true);
    expect(p.precision?.stopped).toBe("precise");
    expect(p.runs % 6).toBe(0);
    expect(p.runs).toBeGreaterThan(6);
    expect(p.runs).toBeLessThan(60);
    const t = p.precision!.targets[0];
    expect(t.target).toBe(TARGET);
    expect(t.halfWidth!).toBeLessThanOrEqual(t.required!);
    expect(t.required!).toBeCloseTo(0.1 * t.estimate!, 4);
    expect(p.precision!.methods.mean).toMatch(/Student t/);
  });

  it("is byte-identical with --workers 2", () => {
    const two = tiersim([...base(), "--workers", "2", "--json"], WIDE);
    expect(two.code, two.stderr).toBe(0);
    expect(two.stdout).toBe(one.stdout);
  });

  it("is the fixed-count projection of the runs it used, plus the precision block", () => {
    const fixed = tiersim(["run", scenario, "--days", "2", "--runs", String(p.runs), "--workers", "2", "--json"], WIDE);
    expect(fixed.code, fixed.stderr).toBe(0);
    const { precision: _precision, ...rest } = p;
    expect(JSON.stringify(rest, null, 2) + "\n").toBe(fixed.stdout);
  });

  it("stopped one batch earlier, it would not have been precise enough", () => {
    const fewer = tiersim([...base().slice(0, -2), "--max-runs", String(p.runs - 6), "--workers", "2", "--json"], WIDE);
    expect(fewer.code, fewer.stderr).toBe(0);
    const q = JSON.parse(fewer.stdout) as ProjectionResult;
    expect(q.runs).toBe(p.runs - 6);
    expect(q.precision).toMatchObject({ met: false, stopped: "max-runs" });
  });

  it("the terminal summary states the runs used and the precision reached", () => {
    const r = tiersim([...base(), "--workers", "2"], WIDE);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Precision  met after ${p.runs} runs (batches of 6, cap 60)`);
    expect(r.stdout).toContain(`✓ ${TARGET}:`);
  });

  it("refuses --shard, sharding from the environment, --runs, and a bad target (exit 2)", () => {
    const cases: Array<[string[], Record<string, string>, RegExp]> = [
      [[...base(), "--shard", "1/2"], {}, /a shard needs it fixed in advance/],
      [base(), { TIERSIM_SHARD_COUNT: "2", JOB_COMPLETION_INDEX: "0" }, /a shard needs it fixed in advance/],
      [[...base(), "--runs", "10"], {}, /--precision chooses the run count; drop --runs 10/],
      [["run", scenario, "--precision", "speed ± 1"], {}, /unknown figure "speed"/],
      [["run", scenario, "--max-runs", "10"], {}, /--max-runs caps a run to precision/],
      [["run", scenario, "--runs", "3", "--antithetic"], {}, /--runs must be even/],
      [["run", scenario, "--runs", "4", "--antithetic", "--shard", "1/2"], {}, /--antithetic cannot be sharded/],
    ];
    for (const [args, env, message] of cases) {
      const r = tiersim(args, { env: { COLUMNS: "200", ...env } });
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe("");
    }
  });
});

describe("tiersim run --antithetic", () => {
  it("pairs runs on one seed, twins marked; the same bytes on 1 and 2 workers", () => {
    const a = tiersim(["run", scenario, "--days", "2", "--runs", "6", "--antithetic", "--workers", "1", "--json"], WIDE);
    expect(a.code, a.stderr).toBe(0);
    const b = tiersim(["run", scenario, "--days", "2", "--runs", "6", "--antithetic", "--workers", "2", "--json"], WIDE);
    expect(b.stdout).toBe(a.stdout);
    const p = JSON.parse(a.stdout) as ProjectionResult;
    expect(ProjectionSchema.safeParse(p).success).toBe(true);
    expect(p.antithetic).toBe(true);
    expect(p.method.antithetic).toMatch(/1 − u/);
    expect(p.perRun.map((r) => r.antithetic ?? false)).toEqual([false, true, false, true, false, true]);
    expect(p.perRun[1].seed).toBe(p.perRun[0].seed);
    expect(p.perRun[2].seed).not.toBe(p.perRun[0].seed);
    // Run 0 is the plain projection's run 0; the twin is simulate(seed, antithetic).
    const plain = JSON.parse(tiersim(["run", scenario, "--days", "2", "--runs", "2", "--workers", "1", "--json"], WIDE).stdout) as ProjectionResult;
    expect(plain.perRun[0]).toEqual(p.perRun[0]);
    const twin = simulate(configFromFile(scenario, { days: 2 }), { seed: p.perRun[1].seed, antithetic: true });
    expect(twin.antithetic).toBe(true);
    expect(twin.summary).toEqual(p.perRun[1].summary);
  });
});
