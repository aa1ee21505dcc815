// Non-regression: the quickstart's seeded summary is part of the compatibility contract. A
// change here is a change of results: review the diff, then update with `vitest -u`.
import { describe, expect, it } from "vitest";
import { configFromFile } from "./helpers.js";
import { simulate } from "../../sim/run.js";

describe("quickstart (seed 42)", () => {
  it("summary does not change except on purpose", () => {
    const r = simulate(configFromFile("scenarios/quickstart.yaml"));
    expect(r.summary).toMatchSnapshot();
    expect(r.daily.map((d) => [d.date, d.limit, d.uniqueReached])).toMatchSnapshot();
  });
});
