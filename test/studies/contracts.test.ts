// The result contracts have one source each (a zod schema): the committed JSON Schemas are
// generated from it and must match, every field is described, what the code produces passes
// both the zod schema and the committed JSON Schema, and a damaged document fails both.
import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { RunResult } from "../../sim/result.js";
import { simulate } from "../../sim/run.js";
import { CONTRACT_NAMES, RESULT_CONTRACTS, resultJsonSchema, resultJsonSchemaText, type ContractName, type JsonSchema } from "../../studies/contracts.js";
import { ProjectionResult } from "../../studies/projections/contract.js";
import { aggregate } from "../../studies/projections/aggregate.js";
import { replicate } from "../../studies/projections/project.js";
import { scenarioHash, shardText } from "../../studies/projections/shard.js";
import { ShardLine } from "../../studies/projections/shard-contract.js";
import { SweepResult } from "../../studies/sweeps/contract.js";
import { sweepVariants } from "../../studies/sweeps/sweep.js";
import { configFromFile, EXAMPLES } from "../sim/helpers.js";
import { smallConfig } from "./fixtures.js";
import { BacktestResult } from "../../studies/backtest/contract.js";
import { BacktestLog } from "../../studies/backtest/log.js";
import { backtest } from "../../studies/backtest/replay.js";
import { rampConfig } from "./backtest/fixture.js";
import { CalibrationResult } from "../../studies/calibration/contract.js";
import { WebhookFold } from "../../studies/calibration/fold.js";
import { fitCalibration } from "../../studies/calibration/fit.js";

/** A calibration of a simulated log, by segment, with a repeated and a malformed line, as `tiersim calibrate --json` writes it. */
function calibrationDoc(): CalibrationResult {
  const config = configFromFile("scenarios/two-number-portfolio.yaml", { days: 7 });
  const fold = new WebhookFold({ segmentBy: "callback" });
  fold.beginFile("w.jsonl");
  let n = 0;
  let last = "";
  simulate(config, {
    webhooks: (l) => {
      last = l;
      fold.line(l, ++n);
    },
  });
  fold.line(last, ++n);
  fold.line("{not json", ++n);
  return JSON.parse(JSON.stringify(fitCalibration(fold, config.ruleSet, { segmentBy: "callback" }))) as CalibrationResult;
}

/** A backtest of a simulated run's own log, as `tiersim backtest --json` writes it, with one malformed line. */
function backtestDoc(): BacktestResult {
  const config = rampConfig();
  const log = new BacktestLog();
  log.beginFile("w.jsonl");
  let n = 0;
  simulate(config, { webhooks: (l) => log.webhookLine(l, ++n) });
  log.webhookLine("{not json", ++n);
  return JSON.parse(JSON.stringify(backtest(config, log, { fromSends: false, logs: ["w.jsonl"], sends: [] }))) as BacktestResult;
}

const ajv = new Ajv({ allErrors: true, strict: false });
const committed = (name: ContractName): JsonSchema => JSON.parse(readFileSync(RESULT_CONTRACTS[name].file, "utf8")) as JsonSchema;
const validators = Object.fromEntries(CONTRACT_NAMES.map((n) => [n, ajv.compile(committed(n))])) as Record<ContractName, ReturnType<Ajv["compile"]>>;

/** Passes the zod contract and the committed JSON Schema, or says why not. */
function expectValid(name: ContractName, schema: z.ZodType, doc: unknown): void {
  const parsed = schema.safeParse(doc);
  expect(parsed.success ? [] : parsed.error.issues.slice(0, 3), `${name}: zod`).toEqual([]);
  expect(validators[name](doc), `${name}: ${JSON.stringify(validators[name].errors?.slice(0, 3))}`).toBe(true);
}

/** Fails the zod contract and the committed JSON Schema. */
function expectInvalid(name: ContractName, schema: z.ZodType, doc: unknown): void {
  expect(schema.safeParse(doc).success, `${name}: zod accepted it`).toBe(false);
  expect(validators[name](doc), `${name}: the JSON Schema accepted it`).toBe(false);
}

