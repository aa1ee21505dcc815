// SimPy baselines and timing helpers shared by the engine suites (hold model, M/M/1). Rates are
// per CPU-second of the measuring process (user + system, all threads — so V8's GC helper
// threads count against us), on both sides: on a shared VM, wall time swings with other
// tenants' load far more than CPU time does. Node keeps the best of several runs, SimPy the best
// of 2; SimPy comes from Debian's python3-simpy3 (bench/simpy/*.py).
import { execFileSync, spawnSync } from "node:child_process";
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

// Debian's interpreter first: a python3 earlier on PATH (pyenv, venv) may not see Debian's
// dist-packages where python3-simpy3 lives.
export function findSimPy(): PythonInfo | null {
  for (const exe of ["/usr/bin/python3", "python3"]) {
    const v = simpyVersion(exe);
    if (v !== null) return { exe, version: v };
  }
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  if (process.env.TIERSIM_BENCH_INSTALL === "1" && root && existsSync("/usr/bin/apt-get")) {
    process.stderr.write("  installing python3-simpy3 with apt-get (TIERSIM_BENCH_INSTALL=1)…\n");
    try {
      execFileSync("apt-get", ["update", "-qq"], { stdio: "ignore" });
      execFileSync("apt-get", ["install", "-y", "-qq", "python3-simpy3"], { stdio: "ignore" });
    } catch (err) {
      process.stderr.write(`  apt-get failed: ${err instanceof Error ? err.message : String(err)}\n`);
    }
    const v = simpyVersion("/usr/bin/python3");
    if (v !== null) return { exe: "/usr/bin/python3", version: v };
  }
  process.stderr.write(
    "  SimPy not found: baselines skipped. Install it with `apt-get install python3-simpy3` (Debian/Ubuntu, SimPy 3)\n" +
      "  or `python3 -m pip install simpy`, or run the bench as root with TIERSIM_BENCH_INSTALL=1 to let it use apt-get.\n",
  );
  return null;
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
  if (!judge) out.note = `${result.note}; quick run, target not judged`;
  if (baseline === null) {
    out.note = `${result.note}; SimPy baseline not run`;
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
