// The published JSON Schema (draft-07, the newest yaml-language-server reads) is derived
// from the zod schema, never written by hand, so editor completion and runtime
// validation cannot drift apart.
import { z } from "zod";
import { DURATION_PATTERN, Scenario } from "./schema.js";
import type { IssuePath } from "./issues.js";

/** A JSON Schema node, as plain data. */
export type JsonSchemaNode = {
  type?: string | string[];
  description?: string;
  default?: unknown;
  properties?: Record<string, JsonSchemaNode>;
  required?: string[];
  additionalProperties?: boolean | JsonSchemaNode;
  propertyNames?: JsonSchemaNode;
  items?: JsonSchemaNode;
  anyOf?: JsonSchemaNode[];
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  minLength?: number;
  [key: string]: unknown;
};

let cached: JsonSchemaNode | undefined;

/**
 * Milliseconds as the shortest exact duration text (`1800000` → `30m`), the way a scenario
 * author writes them.
 *
 * @example
 * ```ts
 * humanDuration(86_400_000); // "1d"
 * humanDuration(1500);       // "1500ms"
 * ```
 */
export function humanDuration(ms: number): string {
  const units: Array<[string, number]> = [["w", 604_800_000], ["d", 86_400_000], ["h", 3_600_000], ["m", 60_000], ["s", 1000]];
  for (const [u, v] of units) if (ms >= v && ms % v === 0) return `${ms / v}${u}`;
  return `${ms}ms`;
}

/** Whether a JSON Schema node accepts a duration (possibly also `null`). */
export function isDurationNode(n: JsonSchemaNode): boolean {
  return n.pattern === DURATION_PATTERN || Boolean(n.anyOf?.some(isDurationNode));
}

/**
 * The scenario JSON Schema (draft-07) for editors and other validators. It describes what a
 * file may contain (zod's input side): durations accept `6h` or milliseconds.
 *
 * @example
 * ```ts
 * const schema = scenarioJsonSchema();
 * schema.$schema; // "http://json-schema.org/draft-07/schema#"
 * ```
 */
export function scenarioJsonSchema(): JsonSchemaNode {
  if (!cached) {
    const generated = z.toJSONSchema(Scenario, {
      target: "draft-7",
      io: "input",
      // zod leaves out defaults of transformed types (a duration's default is already ms);
      // editors should still show them, written as a user would write them.
      override: (ctx) => {
        const def = (ctx.zodSchema as unknown as { _zod: { def: { type: string; defaultValue?: unknown } } })._zod.def;
        const js = ctx.jsonSchema as JsonSchemaNode;
        if (def.type === "default" && js.default === undefined && typeof def.defaultValue === "number" && isDurationNode(js)) {
          js.default = humanDuration(def.defaultValue);
        }
      },
    }) as JsonSchemaNode;
    const { $schema, ...rest } = generated;
    cached = { $schema, title: "tiersim scenario", ...rest };
  }
  return cached;
}

/**
 * The JSON Schema as the text committed to `scenarios/scenario.schema.json`.
 *
 * @example
 * ```ts
 * writeFileSync("scenario.schema.json", scenarioJsonSchemaText());
 * ```
 */
export function scenarioJsonSchemaText(): string {
  return JSON.stringify(scenarioJsonSchema(), null, 2) + "\n";
}

function step(node: JsonSchemaNode, seg: string | number): JsonSchemaNode | undefined {
  if (node.anyOf) {
    for (const branch of node.anyOf) {
      const next = step(branch, seg);
      if (next) return next;
    }
    return undefined;
  }
  if (typeof seg === "number") return node.items;
  if (node.properties?.[seg]) return node.properties[seg];
  if (node.additionalProperties && typeof node.additionalProperties === "object") return node.additionalProperties;
  return undefined;
}

/**
 * The schema node that describes the value at `path`, or `undefined` when the path leaves
 * the schema. Used to list allowed keys and to quote descriptions in fixes.
 *
 * @example
 * ```ts
 * schemaAt(["campaigns", 0, "throttle"])?.properties; // { policy, rate, burst, … }
 * ```
 */
export function schemaAt(path: IssuePath): JsonSchemaNode | undefined {
  let node: JsonSchemaNode | undefined = scenarioJsonSchema();
  for (const seg of path) {
    if (!node) return undefined;
    node = step(node, seg);
  }
  return node;
}

/**
 * Keys an object at `path` accepts (empty when it is not a fixed-shape object).
 *
 * @example
 * ```ts
 * allowedKeysAt(["audience", "latency"]); // ["deliver", "read", "reply", "spread"]
 * ```
 */
export function allowedKeysAt(path: IssuePath): string[] {
  const node = schemaAt(path);
  if (!node) return [];
  const objects = node.anyOf ?? [node];
  return objects.flatMap((n) => Object.keys(n.properties ?? {}));
}
