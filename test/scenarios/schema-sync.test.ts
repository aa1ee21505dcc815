// The published artefacts derived from the zod schema — scenario.schema.json and
// docs/scenario-format.md — must match what the code generates, and the JSON Schema must
// agree with the loader on every example and on the corpus's structural mistakes.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { renderScenarioDoc } from "../../scenarios/docs.js";
import { scenarioJsonSchema, scenarioJsonSchemaText } from "../../scenarios/json-schema.js";
import type { JsonSchemaNode } from "../../scenarios/json-schema.js";
import { CORPUS, STRUCTURAL_CODES } from "./corpus-cases.js";

const examples = readdirSync("scenarios").filter((f) => f.endsWith(".yaml"));
const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile(JSON.parse(readFileSync("scenarios/scenario.schema.json", "utf8")) as object);

describe("committed JSON Schema", () => {
  it("is in sync with the zod schema (regenerate: tiersim schema --out scenarios/scenario.schema.json)", () => {
    expect(readFileSync("scenarios/scenario.schema.json", "utf8")).toBe(scenarioJsonSchemaText());
  });

  it("is draft-07, the newest draft yaml-language-server reads", () => {
    expect(scenarioJsonSchema().$schema).toBe("http://json-schema.org/draft-07/schema#");
  });

  it("gives every key a description, so editors show help on hover", () => {
    const missing: string[] = [];
    const walk = (n: JsonSchemaNode, at: string): void => {
      for (const [k, child] of Object.entries(n.properties ?? {})) {
        if (!child.description) missing.push(`${at}${k}`);
        walk(child, `${at}${k}.`);
      }
      if (n.items) walk(n.items, at);
      if (typeof n.additionalProperties === "object") walk(n.additionalProperties, at);
      for (const b of n.anyOf ?? []) walk(b, at);
    };
    walk(scenarioJsonSchema(), "");
    expect(missing).toEqual([]);
  });

  it("shows durations' defaults the way authors write them", () => {
    const review = scenarioJsonSchema().properties?.templates.items?.properties?.review;
    expect(review?.properties?.median.default).toBe("30m");
    expect(review?.properties?.p95.default).toBe("10h");
  });

  for (const f of examples) {
    it(`accepts the example ${f} (ajv, draft-07)`, () => {
      const ok = validate(parse(readFileSync(join("scenarios", f), "utf8")));
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    });
  }

  const structural = Object.entries(CORPUS).filter(([, issues]) => issues.some((i) => STRUCTURAL_CODES.has(i.code)));
  const semanticOnly = Object.entries(CORPUS).filter(
    ([, issues]) => issues.every((i) => !STRUCTURAL_CODES.has(i.code) && !i.code.startsWith("yaml-")),
  );

  it("has both structural and semantic cases in the corpus to compare", () => {
    expect(structural.length).toBeGreaterThanOrEqual(10);
    expect(semanticOnly.length).toBeGreaterThanOrEqual(10);
  });

  for (const [name] of structural) {
    it(`rejects the structural mistakes of corpus/${name}.yaml`, () => {
      const doc = parse(readFileSync(join("test", "scenarios", "corpus", `${name}.yaml`), "utf8"));
      expect(validate(doc)).toBe(false);
    });
  }

  // The JSON Schema cannot see cross-field rules; these files are well-formed and only the
  // loader catches them. If ajv rejected one, the corpus case would not test what it claims.
  for (const [name] of semanticOnly) {
    it(`accepts the well-formed (only semantically wrong) corpus/${name}.yaml`, () => {
      const doc = parse(readFileSync(join("test", "scenarios", "corpus", `${name}.yaml`), "utf8"));
      validate(doc);
      expect(validate.errors ?? []).toEqual([]);
    });
  }
});

describe("docs/scenario-format.md", () => {
  it("is the document generated from the schema (regenerate: tiersim schema --format markdown --out docs/scenario-format.md)", () => {
    expect(readFileSync("docs/scenario-format.md", "utf8")).toBe(renderScenarioDoc());
  });

  it("documents every key of the schema", () => {
    const doc = renderScenarioDoc();
    const keys = new Set<string>();
    const walk = (n: JsonSchemaNode): void => {
      for (const [k, child] of Object.entries(n.properties ?? {})) {
        keys.add(k);
        walk(child);
      }
      if (n.items) walk(n.items);
      if (typeof n.additionalProperties === "object") walk(n.additionalProperties);
      for (const b of n.anyOf ?? []) walk(b);
    };
    walk(scenarioJsonSchema());
    for (const k of keys) expect(doc, k).toContain(`| \`${k}\` |`);
  });
});