describe("committed JSON Schemas", () => {
  for (const name of CONTRACT_NAMES) {
    it(`${RESULT_CONTRACTS[name].file} is generated from the ${RESULT_CONTRACTS[name].tag} contract (regenerate: npm run schemas)`, () => {
      expect(readFileSync(RESULT_CONTRACTS[name].file, "utf8")).toBe(resultJsonSchemaText(name));
    });
  }

  it("are draft-07 with an id and a title, and tag documents with their contract", () => {
    for (const name of CONTRACT_NAMES) {
      const s = resultJsonSchema(name);
      expect(s.$schema).toBe("http://json-schema.org/draft-07/schema#");
      expect(s.$id).toBe(`urn:tiersim:${name}:1`);
      expect(String(s.title)).toContain(RESULT_CONTRACTS[name].tag);
      expect((s.properties as Record<string, JsonSchema>).schema.const).toBe(RESULT_CONTRACTS[name].tag);
    }
  });

  it("describe every field, so the published files document the contract", () => {
    const missing: string[] = [];
    for (const name of CONTRACT_NAMES) {
      const root = resultJsonSchema(name);
      const defs = (root.definitions ?? {}) as Record<string, JsonSchema>;
      const described = (n: JsonSchema): boolean => {
        if (n.description) return true;
        const ref = (n.$ref ?? (n.allOf as JsonSchema[] | undefined)?.[0]?.$ref) as string | undefined;
        return ref !== undefined && described(defs[ref.replace("#/definitions/", "")]);
      };
      const walk = (n: JsonSchema, at: string): void => {
        for (const [k, child] of Object.entries((n.properties ?? {}) as Record<string, JsonSchema>)) {
          if (!described(child)) missing.push(`${name}: ${at}${k}`);
          walk(child, `${at}${k}.`);
        }
        for (const key of ["items", "additionalProperties"]) if (typeof n[key] === "object" && n[key] !== null) walk(n[key] as JsonSchema, at);
        for (const key of ["anyOf", "oneOf", "allOf"]) for (const b of (n[key] as JsonSchema[] | undefined) ?? []) walk(b, at);
      };
      walk(root, "");
      for (const [id, def] of Object.entries(defs)) walk(def, `#${id}.`);
    }
    expect(missing).toEqual([]);
  });
});

describe("what tiersim produces passes its contract", () => {
  for (const file of EXAMPLES) {
    it(`tiersim/run@1: a run of ${file}`, () => {
      expectValid("run", RunResult, JSON.parse(JSON.stringify(simulate(configFromFile(file, { days: 7 })))));
    });
  }

  it("tiersim/projection@1, tiersim/shard@1 and tiersim/sweep@1", async () => {
    const config = smallConfig(2);
    const { header, records } = await replicate(config, { runs: 3, workers: 1 });
    if (header === null) throw new Error("no replications");
    expectValid("projection", ProjectionResult, JSON.parse(JSON.stringify(aggregate(header, records))));
    const lines = shardText(header, scenarioHash(config), { index: 1, count: 1 }, records).trim().split("\n");
    expect(lines).toHaveLength(3);
    for (const line of lines) expectValid("shard", ShardLine, JSON.parse(line));
    const { result } = await sweepVariants(config, [{ values: { "audience.segments[0].block": 0.001 }, config }], { runs: 2, workers: 1 });
    expectValid("sweep", SweepResult, JSON.parse(JSON.stringify(result)));
  });
});

