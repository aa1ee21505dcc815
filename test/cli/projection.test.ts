// End-to-end: `tiersim run --runs N` (projection), `--workers`, `--shard` and merging the
// shards. A 3,000-user list over 2 days keeps each replication short.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { smallQuickstart, tiersim, WIDE } from "./tiersim.js";

let dir: string;
let scenario: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "tiersim-projection-"));
  scenario = smallQuickstart(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const base = (runs = 9) => ["run", scenario, "--runs", String(runs), "--days", "2"];

describe("tiersim run --runs N", () => {
  let one: ReturnType<typeof tiersim>;
  beforeAll(() => {
    one = tiersim([...base(), "--workers", "1", "--json"], WIDE);
  });

  it("--json prints one projection document (tiersim/projection@1)", () => {
    expect(one.code, one.stderr).toBe(0);
    expect(one.stderr).toBe("");
    const p = JSON.parse(one.stdout) as { schema: string; runs: number; seed: number; method: { quantiles: string; levels: string[] }; perRun: Array<{ index: number; seed: number }>; daily: unknown[]; reachedAt: Record<string, { share: number }> };
    expect(p.schema).toBe("tiersim/projection@1");
    expect(p.runs).toBe(9);
    expect(p.seed).toBe(42);
    expect(p.method.quantiles).toMatch(/R-7/);
    expect(p.method.levels).toEqual(["q05", "q25", "q50", "q75", "q95"]);
    expect(p.perRun.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(new Set(p.perRun.map((r) => r.seed)).size).toBe(9);
    expect(p.daily.length).toBe(2);
    expect(Object.keys(p.reachedAt)).toContain("unlimited");
  });

  it("is byte-identical with --workers 1 and --workers 2", () => {
    const two = tiersim([...base(), "--workers", "2", "--json"], WIDE);
    expect(two.code, two.stderr).toBe(0);
    expect(two.stdout).toBe(one.stdout);
  });

  it("shards 1/3 + 2/3 + 3/3, merged, are byte-identical to the unsharded projection", () => {
    const files = [1, 2, 3].map((i) => {
      const r = tiersim([...base(), "--shard", `${i}/3`, "--workers", "1"], WIDE);
      expect(r.code, r.stderr).toBe(0);
      const lines = r.stdout.trim().split("\n").map((l) => JSON.parse(l) as { index: number; masterSeed: number; runs: number; scenarioHash: string; seed: number });
      expect(lines.map((l) => l.index)).toEqual([0, 1, 2].map((k) => 3 * k + i - 1));
      expect(lines.every((l) => l.masterSeed === 42 && l.runs === 9 && l.scenarioHash.startsWith("sha256:"))).toBe(true);
      const file = join(dir, `s${i}.jsonl`);
      writeFileSync(file, r.stdout);
      return file;
    });
    const merged = tiersim(["merge", files[2], files[0], files[1], "--json"], WIDE);
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stdout).toBe(one.stdout);
    const out = join(dir, "merged.json");
    expect(tiersim(["merge", ...files, "--out", out], WIDE).code).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(one.stdout);
  });

  it("a Kubernetes Indexed Job shards from JOB_COMPLETION_INDEX (0-based) and TIERSIM_SHARD_COUNT into --out", () => {
    const out = join(dir, "k8s");
    const r = tiersim([...base(), "--out", out], { env: { COLUMNS: "200", JOB_COMPLETION_INDEX: "1", TIERSIM_SHARD_COUNT: "3" } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("shard 2/3: 3 of 9 runs");
    const lines = readFileSync(join(out, "shard-2-of-3.jsonl"), "utf8").trim().split("\n");
    expect(lines.map((l) => (JSON.parse(l) as { index: number }).index)).toEqual([1, 4, 7]);
  });

  it("prints a compact projection table", () => {
    const r = tiersim([...base(), "--workers", "2"], WIDE);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/rules meta-2025-10 · 9 runs · master seed 42 · 2 days/);
    expect(r.stdout).toMatch(/^Verdict\n {2}Across 9 runs of 2 days/m);
    expect(r.stdout).toMatch(/ {2}10,000: (\d+% of runs \(\d of 9\), median day \d+ \(\w{3} \d+ \w{3}\)|not reached \(0 of 9 runs\))/);
    expect(r.stdout).toMatch(/ {2}unlimited: (not reached \(0 of 9 runs\)|\d+% of runs)/);
    expect(r.stdout).toMatch(/Paralysis {2}in (\d+% of runs|no run)/);
    expect(r.stdout).toMatch(/users reached +[\d,]+ {2}\([\d,]+ – [\d,]+\)/);
    expect(r.stderr).toBe("");
  });

  it("--out writes result.json, daily.csv and the report", () => {
    const out = join(dir, "out");
    const r = tiersim([...base(3), "--out", out, "--json"], WIDE);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(out, "result.json"), "utf8"))).toEqual(JSON.parse(r.stdout));
    expect(readFileSync(join(out, "daily.csv"), "utf8").split("\n")[0]).toMatch(/^date,limit_q05,limit_q25,limit_q50/);
    expect(readFileSync(join(out, "report.md"), "utf8").length).toBeGreaterThan(100);
  });
});

describe("refusals", () => {
  it.each([
    ["0/3", /shard number must be from 1 to 3/],
    ["4/3", /shard number must be from 1 to 3/],
    ["two/3", /--shard must look like I\/N/],
    ["1/0", /shard count must be from 1/],
  ])("--shard %s is a usage error (exit 2)", (spec, message) => {
    const r = tiersim([...base(), "--shard", spec], WIDE);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("TIERSIM_SHARD_COUNT without JOB_COMPLETION_INDEX, or an index past the count, is a usage error", () => {
    const a = tiersim(base(), { env: { COLUMNS: "200", TIERSIM_SHARD_COUNT: "3", JOB_COMPLETION_INDEX: "" } });
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/JOB_COMPLETION_INDEX/);
    const b = tiersim(base(), { env: { COLUMNS: "200", TIERSIM_SHARD_COUNT: "3", JOB_COMPLETION_INDEX: "3" } });
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/JOB_COMPLETION_INDEX=3 \(0-based\)/);
  });

  it("--trace with --runs is refused; a bad --workers too", () => {
    expect(tiersim([...base(), "--trace", join(dir, "t.jsonl")], WIDE).code).toBe(2);
    const w = tiersim([...base(), "--workers", "0"], WIDE);
    expect(w.code).toBe(2);
    expect(w.stderr).toMatch(/--workers must be a whole number/);
  });
});
