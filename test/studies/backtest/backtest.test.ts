// The backtest on logs with known answers: a simulated run's own webhooks replayed through the
// same scenario reproduce its limit timeline to the second; an edited log has its differences
// named; malformed and repeated lines are counted, not fatal.
import { describe, expect, it } from "vitest";
import type { RunResult } from "../../../sim/result.js";
import { simulate } from "../../../sim/run.js";
import { simulatedUserOf, simulatedWaId } from "../../../sim/webhook-log.js";
import { BacktestLog } from "../../../studies/backtest/log.js";
import { backtest, span } from "../../../studies/backtest/replay.js";
import { compileScenario } from "../../../scenarios/compile.js";
import { loadScenarioFile } from "../../../scenarios/load-file.js";
import { rampConfig } from "./fixture.js";

const config = rampConfig();
const lines: string[] = [];
const run: RunResult = simulate(config, { webhooks: (l) => lines.push(l) });
const runLimits = run.events.filter((e) => e.type === "limit-changed") as unknown as Array<{ at: string; to: number | null }>;

function replay(text: readonly string[], opts: { tolerance?: number } = {}) {
  const log = new BacktestLog();
  log.beginFile("w.jsonl");
  text.forEach((t, i) => log.webhookLine(t, i + 1));
  return { log, bt: backtest(config, log, { fromSends: false, logs: ["w.jsonl"], sends: [], toleranceSeconds: opts.tolerance }) };
}

/** A log line for a limit change at Unix second `s`. */
function limitLines(s: number, from: string, to: string, cap: number): string[] {
  return [
    `{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","time":${s},"changes":[{"value":{"display_phone_number":"15550100000","event":"UPGRADE","current_limit":"${to}","old_limit":"${from}"},"field":"phone_number_quality_update"}]}]}`,
    `{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","time":${s},"changes":[{"value":{"max_daily_conversation_per_phone":${cap}},"field":"business_capability_update"}]}]}`,
  ];
}

describe("backtest of a simulated log", () => {
  const { bt } = replay(lines);

  it("the scenario climbs two tiers", () => {
    expect(runLimits.map((e) => e.to)).toEqual([10000, 100000]);
  });

  it("reproduces every messaging-limit change of the run to the second", () => {
    expect(bt.replay.usersMappedBy).toBe("simulated-ids");
    expect(bt.limit.predicted.map((p) => p.to)).toEqual(runLimits.map((e) => e.to));
    const second = (iso: string): number => Math.floor(Date.parse(iso) / 1000);
    expect(bt.limit.predicted.map((p) => second(p.at))).toEqual(runLimits.map((e) => second(e.at)));
    const rows = bt.rows.filter((r) => r.kind === "limit");
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(r.verdict).toBe("match");
      expect(r.deltaSeconds).toBe(0);
    }
    expect(bt.summary.observedOnly).toBe(0);
    expect(bt.summary.predictedOnly).toBe(0);
  });

  it("replays the run's deliveries and no more", () => {
    const failed = Object.values(bt.replay.failed).reduce((a, b) => a + b, 0);
    expect(bt.replay.delivered + failed).toBe(bt.replay.messages);
    expect(bt.replay.delivered).toBe(lines.filter((l) => l.includes('"status":"sent"')).length);
    expect(Object.keys(bt.replay.refused)).toEqual([]);
  });
});

/** A scenario file's run, and the backtest of that run's own webhook log through the scenario. */
function ownLog(file: string): { run: RunResult; bt: ReturnType<typeof backtest> } {
  const loaded = loadScenarioFile(file);
  if (!loaded.ok) throw new Error(`${file} does not load`);
  const cfg = compileScenario(loaded.scenario, loaded.ruleSet);
  const log = new BacktestLog();
  log.beginFile("w.jsonl");
  let n = 0;
  const run = simulate(cfg, { webhooks: (l) => log.webhookLine(l, ++n) });
  return { run, bt: backtest(cfg, log, { fromSends: false, logs: ["w.jsonl"], sends: [] }) };
}

