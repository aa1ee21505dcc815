// CLI conventions shared by every command (cli/main.ts): a usage error is one line naming
// the fix and the --help to read, never the whole help; a flag that takes a value takes
// exactly one each time, so a file written after a repeatable flag stays a file.
import { describe, expect, it } from "vitest";
import { tiersim } from "./tiersim.js";

/** A usage error: exit 2, no help text, nothing on stdout, no stack trace. */
function expectUsageError(r: ReturnType<typeof tiersim>, command: string | null): string[] {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe("");
  expect(r.stderr).not.toContain("Options:");
  expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
  const lines = r.stderr.trimEnd().split("\n");
  expect(lines.at(-1)).toContain(command === null ? "see `tiersim --help`" : `see \`tiersim ${command} --help\``);
  return lines;
}

describe("a usage error is one line and says which --help to read", () => {
  it.each([
    [["rules", "--jsn"], "rules", /Unknown argument: jsn \(did you mean: --jsn → --json\?\)/],
    [["run"], "run", /Not enough non-option arguments/],
    [["run", "scenarios/quickstart.yaml", "--seed"], "run", /Not enough arguments following: seed/],
    [["run", "scenarios/quickstart.yaml", "--runs", "many"], "run", /--runs expects a number/],
    [["run", "scenarios/quickstart.yaml", "--out"], "run", /Not enough arguments following: out/],
    [["schema", "--format", "pdf"], "schema", /Invalid values: Argument: format, Given: "pdf", Choices: "json-schema", "markdown"/],
    [["sweep", "scenarios/quickstart.yaml"], "sweep", /Missing required argument: vary/],
    [["check-throttle", "scenarios/quickstart.yaml", "--assert"], "check-throttle", /Not enough arguments following: assert/],
    [["run", "scenarios/quickstart.yaml", "--days", "0"], "run", /--days must be a whole number/],
    [[], null, /name a command: init, validate, .*completion/],
    [["rul"], null, /Did you mean run\?/],
  ] as const)("tiersim %j", (args, command, message) => {
    const r = tiersim([...args]);
    const lines = expectUsageError(r, command);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^tiersim: /);
    expect(lines[0]).toMatch(message);
  });
});

describe("a repeatable flag takes exactly one value each time", () => {
  it("check-throttle --assert EXPR FILE: the file is the scenario, not a second assertion", () => {
    const r = tiersim(["check-throttle", "--assert", "limit.overshoot == 0", "examples/throttles/launch.yaml", "--throttle", "examples/throttles/safe.ts", "--days", "1", "--json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { assertions: unknown[]; metrics: unknown[] };
    expect(doc.assertions).toHaveLength(1);
    expect(doc.metrics).toHaveLength(1);
  });

  it("check-throttle --assert repeated gives every assertion, in order", () => {
    const r = tiersim(["check-throttle", "examples/throttles/launch.yaml", "--assert", "errors.130429 == 0", "--throttle", "examples/throttles/safe.ts", "--assert", "limit.overshoot == 0", "--days", "1", "--json"]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { assertions: Array<string | { text?: string; assertion?: string }> };
    expect(JSON.stringify(doc.assertions)).toMatch(/errors\.130429 == 0.*limit\.overshoot == 0/);
  });

  it("sweep --vary SPEC FILE: the file is the scenario, not a second --vary", () => {
    const r = tiersim(["sweep", "--vary", "campaigns[0].throttle.headroom=0,0.2", "scenarios/quickstart.yaml", "--runs", "2", "--days", "2", "--workers", "1", "--json"]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { variants: unknown[] };
    expect(doc.variants).toHaveLength(2);
  });
});
