// The CLI side of the throttle sandbox: an engineer's module runs in a worker thread and every
// call from the simulator crosses to it synchronously with a deadline (protocol.ts). Loading,
// each call and each campaign run have a time budget; a module that overruns one is stopped and
// reported (exit 3) with the method and the virtual time, instead of hanging the command.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { Throttle, ThrottleSignal, AttemptOutcomeName } from "../../sim/sender/throttle.js";
import type { ParalysisCause } from "../../sim/result.js";
import { ThrottleFault, type ThrottleMethod } from "../../studies/throttles/guard.js";
import type { ThrottleContext, ThrottleFactory } from "../../studies/throttles/index.js";
import { CONTROL_SLOTS, DATA_BYTES, LENGTH, REQUEST_SEQ, RESPONSE_SEQ, fromWire, read, write, type Notice, type Request, type Response } from "./protocol.js";

/** Time budgets of a sandboxed throttle module, ms. */
export interface SandboxBudgets {
  /** Loading the module (and its fresh copies). */
  load: number;
  /** One call: the factory, or a method. */
  call: number;
  /** All calls of one throttle, that is one campaign in one run. */
  run: number;
}

/**
 * Budgets from the per-call one (`--timeout`, default 2 s): loading takes at most 5 × that (at
 * least 5 s: a TypeScript module is compiled first), a campaign run 100 × that in all.
 *
 * @example
 * ```ts
 * budgetsFor(2000); // { load: 10000, call: 2000, run: 200000 }
 * ```
 */
export function budgetsFor(callMs: number): SandboxBudgets {
  return { load: Math.max(5000, 5 * callMs), call: callMs, run: 100 * callMs };
}

/** The worker's compiled file: beside this one in dist/, or dist/'s twin when running from sources. */
function workerFile(): string {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith(".js")) return fileURLToPath(new URL("./worker.js", import.meta.url));
  const compiled = fileURLToPath(new URL("../../dist/cli/throttle-sandbox/worker.js", import.meta.url));
  if (!existsSync(compiled)) throw new Error(`the throttle sandbox runs compiled code and ${compiled} is missing: build first (npm run build)`);
  return compiled;
}

/** One worker hosting one loaded module. */
class Sandbox {
  private readonly control = new Int32Array(new SharedArrayBuffer(CONTROL_SLOTS * 4));
  private readonly data = new Uint8Array(new SharedArrayBuffer(DATA_BYTES));
  private readonly worker: Worker;
  private notices: Notice[] = [];
  private seq = 0;
  private dead: ThrottleFault | null = null;
  exportName = "";
  kind: "factory" | "object" = "factory";

  constructor(
    private readonly label: string,
    file: string,
    private readonly budgets: SandboxBudgets,
  ) {
    this.worker = new Worker(workerFile(), { workerData: { file, control: this.control.buffer, data: this.data.buffer } });
    // The CLI exits when it is done: a worker must not keep it alive.
    this.worker.unref();
  }

  /** An object export: the worker imports `copies` fresh instances (replacing any left). */
  async more(copies: number): Promise<void> {
    const loaded = this.ready();
    this.request({ op: "more", copies }, "load", null);
    await loaded;
  }

  /** Resolves when the module (or a batch of fresh copies) is loaded; rejects with a ThrottleFault on failure or timeout. */
  ready(): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.stop();
        reject(new ThrottleFault(this.label, "load", `did not finish within ${seconds(this.budgets.load)} (an endless loop at import?)`, null));
      }, this.budgets.load);
      this.worker.once("message", (m: { type: string; detail?: string; exportName?: string; kind?: "factory" | "object" }) => {
        clearTimeout(timer);
        if (m.type === "ready") {
          this.exportName = m.exportName ?? "";
          this.kind = m.kind ?? "factory";
          resolve();
        } else {
          this.stop();
          reject(new ThrottleFault(this.label, "load", m.detail ?? "failed", null));
        }
      });
      this.worker.once("error", (e) => {
        clearTimeout(timer);
        reject(new ThrottleFault(this.label, "load", `failed: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`, null));
      });
    });
  }

  /** Queues a call whose return is ignored; it reaches the worker ahead of the next request. */
  notify(notice: Notice): void {
    this.notices.push(notice);
  }

  /** A synchronous request with the call deadline; returns the response or throws a ThrottleFault. */
  request(req: Request, method: ThrottleMethod, at: number | null): Extract<Response, { ok: true }> {
    if (this.dead) throw this.dead;
    const c = this.control;
    Atomics.store(c, LENGTH, write(this.data, this.notices.length ? { ...req, notices: this.notices } : req));
    this.notices = [];
    const seq = ++this.seq;
    Atomics.store(c, REQUEST_SEQ, seq);
    Atomics.notify(c, REQUEST_SEQ);
    // Wait for this request's answer until the deadline: a wake-up without it (the wait can
    // return early) waits again for the time left.
    const deadline = performance.now() + this.budgets.call;
    for (let left = this.budgets.call; Atomics.load(c, RESPONSE_SEQ) !== seq && left > 0; left = deadline - performance.now()) {
      Atomics.wait(c, RESPONSE_SEQ, seq - 1, left);
    }
    if (Atomics.load(c, RESPONSE_SEQ) !== seq) {
      this.stop();
      throw (this.dead = new ThrottleFault(this.label, method, `did not return within ${seconds(this.budgets.call)} (an endless loop?)`, at));
    }
    const res = read<Response>(this.data, Atomics.load(c, LENGTH));
    if (!res.ok) throw (this.dead = new ThrottleFault(this.label, res.method as ThrottleMethod, res.detail, res.at));
    return res;
  }

  stop(): void {
    void this.worker.terminate();
  }
}

