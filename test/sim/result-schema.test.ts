// The published result schema (schemas/run.schema.json) must accept what the simulator
// writes and reject what it must not, so it cannot drift from the code.
import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { EXAMPLES, configFromFile } from "./helpers.js";
import { simulate } from "../../sim/run.js";
import { project } from "../../studies/index.js";

const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile(JSON.parse(readFileSync("schemas/run.schema.json", "utf8")));

describe("schemas/run.schema.json (tiersim/run@1)", () => {
  for (const file of EXAMPLES) {
    it(`accepts the result of ${file}`, () => {
      const r = JSON.parse(JSON.stringify(simulate(configFromFile(file, { days: 7 }))));
      const ok = validate(r);
      expect(ok, JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    });
  }

  it("rejects a result with a renamed field, a bad time or a fractional count", () => {
    const r = JSON.parse(JSON.stringify(simulate(configFromFile("scenarios/worked-example-2days.yaml"))));
    expect(validate({ ...r, summary: { ...r.summary, paralysys: r.summary.paralysis } })).toBe(false);
    expect(validate({ ...r, start: "2024-03-04" })).toBe(false);
    expect(validate({ ...r, summary: { ...r.summary, messages: { ...r.summary.messages, attempted: 1.5 } } })).toBe(false);
  });
});

describe("schemas/projection.schema.json (tiersim/projection@1)", () => {
  const validateProjection = ajv.compile(JSON.parse(readFileSync("schemas/projection.schema.json", "utf8")));

  it("accepts a projection of the quickstart and of a worked example", async () => {
    for (const file of ["scenarios/quickstart.yaml", "scenarios/worked-example-2days.yaml"]) {
      const p = JSON.parse(JSON.stringify(await project(configFromFile(file, { days: 7 }), { runs: 3, workers: 1 })));
      const ok = validateProjection(p);
      expect(ok, `${file}: ${JSON.stringify(validateProjection.errors?.slice(0, 3))}`).toBe(true);
    }
  });

  it("rejects a projection with a renamed quantile level or a share above 1", async () => {
    const p = JSON.parse(JSON.stringify(await project(configFromFile("scenarios/worked-example-2days.yaml"), { runs: 2, workers: 1 })));
    const bad1 = structuredClone(p);
    bad1.paralysis.hours.p90 = bad1.paralysis.hours.q95;
    delete bad1.paralysis.hours.q95;
    expect(validateProjection(bad1)).toBe(false);
    const bad2 = structuredClone(p);
    bad2.reachedAt["10000"].share = 1.5;
    expect(validateProjection(bad2)).toBe(false);
  });
});
