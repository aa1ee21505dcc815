// The fuzz worker: loads one scenario document, runs it over a short horizon and renders it, in
// a thread of its own so that the test can stop a document that hangs. It runs the compiled
// package (dist/, built by the test setup): TypeScript sources cannot be loaded in a worker.
// It only executes and reports; every judgement is made by the test (test/fuzz/harness.ts).
import { parentPort } from "node:worker_threads";
import { compileScenario, estimateEvents, loadScenarioText, simulate } from "../../dist/index.js";
import { buildReport, chartsFor, renderPng, renderSvg } from "../../dist/reports/index.js";
import { formatRunSummary } from "../../dist/cli/summary.js";

// The library never prints: a warning (process.emitWarning, which Node prints) is a failure too.
const warnings = [];
process.on("warning", (w) => warnings.push(w.message));

const message = (err) => (err instanceof Error ? `${err.name}: ${err.message}\n${(err.stack ?? "").split("\n").slice(1, 6).join("\n")}` : String(err));

/**
 * @param {{ id: number, text: string, file: string, days: number, runCap: number, charts: boolean }} job
 *   `runCap` is the event budget the document is loaded with (the loader refuses above it).
 */
async function check(job) {
  const out = { id: job.id, phase: "load" };
  let loaded;
  try {
    // The fuzzing's work budget is small, so that every document it accepts can be run here.
    loaded = loadScenarioText(job.text, job.file, { days: job.days, maxEvents: job.runCap });
  } catch (err) {
    return { ...out, threw: message(err) };
  }
  if (!loaded.ok) return { ...out, valid: false, issues: loaded.issues.map((i) => ({ line: i.line, column: i.column, code: i.code, message: i.message })) };
  out.valid = true;
  out.phase = "run";
  try {
    const config = compileScenario(loaded.scenario, loaded.ruleSet, { days: job.days });
    out.estimate = estimateEvents(config).total;
    const t0 = performance.now();
    const result = simulate(config);
    out.ms = performance.now() - t0;
    out.result = result;
    out.phase = "render";
    out.terminal = formatRunSummary(result);
    const { markdown, html } = buildReport(result);
    out.markdown = markdown;
    out.html = html;
    const charts = chartsFor(result);
    out.charts = charts.length;
    if (job.charts) {
      // The charts that carry what a user wrote: scenario name, campaigns, templates, numbers.
      out.svgs = [];
      for (const c of charts.filter((x) => x.id === "limit" || x.id === "paralysis" || x.id === "quality")) {
        const svg = await renderSvg(c.spec);
        renderPng(svg);
        out.svgs.push(svg);
      }
    }
    out.phase = "done";
    return out;
  } catch (err) {
    return { ...out, threw: message(err) };
  }
}

parentPort.on("message", async (job) => {
  warnings.length = 0;
  const out = await check(job);
  // Warnings are emitted on the next tick.
  await new Promise((resolve) => setImmediate(resolve));
  parentPort.postMessage(warnings.length > 0 ? { ...out, warnings: [...warnings] } : out);
});
