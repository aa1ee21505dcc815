// End-to-end: `tiersim run --webhooks` then `tiersim backtest`, with its outputs and exit codes.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RAMP_YAML } from "../studies/backtest/fixture.js";
import { tiersim as runCli, WIDE, type Ran } from "./tiersim.js";

let dir: string;
const at = (name: string): string => join(dir, name);
const tiersim = (...args: string[]): Ran => runCli(args, WIDE);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "tiersim-backtest-"));
  writeFileSync(at("ramp.yaml"), RAMP_YAML);
  const r = tiersim("run", at("ramp.yaml"), "--webhooks", at("w.jsonl"));
  if (r.code !== 0) throw new Error(r.stderr);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("tiersim backtest", () => {
  it("prints the comparison, writes backtest.json, backtest.md and the timeline chart", () => {
    const r = tiersim("backtest", at("w.jsonl"), "--scenario", at("ramp.yaml"), "--out", at("out"), "--check");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/= limit 10K on .*: predicted to the second/);
    expect(r.stdout).toMatch(/= limit 100K on .*: predicted to the second/);
    const doc = JSON.parse(readFileSync(at("out/backtest.json"), "utf8"));
    expect(doc.schema).toBe("tiersim/backtest@1");
    expect(readFileSync(at("out/backtest.md"), "utf8")).toMatch(/\| limit main: 1000 → 10000 \|/);
    expect(readFileSync(at("out/charts/backtest-timeline.svg"), "utf8")).toMatch(/^<svg/);
  }, 60_000);

  it("--json prints one document", () => {
    const r = tiersim("backtest", at("w.jsonl"), "--scenario", at("ramp.yaml"), "--json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).summary.match).toBeGreaterThanOrEqual(2);
  }, 60_000);

  it("exit 1 with --check when a limit change differs; 0 without --check", () => {
    const text = readFileSync(at("w.jsonl"), "utf8").split("\n").filter((l) => !l.includes("TIER_100K") && !l.includes(":100000}")).join("\n");
    writeFileSync(at("edited.jsonl"), text);
    const r = tiersim("backtest", at("edited.jsonl"), "--scenario", at("ramp.yaml"), "--check");
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/\+ predicted limit 100K on .*: not in the logs/);
    expect(tiersim("backtest", at("edited.jsonl"), "--scenario", at("ramp.yaml")).code).toBe(0);
  }, 60_000);

  it("a change predicted after the logs end is not compared, and does not fail --check", () => {
    const full = JSON.parse(tiersim("backtest", at("w.jsonl"), "--scenario", at("ramp.yaml"), "--json").stdout);
    expect(full.summary.afterLogs).toBe(0);
    expect(Date.parse(full.input.lastAt)).toBeGreaterThan(Date.parse(full.start));
    // The log cut an hour before Meta's 100K: the replay still predicts it, after the logs end.
    const upgrade = Date.parse(full.limit.observed.find((o: { to: number | null }) => o.to === 100_000).at);
    // A line's moment: its entry's time, or (status and message webhooks carry none) its item's timestamp.
    const moment = (line: string): number => {
      const entry = JSON.parse(line).entry[0];
      const v = entry.changes[0].value;
      return Number(entry.time ?? (v.statuses ?? v.messages)[0].timestamp) * 1000;
    };
    const cut = readFileSync(at("w.jsonl"), "utf8").trimEnd().split("\n").filter((l) => moment(l) < upgrade - 3_600_000);
    writeFileSync(at("cut.jsonl"), cut.join("\n") + "\n");
    const r = tiersim("backtest", at("cut.jsonl"), "--scenario", at("ramp.yaml"), "--check");
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).not.toMatch(/predicted limit 100K on .*: not in the logs/);
    expect(r.stdout).toMatch(/^\d+ more predicted after the logs end \(\d{4}-\d\d-\d\dT\d\d:\d\d UTC\), not compared$/m);
    const doc = JSON.parse(tiersim("backtest", at("cut.jsonl"), "--scenario", at("ramp.yaml"), "--json").stdout);
    expect(doc.summary.afterLogs).toBeGreaterThanOrEqual(1);
    expect(Date.parse(doc.input.lastAt)).toBeLessThan(upgrade - 3_600_000);
    for (const row of doc.rows) if (row.verdict === "predicted-only") expect(Date.parse(row.predicted)).toBeLessThanOrEqual(Date.parse(doc.input.lastAt));
  }, 60_000);

  it("malformed lines are counted; --strict stops at the first with exit 3 and file:line:col", () => {
    writeFileSync(at("bad.jsonl"), readFileSync(at("w.jsonl"), "utf8").replace("\n", "\nnot json\n"));
    const r = tiersim("backtest", at("bad.jsonl"), "--scenario", at("ramp.yaml"));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Malformed lines: 1 \(.*bad\.jsonl:2\)/);
    const s = tiersim("backtest", at("bad.jsonl"), "--scenario", at("ramp.yaml"), "--strict");
    expect(s.code).toBe(3);
    expect(s.stderr).toMatch(/bad\.jsonl:2:1: malformed webhook line/);
  }, 60_000);

  it("usage errors exit 2, unreadable input 3, and nothing is written", () => {
    expect(tiersim("backtest", "--scenario", at("ramp.yaml")).code).toBe(2);
    expect(tiersim("backtest", at("w.jsonl")).code).toBe(2);
    expect(tiersim("backtest", at("w.jsonl"), "--scenario", at("ramp.yaml"), "--tolerance", "-1").code).toBe(2);
    const missing = tiersim("backtest", at("nope.jsonl"), "--scenario", at("ramp.yaml"), "--out", at("none"));
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/cannot read webhook.*nope\.jsonl: no such file/);
    expect(existsSync(at("none"))).toBe(false);
    expect(tiersim("backtest", at("w.jsonl"), "--scenario", at("nope.yaml")).code).toBe(3);
  }, 60_000);

  it("replays a sends file through the platform's checks", () => {
    writeFileSync(at("sends.csv"), "timestamp,recipient,template,category\n2026-03-02T09:00:00Z,34600000001,daily_deal,marketing\n2026-03-02T09:00:01Z,34600000002,,marketing\nyesterday,34600000003,daily_deal,\n");
    const r = tiersim("backtest", "--sends", at("sends.csv"), "--scenario", at("ramp.yaml"), "--json");
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.replay.source).toBe("sends");
    expect(doc.replay.messages).toBe(2);
    expect(doc.input.malformed.count).toBe(1);
    expect(doc.input.malformed.first[0].line).toBe(4);
  }, 60_000);
});

