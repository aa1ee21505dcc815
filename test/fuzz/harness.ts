// Runs fuzzed scenario documents through the loader, a short simulation and the renderers in a
// worker thread with a time budget, and judges the outcome: nothing throws, nothing hangs,
// counts are conserved, no figure is NaN or negative, nothing rendered carries a control
// character. The figures of a whole fuzz run are written where CI prints them.
import { mkdirSync, appendFileSync } from "node:fs";
import { Worker } from "node:worker_threads";
import type { RunResult } from "../../index.js";

/** What the worker reports for one document (see worker.mjs). */
export interface Outcome {
  id: number;
  phase: "load" | "run" | "render" | "done";
  threw?: string;
  valid?: boolean;
  issues?: Array<{ line: number; column: number; code: string; message: string }>;
  estimate?: number;
  ms?: number;
  result?: RunResult;
  terminal?: string;
  markdown?: string;
  html?: string;
  charts?: number;
  svgs?: string[];
  /** Warnings emitted while the document was handled (Node prints them: the library must not). */
  warnings?: string[];
  /** Set by the harness: the worker did not answer within the time budget. */
  hung?: boolean;
}

/** One document to check. */
export interface Job {
  text: string;
  file: string;
  /** Horizon the run uses (a short one). */
  days: number;
  /** The work budget documents are loaded with: above it a document is invalid (`too-much-work`), so every valid one runs. */
  runCap: number;
  /** Also render the charts that carry user-written text to SVG and PNG. */
  charts: boolean;
}

/**
 * A worker that checks documents one at a time; a document that takes longer than
 * `timeoutMs` is reported as hung and the worker replaced.
 *
 * @example
 * ```ts
 * const w = new FuzzWorker(10_000);
 * const outcome = await w.check({ text, file: "x.yaml", days: 2, runCap: 2e6, charts: false });
 * await w.close();
 * ```
 */
export class FuzzWorker {
  private worker: Worker;
  private next = 0;

  constructor(private readonly timeoutMs: number) {
    this.worker = FuzzWorker.spawn();
  }

  private static spawn(): Worker {
    const w = new Worker(new URL("./worker.mjs", import.meta.url), { resourceLimits: { maxOldGenerationSizeMb: 2048 } });
    w.unref();
    return w;
  }