describe("what tiersim produces passes its contract: backtest and calibration", () => {
  it("tiersim/calibration@1: a simulated log by segment, with a repeat and a malformed line", () => {
    const doc = calibrationDoc();
    expect(doc.segments?.list.length).toBeGreaterThan(1);
    expect([doc.issues.duplicates.count, doc.issues.malformed.count]).toEqual([1, 1]);
    expect(doc.limits.history.length).toBeGreaterThan(0);
    expectValid("calibration", CalibrationResult, doc);
  });

  it("tiersim/calibration@1: an empty log, a malformed one, one of odd account updates only", () => {
    const envelope = (field: string, value: object): string => JSON.stringify({ object: "whatsapp_business_account", entry: [{ id: "1", changes: [{ value, field }] }] });
    const logs = [[], ["{bad"], [envelope("business_capability_update", { max_daily_conversation_per_phone: 0 }), envelope("message_template_status_update", { event: "PAUSED", message_template_name: "x" })]];
    for (const lines of logs) {
      const fold = new WebhookFold({ segmentBy: "phone" });
      fold.beginFile("x.jsonl");
      lines.forEach((l, i) => fold.line(l, i + 1));
      expectValid("calibration", CalibrationResult, JSON.parse(JSON.stringify(fitCalibration(fold, smallConfig(1).ruleSet, { segmentBy: "phone" }))));
    }
  });

  it("tiersim/backtest@1: a simulated log replayed, limits, rows and a malformed line", () => {
    const doc = backtestDoc();
    expect(doc.rows.length).toBeGreaterThan(2);
    expect(doc.input.malformed.count).toBe(1);
    expectValid("backtest", BacktestResult, doc);
  });
});

describe("a damaged document fails the contract and the JSON Schema alike", () => {
  it("calibration@1: a rate above 1, a fractional count, an unknown segment key", () => {
    const doc = calibrationDoc();
    expectInvalid("calibration", CalibrationResult, { ...doc, fits: { ...doc.fits, read: { ...doc.fits.read, mean: 1.2 } } });
    expectInvalid("calibration", CalibrationResult, { ...doc, messages: { ...doc.messages, delivered: 10.5 } });
    expectInvalid("calibration", CalibrationResult, { ...doc, segments: { by: "country", list: [] } });
  });

  it("backtest@1: an unknown verdict, a fractional delta, a renamed summary field", () => {
    const doc = backtestDoc();
    expectInvalid("backtest", BacktestResult, { ...doc, rows: [{ ...doc.rows[0], verdict: "close-enough" }] });
    expectInvalid("backtest", BacktestResult, { ...doc, rows: [{ ...doc.rows[0], deltaSeconds: 0.5 }] });
    const { observedOnly, ...summary } = doc.summary;
    expectInvalid("backtest", BacktestResult, { ...doc, summary: { ...summary, observed_only: observedOnly } });
  });

  const run = JSON.parse(JSON.stringify(simulate(configFromFile("scenarios/worked-example-2days.yaml")))) as RunResult;

  it("run@1: a known event with the wrong fields, a renamed field, a fractional count", () => {
    expectInvalid("run", RunResult, { ...run, events: [...run.events, { at: run.start, type: "limit-changed", from: 250, to: "lots", reason: "auto-scale" }] });
    expectInvalid("run", RunResult, { ...run, summary: { ...run.summary, paralysys: run.summary.paralysis } });
    expectInvalid("run", RunResult, { ...run, summary: { ...run.summary, messages: { ...run.summary.messages, attempted: 1.5 } } });
    // An event type without a fixed shape may carry anything.
    expectValid("run", RunResult, { ...run, events: [...run.events, { at: run.start, type: "something-new", detail: [1, 2] }] });
  });

  it("shard@1 and sweep@1: out-of-range values", async () => {
    const config = smallConfig(1);
    const { header, records } = await replicate(config, { runs: 1, workers: 1 });
    const line = JSON.parse(shardText(header!, scenarioHash(config), { index: 1, count: 1 }, records)) as ShardLine;
    expectInvalid("shard", ShardLine, { ...line, daily: { ...line.daily, reach: [1e308] } });
    expectInvalid("shard", ShardLine, { ...line, shard: { index: 0, count: 1 } });
    expectInvalid("shard", ShardLine, { ...line, scenarioHash: "sha256:x" });
    const sweep = { schema: "tiersim/sweep@1", tool: line.tool, scenario: line.scenario, seed: 1, runs: 2, variants: [{ values: { x: 1 }, metrics: { m: 1 } }], sensitivity: [] };
    expectValid("sweep", SweepResult, sweep);
    expectInvalid("sweep", SweepResult, { ...sweep, sensitivity: [{ parameter: "x", metric: "m", low: { value: 1, metric: 2 }, high: { value: 1, metric: 1 }, swing: -1 }] });
  });
});
