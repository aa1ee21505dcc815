// Golden outputs: what the CLI writes for every example scenario, a projection, a sweep and a
// throttle check, fixed as SHA-256 digests. A refactoring must leave every byte unchanged; a
// deliberate change of the model regenerates them (`npm run golden:update`) in the same commit,
// which says why.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

/** One CLI invocation; `{out}` in an argument is replaced by a fresh temporary directory. */
export interface GoldenCase {
  id: string;
  args: string[];
}

const SCENARIOS = [
  "per-user-caps",
  "policy-enforcement",
  "quickstart",
  "seed-2023-unverified",
  "template-paralysis",
  "two-number-portfolio",
  "verified-ramp-to-unlimited",
  "worked-example-2025",
  "worked-example-2days",
  "worked-example-4days",
];
const SEEDS = [42, 7];

export const CASES: GoldenCase[] = [
  ...SCENARIOS.flatMap((s) =>
    SEEDS.flatMap((seed) => [
      { id: `run/${s}/${seed}/json`, args: ["run", `scenarios/${s}.yaml`, "--seed", String(seed), "--json"] },
      { id: `run/${s}/${seed}/out`, args: ["run", `scenarios/${s}.yaml`, "--seed", String(seed), "--out", "{out}", "--trace", "{out}/trace.jsonl"] },
    ]),
  ),
  { id: "projection/quickstart/50/json", args: ["run", "scenarios/quickstart.yaml", "--runs", "50", "--workers", "2", "--json"] },
  { id: "projection/quickstart/50/out", args: ["run", "scenarios/quickstart.yaml", "--runs", "50", "--workers", "2", "--out", "{out}"] },
  {
    id: "sweep/template-paralysis/out",
    args: ["sweep", "scenarios/template-paralysis.yaml", "--vary", "audience.segments[0].block=0.001,0.01", "--vary", "rules=meta-2023-11,meta-2025-10", "--runs", "8", "--workers", "2", "--out", "{out}", "--json"],
  },
  {
    id: "check-throttle/launch/safe",
    args: ["check-throttle", "examples/throttles/launch.yaml", "--throttle", "examples/throttles/safe.ts", "--assert", "errors.130429 == 0", "--assert", "limit.overshoot == 0", "--out", "{out}", "--json"],
  },
  {
    id: "check-throttle/launch/overshoot",
    args: ["check-throttle", "examples/throttles/launch.yaml", "--throttle", "examples/throttles/overshoot.ts", "--assert", "errors.130429 == 0", "--runs", "2", "--out", "{out}"],
  },
];

export interface GoldenDigest {
  code: number | null;
  /** Digest of stdout, and of each file written under `{out}` by relative path. */
  files: Record<string, string>;
}

const sha = (b: Buffer | string): string => createHash("sha256").update(b).digest("hex");

function walk(dir: string, root = dir, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, root, out);
    else out.push(relative(root, p));
  }
  return out;
}

/** Runs one case with the compiled CLI and digests what it printed and wrote. */
export async function runCase(c: GoldenCase, cwd: string): Promise<GoldenDigest> {
  const dir = mkdtempSync(join(tmpdir(), "tiersim-golden-"));
  try {
    const args = c.args.map((a) => a.replaceAll("{out}", dir));
    const child = spawn(process.execPath, [join(cwd, "bin/tiersim.js"), ...args], { cwd, stdio: ["ignore", "pipe", "ignore"], timeout: 600_000 });
    const chunks: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => chunks.push(b));
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on("error", reject);
      child.on("close", (status) => resolve(status));
    });
    // Messages name the output directory, which is fresh each time.
    const files: Record<string, string> = { stdout: sha(Buffer.concat(chunks).toString("utf8").replaceAll(dir, "{out}")) };
    for (const f of walk(dir)) files[f] = sha(readFileSync(join(dir, f)));
    return { code, files };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs at most `n` of the functions it is given at once, the others as places free up. */
export function limit(n: number): <T>(run: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async (run) => {
    // A place that frees up is handed to the first waiting function, never taken by a newcomer.
    if (running < n) running++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await run();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}
