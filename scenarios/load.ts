// Scenario text → a validated, fully defaulted scenario, or every problem at once with its
// position. Nothing in a scenario can run code: only the YAML core schema is accepted
// (no custom tags, no merge keys) and aliases are capped against expansion bombs.
import { isAlias, isCollection, isNode, isSeq, LineCounter, parseDocument, visit } from "yaml";
import type { Document } from "yaml";
import type { z } from "zod";
import type { RuleSet } from "../models/rules/types.js";
import { closest } from "../models/rules/suggest.js";
import { semanticChecks } from "./checks.js";
import type { CheckIssue } from "./checks.js";
import { formatPath } from "./issues.js";
import type { IssueCode, IssuePath, ScenarioIssue } from "./issues.js";
import { allowedKeysAt, schemaAt } from "./json-schema.js";
import { positionOf } from "./positions.js";
import { DURATION_PATTERN, Scenario } from "./schema.js";
import { DEFAULT_MAX_EVENTS } from "./bounds.js";
import { estimateEvents, formatEvents } from "./budget.js";
import { compileScenario } from "./compile.js";

export { formatIssue, formatPath } from "./issues.js";
export type { ScenarioIssue } from "./issues.js";

/**
 * A scenario that loaded: the validated scenario, its rule set (overrides applied), the file
 * name used in messages, and the text it was read from — studies that derive variants (a
 * sweep) write into that text and load it again, so a variant is checked exactly as a file.
 */
export interface LoadedScenario {
  ok: true;
  scenario: Scenario;
  ruleSet: RuleSet;
  file: string;
  source: string;
}

/** Outcome of loading a scenario: the scenario and its rule set, or every issue found. */
export type LoadResult = LoadedScenario | { ok: false; file: string; issues: ScenarioIssue[] };

/** Options of {@link loadScenarioText}: what the run will override, and its event budget. */
export interface LoadOptions {
  /** Horizon the run will use instead of the file's `days` (the `--days` flag). */
  days?: number;
  /**
   * Most simulation events one run may be estimated to generate (default
   * {@link DEFAULT_MAX_EVENTS}); a scenario over it is refused with a `too-much-work` issue
   * naming the keys that drive the estimate. `Infinity` turns the check off.
   */
  maxEvents?: number;
}

