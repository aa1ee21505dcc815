// The benchmark's SimPy baseline: installed when the machine allows it, explained when not,
// and a ratio only ever reported beside the baseline it divides by.
import { describe, expect, it } from "vitest";
import { APT_COMMANDS, findSimPy, simpyPlan, withBaseline } from "../../bench/baseline.js";

const figure = { id: "mm1-1e6", metric: "customers/s", value: 9_000_000, unit: "customers/CPU-s", note: "ρ = 0.9" };

describe("simpyPlan", () => {
  it("installs Debian's python3-simpy3 as root with apt-get, apt-get update first", () => {
    const plan = simpyPlan({ root: true, aptGet: true, env: {} });
    expect(plan).toEqual({ action: "install", commands: APT_COMMANDS });
    expect(APT_COMMANDS[0].slice(0, 2)).toEqual(["apt-get", "update"]);
    expect(APT_COMMANDS[1]).toEqual(expect.arrayContaining(["apt-get", "install", "-y", "python3-simpy3"]));
  });

  it.each([
    [{ root: false, aptGet: true, env: {} }, /needs root/],
    [{ root: true, aptGet: false, env: {} }, /no apt-get/],
    [{ root: true, aptGet: true, env: { TIERSIM_BENCH_INSTALL: "0" } }, /TIERSIM_BENCH_INSTALL=0/],
  ])("otherwise says why and exactly how (%j)", (machine, why) => {
    const plan = simpyPlan(machine);
    expect(plan.action).toBe("explain");
    if (plan.action !== "explain") return;
    expect(plan.why).toMatch(why);
    expect(plan.how).toContain("sudo apt-get update && sudo apt-get install -y python3-simpy3");
    expect(plan.how).toContain("python3 -m pip install simpy");
  });
});

describe("withBaseline", () => {
  it("gives the ratio and judges the target against a baseline measured in the run", () => {
    const r = withBaseline(figure, { rate: 150_000, seconds: 1, wallSeconds: 1 }, "SimPy 3.0.11", true, 50);
    expect(r).toMatchObject({ baseline: { name: "SimPy 3.0.11", value: 150_000 }, ratio: 60, met: true, target: "≥ 50× SimPy" });
  });

  it("without a baseline: no ratio, no verdict, and the note says so", () => {
    const r = withBaseline(figure, null, "SimPy ?", true, 50);
    expect(r.ratio).toBeUndefined();
    expect(r.baseline).toBeUndefined();
    expect(r.met).toBeUndefined();
    expect(r.note).toBe("ρ = 0.9; no SimPy baseline, so no ratio and the target is not judged");
  });

  it("a quick run keeps both notes", () => {
    expect(withBaseline(figure, null, "SimPy ?", false, 50).note).toBe("ρ = 0.9; quick run, target not judged; no SimPy baseline, so no ratio");
  });
});

describe("findSimPy", () => {
  it("uses the interpreter the runner settled on, and only that one", () => {
    expect(findSimPy({ TIERSIM_BENCH_PYTHON: "/nonexistent/python3" })).toBeNull();
  });
});
