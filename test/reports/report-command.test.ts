import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeReport } from "../../cli/commands/report.js";
import { ExitCode, UserError } from "../../cli/exit-codes.js";
import { parseResult, renderReport } from "../../reports/index.js";
import { buildProjectionFixture, buildRunFixture, buildSweepFixture } from "./fixtures.js";

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