describe("every compared change of a simulated log", () => {
  it("the ramp: limits and template quality, all to the second, and no refusal", () => {
    const { bt } = replay(lines);
    expect(bt.rows.length).toBeGreaterThan(2);
    for (const r of bt.rows) expect([r.text, r.verdict]).toEqual([r.text, r.verdict === "not-in-webhooks" ? "not-in-webhooks" : "match"]);
    expect(bt.replay.refused).toEqual({});
  });

  it("a template paralysis: pauses, the backup template and its disabling, all to the second", () => {
    const { bt } = ownLog("scenarios/template-paralysis.yaml");
    const compared = bt.rows.filter((r) => r.verdict !== "not-in-webhooks");
    expect(compared.filter((r) => r.kind === "template-status" && r.to === "PAUSED").length).toBeGreaterThan(0);
    expect(compared.some((r) => r.subject === "oferta_backup")).toBe(true);
    // The portfolio's RED rating flags its number, and the log says so.
    expect(compared.filter((r) => r.kind === "number-status" && r.to === "FLAGGED")).toHaveLength(1);
    for (const r of compared) expect([r.text, r.verdict]).toEqual([r.text, "match"]);
  }, 30_000);

  it("a two-number portfolio: each limit change, told to both numbers, is one change; pacing releases where the run made them", () => {
    const { run, bt } = ownLog("scenarios/two-number-portfolio.yaml");
    const limits = bt.rows.filter((r) => r.kind === "limit");
    expect(limits.length).toBe(run.events.filter((e) => e.type === "limit-changed").length);
    expect(limits.length).toBeGreaterThan(0);
    // Every change, the template quality a pacing release moves included: the run released
    // what it held at the check's instant, before the hourly rating saw it.
    for (const r of bt.rows.filter((r) => r.verdict !== "not-in-webhooks")) expect([r.text, r.verdict]).toEqual([r.text, "match"]);
    expect(run.events.some((e) => e.type === "pacing-released")).toBe(true);
  }, 30_000);
});

describe("backtest of an edited log", () => {
  const first = Math.floor(Date.parse(runLimits[0].at) / 1000);
  const second = Math.floor(Date.parse(runLimits[1].at) / 1000);
  const isLimit = (l: string): boolean => l.includes("phone_number_quality_update") || l.includes("business_capability_update");
  const edited = lines.filter((l) => !isLimit(l));
  edited.push(...limitLines(first + 70 * 60, "TIER_1K", "TIER_10K", 10000));
  edited.push(`{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","time":${second},"changes":[{"value":{"event":"PAUSED","message_template_id":1,"message_template_name":"daily_deal","message_template_language":"en_US","reason":"NONE"},"field":"message_template_status_update"}]}]}`);
  const { bt } = replay(edited);

  it("names a change the logs have later", () => {
    const row = bt.rows.find((r) => r.kind === "limit" && r.to === "10000")!;
    expect(row.verdict).toBe("earlier");
    expect(row.deltaSeconds).toBe(-70 * 60);
    expect(row.text).toMatch(/^predicted limit 10K on \d+ Mar \d\d:\d\d:\d\d, logs say \d+ Mar \d\d:\d\d:\d\d: 70 min later$/);
  });

  it("names a predicted change the logs do not have, and a logged one not predicted", () => {
    const missing = bt.rows.find((r) => r.kind === "limit" && r.to === "100000")!;
    expect(missing.verdict).toBe("predicted-only");
    expect(missing.text).toMatch(/not in the logs$/);
    const pause = bt.rows.find((r) => r.kind === "template-status" && r.to === "PAUSED")!;
    expect(pause.verdict).toBe("observed-only");
    expect(pause.text).toMatch(/^logs say template daily_deal PAUSED on .*: not predicted$/);
  });

  it("a tolerance turns a small difference into a match", () => {
    const shifted = lines.filter((l) => !isLimit(l)).concat(limitLines(first + 3, "TIER_1K", "TIER_10K", 10000));
    expect(replay(shifted).bt.rows.find((r) => r.to === "10000")!.verdict).toBe("earlier");
    expect(replay(shifted, { tolerance: 5 }).bt.rows.find((r) => r.to === "10000")!.verdict).toBe("match");
  });
});

describe("a damaged log", () => {
  const damaged = [...lines];
  damaged.splice(10, 0, "not json");
  damaged.splice(20, 0, '{"object":"page","entry":[]}');
  damaged.splice(30, 0, damaged[40]); // a repeated status
  const { log, bt } = replay(damaged);

  it("counts malformed lines with their line numbers and goes on", () => {
    expect(log.malformed.count).toBe(2);
    expect(log.malformed.first.map((x) => x.line)).toEqual([11, 21]);
    expect(bt.input.malformed.count).toBe(2);
    expect(bt.rows.filter((r) => r.kind === "limit").every((r) => r.verdict === "match")).toBe(true);
  });

  it("counts a repeated line once", () => {
    expect(bt.replay.messages).toBe(replay(lines).bt.replay.messages);
  });
});

describe("ids and words", () => {
  it("simulatedUserOf inverts simulatedWaId and rejects other ids", () => {
    for (const [m, u] of [["ES", 0], ["US", 7], ["NG", 123456], ["XX", 99]] as const) expect(simulatedUserOf(simulatedWaId(m, u))).toBe(u);
    expect(simulatedUserOf("447700900123")).toBe(-1);
    expect(simulatedUserOf("34")).toBe(-1);
  });

  it("spans read as a planner writes them", () => {
    expect([span(45), span(70 * 60), span(5.5 * 3600), span(3 * 86400)]).toEqual(["45 s", "70 min", "5.5 h", "3.0 d"]);
  });
});
