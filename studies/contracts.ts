// The published result contracts: `tiersim/run@1`, `projection@1`, `sweep@1`, `shard@1`,
// `backtest@1` and `calibration@1`.
// Each is one zod schema (run@1 beside its producer in sim/, the others in studies/); from it
// come the TypeScript types, the validation of files read back (`tiersim report`, `tiersim
// merge`) and the JSON Schemas committed under `schemas/`, generated here and never written by
// hand — a test fails when a committed file is stale (regenerate: `npm run schemas`).
import { z } from "zod";
import { OtherEventType, RUN_EVENT_TYPES, RunResult } from "../sim/result.js";
import { ProjectionResult } from "./projections/contract.js";
import { ShardLine } from "./projections/shard-contract.js";
import { SweepResult } from "./sweeps/contract.js";
import { BacktestResult } from "./backtest/contract.js";
import { CalibrationResult } from "./calibration/contract.js";

/** A JSON Schema node, as plain data. */
export type JsonSchema = { [key: string]: unknown };

/** One published contract: its tag, the committed JSON Schema file and the zod schema. */
export interface ResultContract {
  /** The `schema` tag every document of the contract carries. */
  tag: "tiersim/run@1" | "tiersim/projection@1" | "tiersim/sweep@1" | "tiersim/shard@1" | "tiersim/backtest@1" | "tiersim/calibration@1";
  /** The committed JSON Schema, relative to the package root. */
  file: string;
  /** `$id` of the JSON Schema. */
  id: string;
  title: string;
  schema: z.ZodType;
}

/** The contract names `tiersim schema --result` accepts. */
export const CONTRACT_NAMES = ["run", "projection", "sweep", "shard", "backtest", "calibration"] as const;
export type ContractName = (typeof CONTRACT_NAMES)[number];

/** Every published result contract, by name. */
export const RESULT_CONTRACTS: Readonly<Record<ContractName, ResultContract>> = {
  run: { tag: "tiersim/run@1", file: "schemas/run.schema.json", id: "urn:tiersim:run:1", title: "tiersim/run@1 — one simulated run", schema: RunResult },
  projection: { tag: "tiersim/projection@1", file: "schemas/projection.schema.json", id: "urn:tiersim:projection:1", title: "tiersim/projection@1 — a Monte Carlo projection", schema: ProjectionResult },
  sweep: { tag: "tiersim/sweep@1", file: "schemas/sweep.schema.json", id: "urn:tiersim:sweep:1", title: "tiersim/sweep@1 — a parameter sweep", schema: SweepResult },
  shard: { tag: "tiersim/shard@1", file: "schemas/shard.schema.json", id: "urn:tiersim:shard:1", title: "tiersim/shard@1 — one line of a shard file (JSONL)", schema: ShardLine },
  backtest: { tag: "tiersim/backtest@1", file: "schemas/backtest.schema.json", id: "urn:tiersim:backtest:1", title: "tiersim/backtest@1 — webhook logs replayed through a scenario's rules", schema: BacktestResult },
  calibration: { tag: "tiersim/calibration@1", file: "schemas/calibration.schema.json", id: "urn:tiersim:calibration:1", title: "tiersim/calibration@1 — a webhook log folded into scenario parameters", schema: CalibrationResult },
};

const cache = new Map<ContractName, JsonSchema>();

/**
 * The JSON Schema (draft-07) of a result contract, generated from its zod schema. Rules zod
 * checks in code (a real date, a seed derived from its index, series as long as the calendar)
 * are beyond JSON Schema; the rest — types, required and unknown fields, ranges, patterns — is
 * the same.
 *
 * @example
 * ```ts
 * resultJsonSchema("sweep").$id; // "urn:tiersim:sweep:1"
 * ```
 */
export function resultJsonSchema(name: ContractName): JsonSchema {
  const hit = cache.get(name);
  if (hit) return hit;
  const contract = RESULT_CONTRACTS[name];
  const generated = z.toJSONSchema(contract.schema, {
    target: "draft-7",
    io: "output",
    override: (ctx) => {
      // An event of another type may carry any fields, but a known type must keep its shape:
      // say so in JSON Schema too, where zod's refinement cannot go.
      if (ctx.zodSchema === OtherEventType) ctx.jsonSchema.not = { enum: [...RUN_EVENT_TYPES] };
    },
  }) as JsonSchema;
  const { $schema, description, ...rest } = generated;
  const schema: JsonSchema = { $schema, $id: contract.id, title: contract.title, description: `${String(description)} A breaking change bumps the @1.`, ...rest };
  cache.set(name, schema);
  return schema;
}

/**
 * The JSON Schema of a contract as the text committed to `schemas/<name>.schema.json`.
 *
 * @example
 * ```ts
 * writeFileSync(RESULT_CONTRACTS.run.file, resultJsonSchemaText("run"));
 * ```
 */
export function resultJsonSchemaText(name: ContractName): string {
  return JSON.stringify(resultJsonSchema(name), null, 2) + "\n";
}