/** Scenario files above this size are refused before parsing. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
// Aliases let a 1 KB file expand to gigabytes; real scenarios need few.
const MAX_ALIAS_COUNT = 100;
const CORE_TAGS = new Set(["str", "int", "float", "bool", "null", "map", "seq"].map((t) => `tag:yaml.org,2002:${t}`));

type Located = Omit<ScenarioIssue, "file" | "line" | "column"> & { rawPath: IssuePath; at?: "key" | "value" };

function getAt(raw: unknown, path: IssuePath): { found: boolean; value: unknown } {
  let cur: unknown = raw;
  for (const seg of path) {
    if (typeof cur !== "object" || cur === null || !Object.prototype.hasOwnProperty.call(cur, seg)) return { found: false, value: undefined };
    cur = (cur as Record<string, unknown>)[seg as string];
  }
  return { found: true, value: cur };
}

function describeValue(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  if (typeof v === "string") return `the text ${JSON.stringify(v.length > 40 ? v.slice(0, 37) + "..." : v)}`;
  return `${typeof v} ${String(v)}`;
}

function expectedName(e: string): string {
  return ({ object: "a mapping", array: "a list", string: "text", number: "a number", boolean: "true or false", null: "null" } as Record<string, string>)[e] ?? e;
}

function fieldHint(path: IssuePath): string | undefined {
  const d = schemaAt(path)?.description;
  return d ? `meaning: ${d}` : undefined;
}

function formatFix(path: IssuePath): string | undefined {
  const node = schemaAt(path);
  if (node?.anyOf?.some((b) => b.pattern === DURATION_PATTERN)) return "write a number and a unit: 500ms, 90s, 15m, 6h, 7d or 2w";
  return fieldHint(path);
}

type ZIssue = z.core.$ZodIssue;

/** Converts one zod issue (possibly a union with nested branches) into located issues. */
function fromZod(issue: ZIssue, raw: unknown, prefix: IssuePath = []): Located[] {
  const path: IssuePath = [...prefix, ...(issue.path as Array<string | number>)];
  const shown = formatPath(path);
  const { found, value } = getAt(raw, path);
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((key) => {
        const allowed = allowedKeysAt(path);
        const best = closest(key, allowed);
        return {
          rawPath: [...path, key],
          at: "key" as const,
          path: formatPath([...path, key]),
          code: "unknown-key",
          message: `unknown key "${key}"`,
          fix: best ? `did you mean "${best}"?` : allowed.length > 0 ? `remove it; allowed here: ${allowed.join(", ")}` : "remove it",
        };
      });
    case "invalid_type": {
      if (!found) {
        const key = path[path.length - 1];
        const d = schemaAt(path)?.description;
        return [{ rawPath: path, path: shown, code: "missing-key", message: `missing required key "${String(key)}"`, fix: `add \`${String(key)}: …\`${d ? ` (${d.replace(/\.$/, "")})` : ""}` }];
      }
      const quotedNumber = issue.expected === "number" && typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value));
      const fix = quotedNumber ? `remove the quotes: ${value.trim()}` : fieldHint(path);
      return [{ rawPath: path, path: shown, code: "invalid-type", message: `expected ${expectedName(issue.expected)}, got ${describeValue(value)}`, fix }];
    }
    case "invalid_value": {
      const options = issue.values.map((v) => String(v));
      const best = typeof value === "string" ? closest(value, options) : undefined;
      return [{
        rawPath: path,
        path: shown,
        code: "invalid-value",
        message: `${describeValue(value)} is not allowed here`,
        fix: best ? `did you mean "${best}"?` : `use one of ${options.join(", ")}`,
      }];
    }
    case "invalid_format":
      return [{ rawPath: path, path: shown, code: "invalid-format", message: `${describeValue(value)}: ${issue.message}`, fix: formatFix(path) }];
    case "too_small":
    case "too_big": {
      const small = issue.code === "too_small";
      const bound = small ? (issue as { minimum: number | bigint }).minimum : (issue as { maximum: number | bigint }).maximum;
      const inclusive = (issue as { inclusive?: boolean }).inclusive !== false;
      const rel = small ? (inclusive ? "at least" : "more than") : inclusive ? "at most" : "less than";
      const message =
        issue.origin === "array"
          ? `needs ${rel} ${bound} item${Number(bound) === 1 ? "" : "s"}`
          : issue.origin === "string"
            ? `needs ${rel} ${bound} character${Number(bound) === 1 ? "" : "s"}`
            : `${describeValue(value)} is out of range: must be ${rel} ${bound}`;
      const node = schemaAt(path);
      const probability = node?.minimum === 0 && node.maximum === 1;
      const fix = probability
        ? "write a share between 0 and 1 (e.g. 0.85 for 85 %)"
        : issue.origin === "array" || issue.origin === "string"
          ? fieldHint(path)
          : `use a value ${rel} ${bound}${fieldHint(path) ? ` (${fieldHint(path)})` : ""}`;
      return [{ rawPath: path, path: shown, code: "out-of-range", message, fix }];
    }
    case "invalid_key": {
      const inner = issue.issues[0]?.message ?? "invalid key";
      const key = String(path[path.length - 1]);
      const upper = key.toUpperCase();
      const fix = path[path.length - 2] === "markets" && /^([A-Z]{2}|OTHER)$/.test(upper) ? `write it in capitals: ${upper}` : fieldHint(path.slice(0, -1));
      return [{ rawPath: path, at: "key", path: shown, code: "invalid-key", message: `key ${JSON.stringify(key)}: ${inner}`, fix }];
    }
    case "invalid_union": {
      // A branch that got past the type check is the one the author meant; report its issues.
      const meant = issue.errors.filter((branch) => branch.some((b) => b.code !== "invalid_type" || b.path.length > 0));
      if (meant.length === 1) {
        // The branch's own fix only knows that branch ("use one of once, daily, weekly");
        // the field's description names every accepted form.
        const hint = fieldHint(path);
        return meant[0].flatMap((b) => fromZod(b, raw, path)).map((l) => (l.fix?.startsWith("did you mean") || !hint ? l : { ...l, fix: hint }));
      }
      const expected = [
        ...new Set(
          issue.errors.flatMap((branch) =>
            branch.map((b) => (b.code === "invalid_type" ? expectedName(b.expected) : b.code === "invalid_value" ? b.values.map((v) => JSON.stringify(v)).join(" | ") : "another shape")),
          ),
        ),
      ];
      return [{ rawPath: path, path: shown, code: "invalid-type", message: `${describeValue(value)} does not fit: expected ${expected.join(" or ")}`, fix: fieldHint(path) }];
    }
    default:
      return [{ rawPath: path, path: shown, code: "invalid-value", message: issue.message, fix: fieldHint(path) }];
  }
}

