// End-to-end: `tiersim sweep` — common random numbers, direction of an effect, refusals.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMPLAINTS } from "../studies/fixtures.js";
import { tiersim, WIDE } from "./tiersim.js";

let dir: string;
let scenario: string;
let complaints: string;

interface Sweep {
  schema: string;
  runs: number;
  seed: number;
  variants: Array<{ values: Record<string, string | number>; metrics: Record<string, number> }>;
  sensitivity: Array<{ parameter: string; metric: string; low: { value: string | number; metric: number }; high: { value: string | number; metric: number }; swing: number }>;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "tiersim-sweep-"));
  scenario = join(dir, "small.yaml");
  writeFileSync(scenario, readFileSync("scenarios/quickstart.yaml", "utf8").replace("optedIn: 30000", "optedIn: 3000"));
  complaints = join(dir, "complaints.yaml");
  writeFileSync(complaints, COMPLAINTS);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sweep = (...args: string[]) => tiersim(["sweep", scenario, "--runs", "4", ...(args.includes("--days") ? [] : ["--days", "2"]), ...args], WIDE);

describe("tiersim sweep", () => {
  it("--uncertainty rules: identical variants still give identical rows; none is the point values; a drawn axis is refused", () => {
    const r = sweep("--vary", "campaigns[0].throttle.headroom=0.05,0.05", "--uncertainty", "rules", "--json");
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as Sweep;
    expect(s.variants[1].metrics).toEqual(s.variants[0].metrics);
    const none = JSON.parse(sweep("--vary", "campaigns[0].throttle.headroom=0.05,0.05", "--uncertainty", "none", "--json").stdout) as Sweep;
    const plain = JSON.parse(sweep("--vary", "campaigns[0].throttle.headroom=0.05,0.05", "--json").stdout) as Sweep;
    expect(none.variants).toEqual(plain.variants);
    const refused = sweep("--vary", "audience.fatigue.blockMultiplierPerMessage=0.1,0.3", "--uncertainty", "rules");
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/drawn per replication/);
    expect(sweep("--vary", "campaigns[0].throttle.headroom=0,0.1", "--uncertainty", "all").code).toBe(2);
  }, 120_000);

  it("identical variants give identical rows (common random numbers), and a grid has every combination", () => {
    const r = sweep("--vary", "campaigns[0].throttle.headroom=0.05,0.05", "--vary", "overrides.autoScale.delay=6h,6h", "--json");
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as Sweep;
    expect(s.schema).toBe("tiersim/sweep@1");
    expect(s.variants).toHaveLength(4);
    for (const v of s.variants) expect(v.metrics).toEqual(s.variants[0].metrics);
    expect(s.variants[0].values).toEqual({ "campaigns[0].throttle.headroom": 0.05, "overrides.autoScale.delay": "6h" });
    expect(s.sensitivity.every((x) => x.swing === 0)).toBe(true);
  });

  it("a higher block probability moves paralysis hours up, and block ranks first for a tornado chart", () => {
    const r = tiersim(["sweep", complaints, "--runs", "4", "--vary", "audience.segments[1].block=0.0005,0.005,0.05", "--vary", "campaigns[0].throttle.headroom=0,0.02", "--json"], WIDE);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as Sweep;
    expect(s.variants).toHaveLength(6);
    const hours = (block: number, headroom: number): number =>
      s.variants.find((v) => v.values["audience.segments[1].block"] === block && v.values["campaigns[0].throttle.headroom"] === headroom)!.metrics.paralysisHours;
    for (const h of [0, 0.02]) {
      // A pause after the day's send has gone out stalls nothing: the middle variant may tie the calm one.
      expect(hours(0.005, h)).toBeGreaterThanOrEqual(hours(0.0005, h));
      expect(hours(0.05, h)).toBeGreaterThan(hours(0.005, h));
    }
    const par = s.sensitivity.filter((x) => x.metric === "paralysisHours");
    expect(par[0]).toMatchObject({ parameter: "audience.segments[1].block", low: { value: 0.0005 }, high: { value: 0.05 } });
    expect(par[0].swing).toBeGreaterThan(par[1].swing);
    expect(new Set(s.sensitivity.map((x) => x.metric))).toEqual(new Set(["daysToUnlimited", "paralysisHours", "usersReached"]));
  });

  it("prints a table per variant and the ranking; ranges expand; --out writes sweep.json and the report", () => {
    const out = join(dir, "sweep-out");
    const r = sweep("--vary", "audience.segments[0].block=0.001..0.003:3", "--out", out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/3 variants × 4 runs · master seed 42 \(the same replication seeds in every variant\)/);
    for (const v of ["0.001", "0.002", "0.003"]) expect(r.stdout).toContain(`\n  ${v} `);
    expect(r.stdout).toMatch(/Sensitivity/);
    const saved = JSON.parse(readFileSync(join(out, "sweep.json"), "utf8")) as Sweep;
    expect(saved.variants.map((v) => v.values["audience.segments[0].block"])).toEqual([0.001, 0.002, 0.003]);
    expect(existsSync(join(out, "report.md"))).toBe(true);
    // Two days reach unlimited in no run: the ranking says so instead of "10.00 at x → 10.00 at x".
    expect(saved.variants.every((v) => v.metrics.shareUnlimited === 0)).toBe(true);
    expect(r.stdout).toContain("  daysToUnlimited\n    unlimited not reached (0 of 12 runs): no parameter can be ranked by days to unlimited\n");
    for (const x of saved.sensitivity.filter((y) => y.metric !== "daysToUnlimited" && y.swing === 0)) expect(r.stdout).toMatch(new RegExp(`${x.parameter.replace(/[[\].]/g, "\\$&")}: swing 0\\.00  \\([\\d,.]+ at every value\\)`));
  });
});

