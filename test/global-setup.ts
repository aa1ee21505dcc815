// End-to-end tests spawn the compiled CLI, so dist/ is rebuilt once before the suite.
// `npm test` has already built strictly (a type error fails it there); here a failed build
// is only reported, so that a focused run of unrelated tests is not blocked by it.
import { execFileSync } from "node:child_process";

export default function setup(): void {
  try {
    execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"], { stdio: "pipe" });
  } catch (err) {
    const out = (err as { stdout?: Buffer }).stdout?.toString() ?? String(err);
    process.stderr.write(`\n[global setup] build of dist/ failed; CLI tests may run stale code:\n${out.slice(0, 2000)}\n`);
  }
}
