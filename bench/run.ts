// Benchmark runner: `npm run bench` (human table) or `npm run bench -- --json` (one JSON
// document). Each suite in bench/suites runs in a fresh Node process, one after another, in
// the same bench run: a suite that fills the heap (a million users) or makes shared call sites
// megamorphic would otherwise slow the suites after it. Baselines (SimPy) run inside their
// suite, side by side with the figure they are compared to; before the suites that use it,
// the runner finds SimPy or installs it (Debian's python3-simpy3, as root with apt-get), and
// otherwise says how to — those suites then report their figures without any ratio.
// First, in the runner and in each suite's process (this file too): the V8 settings of a
// `tiersim` command with work enough to raise them (cli/jit-settings.ts).
import "./jit-first.js";
import { spawnSync } from "node:child_process";
import { readdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem, platform, arch, release } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ensureSimPy, type SimPyStatus } from "./baseline.js";
import type { BenchResult, BenchSuite } from "./types.js";

const here = dirname(fileURLToPath(import.meta.url));
const args = new Set(process.argv.slice(2));
const json = args.has("--json");
const quick = args.has("--quick");
const only = process.argv.slice(2).find((a) => a.startsWith("--only="))?.slice(7);

function machine(): Record<string, unknown> {
  const c = cpus();
  return {
    cpu: c[0]?.model ?? "unknown",
    cores: c.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${platform()} ${release()} ${arch()}`,
    node: process.version,
  };
}

async function main(): Promise<void> {
  const dir = join(here, "suites");
  const names = readdirSync(dir)
    .filter((f) => f.endsWith(".js"))
    .sort()
    .map((f) => f.replace(/\.js$/, ""));
  if (args.has("--child")) {
    // Inside a fresh process: run exactly one suite and hand its results back as JSON.
    const suite = (await import(pathToFileURL(join(dir, `${only}.js`)).href)) as BenchSuite;
    process.stdout.write(JSON.stringify(await suite.run({ quick })) + "\n");
    return;
  }
  const results: BenchResult[] = [];
  const selected = names.filter((name) => !only || only === name);
  if (only && selected.length === 0) throw new Error(`no suite named ${only}: ${names.join(", ")}`);
  const suites = await Promise.all(selected.map(async (name) => ({ name, ...((await import(pathToFileURL(join(dir, `${name}.js`)).href)) as BenchSuite) })));
  let simpy: SimPyStatus | undefined;
  if (suites.some((s) => s.usesSimPy)) {
    simpy = ensureSimPy();
    if (!simpy.available) process.stderr.write(missingBaseline(simpy));
  }
  for (const [i, { name, nodeFlags = [], settleSeconds = 0 }] of suites.entries()) {
    if (i > 0 && !quick && settleSeconds > 0) {
      if (!json) process.stderr.write(`• waiting ${settleSeconds} s for the machine to settle before ${name}…\n`);
      await new Promise((done) => setTimeout(done, settleSeconds * 1000));
    }
    if (!json) process.stderr.write(`• ${name}…\n`);
    const flags = [...process.execArgv.filter((f) => f !== "--expose-gc"), ...nodeFlags];
    const child = spawnSync(process.execPath, [...flags, fileURLToPath(import.meta.url), `--only=${name}`, "--child", ...(quick ? ["--quick"] : [])], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
      maxBuffer: 64 * 1024 * 1024,
      // The suites use the interpreter settled here, not a search of their own.
      env: simpy?.available ? { ...process.env, TIERSIM_BENCH_PYTHON: simpy.python } : process.env,
    });
    if (child.status !== 0) throw new Error(`suite ${name} failed (exit ${child.status})`);
    const rs = JSON.parse(child.stdout.trim().split("\n").pop() ?? "[]") as BenchResult[];
    results.push(...rs);
    if (!json) for (const r of rs) process.stderr.write(`  ${line(r)}\n`);
  }
  const doc = { machine: machine(), date: new Date().toISOString(), quick, ...(simpy ? { simpy } : {}), results };
  if (json) process.stdout.write(JSON.stringify(doc, null, 2) + "\n");
  else process.stdout.write(table(doc.results) + "\n");
  // Said again at the end, where the reader of the table looks.
  if (simpy && !simpy.available) process.stderr.write(missingBaseline(simpy));
  if (!quick && !only && args.has("--write")) writeFileSync(join(here, "..", "..", "bench", "RESULTS.json"), JSON.stringify(doc, null, 2) + "\n");
}

function missingBaseline(s: Extract<SimPyStatus, { available: false }>): string {
  return `No SimPy baseline: ${s.reason}. The figures measured against it carry no ratio.\n${s.install}.\n`;
}

function fmt(n: number): string {
  return Math.abs(n) >= 1000 ? n.toLocaleString("en-US", { maximumFractionDigits: 0 }) : n.toPrecision(3);
}

function line(r: BenchResult): string {
  const base = r.baseline ? ` vs ${r.baseline.name} ${fmt(r.baseline.value)} (×${r.ratio?.toFixed(1)})` : "";
  const tgt = r.target ? ` target ${r.target}${r.met === undefined ? "" : r.met ? " ✔" : " ✘"}` : "";
  return `${r.id}: ${fmt(r.value)} ${r.unit}${base}${tgt}${r.note ? ` — ${r.note}` : ""}`;
}

function table(rs: BenchResult[]): string {
  return rs.map(line).join("\n");
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
