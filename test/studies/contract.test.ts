// The documents the Monte Carlo code produces are the ones reports/ reads: same types, and
// reports' own validator accepts them.
import { describe, expect, expectTypeOf, it } from "vitest";
import { parseResult } from "../../reports/load.js";
import type { SweepResult as ReportsSweep } from "../../reports/sweep-types.js";
import { project } from "../../studies/projections/project.js";
import { sweepVariants } from "../../studies/sweeps/sweep.js";
import type { SweepResult } from "../../studies/sweeps/contract.js";
import { smallConfig } from "./fixtures.js";

describe("result contract", () => {
  it("studies/sweeps' SweepResult is the type reports/ renders", () => {
    expectTypeOf<SweepResult>().toEqualTypeOf<ReportsSweep>();
  });

  it("a projection and a sweep pass reports' validator", async () => {
    const config = smallConfig(2);
    const p = await project(config, { runs: 3, workers: 1 });
    const parsedP = parseResult(JSON.parse(JSON.stringify(p)));
    expect(parsedP.ok ? [] : parsedP.issues).toEqual([]);
    const { result } = await sweepVariants(config, [{ values: { x: 1 }, config }], { runs: 2, workers: 1 });
    const parsedS = parseResult(JSON.parse(JSON.stringify(result)));
    expect(parsedS.ok ? [] : parsedS.issues).toEqual([]);
  });
});
