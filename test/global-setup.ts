// End-to-end tests spawn the compiled CLI, so dist/ is brought up to date once before the
// suite (rebuilt only when a source changed since the last build: bin/build-if-stale.js).
// `npm test` has already built strictly (a type error fails it there); here a failed build
// is only reported, so that a focused run of unrelated tests is not blocked by it.
import { execFileSync } from "node:child_process";

export default function setup(): void {
  try {
    execFileSync(process.execPath, ["bin/build-if-stale.js", "--quiet"], { stdio: "pipe" });
  } catch (err) {
    const out = (err as { stderr?: Buffer }).stderr?.toString() ?? String(err);
    process.stderr.write(`\n[global setup] build of dist/ failed; CLI tests may run stale code:\n${out.slice(0, 2000)}\n`);
  }
}
