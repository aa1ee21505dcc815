// fast-check arbitraries of scenario documents, from the shipped examples: structural
// mutations (replace, delete, rename, add a key), text-level edits, and hostile values (control
// characters, very long names, tiny durations, extreme numbers) where a user writes them.
// Bases are the examples with their audiences cut to a few thousand users, so that every valid
// document can be run quickly; the loader-only arbitraries use the examples as they are.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { parse, stringify } from "yaml";

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Path = Array<string | number>;

/** The shipped examples as files and text. */
export const EXAMPLES = readdirSync("scenarios")
  .filter((f) => f.endsWith(".yaml"))
  .sort()
  .map((file) => ({ file, text: readFileSync(join("scenarios", file), "utf8") }));

const SMALL_AUDIENCE = 3000;

/**
 * An example's text with its audience cut to at most 3,000 users (plan counts scaled to fit)
 * and growth to at most 50 a day; comments and layout stay, so text edits still meet real YAML.
 *
 * @example
 * ```ts
 * reduce("optedIn: 30000\ngrowthPerDay: 150"); // "optedIn: 3000\ngrowthPerDay: 50"
 * ```
 */
export function reduce(text: string): string {
  const opted = Number(/optedIn: (\d+)/.exec(text)?.[1] ?? SMALL_AUDIENCE);
  const factor = Math.min(1, SMALL_AUDIENCE / Math.max(1, opted));
  return text
    .replace(/optedIn: (\d+)/g, (_, n: string) => `optedIn: ${Math.min(Number(n), SMALL_AUDIENCE)}`)
    .replace(/growthPerDay: (\d+)/g, (_, n: string) => `growthPerDay: ${Math.min(Number(n), 50)}`)
    .replace(/count: (\d+)/g, (_, n: string) => `count: ${Math.max(1, Math.floor(Number(n) * factor))}`);
}

/** The reduced examples, the bases of every document that is run. */
export const BASES = EXAMPLES.map((e) => ({ file: e.file, text: reduce(e.text) }));

function paths(v: Json, at: Path = [], out: Path[] = []): Path[] {
  out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...at, i], out));
  else if (v !== null && typeof v === "object") for (const [k, x] of Object.entries(v)) paths(x, [...at, k], out);
  return out;
}

function getAt(doc: Json, path: Path): Json {
  return path.reduce<Json>((v, k) => (v as Record<string, Json>)[k as string], doc);
}

/** A structural change at the `pick`-th node (modulo the node count) of a document. */
export type Mutation =
  | { kind: "replace"; pick: number; value: Json }
  | { kind: "delete"; pick: number }
  | { kind: "rename"; pick: number; suffix: string }
  | { kind: "add-key"; pick: number; key: string; value: Json }
  | { kind: "hostile"; pick: number; text: string; number: number | string }
  | { kind: "perturb"; pick: number; factor: number; choice: number; text: string }
  | { kind: "years"; year: string }
  | { kind: "override"; key: string; value: Json };

// Values a key may plausibly take, so that a perturbed document mostly stays valid.
const CHOICES: Record<string, Json[]> = {
  rules: ["meta-2021-09", "seed-2023-02", "meta-2023-11", "meta-2025-10"],
  verification: ["none", "verified", "partner-verified"],
  quality: ["GREEN", "YELLOW", "RED", "UNKNOWN"],
  status: ["PENDING", "APPROVED"],
  policy: ["none", "fixed-rate", "token-bucket", "fraction-of-limit", "fill-limit", "quality-aware"],
  backoff: ["fixed", "exponential", "power4"],
  cadence: ["once", "daily", "weekly", { every: "1h" }, { every: "3h" }, { every: "36h" }, { every: "3d" }],
  window: ["00:00-24:00", "09:00-09:01", "10:00-20:00", "23:59-24:00", "00:00-00:01"],
  timezone: ["UTC", "Europe/Madrid", "America/Mexico_City", "Pacific/Kiritimati", "Pacific/Chatham", "Asia/Kolkata", "America/St_Johns"],
  category: ["MARKETING", "UTILITY", "AUTHENTICATION"],
};
const DURATIONS: Json[] = ["1s", "30s", "1h", "90m", "6h", "24h", "2d", "7d", "1.5h", 1000, 3_600_000];
const DURATION_TEXT = /^\s*\d+(\.\d+)?\s*(ms|s|m|h|d|w)\s*$/;
const NAME_KEYS = new Set(["name", "id", "description"]);

/**
 * Applies one mutation to a copy of `doc`. `hostile` replaces a string with hostile text and a
 * number with an extreme value (or a duration), leaving the document's shape alone; `years`
 * moves every date to one year; `override` sets a rule-set parameter.
 *
 * @example
 * ```ts
 * mutate({ name: "a" }, { kind: "hostile", pick: 1, text: "\u001b[2J", number: 0 }); // { name: "\u001b[2J" }
 * ```
 */