  check(job: Job): Promise<Outcome> {
    const id = this.next++;
    return new Promise((resolve) => {
      const worker = this.worker;
      const done = (o: Outcome): void => {
        clearTimeout(timer);
        worker.off("message", onMessage);
        worker.off("error", onError);
        resolve(o);
      };
      const onMessage = (o: Outcome): void => {
        if (o.id === id) done(o);
      };
      const onError = (err: Error): void => {
        this.worker = FuzzWorker.spawn();
        done({ id, phase: "run", threw: `worker died: ${err.message}` });
      };
      const timer = setTimeout(() => {
        void worker.terminate();
        this.worker = FuzzWorker.spawn();
        done({ id, phase: "run", hung: true });
      }, this.timeoutMs);
      worker.on("message", onMessage);
      worker.once("error", onError);
      worker.postMessage({ id, ...job });
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

/** The figures of a fuzz run, printed in the CI log. */
export interface Figures {
  documents: number;
  valid: number;
  ran: number;
  rendered: number;
  throws: number;
  /** Documents during which the library emitted a process warning (Node prints those). */
  warnings: number;
  hangs: number;
  conservation: number;
  render: number;
  /** Simulation time of all runs, ms, and their estimated events: the cost of an estimated event. */
  runMs: number;
  runEvents: number;
  slowestMs: number;
}

export function newFigures(): Figures {
  return { documents: 0, valid: 0, ran: 0, rendered: 0, throws: 0, warnings: 0, hangs: 0, conservation: 0, render: 0, runMs: 0, runEvents: 0, slowestMs: 0 };
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
// eslint-disable-next-line no-control-regex
const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

/** Every number anywhere in `value` that is NaN, infinite or negative, with its path. */
export function badNumbers(value: unknown, path = "", out: string[] = []): string[] {
  if (typeof value === "number") {
    if (!Number.isFinite(value) || value < 0) out.push(`${path} = ${value}`);
  } else if (Array.isArray(value)) value.forEach((v, i) => badNumbers(v, `${path}[${i}]`, out));
  else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) badNumbers(v, `${path}.${k}`, out);
  return out;
}

/**
 * What is wrong with an outcome: a list of problems (empty when the document passed), each
 * counted in `figures` under its kind.
 *
 * @example
 * ```ts
 * const problems = judge(await worker.check(job), figures);
 * expect(problems).toEqual([]);
 * ```
 */
export function judge(o: Outcome, figures: Figures, text: string): string[] {
  figures.documents++;
  const problems: string[] = [];
  if (o.hung) {
    figures.hangs++;
    return ["hung: no answer within the time budget"];
  }
  if (o.threw) {
    figures.throws++;
    return [`threw while in ${o.phase}: ${o.threw}`];
  }
  if (o.warnings) {
    figures.warnings++;
    problems.push(...o.warnings.map((w) => `printed a warning: ${w}`));
  }
  if (o.valid === false) {
    const lines = text.split(/\r\n|\r|\n/).length;
    for (const i of o.issues ?? []) {
      if (!(i.line >= 1 && i.line <= lines + 1 && i.column >= 1)) problems.push(`issue outside the file: ${i.line}:${i.column} ${i.code}`);
      if (!/^[a-z][a-z0-9-]+$/.test(i.code)) problems.push(`malformed issue code ${i.code}`);
      if (i.message.length === 0) problems.push("empty issue message");
      if (/tiersim cannot simulate/.test(i.message)) problems.push(`a valid document failed to compile: ${i.message}`);
    }
    if ((o.issues ?? []).length === 0) problems.push("invalid without an issue");
    return problems;
  }
  figures.valid++;
  if (!o.result) return problems;
  figures.ran++;
  const r = o.result;
  const m = r.summary.messages;
  const conservation: string[] = [];
  if (m.attempted !== m.accepted + m.rejected) conservation.push(`attempted ${m.attempted} ≠ accepted ${m.accepted} + rejected ${m.rejected}`);
  if (m.accepted !== m.delivered + m.failed + m.inFlight) conservation.push(`accepted ${m.accepted} ≠ delivered ${m.delivered} + failed ${m.failed} + inFlight ${m.inFlight}`);
  const bad = badNumbers({ summary: r.summary, daily: r.daily.map(({ limit: _limit, ...rest }) => rest) });
  if (bad.length > 0) conservation.push(`bad figures: ${bad.slice(0, 5).join(", ")}`);
  if (conservation.length > 0) {
    figures.conservation++;
    problems.push(...conservation);
  }
  if (o.estimate !== undefined && o.ms !== undefined) {
    figures.runMs += o.ms;
    figures.runEvents += o.estimate;
    figures.slowestMs = Math.max(figures.slowestMs, o.ms);
  }
  const rendering: string[] = [];
  if (o.phase !== "done") rendering.push(`rendering stopped in ${o.phase}`);
  for (const [what, s] of [["terminal summary", o.terminal], ["report.md", o.markdown], ["report.html", o.html]] as const) {
    if (s === undefined) continue;
    if (CONTROL.test(s.replace(/\n/g, ""))) rendering.push(`${what} holds a control character`);
  }
  for (const svg of o.svgs ?? []) if (XML_FORBIDDEN.test(svg)) rendering.push("an SVG holds a character XML forbids");
  if (o.svgs) figures.rendered++;
  if (rendering.length > 0) {
    figures.render++;
    problems.push(...rendering);
  }
  return problems;
}

/**
 * The one-line summary of a fuzz run, appended to `results/fuzz-summary.txt` (which CI prints)
 * and returned for the test's own output.
 *
 * @example
 * ```ts
 * reportFigures("scenario fuzz (seed 20260302)", figures); // "scenario fuzz …: 2,900 documents, …"
 * ```
 */
export function reportFigures(label: string, f: Figures): string {
  const n = (x: number): string => x.toLocaleString("en-US");
  const line = `${label}: ${n(f.documents)} documents, ${n(f.valid)} valid, ${n(f.ran)} run, ${n(f.rendered)} with charts rendered; ${n(f.throws)} throws, ${n(f.warnings)} warnings, ${n(f.hangs)} hangs, ${n(f.conservation)} conservation failures, ${n(f.render)} rendering failures; runs took ${f.runEvents > 0 ? ((f.runMs * 1e6) / f.runEvents).toFixed(0) : "–"} ms per million estimated events, the slowest ${f.slowestMs.toFixed(0)} ms`;
  mkdirSync("results", { recursive: true });
  appendFileSync("results/fuzz-summary.txt", line + "\n");
  return line;
}