describe("tiersim calibrate --sends", () => {
  it("counts the attempts no webhook reports beside the log's messages", () => {
    // The sends file: every message of the log at its first status, and five refused before sent.
    const rows = ["timestamp,recipient,template,category"];
    for (const l of readFileSync(at("w.jsonl"), "utf8").split("\n")) {
      const m = /"statuses":\[\{"id":"[^"]+","status":"(sent|failed)","timestamp":"(\d+)","recipient_id":"(\d+)"/.exec(l);
      if (m) rows.push(`${m[2]},${m[3]},daily_deal,marketing`);
    }
    for (let i = 0; i < 5; i++) rows.push(`2026-03-03T12:00:0${i}Z,3460000000${i},daily_deal,marketing`);
    rows.push("2026-03-03T12:00:00,34600000001,daily_deal,marketing"); // no zone: malformed
    writeFileSync(at("sends.csv"), rows.join("\n") + "\n");
    const r = tiersim("calibrate", at("w.jsonl"), "--sends", at("sends.csv"), "--json");
    expect(r.code).toBe(0);
    const cal = JSON.parse(r.stdout);
    expect(cal.sends.attempts).toBe(rows.length - 2);
    expect(cal.sends.inLog).toBe(cal.messages.distinct);
    expect(cal.sends.notInLog).toBe(5);
    expect(cal.sends.malformed.count).toBe(1);
    expect(cal.sends.malformed.first[0].line).toBe(rows.length);
    expect(cal.sends.notInLogRate.lo).toBeLessThan(5 / cal.sends.attempts);
    expect(cal.sends.notInLogRate.hi).toBeGreaterThan(5 / cal.sends.attempts);
    const text = tiersim("calibrate", at("w.jsonl"), "--sends", at("sends.csv"));
    expect(text.stdout).toMatch(/Sends files: [\d,]+ attempts, [\d,]+ messages in the log: 5 never reported/);
    const strict = tiersim("calibrate", at("w.jsonl"), "--sends", at("sends.csv"), "--strict");
    expect(strict.code).toBe(3);
    expect(strict.stderr).toMatch(new RegExp(`sends\\.csv:${rows.length}:1: malformed sends line`));
  }, 60_000);
});