const seconds = (ms: number): string => (ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`);

/** A throttle whose every call crosses into the sandbox. */
function proxy(box: Sandbox, id: number, name: string, optional: readonly string[], budgets: SandboxBudgets, label: string): Throttle {
  let spent = 0;
  const call = (method: "permits" | "wakeAt" | "holdCause" | "onError", args: unknown[], now: number): unknown => {
    const t0 = performance.now();
    const res = box.request({ op: "call", id, method, args, now }, method, now);
    spent += performance.now() - t0;
    if (spent > budgets.run) {
      box.stop();
      throw new ThrottleFault(label, method, `took more than ${seconds(budgets.run)} in all during one campaign run (polling every millisecond?)`, now);
    }
    return "value" in res ? fromWire(res.value) : undefined;
  };
  const t: Throttle = {
    name,
    permits: (v) => call("permits", [v], v.now) as number,
    wakeAt: (v) => call("wakeAt", [v], v.now) as number,
    holdCause: (v) => call("holdCause", [v], v.now) as ParalysisCause | null,
    spend: (now, n) => box.notify({ id, method: "spend", args: [now, n] }),
  };
  if (optional.includes("onError")) t.onError = (code, attempt, now) => call("onError", [code, attempt, now], now) as number | undefined;
  if (optional.includes("onOutcome")) t.onOutcome = (outcome: AttemptOutcomeName, code: number, now: number) => box.notify({ id, method: "onOutcome", args: [outcome, code, now] });
  if (optional.includes("onSignal")) t.onSignal = (signal: ThrottleSignal, now: number) => box.notify({ id, method: "onSignal", args: [signal, now] });
  return t;
}

/** A module loaded into a sandbox: the export used and a factory of sandboxed throttles. */
export interface SandboxedModule {
  exportName: string;
  kind: "factory" | "object";
  /** A factory good for `uses` calls (one per campaign per run). */
  prepare(uses: number): Promise<ThrottleFactory>;
  /** Stops every worker. */
  close(): void;
}

/**
 * Loads `file` into a worker thread and checks it against `probe` (the factory is called once,
 * or an exported object checked), so a broken module is reported before any run.
 *
 * @example
 * ```ts
 * const mod = await loadSandboxed("throttle.ts", "throttle.ts", probe, budgetsFor(2000));
 * const factory = await mod.prepare(config.campaigns.length);
 * checkThrottle(config, factory);   // a hang or a NaN is a ThrottleFault, not a stuck CLI
 * ```
 */
export async function loadSandboxed(file: string, label: string, probe: ThrottleContext, budgets: SandboxBudgets): Promise<SandboxedModule> {
  const box = new Sandbox(label, file, budgets);
  await box.ready();
  const factoryOf = (box: Sandbox): ThrottleFactory => (ctx) => {
    const res = box.request({ op: "create", ctx }, "factory", null);
    if (!("id" in res)) throw new ThrottleFault(label, "factory", "answered without a throttle", null);
    return proxy(box, res.id, res.name, res.optional, budgets, label);
  };
  const close = (): void => box.stop();
  if (box.kind === "factory") {
    factoryOf(box)(probe);
    const factory = factoryOf(box);
    return { exportName: box.exportName, kind: "factory", prepare: async () => factory, close };
  }
  // An object export is one throttle: each campaign run gets a fresh module instance. The
  // worker imports them between runs (imports are asynchronous; calls are not); the copy
  // imported at load serves the first run of one campaign.
  let first = true;
  return {
    exportName: box.exportName,
    kind: "object",
    prepare: async (uses) => {
      if (!(first && uses <= 1)) await box.more(uses);
      first = false;
      return factoryOf(box);
    },
    close,
  };
}
