// `npm run soak`: SIGKILL at 60 moments of `tiersim run --out --trace`, `tiersim run --runs
// --out` and `tiersim merge --out`; no kill may leave a partial file, and the next write into
// the folder removes the temp files the killed process left.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { inspect, killAfter } from "./kill.js";

const KILLS = 60;

describe("kills during writes (soak)", () => {
  it(`${KILLS} SIGKILLs leave no partial file, and the next run sweeps the temp files`, async () => {
    let killed = 0;
    let withTemps = 0;
    let files = 0;
    for (let k = 0; k < KILLS; k++) {
      const dir = mkdtempSync(join(tmpdir(), "tiersim-kill-"));
      const out = join(dir, "out");
      const args =
        k % 3 === 0
          ? ["run", "scenarios/quickstart.yaml", "--out", out, "--trace", join(out, "trace.jsonl")]
          : k % 3 === 1
            ? ["run", "scenarios/template-paralysis.yaml", "--runs", "8", "--workers", "2", "--out", out]
            : ["run", "scenarios/verified-ramp-to-unlimited.yaml", "--out", out];
      // Spread the kills over start-up, the simulation and the writing of the files.
      const r = await killAfter(args, 400 + ((k * 997) % 9000));
      if (r.killed) killed++;
      const seen = inspect(out);
      expect(seen.partial, `kill ${k} (${args.join(" ")})`).toEqual([]);
      files += seen.complete;
      if (seen.temps.length > 0) {
        withTemps++;
        // The next write into the folder removes what the dead process left.
        expect(spawnSync(process.execPath, ["bin/tiersim.js", "run", "scenarios/worked-example-2days.yaml", "--out", out]).status).toBe(0);
        expect(inspect(out).temps).toEqual([]);
      }
    }
    process.stderr.write(`\nkill soak: ${KILLS} runs, ${killed} killed mid-way, ${files} complete files, 0 partial, ${withTemps} left temp files (all swept by the next run)\n`);
    expect(killed).toBeGreaterThan(KILLS / 2);
  }, 3_600_000);
});
