// The worker that hosts an engineer's throttle module, out of the simulator's thread: it
// loads the module (TypeScript through tsx), makes throttles on request and answers calls
// synchronously through shared memory (protocol.ts). Every value it returns has been checked
// against the Throttle contract here, where the value lives; what fails is described in words.
import { parentPort, workerData } from "node:worker_threads";
import { extname } from "node:path";
import { pathToFileURL } from "node:url";
import { describeError, returnProblem, type ThrottleMethod } from "../../studies/throttles/guard.js";
import { throttleProblems } from "../../studies/throttles/check.js";
import type { Throttle } from "../../sim/sender/throttle.js";
import { CONTROL_SLOTS, LENGTH, REQUEST_SEQ, RESPONSE_SEQ, read, toWire, write, type Notice, type Request, type Response } from "./protocol.js";

interface WorkerInput {
  file: string;
  control: SharedArrayBuffer;
  data: SharedArrayBuffer;
}

const input = workerData as WorkerInput;
const control = new Int32Array(input.control, 0, CONTROL_SLOTS);
const data = new Uint8Array(input.data);
const EXPORTS = ["createThrottle", "throttle", "default"] as const;
const TS = new Set([".ts", ".mts", ".cts", ".tsx"]);

let instance = 0;
let tsx: { import: (specifier: string, parent: string) => Promise<unknown> } | null = null;

async function importModule(file: string): Promise<Record<string, unknown>> {
  // A query string makes a new module instance: a fresh throttle object with fresh state.
  const fresh = `${pathToFileURL(file).href}?tiersim-instance=${instance++}`;
  if (TS.has(extname(file).toLowerCase())) {
    if (!tsx) {
      const { register } = await import("tsx/esm/api");
      tsx = register({ namespace: "tiersim-throttle" });
    }
    return (await tsx.import(fresh, import.meta.url)) as Record<string, unknown>;
  }
  return (await import(fresh)) as Record<string, unknown>;
}

function pick(mod: Record<string, unknown>): { name: (typeof EXPORTS)[number]; value: unknown } | null {
  for (const name of EXPORTS) {
    let value = mod[name];
    // A CommonJS module's module.exports arrives as the default export.
    if (name === "default" && value && typeof value === "object" && !("permits" in value)) {
      const inner = value as Record<string, unknown>;
      for (const n of ["createThrottle", "throttle"]) if (inner[n] !== undefined) value = inner[n];
    }
    if (value !== undefined) return { name, value };
  }
  return null;
}

const throttles: Throttle[] = [];
let factory: ((ctx: unknown) => unknown) | null = null;
const objects: unknown[] = [];

function fail(method: ThrottleMethod | string, detail: string, at: number | null): Response {
  return { ok: false, method, detail, at };
}

function replay(notices: Notice[]): Response | null {
  for (const n of notices) {
    const t = throttles[n.id];
    const now = n.method === "onSignal" ? (n.args[1] as number) : (n.args[n.method === "spend" ? 0 : 2] as number);
    try {
      const f = (t as unknown as Record<string, (...a: unknown[]) => unknown>)[n.method];
      if (typeof f === "function") Reflect.apply(f, t, n.args);
    } catch (e) {
      return fail(n.method, `threw: ${describeError(e)}`, now);
    }
  }
  return null;
}

function create(ctx: unknown): Response {
  let t: unknown;
  if (factory) {
    try {
      t = factory(ctx);
    } catch (e) {
      return fail("factory", `threw: ${describeError(e)}`, null);
    }
  } else {
    t = objects.shift();
    if (t === undefined) return fail("factory", "has no fresh copy left for another campaign run", null);
  }
  const problems = throttleProblems(t);
  if (problems.length) return fail("factory", `returned something that is not a Throttle: ${problems.join("; ")}`, null);
  const throttle = t as Throttle;
  throttles.push(throttle);
  let name = "throttle";
  try {
    name = String(throttle.name);
  } catch {
    // keep the default
  }
  const optional = (["onError", "onOutcome", "onSignal"] as const).filter((m) => typeof throttle[m] === "function");
  return { ok: true, id: throttles.length - 1, name, optional };
}

function call(req: Extract<Request, { op: "call" }>): Response {
  const t = throttles[req.id] as unknown as Record<string, (...a: unknown[]) => unknown>;
  let value: unknown;
  try {
    value = Reflect.apply(t[req.method], t, req.args);
  } catch (e) {
    return fail(req.method, `threw: ${describeError(e)}`, req.now);
  }
  const problem = returnProblem(req.method, value, req.now);
  if (problem) return fail(req.method, problem, req.now);
  return { ok: true, value: toWire(value) };
}

/** The last request answered (a request may arrive before the loop starts: it is not missed). */
let seen = 0;

/** Answers calls until asked for more copies; returns how many. */
function serve(): number {
  for (;;) {
    // Only a new sequence number means a new request: a wake-up that finds the old one (the
    // wait can return without one) must not answer again, or its answer overwrites the next request.
    while (Atomics.load(control, REQUEST_SEQ) === seen) Atomics.wait(control, REQUEST_SEQ, seen);
    seen = Atomics.load(control, REQUEST_SEQ);
    const req = read<Request>(data, Atomics.load(control, LENGTH));
    const res = replay(req.notices ?? []) ?? (req.op === "create" ? create(req.ctx) : req.op === "call" ? call(req) : ({ ok: true, value: { u: 1 } } as Response));
    Atomics.store(control, LENGTH, write(data, res));
    Atomics.store(control, RESPONSE_SEQ, seen);
    Atomics.notify(control, RESPONSE_SEQ);
    if (req.op === "more") return req.copies;
  }
}

/** Imports fresh instances of an object export until `copies` are ready. */
async function importCopies(copies: number): Promise<string | null> {
  objects.length = 0;
  try {
    while (objects.length < copies) objects.push(pick(await importModule(input.file))?.value);
  } catch (e) {
    return `failed to load a fresh copy: ${describeError(e)}`;
  }
  return null;
}

async function main(): Promise<void> {
  let mod: Record<string, unknown>;
  try {
    mod = await importModule(input.file);
  } catch (e) {
    parentPort!.postMessage({ type: "failed", detail: `failed to load: ${describeError(e)}` });
    return;
  }
  const picked = pick(mod);
  if (!picked) {
    parentPort!.postMessage({ type: "failed", detail: `exports no throttle: export \`createThrottle(ctx)\` (a factory), or \`throttle\` / a default export (a Throttle object or a factory). It exports: ${Object.keys(mod).join(", ") || "nothing"}` });
    return;
  }
  if (typeof picked.value === "function") factory = picked.value as (ctx: unknown) => unknown;
  else {
    const problems = throttleProblems(picked.value);
    if (problems.length) {
      parentPort!.postMessage({ type: "failed", detail: `export ${picked.name} does not implement the Throttle interface: ${problems.join("; ")}` });
      return;
    }
    objects.push(picked.value);
  }
  const ready = { type: "ready", exportName: picked.name, kind: factory ? "factory" : "object" };
  parentPort!.postMessage(ready);
  for (;;) {
    const copies = serve();
    const failed = await importCopies(copies);
    parentPort!.postMessage(failed ? { type: "failed", detail: failed } : ready);
    if (failed) return;
  }
}

void main();
