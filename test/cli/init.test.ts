// `tiersim init [file]`: a starter scenario that validates, matches the quickstart it is based
// on, names a schema that exists from where the file is written, and never overwrites.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { schemaReference, starterScenario } from "../../cli/commands/init.js";
import { loadScenarioFile } from "../../scenarios/load-file.js";
import { tiersim } from "./tiersim.js";

const repo = resolve(".");
const tmp = mkdtempSync(join(tmpdir(), "tiersim-init-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The `$schema` path of a scenario's first line, resolved against the scenario's folder. */
function schemaOf(file: string): { written: string; resolved: string } {
  const first = readFileSync(file, "utf8").split("\n")[0];
  const m = /^# yaml-language-server: \$schema=(.+)$/.exec(first);
  expect(m, `first line of ${file}: ${first}`).not.toBeNull();
  const written = m![1];
  return { written, resolved: isAbsolute(written) ? written : resolve(dirname(file), written) };
}

describe("tiersim init", () => {
  it("writes a starter that validates and is the quickstart under another name", () => {
    const dir = join(tmp, "plain");
    mkdirSync(dir);
    const r = tiersim(["init", "campaign.yaml"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Wrote campaign.yaml");
    const file = join(dir, "campaign.yaml");
    expect(tiersim(["validate", "campaign.yaml"], { cwd: dir }).code).toBe(0);
    const starter = parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    const quickstart = parse(readFileSync("scenarios/quickstart.yaml", "utf8")) as Record<string, unknown>;
    for (const doc of [starter, quickstart]) {
      delete doc.name;
      delete doc.description;
    }
    expect(starter).toEqual(quickstart);
    // Commented for adapting: most settings carry a comment saying what to change.
    expect(readFileSync(file, "utf8").match(/← /g)?.length).toBeGreaterThan(10);
    expect(readdirSync(dir)).toEqual(["campaign.yaml"]);
  });

  it("defaults to scenario.yaml and creates missing folders", () => {
    const dir = join(tmp, "default");
    mkdirSync(dir);
    expect(tiersim(["init"], { cwd: dir }).code).toBe(0);
    expect(loadScenarioFile(join(dir, "scenario.yaml")).ok).toBe(true);
    expect(tiersim(["init", "plans/spring/launch.yaml"], { cwd: dir }).code).toBe(0);
    expect(loadScenarioFile(join(dir, "plans/spring/launch.yaml")).ok).toBe(true);
  });

  it("refuses to overwrite an existing file (exit 2) and leaves it as it was", () => {
    const dir = join(tmp, "exists");
    mkdirSync(dir);
    writeFileSync(join(dir, "mine.yaml"), "keep me\n");
    const r = tiersim(["init", "mine.yaml"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^tiersim: mine\.yaml already exists; tiersim init never overwrites a file.*see `tiersim init --help`\n$/);
    expect(readFileSync(join(dir, "mine.yaml"), "utf8")).toBe("keep me\n");
    expect(readdirSync(dir)).toEqual(["mine.yaml"]);
  });

  it("a path through a file is a usage error, not a stack trace", () => {
    const dir = join(tmp, "through-file");
    mkdirSync(dir);
    writeFileSync(join(dir, "plans"), "");
    const r = tiersim(["init", "plans/a.yaml"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^tiersim: cannot write plans\/a\.yaml: a part of the path is a file, not a folder/);
  });
});

describe("the $schema line resolves wherever the file is written", () => {
  /** A project that depends on tiersim: its node_modules/tiersim holds the schema. */
  function project(name: string): string {
    const root = join(tmp, name);
    mkdirSync(join(root, "node_modules/tiersim/scenarios"), { recursive: true });
    writeFileSync(join(root, "node_modules/tiersim/scenarios/scenario.schema.json"), readFileSync("scenarios/scenario.schema.json"));
    writeFileSync(join(root, "package.json"), JSON.stringify({ name, dependencies: { tiersim: "*" } }));
    return root;
  }

  it("in a project that depends on tiersim: the project's copy, relative, from any depth", () => {
    const root = project("shop");
    expect(tiersim(["init", "plan.yaml"], { cwd: root }).code).toBe(0);
    expect(schemaOf(join(root, "plan.yaml"))).toEqual({ written: "./node_modules/tiersim/scenarios/scenario.schema.json", resolved: join(root, "node_modules/tiersim/scenarios/scenario.schema.json") });
    expect(tiersim(["init", "plans/q2/plan.yaml"], { cwd: root }).code).toBe(0);
    expect(schemaOf(join(root, "plans/q2/plan.yaml")).written).toBe("../../node_modules/tiersim/scenarios/scenario.schema.json");
  });

  it("inside this repository: its own schema, relative", () => {
    const ref = schemaReference(join(repo, "results/some/where"), repo);
    expect(ref).toEqual({ path: "../../../scenarios/scenario.schema.json", source: "package" });
    expect(schemaReference(join(repo, "scenarios"), repo).path).toBe("./scenario.schema.json");
  });

  it("elsewhere: the running installation's schema by absolute path, which exists", () => {
    const dir = join(tmp, "loose");
    mkdirSync(dir);
    expect(tiersim(["init", "x.yaml"], { cwd: dir }).code).toBe(0);
    const { written, resolved } = schemaOf(join(dir, "x.yaml"));
    expect(isAbsolute(written)).toBe(true);
    expect(resolved).toBe(join(repo, "scenarios/scenario.schema.json"));
    expect(JSON.parse(readFileSync(resolved, "utf8"))).toHaveProperty("$schema");
  });

  it("the modeline is the starter's first line, as the YAML language server requires", () => {
    expect(starterScenario("./s.json").split("\n")[0]).toBe("# yaml-language-server: $schema=./s.json");
  });
});