function fromCheck(c: CheckIssue): Located {
  return { rawPath: c.path, path: formatPath(c.path), code: c.code, message: c.message, ...(c.fix ? { fix: c.fix } : {}), ...(c.at ? { at: c.at } : {}) };
}

/** The `too-much-work` issue when one run is estimated past the budget, else `undefined`. */
function budgetIssue(scenario: Scenario, ruleSet: RuleSet, options: LoadOptions): Located | undefined {
  const max = options.maxEvents ?? DEFAULT_MAX_EVENTS;
  let estimate: ReturnType<typeof estimateEvents>;
  try {
    estimate = estimateEvents(compileScenario(scenario, ruleSet, { days: options.days }));
  } catch (err) {
    // Every check above passed, so this is tiersim's fault; still an issue, never an exception.
    return { rawPath: [], path: "", code: "invalid-value", message: `tiersim cannot simulate this scenario (${err instanceof Error ? err.message : String(err)})`, fix: "please report it with the file" };
  }
  const { total, terms } = estimate;
  if (total <= max) return undefined;
  const top = terms.filter((t) => t.events > 0).slice(0, 3);
  const keys = [...new Set(top.flatMap((t) => t.paths.map(formatPath)))];
  return {
    rawPath: top[0]?.paths[0] ?? [],
    path: formatPath(top[0]?.paths[0] ?? []),
    code: "too-much-work",
    message: `one run would generate about ${formatEvents(total)} events, more than the budget of ${formatEvents(max)}; most come from ${top.map((t) => `${t.what} (≈ ${formatEvents(t.events)})`).join("; ")}`,
    fix: `reduce what drives it (${keys.join(", ")}), or raise the budget with --max-events`,
  };
}

function splitPretty(message: string): { message: string; frame?: string } {
  // yaml's pretty errors are "<what> at line L, column C:\n\n<excerpt with caret>".
  const cut = message.indexOf(":\n\n");
  if (cut < 0) return { message: message.trim() };
  const head = message.slice(0, cut).replace(/ at line \d+, column \d+$/, "");
  const frame = message.slice(cut + 3).replace(/\s+$/, "");
  return { message: head, ...(frame ? { frame } : {}) };
}

function fileIssue(file: string, code: IssueCode, message: string, fix?: string): ScenarioIssue {
  return { file, line: 1, column: 1, path: "", code, message, ...(fix ? { fix } : {}) };
}

/**
 * Validates scenario text (YAML or JSON) and returns a fully defaulted scenario with its rule
 * set (overrides applied), or every issue with `file:line:col`. Never throws on any input.
 *
 * @example
 * ```ts
 * const r = loadScenarioText(text, "scenarios/quickstart.yaml");
 * if (!r.ok) console.error(r.issues.map(formatIssue).join("\n"));
 * else simulate(r.scenario, r.ruleSet);
 * ```
 */
