#!/usr/bin/env node
// Builds dist/ only when it is out of date, so `npm start`, `npm run bench` and the test
// suite's setup do not spend ~25 s recompiling an unchanged tree. `--force` always builds
// (`npm run build`).
//
// dist/ is current when the stamp written by the last successful build (dist/.build-stamp.json)
// lists exactly today's inputs, every input is older than the moment that build started, and
// every output it made is still there. The inputs are what tsc itself compiles for
// tsconfig.build.json (read through the TypeScript API, so include/exclude match tsc's), plus
// the config files and package.json. The stamp is removed before a build and written only
// after a successful one: an interrupted or failed build is rebuilt next time. The start
// time, not the end, is recorded, so a file saved during a build counts as newer.
//
// Usage: node bin/build-if-stale.js [--force] [--quiet]   (exit status: tsc's)
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const CONFIG = "tsconfig.build.json";
const STAMP = ".build-stamp.json";

/** What tsc compiles for the build config, where it writes it, and the configs read. */
function buildPlan() {
  const ts = createRequire(join(root, "package.json"))("typescript");
  const configPath = join(root, CONFIG);
  const configFiles = [configPath];
  const host = {
    ...ts.sys,
    readFile: (p) => {
      configFiles.push(resolve(p));
      return ts.sys.readFile(p);
    },
    onUnRecoverableConfigFileDiagnostic: () => {},
  };
  const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, host);
  if (!parsed) return null;
  const outDir = parsed.options.outDir ?? root;
  const rootDir = parsed.options.rootDir ?? root;
  const sources = parsed.fileNames.map((f) => resolve(f)).sort();
  const outputs = sources.filter((f) => !f.endsWith(".d.ts")).map((f) => join(outDir, relative(rootDir, f)).replace(/\.([cm]?)tsx?$/, ".$1js"));
  const inputs = [...new Set([...sources, ...configFiles, join(root, "package.json")])].sort();
  return { outDir, inputs, outputs };
}

/** Why dist/ must be rebuilt, or null when it is current. */
function staleness(plan) {
  if (plan === null) return `${CONFIG} could not be read`;
  const stampFile = join(plan.outDir, STAMP);
  if (!existsSync(stampFile)) return "no finished build recorded";
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(stampFile, "utf8"));
  } catch {
    return "the build record is unreadable";
  }
  const listed = (stamp.inputs ?? []).map((f) => resolve(root, f));
  if (listed.length !== plan.inputs.length || listed.some((f, i) => f !== plan.inputs[i])) return "files were added, removed or renamed";
  for (const f of plan.inputs) {
    if (!existsSync(f)) return `${relative(root, f)} is missing`;
    if (statSync(f).mtimeMs >= stamp.startedAt) return `${relative(root, f)} changed`;
  }
  for (const f of plan.outputs) if (!existsSync(f)) return `${relative(root, f)} is missing`;
  return null;
}

function build(plan, quiet) {
  const outDir = plan?.outDir ?? join(root, "dist");
  rmSync(join(outDir, STAMP), { force: true });
  const startedAt = Date.now();
  const tsc = createRequire(join(root, "package.json")).resolve("typescript/bin/tsc");
  const r = spawnSync(process.execPath, [tsc, "-p", join(root, CONFIG)], { stdio: quiet ? "pipe" : "inherit", encoding: "utf8" });
  if (r.status !== 0) {
    if (quiet) process.stderr.write(r.stdout + r.stderr);
    return r.status ?? 1;
  }
  if (plan !== null) {
    const stampFile = join(outDir, STAMP);
    const tmp = `${stampFile}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ startedAt, inputs: plan.inputs.map((f) => relative(root, f)) }) + "\n");
    renameSync(tmp, stampFile);
  }
  return 0;
}

const args = new Set(process.argv.slice(2));
const quiet = args.has("--quiet");
const plan = buildPlan();
const reason = args.has("--force") ? "forced" : staleness(plan);
if (reason === null) {
  if (!quiet) process.stderr.write("dist/ is up to date\n");
} else {
  if (!quiet && !args.has("--force")) process.stderr.write(`building dist/ (${reason})…\n`);
  process.exitCode = build(plan, quiet);
}