export function mutate(doc: Json, m: Mutation): Json {
  if (m.kind === "override") {
    if (doc === null || typeof doc !== "object" || Array.isArray(doc)) return doc;
    const overrides = doc.overrides !== null && typeof doc.overrides === "object" && !Array.isArray(doc.overrides) ? doc.overrides : {};
    return { ...doc, overrides: { ...overrides, [m.key]: m.value } };
  }
  if (m.kind === "years") {
    // Every date moves to the same year, so the document stays consistent (dates inside the horizon).
    const move = (v: Json): Json =>
      typeof v === "string" && /^\d{4}-\d{2}-\d{2}/.test(v) ? `${m.year}${v.slice(4)}` : Array.isArray(v) ? v.map(move) : v !== null && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, move(x)])) : v;
    return move(doc);
  }
  const copy = structuredClone(doc);
  const all = paths(copy);
  const path = all[m.pick % all.length];
  if (path.length === 0) return m.kind === "replace" ? m.value : copy;
  const parent = getAt(copy, path.slice(0, -1)) as Record<string, Json> | Json[];
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
      const target = getAt(copy, path);
      if (target !== null && typeof target === "object" && !Array.isArray(target)) target[m.key] = m.value;
      break;
    }
    case "perturb": {
      const holder = parent as Record<string, Json>;
      const current = holder[last as string];
      const key = typeof last === "string" ? last : String(path[path.length - 2] ?? "");
      if (typeof current === "number") {
        const v = current * m.factor;
        const probability = current >= 0 && current <= 1 && !Number.isInteger(current);
        holder[last as string] = Number.isInteger(current) ? Math.round(v) : probability ? Math.min(1, v) : v;
      } else if (typeof current === "boolean") holder[last as string] = !current;
      else if (typeof current === "string" && NAME_KEYS.has(key) && key !== "id") holder[last as string] = m.text.length > 0 ? m.text : current;
      else if (typeof current === "string" && DURATION_TEXT.test(current)) holder[last as string] = DURATIONS[m.choice % DURATIONS.length];
      else if (CHOICES[key]) holder[last as string] = CHOICES[key][m.choice % CHOICES[key].length];
      break;
    }
    case "hostile": {
      const current = (parent as Record<string, Json>)[last as string];
      if (typeof current === "string") (parent as Record<string, Json>)[last as string] = m.text;
      else if (typeof current === "number") (parent as Record<string, Json>)[last as string] = m.number;
      break;
    }
  }
  return copy;
}

const jsonValue = fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>;

/** Text a user might write, or an attacker: control characters, escapes, markup, very long names. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "x\u001b]0;title\u0007",
    "\u001b[31mred\u001b[0m",
    "nul\u0000byte",
    "csi\u009b2J",
    "bidi\u202eevil\u202c",
    "<script>alert(1)</script>",
    "]]><!--",
    "&amp; &#0; &#x1b;",
    "lone\ud800surrogate",
    "non\uffffchar",
    "emoji 😀🚀",
    "line\nbreak\r\nand\ttab",
    "| pipe | *star* _under_ `tick`",
    "",
    " ",
    "%s%n%x",
  ),
  fc.string({ unit: fc.constantFrom("a", "-", " ", "\u0000", "\u0007", "\u001b", "\u007f", "\u0085", "\u009b", "\u200f", "\u2028", "\u202e", "\ud83d", "\ude00", "<", "&"), minLength: 1, maxLength: 24 }),
  fc.integer({ min: 200, max: 20_000 }).map((n) => `L${"o".repeat(n)}ng`),
);

/** Extreme or fine-grained numbers and durations. */
export const hostileNumber: fc.Arbitrary<number | string> = fc.constantFrom<number | string>(0, -1, -0.5, 1e-9, 0.5, 1.5, 7, 1e6, 1e9, 1e15, 2 ** 53, 1e308, "0ms", "1ms", "999ms", "1s", "59m", "1h", "90m", "9999999w", "1.5h");

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("replace" as const), pick: fc.nat(), value: fc.oneof(jsonValue, fc.constantFrom<Json>("6h", "1ms", "2026-13-01", "9999-12-31T23:59:59Z", "0001-01-01", "-1", 1.5, -3, 0, 1e9, "", "Europe/Nowhere", "Pacific/Kiritimati", null)) }),
  fc.record({ kind: fc.constant("delete" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("rename" as const), pick: fc.nat(), suffix: fc.string({ minLength: 1, maxLength: 3 }) }),
  fc.record({ kind: fc.constant("add-key" as const), pick: fc.nat(), key: fc.string({ maxLength: 12 }), value: jsonValue }),
);

