// Loaded into the calibrate benchmark's child (`node --import`) ahead of the tiersim CLI: at
// exit it reports the child's own peak resident memory, CPU time and wall time on standard
// error, so the suite measures the command exactly as a user runs it.
import { performance } from "node:perf_hooks";

// The tag of the probe's line on standard error (bench/suites/calibrate.ts reads it). Not
// exported: importing this module installs the probe.
const PROBE_TAG = "calibrate-probe ";

const start = performance.now();
process.on("exit", () => {
  const r = process.resourceUsage();
  const probe = { maxRssBytes: r.maxRSS * 1024, cpuSeconds: (r.userCPUTime + r.systemCPUTime) / 1e6, wallSeconds: (performance.now() - start) / 1000 };
  process.stderr.write(`\n${PROBE_TAG}${JSON.stringify(probe)}\n`);
});