describe("argument order", () => {
  it("--vary may come before the scenario and be repeated", () => {
    const r = tiersim(["sweep", "--vary", "campaigns[0].throttle.headroom=0.05", scenario, "--runs", "2", "--days", "1", "--vary", "audience.segments[0].block=0.001", "--json"], WIDE);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as Sweep).variants[0].values).toEqual({ "campaigns[0].throttle.headroom": 0.05, "audience.segments[0].block": 0.001 });
  });
});

describe("refusals", () => {
  it.each([
    ["audience.segments[1].blok=0.1", /bad --vary path "audience.segments\[1\].blok": no key "blok".*closest valid path: audience.segments\[1\].block/],
    ["audience.segments[5].block=0.1", /has 2 items.*closest valid path: audience.segments\[1\].block/],
    ["audiance.optedIn=5", /closest valid path: audience.optedIn/],
    ["overrides.autoScale.dealy=6h", /not a parameter of rule set meta-2025-10.*closest valid path: overrides.autoScale.delay/],
    ["audience.segments=1", /names a list, not one value/],
    ["audience.segments[1].block=abc", /bad --vary value "abc" for audience.segments\[1\].block: expected a number/],
    ["audience.segments[1].block=0.1..x:3", /bad range "0.1..x:3"/],
    ["block", /write <path>=<v1>,<v2>/],
  ])("--vary %s is a usage error (exit 2)", (vary, message) => {
    const r = sweep("--vary", vary);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("a value that makes the scenario invalid is exit 3 with the loader's issues", () => {
    const r = sweep("--vary", "audience.segments[1].block=0.001,2");
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/the variant .*small\.yaml \(audience.segments\[1\].block=2\) is not a valid scenario/);
    expect(r.stderr).toMatch(/audience.segments\[1\].block: number 2 is out of range: must be at most 1/);
    const rules = sweep("--vary", "rules=meta-2099");
    expect(rules.code).toBe(3);
    expect(rules.stderr).toMatch(/use one of meta-2021-09/);
  });
});
