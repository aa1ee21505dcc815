// SimPy baselines and timing helpers shared by the engine suites (hold model, M/M/1). Rates are
// per CPU-second of the measuring process (user + system, all threads — so V8's GC helper
// threads count against us), on both sides: on a shared VM, wall time swings with other
// tenants' load far more than CPU time does. Node keeps the best of several runs, SimPy the best
// of 2; SimPy comes from Debian's python3-simpy3 (bench/simpy/*.py).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BenchResult } from "./types.js";

export interface Measured {
  /** Per CPU-second. */
  rate: number;
  /** Per wall-clock second. */
  wallRate: number;
}

/** Time `f`, which performs `work` units, in CPU and wall time. */
export function measure(work: number, f: () => void): Measured {
  const c0 = process.cpuUsage();
  const w0 = performance.now();
  f();
  const wall = (performance.now() - w0) / 1000;
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) / 1e6;
  return { rate: work / cpu, wallRate: work / wall };
}

export function best<T extends { rate: number }>(reps: number, f: () => T | null): T | null {
  let top: T | null = null;
  for (let i = 0; i < reps; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    const r = f();
    if (r !== null && (top === null || r.rate > top.rate)) top = r;
  }
  return top;
}

export const fmt = (n: number): string => Math.round(n).toLocaleString("en-US");

// ---------------------------------------------------------------------------------------
// SimPy side

export interface PythonInfo {
  exe: string;
  version: string;
}