const hostile: fc.Arbitrary<Mutation> = fc.record({ kind: fc.constant("hostile" as const), pick: fc.nat(), text: hostileText, number: hostileNumber });

const perturb: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constant("perturb" as const),
  pick: fc.nat(),
  factor: fc.constantFrom(0, 0.1, 0.5, 0.9, 1.1, 2, 10),
  choice: fc.nat(),
  text: fc.oneof({ weight: 3, arbitrary: fc.constant("") }, { weight: 1, arbitrary: hostileText }),
});

const years: fc.Arbitrary<Mutation> = fc.record({ kind: fc.constant("years" as const), year: fc.constantFrom("0001", "0099", "0100", "1000", "1899", "1969", "1970", "2000", "2100", "9000", "9998", "9999") });

// Rule-set parameters whose values pace the simulation's own events, and fine or extreme values for them.
const override: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constant("override" as const),
  key: fc.constantFrom(
    "quality.evaluateEvery",
    "limit.window",
    "autoScale.delay",
    "autoScale.minTimeInTier",
    "scalingPath.review.delay",
    "scalingPath.review.retryAfter",
    "scalingPath.review.approveProbability",
    "templates.pauseDurations",
    "templates.reviewMax",
    "quality.window",
    "perUserCap.window",
    "perUserCap.budget",
    "throughput.upgrade.delay",
    "windows.csw",
  ),
  value: fc.constantFrom<Json>(0, 1, "1ms", "1s", "1m", "10m", "1h", "7d", ["1ms", "1ms"], ["1s", "2s"], 0.5, 1, 100, null),
});

/** A generated document: its text, the example it came from, and how it was made. */
export interface Document {
  file: string;
  text: string;
  family: string;
}

function structural(bases: ReadonlyArray<{ file: string; text: string }>, family: string, m: fc.Arbitrary<Mutation>, maxMutations: number): fc.Arbitrary<Document> {
  const docs = bases.map((e) => parse(e.text) as Json);
  return fc.tuple(fc.nat(docs.length - 1), fc.array(m, { minLength: 1, maxLength: maxMutations }), fc.boolean()).map(([which, ms, asJson]) => {
    const mutated = ms.reduce((d, x) => mutate(d, x), docs[which]);
    return { file: bases[which].file, family, text: asJson ? JSON.stringify(mutated, null, 2) : stringify(mutated) };
  });
}

/** Arbitrary text and arbitrary YAML or JSON documents: almost never valid, never a crash. */
export const arbitraryText: fc.Arbitrary<Document> = fc
  .oneof(
    fc.string({ maxLength: 200 }),
    fc.string({ unit: fc.constantFrom(..."abc:-[]{}!&*#|>'\"\n \t0129.,?%@`"), maxLength: 120 }),
    jsonValue.map((v) => JSON.stringify(v)),
    jsonValue.map((v) => stringify(v)),
    fc.dictionary(fc.constantFrom("name", "start", "days", "rules", "templates", "audience", "campaigns", "business", "overrides", "timezone"), jsonValue).map((v) => stringify(v)),
  )
  .map((text) => ({ file: "fuzz.yaml", family: "text", text }));

/** Structural mutations of the (reduced) examples, written as YAML or JSON. */
export const structuralMutations: fc.Arbitrary<Document> = structural(BASES, "structural", mutation, 4);

/** Hostile values where a user writes strings and numbers, a few at a time. */
export const hostileValues: fc.Arbitrary<Document> = structural(BASES, "hostile", hostile, 3);

/** Plausible changes (numbers scaled, enums and durations swapped, names made hostile): documents that mostly stay valid and run. */
export const perturbations: fc.Arbitrary<Document> = structural(BASES, "perturbed", fc.oneof({ weight: 12, arbitrary: perturb }, { weight: 1, arbitrary: years }, { weight: 2, arbitrary: override }), 6);

/** Character-level edits of the (reduced) example files: deletions and insertions anywhere, comments included. */
export const textEdits: fc.Arbitrary<Document> = fc
  .tuple(
    fc.nat(BASES.length - 1),
    fc.array(fc.record({ at: fc.nat(), del: fc.nat({ max: 8 }), insert: fc.string({ unit: fc.constantFrom(..."a:-[]{}!&*#|>'\"\n 019.?,\u0007\u001b"), maxLength: 6 }) }), { minLength: 1, maxLength: 3 }),
  )
  .map(([which, edits]) => {
    let t = BASES[which].text;
    for (const e of edits) {
      const at = e.at % (t.length + 1);
      t = t.slice(0, at) + e.insert + t.slice(at + e.del);
    }
    return { file: BASES[which].file, family: "text-edit", text: t };
  });
