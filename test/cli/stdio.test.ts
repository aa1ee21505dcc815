// Regression tests, issue 13 defect 11: standard output that cannot be written (a full disk,
// a closed pipe) ends the command with the I/O exit code 74 — one line on stderr, or nothing
// for a closed pipe — never a stack trace and never exit 1.
import { spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SMALL, tiersim } from "./robust-helpers.js";

describe("defect 11: a failed write to standard output", () => {
  it("--json > /dev/full exits 74 with one line on stderr", () => {
    const fd = openSync("/dev/full", "w");
    try {
      const r = tiersim(["run", SMALL, "--json"], { stdio: ["ignore", fd, "pipe"] });
      expect(r.code).toBe(74);
      expect(r.stderr).toMatch(/^tiersim: cannot write to standard output: [^\n]+\n$/);
    } finally {
      closeSync(fd);
    }
  });

  it("a closed pipe ends the command quietly and promptly with the I/O code", async () => {
    for (const args of [["run", "scenarios/quickstart.yaml", "--json"], ["schema"], ["rules", "meta-2025-10"]]) {
      const child = spawn(process.execPath, ["bin/tiersim.js", ...args], { stdio: ["ignore", "pipe", "pipe"] });
      let stderr = "";
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      // The reader goes away before the command writes anything (it needs a second to start).
      child.stdout.destroy();
      const t0 = Date.now();
      const code = await new Promise<number | null>((resolve) => child.on("close", (c) => resolve(c)));
      expect(Date.now() - t0).toBeLessThan(20_000);
      expect(code).toBe(74);
      expect(stderr).toBe("");
    }
  });
});
