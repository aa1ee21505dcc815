// The CLI shell: help with examples, unknown commands and flags refused with a suggestion
// and exit 2, never a stack trace.
import { describe, expect, it } from "vitest";
import { tiersim } from "./tiersim.js";

describe("tiersim", () => {
  it("--help lists the commands with examples and the exit codes", () => {
    const r = tiersim(["--help"]);
    expect(r.code).toBe(0);
    for (const c of ["run", "validate", "schema", "rules", "report", "sweep", "merge", "check-throttle"]) expect(r.stdout).toContain(`tiersim ${c}`);
    expect(r.stdout).toContain("Examples:");
    expect(r.stdout).toMatch(/Exit codes: 0 ok/);
  });

  it("an unknown command exits 2 with the closest command", () => {
    const r = tiersim(["rul"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Did you mean run\?/);
  });

  it("an unknown flag exits 2 with the closest flag", () => {
    const r = tiersim(["rules", "--jsn"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--jsn → --json");
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it("no command is a usage error", () => {
    expect(tiersim([]).code).toBe(2);
  });
});
