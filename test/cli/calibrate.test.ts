// End-to-end: `tiersim run --webhooks` then `tiersim calibrate`, on plain and gzip logs, with
// a damaged log, --strict, --base and bad input.
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mergeFragment } from "../../scenarios/merge.js";
import { loadScenarioText } from "../../scenarios/load.js";
import { tiersim as runCli, WIDE, type Ran } from "./tiersim.js";

let dir: string;
const at = (name: string): string => join(dir, name);

function tiersim(...args: string[]): Ran {
  return runCli(args, WIDE);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "tiersim-calibrate-"));
  writeFileSync(at("small.yaml"), readFileSync("scenarios/quickstart.yaml", "utf8").replace("optedIn: 30000", "optedIn: 3000"));
  const r = tiersim("run", at("small.yaml"), "--days", "4", "--webhooks", at("w.jsonl"));
  if (r.code !== 0) throw new Error(r.stderr);
  writeFileSync(at("w.jsonl.gz"), gzipSync(readFileSync(at("w.jsonl"))));
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("tiersim run --webhooks", () => {
  it("writes the file and says so; refuses it with --runs", () => {
    expect(readFileSync(at("w.jsonl"), "utf8").split("\n").length).toBeGreaterThan(1000);
    const r = tiersim("run", at("small.yaml"), "--runs", "2", "--webhooks", at("x.jsonl"));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--webhooks records one run/);
    expect(existsSync(at("x.jsonl"))).toBe(false);
  });
});