export function loadScenarioText(text: string, file: string, options: LoadOptions = {}): LoadResult {
  if (Buffer.byteLength(text, "utf8") > MAX_FILE_BYTES) {
    return { ok: false, file, issues: [fileIssue(file, "file-too-large", `the file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`, "a scenario describes an audience, it does not list it: use optedIn, segments and plans")] };
  }
  const lc = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter: lc,
    schema: "core",
    version: "1.2",
    merge: false,
    uniqueKeys: true,
    prettyErrors: true,
    resolveKnownTags: false,
    strict: true,
  }) as Document.Parsed;

  const located = (l: Located): ScenarioIssue => {
    const { rawPath, at, ...rest } = l;
    const pos = positionOf(doc, lc, rawPath, at ?? "value");
    return { file, line: pos.line, column: pos.column, ...rest };
  };

  if (doc.errors.length > 0) {
    return {
      ok: false,
      file,
      issues: doc.errors.map((e) => {
        const { message, frame } = splitPretty(e.message);
        const pos = e.linePos?.[0] ?? lc.linePos(e.pos[0]);
        const fix =
          e.code === "DUPLICATE_KEY"
            ? "remove one of the two keys"
            : e.code === "TAB_AS_INDENT"
              ? "indent with spaces, not tabs"
              : e.code === "MULTIPLE_DOCS"
                ? "a scenario file holds one document: remove the `---` separator"
                : "fix the YAML syntax at the caret (indentation, a missing `:` or closing bracket, or quote the value)";
        return { file, line: pos.line, column: pos.col, path: "", code: "yaml-syntax", message: `YAML syntax: ${message}`, fix, ...(frame ? { frame } : {}) };
      }),
    };
  }

  const tagIssues: ScenarioIssue[] = [];
  visit(doc, {
    Pair(_key, pair) {
      // A list or mapping used as a key (`? [a, b]`) has no place in a scenario, and converting
      // it would make the YAML library print a warning of its own.
      const key = pair.key;
      const target = isAlias(key) ? key.resolve(doc) : key;
      if (isCollection(target)) {
        const { line, col } = lc.linePos(isNode(key) ? (key.range?.[0] ?? 0) : 0);
        tagIssues.push({ file, line, column: col, path: "", code: "invalid-key", message: `a key must be plain text, not a ${isSeq(target) ? "list" : "mapping"}`, fix: "write the key as text (quote it if it has to contain brackets or braces)" });
      }
    },
    Node(_key, node) {
      if (isNode(node) && node.tag !== undefined && !CORE_TAGS.has(node.tag)) {
        // The node's range starts after its tag; point at the `!` the author wrote.
        const start = node.range?.[0] ?? 0;
        const bang = text.lastIndexOf("!", start);
        const offset = bang >= 0 && !text.slice(bang, start).includes("\n") ? bang - (text[bang - 1] === "!" ? 1 : 0) : start;
        const { line, col } = lc.linePos(offset);
        const shown = node.tag.replace(/^tag:yaml\.org,2002:/, "!!");
        tagIssues.push({ file, line, column: col, path: "", code: "yaml-tag", message: `YAML tag ${shown} is not allowed: scenarios are plain data`, fix: "remove the tag (only the YAML core schema — text, numbers, booleans, null, lists, mappings — is accepted)" });
      }
    },
  });
  if (tagIssues.length > 0) return { ok: false, file, issues: tagIssues };
  if (doc.contents === null) {
    return { ok: false, file, issues: [fileIssue(file, "empty-file", "the file holds no scenario", "start from scenarios/quickstart.yaml")] };
  }

  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    // yaml throws a ReferenceError when aliases expand past maxAliasCount.
    return { ok: false, file, issues: [fileIssue(file, "yaml-alias", `aliases expand too far (${err instanceof Error ? err.message : String(err)})`, "write the values out instead of reusing them with *aliases")] };
  }

  const parsed = Scenario.safeParse(raw);
  const issues: Located[] = parsed.success ? [] : parsed.error.issues.flatMap((i) => fromZod(i, raw));
  const checks = semanticChecks(raw);
  issues.push(...checks.issues.map(fromCheck));

  if (issues.length === 0 && parsed.success && checks.ruleSet) {
    const over = budgetIssue(parsed.data, checks.ruleSet, options);
    if (over === undefined) return { ok: true, scenario: parsed.data, ruleSet: checks.ruleSet, file, source: text };
    issues.push(over);
  }
  const seen = new Set<string>();
  const out = issues
    .map(located)
    .filter((i) => {
      const k = `${i.line}:${i.column}:${i.path}:${i.code}:${i.message}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort((a, b) => a.line - b.line || a.column - b.column);
  if (out.length === 0) {
    // Only reachable if the rule set could not be resolved without any reported cause.
    out.push(fileIssue(file, "invalid-value", "the rule set could not be resolved", "check `rules` and `overrides`"));
  }
  return { ok: false, file, issues: out };
}
