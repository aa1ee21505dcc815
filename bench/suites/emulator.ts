// The emulator under load: concurrent keep-alive clients in another process send template
// messages over loopback as fast as it answers, with webhooks on — every send's `sent`,
// `delivered` and (half the time) `read` status signed and POSTed to an endpoint in that other
// process, the clock real so they fall due during the run. Reports sustained sends per second,
// the client-side p50/p99 latency, the webhooks received per second and the emulator's CPU per
// send; once with one status per webhook (the default), once with statuses batched as Meta
// batches them under load.
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { startEmulator } from "../../cli/emulator/server.js";
import type { LoadReport, LoadRequest } from "../emulator-load.js";
import type { BenchOptions, BenchResult } from "../types.js";

const TARGET = 2_000;
const SCENARIO = fileURLToPath(new URL("../../../bench/scenarios/emulator.yaml", import.meta.url));
const CONNECTIONS = 32;

function next<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: { type: string }): void => {
      if (m.type !== type) return;
      child.off("message", onMessage);
      resolve(m as T);
    };
    child.on("message", onMessage);
    child.once("exit", (code) => reject(new Error(`the load process exited (${code}) before "${type}"`)));
  });
}

interface Phase {
  rate: number;
  report: LoadReport;
  cpuPerSend: number;
  failedAttempts: number;
}

/** One load run against a fresh emulator whose webhooks carry up to `batch` statuses. */
async function phase(opts: BenchOptions, batch: number): Promise<Phase> {
  const child = fork(fileURLToPath(new URL("../emulator-load.js", import.meta.url)), [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  try {
    const { webhook } = await next<{ webhook: string }>(child, "ready");
    const emu = await startEmulator({ scenario: SCENARIO, clock: "real", webhook, webhooks: { concurrency: 16, batch }, outboxSize: 20_000 });
    try {
      const request: LoadRequest = { type: "run", url: emu.url, token: emu.accessToken, appSecret: emu.appSecret, phone: "main", template: "order_update", warmup: opts.quick ? 500 : 3_000, total: opts.quick ? 4_000 : 40_000, concurrency: CONNECTIONS };
      const cpu0 = process.cpuUsage();
      child.send(request);
      const report = await next<LoadReport>(child, "done");
      const cpu = process.cpuUsage(cpu0);
      const stats = (await (await fetch(`${emu.controlUrl}/state`)).json()) as { webhooks: { failedAttempts: number } };
      return { rate: report.sends / report.seconds, report, cpuPerSend: (cpu.user + cpu.system) / (report.sends + request.warmup), failedAttempts: stats.webhooks.failedAttempts };
    } finally {
      await emu.stop();
    }
  } finally {
    child.kill();
  }
}

function note(p: Phase): string {
  const r = p.report;
  const ok = r.codes["200"] ?? 0;
  return `${r.sends.toLocaleString("en")} sends over ${CONNECTIONS} keep-alive connections in ${r.seconds.toFixed(1)} s (${ok.toLocaleString("en")} answered 200), p50 ${r.latencies.p50} ms, p99 ${r.latencies.p99} ms; ${Math.round(r.webhooksDuring / r.seconds).toLocaleString("en")} webhook POSTs/s received meanwhile, ${r.webhooks.toLocaleString("en")} in all, ${p.failedAttempts} failed attempts, ${r.badSignatures} bad signatures in a 1-in-50 sample; the emulator used ${Math.round(p.cpuPerSend)} µs of CPU per send, its webhooks included`;
}

/**
 * Bench suite: the emulator's sustained send rate with webhooks on.
 *
 * @example
 * ```ts
 * const [r] = await run({ quick: true }); // r.id === "emulator-sends"
 * ```
 */
export async function run(opts: BenchOptions): Promise<BenchResult[]> {
  const single = await phase(opts, 1);
  const batched = await phase(opts, 100);
  const met = (p: Phase): boolean => p.rate >= TARGET && (p.report.codes["200"] ?? 0) === p.report.sends && p.report.badSignatures === 0;
  return [
    { id: "emulator-sends", metric: "sends/s with webhooks on, one status per webhook (client and endpoint in a second process)", value: Math.round(single.rate), unit: "sends/s", target: `≥ ${TARGET.toLocaleString("en")} sends/s`, met: met(single), note: note(single) },
    { id: "emulator-latency-p50", metric: "send latency seen by the client, median (one status per webhook)", value: single.report.latencies.p50, unit: "ms" },
    { id: "emulator-latency-p99", metric: "send latency seen by the client, 99th percentile (one status per webhook)", value: single.report.latencies.p99, unit: "ms", note: `max ${single.report.latencies.max} ms` },
    { id: "emulator-sends-batched", metric: "sends/s with webhooks on, up to 100 statuses of a number per webhook", value: Math.round(batched.rate), unit: "sends/s", target: `≥ ${TARGET.toLocaleString("en")} sends/s`, met: met(batched), note: note(batched) },
  ];
}