describe("tiersim calibrate", () => {
  it("reads plain and gzip logs alike and prints one JSON document", () => {
    const plain = tiersim("calibrate", at("w.jsonl"), "--json");
    const gz = tiersim("calibrate", at("w.jsonl.gz"), "--json");
    expect(plain.code, plain.stderr).toBe(0);
    const a = JSON.parse(plain.stdout);
    const b = JSON.parse(gz.stdout);
    expect(a.schema).toBe("tiersim/calibration@1");
    expect(b.fits).toEqual(a.fits);
    expect(a.fits.reply.n).toBeGreaterThan(1000);
    expect(a.bounds.negativeFeedback.bound).toBe(true);
  });

  it("writes a report with latency histograms and QQ plots", () => {
    const r = tiersim("calibrate", at("w.jsonl"), "--report", at("rep"));
    expect(r.code, r.stderr).toBe(0);
    const md = readFileSync(at("rep/report.md"), "utf8");
    expect(md).toMatch(/\| reply \| \d+\.\d+ % \|/);
    expect(md).toContain("![read latency qq](charts/read-latency-qq.svg)");
    expect(readFileSync(at("rep/charts/read-latency-qq.svg"), "utf8")).toMatch(/^<svg/);
    const spec = JSON.parse(readFileSync(at("rep/charts/read-latency-histogram.vl.json"), "utf8"));
    expect(spec.data.values.length).toBeGreaterThan(5);
  });

  it("writes a fragment that merges into the scenario, which validates", () => {
    const r = tiersim("calibrate", at("w.jsonl"), "--out", at("fitted.yaml"));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/read \(scenario\)/);
    const fragment = readFileSync(at("fitted.yaml"), "utf8");
    expect(fragment).toMatch(/read: \{ beta: \[\d+(\.5)?, \d+(\.5)?\] \} +# mean 0\.\d+, n = \d+/);
    expect(fragment).toMatch(/BOUND/);
    // Latency medians and the inbound rate come as distributions of the fit, with their sample size.
    expect(fragment).toMatch(/\n {4}read: \{ lognormal: \{ median: \d+s, p95: \d+s \} \} +# median of the delays \(log-normal fit, n = \d+\)/);
    expect(fragment).toMatch(/inboundPerDay: \{ lognormal: \{ median: [\d.e-]+, p95: [\d.e-]+ \} \} +# mean [\d.e-]+, n = \d+ messages/);
    const lat = parse(fragment).audience.latency.read.lognormal;
    expect(parseInt(lat.p95)).toBeGreaterThanOrEqual(parseInt(lat.median));
    const merged = mergeFragment(parse(readFileSync(at("small.yaml"), "utf8")), parse(fragment)) as { audience: { segments: Array<{ name: string; read: number }> } };
    expect(merged.audience.segments.map((s) => s.name)).toEqual(["engaged", "casual"]);
    expect(merged.audience.segments[0].read).toEqual(parse(fragment).audience.segments[0].read);
    expect(merged.audience.segments[1].read).toEqual(parse(fragment).audience.segments[0].read);
    expect(loadScenarioText(JSON.stringify(merged), "merged.json").ok).toBe(true);
  });

  it("--segment-by callback fits each tagged segment apart, and the fragment merges by name", () => {
    const r = tiersim("calibrate", at("w.jsonl"), "--segment-by", "callback", "--base", at("small.yaml"), "--out", at("by-segment.yaml"), "--json");
    expect(r.code, r.stderr).toBe(0);
    const cal = JSON.parse(r.stdout);
    expect(cal.segments.by).toBe("callback");
    expect(cal.segments.list.map((s: { name: string }) => s.name).sort()).toEqual(["casual", "engaged"]);
    const engaged = cal.segments.list.find((s: { name: string }) => s.name === "engaged");
    expect(engaged.fits.read.mean).toBeGreaterThan(cal.fits.read.mean);
    const merged = parse(readFileSync(at("by-segment.yaml"), "utf8"));
    expect(merged.audience.segments.map((s: { name: string }) => s.name)).toEqual(["engaged", "casual"]);
    expect(tiersim("validate", at("by-segment.yaml")).code).toBe(0);
    expect(tiersim("calibrate", at("w.jsonl"), "--segment-by", "campaign").code).toBe(2);
  });

  it("with --base writes the calibrated scenario, which validates and runs", () => {
    const r = tiersim("calibrate", at("w.jsonl.gz"), "--base", at("small.yaml"), "--out", at("calibrated.yaml"));
    expect(r.code, r.stderr).toBe(0);
    expect(tiersim("validate", at("calibrated.yaml")).code).toBe(0);
    const run = tiersim("run", at("calibrated.yaml"), "--days", "2", "--json");
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).summary.messages.delivered).toBeGreaterThan(0);
  });

  it("counts malformed, duplicated and out-of-order lines with their numbers; --strict stops at the first malformed one", () => {
    const lines = readFileSync(at("w.jsonl"), "utf8").trimEnd().split("\n");
    const damaged = [...lines.slice(0, 10), "{oops", lines[5], ...lines.slice(10, 20), lines[2].replace('"object":"whatsapp_business_account"', '"object":"page"'), ...lines.slice(20)];
    writeFileSync(at("damaged.jsonl"), damaged.join("\n") + "\n");
    const r = tiersim("calibrate", at("damaged.jsonl"), "--json");
    expect(r.code, r.stderr).toBe(0);
    const cal = JSON.parse(r.stdout);
    expect(cal.issues.malformed.count).toBe(2);
    expect(cal.issues.malformed.first.map((i: { line: number }) => i.line)).toEqual([11, 23]);
    expect(cal.issues.duplicates.count).toBeGreaterThanOrEqual(1);
    expect(cal.issues.duplicates.first[0].line).toBe(12);
    const strict = tiersim("calibrate", at("damaged.jsonl"), "--strict");
    expect(strict.code).toBe(3);
    expect(strict.stderr).toContain("damaged.jsonl:11:1: malformed webhook line: not JSON");
    expect(strict.stderr).not.toMatch(/\n\s+at /);
    // A join window shorter than the reads' delays: reads no longer join their delivery (they
    // count as messages read at once), so fewer read latencies are measured.
    const short = JSON.parse(tiersim("calibrate", at("w.jsonl"), "--join-window", "1s", "--json").stdout);
    expect(short.join.window).toBe(1);
    expect(short.fits.latency.read?.n ?? 0).toBeLessThan(cal.fits.latency.read.n);
  });

  it("says a limit change once when every number reports it, or a webhook comes twice", () => {
    const lines = readFileSync(at("w.jsonl"), "utf8").trimEnd().split("\n");
    const plain = tiersim("calibrate", at("w.jsonl")).stdout.split("\n").find((l) => l.startsWith("Messaging limit: "))!;
    expect(plain).toMatch(/UPGRADE → /);
    expect(plain).not.toContain("numbers)");
    // The same change from a second number, and the first number's webhook delivered twice.
    const two = lines.flatMap((l) => (l.includes('"phone_number_quality_update"') ? [l, l, l.replace(/"display_phone_number":"(\d+)"/, '"display_phone_number":"$19"')] : [l]));
    writeFileSync(at("two-numbers.jsonl"), two.join("\n") + "\n");
    const line = tiersim("calibrate", at("two-numbers.jsonl")).stdout.split("\n").find((l) => l.startsWith("Messaging limit: "))!;
    const changes = plain.slice("Messaging limit: ".length).split("; ");
    expect(line).toBe(`Messaging limit: ${changes.map((c) => `${c} (on 2 numbers)`).join("; ")}`);
  });

  it("refuses missing and broken files (exit 3) and bad flags (exit 2), writing nothing", () => {
    const missing = tiersim("calibrate", at("nope.jsonl"), "--out", at("never.yaml"));
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/nope\.jsonl: no such file/);
    appendFileSync(at("broken.gz"), "not gzip at all");
    const broken = tiersim("calibrate", at("broken.gz"));
    expect(broken.code).toBe(3);
    expect(broken.stderr).toMatch(/not a valid gzip file/);
    expect(tiersim("calibrate", at("w.jsonl"), "--from", "yesterday").code).toBe(2);
    expect(tiersim("calibrate", at("w.jsonl"), "--rules", "meta-1999").code).toBe(2);
    const window = tiersim("calibrate", at("w.jsonl"), "--join-window", "soon");
    expect(window.code).toBe(2);
    expect(window.stderr).toMatch(/--join-window soon: not a duration/);
    expect(existsSync(at("never.yaml"))).toBe(false);
  });
});