function simpyVersion(exe: string): string | null {
  const r = spawnSync(exe, ["-c", "import simpy, platform; print(simpy.__version__, platform.python_version())"], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** Debian's interpreter, where apt's python3-simpy3 lives. */
const DEBIAN_PYTHON = "/usr/bin/python3";

/**
 * An interpreter that imports SimPy, or null. The benchmark's parent process settles this
 * once (ensureSimPy) and hands it to the suites in TIERSIM_BENCH_PYTHON; otherwise Debian's
 * interpreter comes first: a python3 earlier on PATH (pyenv, venv) may not see Debian's
 * dist-packages.
 */
export function findSimPy(env: NodeJS.ProcessEnv = process.env): PythonInfo | null {
  const chosen = env.TIERSIM_BENCH_PYTHON;
  for (const exe of chosen ? [chosen] : [DEBIAN_PYTHON, "python3"]) {
    const v = simpyVersion(exe);
    if (v !== null) return { exe, version: v };
  }
  return null;
}

/** What the machine allows for getting SimPy: install it with apt-get, or explain how. */
export type SimPyPlan = { action: "install"; commands: string[][] } | { action: "explain"; why: string; how: string };

/** The apt-get commands that install the baseline (Debian's SimPy 3, as bench/RESULTS.md records). */
export const APT_COMMANDS: string[][] = [
  ["apt-get", "update", "-qq"],
  ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "python3-simpy3"],
];

const HOW =
  "Install SimPy, then run the benchmark again: on Debian or Ubuntu `sudo apt-get update && sudo apt-get install -y python3-simpy3`" +
  " (what bench/RESULTS.md measured), elsewhere `python3 -m pip install simpy`, or name an interpreter that has it in TIERSIM_BENCH_PYTHON";

/**
 * Decides how to get SimPy when no interpreter has it: install it when running as root on a
 * machine with apt-get (unless TIERSIM_BENCH_INSTALL=0), else say exactly how.
 *
 * @example
 * ```ts
 * simpyPlan({ root: true, aptGet: true, env: {} }); // { action: "install", commands: APT_COMMANDS }
 * ```
 */
export function simpyPlan(machine: { root: boolean; aptGet: boolean; env: NodeJS.ProcessEnv }): SimPyPlan {
  if (machine.env.TIERSIM_BENCH_INSTALL === "0") return { action: "explain", why: "TIERSIM_BENCH_INSTALL=0 forbids installing it", how: HOW };
  if (!machine.aptGet) return { action: "explain", why: "this machine has no apt-get", how: HOW };
  if (!machine.root) return { action: "explain", why: "installing it with apt-get needs root", how: HOW };
  return { action: "install", commands: APT_COMMANDS };
}

/** SimPy for this benchmark run: found, or installed, or missing with the reason and the fix. */
export type SimPyStatus = { available: true; python: string; version: string; installed: boolean } | { available: false; reason: string; install: string };

/**
 * Makes sure the SimPy baseline can run: finds it, or installs Debian's python3-simpy3 with
 * apt-get when allowed (simpyPlan), reporting progress on stderr.
 */
export function ensureSimPy(log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): SimPyStatus {
  const found = findSimPy();
  if (found !== null) return { available: true, python: found.exe, version: found.version, installed: false };
  const plan = simpyPlan({ root: typeof process.getuid === "function" && process.getuid() === 0, aptGet: existsSync("/usr/bin/apt-get"), env: process.env });
  if (plan.action === "explain") return { available: false, reason: `SimPy is not installed and ${plan.why}`, install: plan.how };
  log("SimPy (the baseline of the engine benchmarks) is missing: installing Debian's python3-simpy3 with apt-get…");
  for (const [cmd, ...args] of plan.commands) {
    const r = spawnSync(cmd, args, { encoding: "utf8", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
    if (r.status !== 0) {
      const why = (r.stderr || r.stdout || String(r.error ?? "")).trim().split("\n").pop() ?? "";
      return { available: false, reason: `\`${[cmd, ...args].join(" ")}\` failed (${why})`, install: HOW };
    }
  }
  const v = simpyVersion(DEBIAN_PYTHON);
  if (v === null) return { available: false, reason: `python3-simpy3 installed, but ${DEBIAN_PYTHON} cannot import simpy`, install: HOW };
  log(`  installed: SimPy ${v.split(" ")[0]} for ${DEBIAN_PYTHON}`);
  return { available: true, python: DEBIAN_PYTHON, version: v, installed: true };
}

export function scriptsDir(): string | null {
  // Compiled to dist/bench/suites/, sources in bench/suites/: walk up to the repository root.
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, "bench", "simpy");
    if (existsSync(join(candidate, "mm1.py"))) return candidate;
    dir = dirname(dir);
  }
  return null;
}

export interface SimPyRun {
  rate: number;
  wallSeconds: number;
  seconds: number;
}

export function simpy(py: PythonInfo, dir: string, script: string, args: string[]): SimPyRun | null {
  const r = spawnSync(py.exe, [join(dir, script), ...args], { encoding: "utf8", timeout: 300_000 });
  if (r.status !== 0) {
    process.stderr.write(`  ${script} failed: ${r.stderr.trim().split("\n").pop() ?? r.status}\n`);
    return null;
  }
  const line = r.stdout.trim().split("\n").pop() ?? "";
  const parsed = JSON.parse(line) as SimPyRun;
  return typeof parsed.rate === "number" && parsed.rate > 0 ? parsed : null;
}

/**
 * A result with its SimPy baseline and ratio. Quick runs are smoke tests (sizes too small for
 * steady-state rates), so their targets are not judged.
 */
export function withBaseline(result: BenchResult, baseline: SimPyRun | null, name: string, judge: boolean, minRatio?: number): BenchResult {
  const out: BenchResult = { ...result };
  if (minRatio !== undefined) out.target = `≥ ${minRatio}× SimPy`;
  if (!judge) out.note = `${out.note}; quick run, target not judged`;
  if (baseline === null) {
    // A ratio only ever travels with the baseline it was divided by, measured in this run.
    out.note = `${out.note}; no SimPy baseline, so no ratio${minRatio !== undefined && judge ? " and the target is not judged" : ""}`;
    return out;
  }
  out.baseline = { name, value: baseline.rate };
  out.ratio = result.value / baseline.rate;
  if (minRatio !== undefined && judge) out.met = out.ratio >= minRatio;
  return out;
}

/**
 * The SimPy side of a suite: runs `bench/simpy/<script>` (best of 2) when SimPy is available,
 * and names the baseline.
 */
export function simpyBaselines(seed: number): { sp: (script: string, args: string[]) => SimPyRun | null; name: string } {
  const py = findSimPy();
  const dir = scriptsDir();
  if (py !== null && dir === null) process.stderr.write("  bench/simpy/*.py not found next to the build: baselines skipped\n");
  const [spVersion, pyVersion] = py?.version.split(" ") ?? [];
  return {
    sp: (script, args) => (py !== null && dir !== null ? best(2, () => simpy(py, dir, script, [...args, "--seed", String(seed)])) : null),
    name: `SimPy ${spVersion ?? "?"} (CPython ${pyVersion ?? "?"})`,
  };
}
