import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv } from "ajv";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { writeReport } from "../../cli/commands/report.js";
import { ExitCode, UserError } from "../../cli/exit-codes.js";
import { parseResult, renderReport } from "../../reports/index.js";
import { buildProjectionFixture, buildRunFixture, buildSweepFixture } from "./fixtures.js";
import { SEED } from "../seed.js";

/** A result being damaged on purpose: any shape goes. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Damaged = any;

const dir = mkdtempSync(join(tmpdir(), "tiersim-report-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function save(name: string, value: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof value === "string" ? value : JSON.stringify(value, null, 2));
  return file;
}

async function rejection(p: Promise<unknown>): Promise<UserError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UserError);
  return err as UserError;
}

describe("parseResult", () => {
  it("accepts each result schema after a JSON round trip", () => {
    for (const result of [buildRunFixture(), buildProjectionFixture({ runs: 8 }), buildSweepFixture()]) {
      const parsed = parseResult(JSON.parse(JSON.stringify(result)));
      expect(parsed.ok).toBe(true);
      if (parsed.ok) expect(parsed.result.schema).toBe(result.schema);
    }
  });

  it("names an unknown schema and the path of a damaged field", () => {
    expect(parseResult({ schema: "tiersim/run@9" })).toEqual({ ok: false, issues: [expect.stringContaining('found "tiersim/run@9"')] });
    expect(parseResult([1, 2])).toEqual({ ok: false, issues: [expect.stringContaining("found none")] });
    const broken = JSON.parse(JSON.stringify(buildRunFixture()));
    broken.daily[3].delivered = "many";
    delete broken.summary.cost;
    const parsed = parseResult(broken);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.issues.some((i) => i.startsWith("daily.3.delivered:"))).toBe(true);
      expect(parsed.issues.some((i) => i.startsWith("summary.cost:"))).toBe(true);
    }
  });
});

describe("parseResult on hostile files", () => {
  const run = (): Damaged => JSON.parse(JSON.stringify(buildRunFixture()));
  const projection = (): Damaged => JSON.parse(JSON.stringify(buildProjectionFixture({ runs: 4 })));
  const sweep = (): Damaged => JSON.parse(JSON.stringify(buildSweepFixture()));

  it.each<[string, () => Damaged, string]>([
    ["a count that is text", () => Object.assign(run(), { summary: { ...run().summary, messages: { ...run().summary.messages, delivered: "lots" } } }), "summary.messages.delivered: expected a whole number ≥ 0"],
    ["a negative daily count", () => { const r = run(); r.daily[2].attempted = -1; return r; }, "daily.2.attempted: expected a whole number ≥ 0"],
    ["an impossible date", () => { const r = run(); r.end = "2026-02-31T00:00:00.000Z"; return r; }, "end: not a real date and time"],
    ["a limit event with a limit of 0", () => { const r = run(); r.events.push({ at: r.start, type: "limit-changed", from: 250, to: 0, reason: "auto-scale" }); return r; }, `events.${buildRunFixture().events.length}.to: expected a limit`],
    ["a known event missing a field", () => { const r = run(); r.events.push({ at: r.start, type: "paralysis-started", campaign: "c" }); return r; }, `events.${buildRunFixture().events.length}.cause: Invalid option`],
    ["no daily rows", () => Object.assign(run(), { daily: [] }), "daily: Too small"],
    ["a projection without runs", () => Object.assign(projection(), { perRun: [] }), "perRun: Too small"],
    ["a projection whose runs disagree with perRun", () => Object.assign(projection(), { runs: 9 }), "perRun: holds 4 runs, but runs is 9"],
    ["a share above 1", () => { const p = projection(); p.paralysis.probability = 1.5; return p; }, "paralysis.probability: expected a share from 0 to 1"],
    ["a quantile that is null", () => { const p = projection(); p.daily[0].reach.q50 = null; return p; }, "daily.0.reach.q50: expected a finite number"],
    ["a sweep without variants", () => Object.assign(sweep(), { variants: [] }), "variants: Too small"],
    ["a sweep metric that is text", () => { const s = sweep(); s.variants[0].metrics.paralysisHours = "many"; return s; }, "variants.0.metrics.paralysisHours: expected a finite number"],
  ])("refuses %s, naming the field", (_name, make, says) => {
    const parsed = parseResult(make());
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.issues.some((i) => i.startsWith(says)), parsed.issues.join("\n")).toBe(true);
  });

  it(`never throws, and what it accepts the committed JSON Schema accepts too (seed ${SEED})`, () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validators = Object.fromEntries(
      (["run", "projection", "sweep"] as const).map((n) => [`tiersim/${n}@1`, ajv.compile(JSON.parse(readFileSync(`schemas/${n}.schema.json`, "utf8")) as object)]),
    );
    const docs = [run(), projection(), sweep()];
    const hostile = fc.oneof(fc.constant(null), fc.constant("x"), fc.constant(-1), fc.constant(1e308), fc.constant(0.5), fc.constant([]), fc.constant({}), fc.constant(true));
    fc.assert(
      fc.property(fc.nat(2), fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), hostile, fc.boolean(), (which, steps, value, remove) => {
        const doc = structuredClone(docs[which]);
        // Walk down a path chosen by `steps`, then replace (or delete) what is there.
        let parent: Damaged = doc;
        let key: string | number | undefined;
        for (const step of steps) {
          const node = key === undefined ? parent : parent[key];
          if (node === null || typeof node !== "object") break;
          const keys = Array.isArray(node) ? node.map((_, i) => i) : Object.keys(node);
          if (keys.length === 0) break;
          if (key !== undefined) parent = node;
          key = keys[step % keys.length];
        }
        if (key === undefined) return;
        if (remove && !Array.isArray(parent)) delete parent[key];
        else parent[key] = value;
        const parsed = parseResult(doc);
        if (parsed.ok) expect(validators[doc.schema](doc), JSON.stringify(validators[doc.schema].errors)).toBe(true);
        else expect(parsed.issues.length).toBeGreaterThan(0);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe("tiersim report", () => {
  it("regenerates exactly the files a report renders, from result.json", async () => {
    const run = buildRunFixture();
    const out = join(dir, "run-out");
    const written = await writeReport(save("result.json", run), out);
    const expected = (await renderReport(JSON.parse(JSON.stringify(run)))).files;
    expect(written.files).toEqual(expected.map(([p]) => join(out, p)));
    expect(written.charts).toBe(expected.filter(([p]) => p.endsWith(".svg")).length);
    for (const [path, data] of expected) {
      const onDisk = readFileSync(join(out, path));
      expect(onDisk.equals(Buffer.from(typeof data === "string" ? Buffer.from(data) : data)), path).toBe(true);
    }
    expect(readdirSync(join(out, "charts")).filter((f) => f.startsWith(".tiersim-tmp"))).toEqual([]);
  });

  it("reports on a sweep", async () => {
    const out = join(dir, "sweep-out");
    const written = await writeReport(save("sweep.json", buildSweepFixture()), out);
    expect(written.charts).toBe(3);
    expect(readFileSync(join(out, "report.html"), "utf8")).toContain("Sensitivity ranking");
  });

  it("exits 3 naming the field for a hostile result file", async () => {
    const hostile = JSON.parse(JSON.stringify(buildRunFixture()));
    hostile.summary.paralysis.hours = null;
    hostile.daily[0].cost = 1e300;
    const err = await rejection(writeReport(save("hostile.json", hostile), join(dir, "x")));
    expect(err.exitCode).toBe(ExitCode.InvalidInput);
    expect(err.message).toContain("summary.paralysis.hours: expected a number ≥ 0");
    expect(err.message).toContain("daily.0.cost: expected at most 1000000000000000 (10^15)");
  });

  it("exits 3 with a clear message for a missing, non-JSON or unknown file", async () => {
    const missing = await rejection(writeReport(join(dir, "nope.json"), join(dir, "x")));
    expect(missing.exitCode).toBe(ExitCode.InvalidInput);
    expect(missing.message).toMatch(/cannot read .*nope\.json: no such file/);

    const notJson = await rejection(writeReport(save("bad.json", "{ not json"), join(dir, "x")));
    expect(notJson.exitCode).toBe(ExitCode.InvalidInput);
    expect(notJson.message).toMatch(/is not valid JSON/);

    const unknown = await rejection(writeReport(save("scenario.json", { name: "a scenario, not a result" }), join(dir, "x")));
    expect(unknown.exitCode).toBe(ExitCode.InvalidInput);
    expect(unknown.message).toContain("tiersim/run@1, tiersim/projection@1, tiersim/sweep@1");
  });
});
