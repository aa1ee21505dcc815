// End to end: the compiled CLI (built by the global setup) on the shipped examples and the
// broken corpus — the exit codes and output formats scripts and CI rely on.
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CORPUS } from "../scenarios/corpus-cases.js";
import { tiersim } from "./tiersim.js";

const examples = readdirSync("scenarios")
  .filter((f) => f.endsWith(".yaml"))
  .map((f) => join("scenarios", f));

describe("tiersim validate", () => {
  it("passes every example with one ✔ line per file and exit 0", () => {
    const r = tiersim(["validate", ...examples]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split("\n")).toEqual(examples.map((f) => `✔ ${f}`));
  });

  it("exits 3 and prints file:line:col for every mistake of a broken file", () => {
    const file = join("test", "scenarios", "corpus", "many-mistakes.yaml");
    const r = tiersim(["validate", file, examples[0]]);
    expect(r.code).toBe(3);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe(`✖ ${file}  (4 issues)`);
    const expected = CORPUS["many-mistakes"];
    expected.forEach((e, k) => {
      expect(lines[1 + k]).toMatch(new RegExp(`^  ${file.replace(/[.]/g, "\\.")}:${e.line}:${e.column}  `));
      expect(lines[1 + k]).toContain(e.says);
    });
    expect(lines[1 + expected.length]).toBe(`✔ ${examples[0]}`);
  });

  it("reports a missing file as an invalid input (exit 3), not a crash", () => {
    const r = tiersim(["validate", "no/such/file.yaml"]);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain("no/such/file.yaml:1:1  no such file");
  });

  it("--json prints exactly one JSON document with the issues as data", () => {
    const broken = join("test", "scenarios", "corpus", "unknown-template.yaml");
    const r = tiersim(["validate", "--json", examples[0], broken]);
    expect(r.code).toBe(3);
    const doc = JSON.parse(r.stdout) as { files: Array<{ file: string; ok: boolean; issues: Array<Record<string, unknown>> }> };
    expect(doc.files.map((f) => [f.file, f.ok, f.issues.length])).toEqual([
      [examples[0], true, 0],
      [broken, false, 1],
    ]);
    expect(doc.files[1].issues[0]).toEqual({
      file: broken,
      line: 11,
      column: 15,
      path: "campaigns[0].template",
      code: "unknown-template",
      message: 'no template named "spring_promos" in templates',
      fix: 'did you mean "spring_promo"?',
    });
  });

  it("needs at least one file (usage error, exit 2)", () => {
    expect(tiersim(["validate"]).code).toBe(2);
  });
});

describe("tiersim schema", () => {
  it("prints the committed JSON Schema", () => {
    const r = tiersim(["schema"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync("scenarios/scenario.schema.json", "utf8"));
  });

  it("--out writes the schema file, and --format markdown the format reference", () => {
    const dir = mkdtempSync(join(tmpdir(), "tiersim-schema-"));
    expect(tiersim(["schema", "--out", join(dir, "s.json")]).code).toBe(0);
    expect(readFileSync(join(dir, "s.json"), "utf8")).toBe(readFileSync("scenarios/scenario.schema.json", "utf8"));
    expect(tiersim(["schema", "--format", "markdown", "--out", join(dir, "f.md")]).code).toBe(0);
    expect(readFileSync(join(dir, "f.md"), "utf8")).toBe(readFileSync("docs/scenario-format.md", "utf8"));
    expect(readdirSync(dir).sort()).toEqual(["f.md", "s.json"]);
  });

  it("--result prints a result contract's committed JSON Schema; an unknown contract or markdown with it is a usage error", () => {
    for (const name of ["run", "projection", "sweep", "shard"]) {
      const r = tiersim(["schema", "--result", name]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe(readFileSync(`schemas/${name}.schema.json`, "utf8"));
    }
    expect(tiersim(["schema", "--result", "trace"]).code).toBe(2);
    const md = tiersim(["schema", "--result", "run", "--format", "markdown"]);
    expect(md.code).toBe(2);
    expect(md.stderr).toContain("--format markdown documents the scenario format");
  });
});
