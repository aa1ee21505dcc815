// Calibrate throughput and memory (issue 15): a synthetic webhook log (bench/webhook-log.ts,
// seeded) of 10 MiB, 100 MiB and 1 GiB (10 and 100 MiB with --quick; TIERSIM_BENCH_CALIBRATE_MIB sets the
// large size), each calibrated by the real CLI in a child process of its own, which reports its
// peak resident memory (process.resourceUsage().maxRSS), CPU and wall time. Events are the log's
// lines (each carries one webhook event). Targets: ≥ 100,000 events per second on one core (the
// fold is single-threaded: events per CPU-second of the child, wall time beside it), and the
// large log within the small one's peak memory (ratio ≤ 1.1).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { writeSyntheticLog, SYNTHETIC_RATES } from "../webhook-log.js";
import type { BenchOptions, BenchResult } from "../types.js";

const here = dirname(fileURLToPath(import.meta.url));
const MiB = 2 ** 20;
const SEED = 20260302;
/** The line bench/calibrate-probe.ts writes on the child's standard error. */
const PROBE_TAG = "calibrate-probe ";
/** The small log spans about 4.5 hours: a 2-hour settle leaves it rates to fit. */
const SETTLE = "2h";

interface Measured {
  mib: number;
  lines: number;
  maxRssBytes: number;
  cpuSeconds: number;
  wallSeconds: number;
  readObserved: number;
}

function calibrate(file: string, mib: number): Measured {
  const probe = pathToFileURL(join(here, "..", "calibrate-probe.js")).href;
  const cli = join(here, "..", "..", "..", "bin", "tiersim.js");
  const child = spawnSync(process.execPath, ["--import", probe, cli, "calibrate", file, "--settle", SETTLE, "--json"], { encoding: "utf8", maxBuffer: 256 * MiB });
  if (child.status !== 0) throw new Error(`calibrate ${file} exited ${child.status}: ${child.stderr}`);
  const line = child.stderr.split("\n").find((l) => l.startsWith(PROBE_TAG));
  if (!line) throw new Error(`calibrate child reported no measurements: ${child.stderr}`);
  const p = JSON.parse(line.slice(PROBE_TAG.length)) as Omit<Measured, "mib" | "lines" | "readObserved">;
  const cal = JSON.parse(child.stdout) as { input: { lines: number }; fits: { readObserved: { mean: number } } };
  return { ...p, mib, lines: cal.input.lines, readObserved: cal.fits.readObserved.mean };
}

function rows(m: Measured): BenchResult[] {
  return [
    {
      id: `calibrate-${m.mib}mib`,
      metric: "webhook events per CPU-second, whole command",
      value: Math.round(m.lines / m.cpuSeconds),
      unit: "events/CPU-s",
      note: `${m.lines.toLocaleString("en-US")} lines in ${m.cpuSeconds.toFixed(2)} CPU-s, ${m.wallSeconds.toFixed(2)} s wall (${Math.round(m.lines / m.wallSeconds).toLocaleString("en-US")} events/s), start-up and fit included; read rate fitted ${(m.readObserved * 100).toFixed(2)} % (drawn ${SYNTHETIC_RATES.read * 100} %)`,
    },
    { id: `calibrate-${m.mib}mib-rss`, metric: "peak resident memory of the calibrate process", value: Math.round(m.maxRssBytes / MiB), unit: "MiB" },
  ];
}

export async function run(opts: BenchOptions): Promise<BenchResult[]> {
  const env = Number(process.env.TIERSIM_BENCH_CALIBRATE_MIB);
  const largeMiB = Number.isFinite(env) && env > 0 ? env : opts.quick ? 100 : 1024;
  const dir = mkdtempSync(join(tmpdir(), "tiersim-bench-calibrate-"));
  try {
    const measured: Measured[] = [];
    // A middle size: does memory still rise between 100 MiB and the large log, or only in the
    // first seconds (the 10 MiB run ends within about a second, before V8 has warmed up)?
    const sizes = largeMiB > 100 ? [10, 100, largeMiB] : [10, largeMiB];
    for (const mib of sizes) {
      const file = join(dir, `webhooks-${mib}mib.jsonl`);
      writeSyntheticLog(file, mib * MiB, SEED);
      measured.push(calibrate(file, mib));
      rmSync(file);
    }
    const small = measured[0];
    const large = measured[measured.length - 1];
    const middle = measured.length > 2 ? measured[1] : null;
    const ratio = large.maxRssBytes / small.maxRssBytes;
    const judge = !opts.quick;
    // The streaming rate: the large log's extra lines over its extra CPU time, so that start-up,
    // the fit and the output, the same for both logs, cancel out.
    const perCpu = (large.lines - small.lines) / (large.cpuSeconds - small.cpuSeconds);
    const perWall = (large.lines - small.lines) / (large.wallSeconds - small.wallSeconds);
    return [
      ...measured.flatMap(rows),
      {
        id: "calibrate-stream",
        metric: "webhook events streamed per CPU-second (large log minus small log)",
        value: Math.round(perCpu),
        unit: "events/CPU-s",
        target: "≥ 100,000 events/s on one core",
        met: judge ? perCpu >= 100_000 : undefined,
        note: `${Math.round(perWall).toLocaleString("en-US")} events/s by wall time; the fold runs on one thread`,
      },
      {
        id: "calibrate-memory-ratio",
        metric: `peak resident memory, ${large.mib} MiB log over 10 MiB log`,
        value: Math.round(ratio * 1000) / 1000,
        unit: "×",
        target: "≤ 1.1",
        met: judge ? ratio <= 1.1 : undefined,
        note: `${Math.round(large.maxRssBytes / MiB)} MiB vs ${Math.round(small.maxRssBytes / MiB)} MiB`,
      },
      ...(middle
        ? [
            {
              id: "calibrate-memory-ratio-100mib",
              metric: `peak resident memory, ${large.mib} MiB log over 100 MiB log`,
              value: Math.round((large.maxRssBytes / middle.maxRssBytes) * 1000) / 1000,
              unit: "×",
              note: `${Math.round(large.maxRssBytes / MiB)} MiB vs ${Math.round(middle.maxRssBytes / MiB)} MiB`,
            },
          ]
        : []),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
