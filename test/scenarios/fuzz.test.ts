// The loader's promise: whatever the text, it returns a configuration or issues — it never
// throws, and every issue points inside the file. Two families of inputs: arbitrary
// documents, and random mutations of the valid examples (closer to real mistakes).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { parse, stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { loadScenarioText } from "../../scenarios/load.js";
import type { LoadResult } from "../../scenarios/load.js";
import { Scenario } from "../../scenarios/schema.js";
import { SEED } from "../seed.js";

const examples = readdirSync("scenarios")
  .filter((f) => f.endsWith(".yaml"))
  .map((f) => ({ file: f, text: readFileSync(join("scenarios", f), "utf8") }));

/** What every result must satisfy, valid or not. */
function checkResult(text: string, r: LoadResult): void {
  if (r.ok) {
    // A valid result is a fully defaulted scenario whose cross-references hold.
    expect(Scenario.safeParse(r.scenario).success).toBe(true);
    const templates = new Set(r.scenario.templates.map((t) => t.name));
    for (const c of r.scenario.campaigns) expect(templates.has(c.template)).toBe(true);
    const shares = r.scenario.audience.segments.reduce((a, s) => a + s.share, 0);
    expect(Math.abs(shares - 1)).toBeLessThan(1e-6);
    return;
  }
  expect(r.issues.length).toBeGreaterThan(0);
  const lines = text.split(/\r\n|\r|\n/).length;
  for (const i of r.issues) {
    expect(i.line).toBeGreaterThanOrEqual(1);
    expect(i.line).toBeLessThanOrEqual(lines + 1);
    expect(i.column).toBeGreaterThanOrEqual(1);
    expect(i.code).toMatch(/^[a-z][a-z0-9-]+$/);
    expect(i.message.length).toBeGreaterThan(0);
  }
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Path = Array<string | number>;

function paths(v: Json, at: Path = [], out: Path[] = []): Path[] {
  out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...at, i], out));
  else if (v !== null && typeof v === "object") for (const [k, x] of Object.entries(v)) paths(x, [...at, k], out);
  return out;
}

type Mutation =
  | { kind: "replace"; pick: number; value: Json }
  | { kind: "delete"; pick: number }
  | { kind: "rename"; pick: number; suffix: string }
  | { kind: "add-key"; pick: number; key: string; value: Json };

function mutate(doc: Json, m: Mutation): Json {
  const copy = structuredClone(doc);
  const all = paths(copy);
  const path = all[m.pick % all.length];
  if (path.length === 0) return m.kind === "replace" ? m.value : copy;
  const parent = path.slice(0, -1).reduce<Json>((v, k) => (v as Record<string, Json>)[k as string], copy) as Record<string, Json> | Json[];
  const last = path[path.length - 1];
  switch (m.kind) {
    case "replace":
      (parent as Record<string, Json>)[last as string] = m.value;
      break;
    case "delete":
      if (Array.isArray(parent)) parent.splice(last as number, 1);
      else delete parent[last as string];
      break;
    case "rename":
      if (!Array.isArray(parent)) {
        parent[`${String(last)}${m.suffix}`] = parent[last as string];
        delete parent[last as string];
      }
      break;
    case "add-key": {
      const target = path.reduce<Json>((v, k) => (v as Record<string, Json>)[k as string], copy);
      if (target !== null && typeof target === "object" && !Array.isArray(target)) target[m.key] = m.value;
      break;
    }
  }
  return copy;
}

const jsonValue = fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>;
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("replace" as const), pick: fc.nat(), value: fc.oneof(jsonValue, fc.constantFrom<Json>("6h", "2026-13-01", "-1", 1.5, -3, "", "Europe/Nowhere", null)) }),
  fc.record({ kind: fc.constant("delete" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("rename" as const), pick: fc.nat(), suffix: fc.string({ minLength: 1, maxLength: 3 }) }),
  fc.record({ kind: fc.constant("add-key" as const), pick: fc.nat(), key: fc.string({ maxLength: 12 }), value: jsonValue }),
);

describe(`loader fuzzing (seed ${SEED})`, () => {
  it("never throws on arbitrary text, YAML or JSON documents (900 cases)", () => {
    const text = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.string({ unit: fc.constantFrom(..."abc:-[]{}!&*#|>'\"\n \t0129.,?%@`"), maxLength: 120 }),
      jsonValue.map((v) => JSON.stringify(v)),
      jsonValue.map((v) => stringify(v)),
      fc.dictionary(fc.constantFrom("name", "start", "days", "rules", "templates", "audience", "campaigns", "business", "overrides", "timezone"), jsonValue).map((v) => stringify(v)),
    );
    fc.assert(
      fc.property(text, (t) => {
        checkResult(t, loadScenarioText(t, "fuzz.yaml"));
      }),
      { seed: SEED, numRuns: 900 },
    );
  });

  it("never throws on structural mutations of the examples, written as YAML or JSON (800 cases)", () => {
    const docs = examples.map((e) => parse(e.text) as Json);
    fc.assert(
      fc.property(fc.nat(docs.length - 1), fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.boolean(), (which, ms, asJson) => {
        const mutated = ms.reduce((d, m) => mutate(d, m), docs[which]);
        const t = asJson ? JSON.stringify(mutated, null, 2) : stringify(mutated);
        checkResult(t, loadScenarioText(t, examples[which].file));
      }),
      { seed: SEED, numRuns: 800 },
    );
  });

  it("never throws on character-level edits of the example files (600 cases)", () => {
    const edit = fc.record({ at: fc.nat(), del: fc.nat({ max: 8 }), insert: fc.string({ unit: fc.constantFrom(..."a:-[]{}!&*#|>'\"\n 019."), maxLength: 6 }) });
    fc.assert(
      fc.property(fc.nat(examples.length - 1), fc.array(edit, { minLength: 1, maxLength: 3 }), (which, edits) => {
        let t = examples[which].text;
        for (const e of edits) {
          const at = e.at % (t.length + 1);
          t = t.slice(0, at) + e.insert + t.slice(at + e.del);
        }
        checkResult(t, loadScenarioText(t, examples[which].file));
      }),
      { seed: SEED, numRuns: 600 },
    );
  });

  it("mutations that break a valid example are reported, not silently accepted", () => {
    // Renaming a required key always invalidates a scenario: the strict schema sees the new
    // key and misses the old one. Guards against a fuzz target that would accept anything.
    for (const e of examples) {
      const doc = parse(e.text) as Record<string, unknown>;
      const { name, ...rest } = doc;
      const r = loadScenarioText(stringify({ ...rest, nmae: name }), e.file);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.issues.map((i) => i.code).sort()).toEqual(["missing-key", "unknown-key"]);
    }
  });
});
