import { describe, expect, it } from "vitest";
import { sensitivity } from "../../../studies/sweeps/sweep.js";
import { expandItem, formatPath, gridIndices, parsePath, parseVary } from "../../../studies/sweeps/vary.js";

describe("--vary parsing", () => {
  it("paths: keys, list positions, and overrides as one parameter", () => {
    expect(parsePath("audience.segments[1].block")).toEqual(["audience", "segments", 1, "block"]);
    expect(parsePath("campaigns[0].retry.131049.after")).toEqual(["campaigns", 0, "retry", "131049", "after"]);
    expect(parsePath("overrides.autoScale.delay")).toEqual(["overrides", "autoScale.delay"]);
    expect(parsePath("rules")).toEqual(["rules"]);
    for (const bad of ["", "a..b", "a.", "[0]", "a[x]", "a b"]) expect(parsePath(bad)).toHaveProperty("message");
    expect(formatPath(["audience", "segments", 1, "block"])).toBe("audience.segments[1].block");
    expect(formatPath(["overrides", "autoScale.delay"])).toBe("overrides.autoScale.delay");
  });

  it("ranges: count evenly spaced values, ends included, units kept", () => {
    expect(expandItem("0.001..0.01:5")).toEqual(["0.001", "0.00325", "0.0055", "0.00775", "0.01"]);
    expect(expandItem("1h..6h:6")).toEqual(["1h", "2h", "3h", "4h", "5h", "6h"]);
    expect(expandItem("0.1..x:3")).toHaveProperty("message");
    expect(expandItem("1h..6d:2")).toHaveProperty("message");
    expect(expandItem("1..2:1")).toHaveProperty("message");
  });

  it("specs: path=values with ranges expanded", () => {
    expect(parseVary("audience.segments[1].block=0.001,0.002..0.004:3")).toEqual({
      path: "audience.segments[1].block",
      segments: ["audience", "segments", 1, "block"],
      values: ["0.001", "0.002", "0.003", "0.004"],
    });
    expect(parseVary("business.verifiedAt=2026-03-03T10:00:00+01:00")).toMatchObject({ values: ["2026-03-03T10:00:00+01:00"] });
    expect(parseVary("block")).toHaveProperty("message");
    expect(parseVary("a=1,,2")).toHaveProperty("message");
  });

  it("grid: every combination, first axis slowest", () => {
    expect(gridIndices([2, 3])).toEqual([[0, 0], [0, 1], [0, 2], [1, 0], [1, 1], [1, 2]]);
    expect(gridIndices([])).toEqual([[]]);
  });
});

describe("sensitivity", () => {
  const variants = [
    { values: { a: 1, b: "x" }, metrics: { m: 10 } },
    { values: { a: 1, b: "y" }, metrics: { m: 14 } },
    { values: { a: 2, b: "x" }, metrics: { m: 30 } },
    { values: { a: 2, b: "y" }, metrics: { m: 34 } },
  ];
  it("averages the other parameters out and ranks by swing", () => {
    expect(sensitivity(variants, ["b", "a"], ["m"])).toEqual([
      { parameter: "a", metric: "m", low: { value: 1, metric: 12 }, high: { value: 2, metric: 32 }, swing: 20 },
      { parameter: "b", metric: "m", low: { value: "x", metric: 20 }, high: { value: "y", metric: 24 }, swing: 4 },
    ]);
  });
});
