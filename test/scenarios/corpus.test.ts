// The broken-scenario corpus: each file holds realistic mistakes, and each mistake must be
// reported with its code, its position and words a strategist can act on.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadScenarioFile } from "../../scenarios/load-file.js";
import { ISSUE_CODES } from "../../scenarios/issues.js";
import { CORPUS } from "./corpus-cases.js";

const DIR = join("test", "scenarios", "corpus");

describe("broken-scenario corpus", () => {
  it("has at least 20 cases, and every file on disk has expectations (and vice versa)", () => {
    const files = readdirSync(DIR)
      .filter((f) => f.endsWith(".yaml"))
      .map((f) => f.replace(/\.yaml$/, ""))
      .sort();
    expect(files.length).toBeGreaterThanOrEqual(20);
    expect(files).toEqual(Object.keys(CORPUS).sort());
  });

  it("uses only documented issue codes", () => {
    const used = new Set(Object.values(CORPUS).flatMap((issues) => issues.map((i) => i.code)));
    for (const code of used) expect(Object.keys(ISSUE_CODES), code).toContain(code);
    // The corpus exercises most of them; the rest are covered in load.test.ts.
    expect(used.size).toBeGreaterThanOrEqual(25);
  });

  for (const [name, expected] of Object.entries(CORPUS)) {
    it(`${name}: reports exactly the expected issues with line:col`, () => {
      const file = join(DIR, `${name}.yaml`);
      const r = loadScenarioFile(file);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      const got = r.issues.map((i) => ({ code: i.code, line: i.line, column: i.column, path: i.path }));
      expect(got).toEqual(expected.map(({ code, line, column, path }) => ({ code, line, column, path })));
      r.issues.forEach((issue, k) => {
        expect(issue.file).toBe(file);
        expect(`${issue.message} — ${issue.fix ?? ""}`).toContain(expected[k].says);
        // Every issue tells the author how to fix it.
        expect(issue.fix, `${name}: issue ${k} has no fix`).toBeTruthy();
      });
    });
  }
});
