// Benchmark runner: `npm run bench` (human table) or `npm run bench -- --json` (one JSON
// document). Each suite in bench/suites runs in a fresh Node process, one after another, in
// the same bench run: a suite that fills the heap (a million users) or makes shared call sites
// megamorphic would otherwise slow the suites after it. Baselines (SimPy) run inside their
// suite, side by side with the figure they are compared to.
import { spawnSync } from "node:child_process";
import { readdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem, platform, arch, release } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
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
  for (const name of names) {
    if (only && only !== name) continue;
    if (!json) process.stderr.write(`• ${name}…\n`);
    const { nodeFlags = [] } = (await import(pathToFileURL(join(dir, `${name}.js`)).href)) as BenchSuite;
    const flags = [...process.execArgv.filter((f) => f !== "--expose-gc"), ...nodeFlags];
    const child = spawnSync(process.execPath, [...flags, fileURLToPath(import.meta.url), `--only=${name}`, "--child", ...(quick ? ["--quick"] : [])], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
      maxBuffer: 64 * 1024 * 1024,
    });
    if (child.status !== 0) throw new Error(`suite ${name} failed (exit ${child.status})`);
    const rs = JSON.parse(child.stdout.trim().split("\n").pop() ?? "[]") as BenchResult[];
    results.push(...rs);
    if (!json) for (const r of rs) process.stderr.write(`  ${line(r)}\n`);
  }
  const doc = { machine: machine(), date: new Date().toISOString(), quick, results };
  if (json) process.stdout.write(JSON.stringify(doc, null, 2) + "\n");
  else process.stdout.write(table(doc.results) + "\n");
  if (!quick && !only && args.has("--write")) writeFileSync(join(here, "..", "..", "bench", "RESULTS.json"), JSON.stringify(doc, null, 2) + "\n");
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
