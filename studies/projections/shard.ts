// Shards: splitting a projection's replications across processes or machines and merging
// them back. Replication i belongs to shard (i mod N) + 1 (round-robin, 1-based shard
// numbers as in Playwright and vitest). A shard writes one self-contained JSONL line per
// replication; merge checks that the lines belong together, orders them by index and calls
// the same aggregate() as an unsharded run — so the merged projection is byte-identical.
import { createHash } from "node:crypto";
import { contractIssues } from "../../sim/contract.js";
import type { SimConfig } from "../../sim/config.js";
import { aggregate, indexProblems } from "./aggregate.js";
import type { ProjectionResult } from "./contract.js";
import { MAX_SHARDS, SHARD_SCHEMA, ShardLine } from "./shard-contract.js";
import type { ShardSpec } from "./shard-contract.js";
import type { ProjectionHeader, ReplicationRecord } from "./types.js";

export { SHARD_SCHEMA, ShardLine, ShardSpec } from "./shard-contract.js";

/**
 * Parses `I/N` (1-based). Returns an error message for anything else.
 *
 * @example
 * ```ts
 * parseShardSpec("2/3"); // { ok: true, shard: { index: 2, count: 3 } }
 * parseShardSpec("0/3"); // { ok: false, message: "…" }
 * ```
 */
export function parseShardSpec(text: string): { ok: true; shard: ShardSpec } | { ok: false; message: string } {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) return { ok: false, message: `--shard must look like I/N (for example 2/4, shards numbered from 1), got "${text}"` };
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || count > MAX_SHARDS) return { ok: false, message: `--shard ${text}: the shard count must be from 1 to ${MAX_SHARDS}` };
  if (index < 1 || index > count) return { ok: false, message: `--shard ${text}: the shard number must be from 1 to ${count} (shards are numbered from 1)` };
  return { ok: true, shard: { index, count } };
}

/**
 * Replication indices of a shard: every i in 0 … runs − 1 with i mod count = index − 1.
 *
 * @example
 * ```ts
 * shardIndices(7, { index: 2, count: 3 }); // [1, 4]
 * ```
 */
export function shardIndices(runs: number, shard: ShardSpec): number[] {
  const out: number[] = [];
  for (let i = shard.index - 1; i < runs; i += shard.count) out.push(i);
  return out;
}

/**
 * SHA-256 of the compiled scenario without its seed (the master seed is checked on its
 * own): two shards merge only if they simulated the same configuration.
 *
 * @example
 * ```ts
 * scenarioHash(config); // "sha256:3f1c…"
 * ```
 */
export function scenarioHash(config: SimConfig): string {
  const { seed: _seed, ...rest } = config;
  return `sha256:${createHash("sha256").update(JSON.stringify(rest)).digest("hex")}`;
}

/**
 * The JSONL text of a shard: one line per record, in index order.
 *
 * @example
 * ```ts
 * const text = shardText(header, scenarioHash(config), { index: 1, count: 3 }, records);
 * ```
 */
export function shardText(header: ProjectionHeader, hash: string, shard: ShardSpec, records: readonly ReplicationRecord[]): string {
  return [...records]
    .sort((a, b) => a.index - b.index)
    .map((r) => {
      const line: ShardLine = {
        schema: SHARD_SCHEMA,
        scenarioHash: hash,
        tool: header.tool,
        scenario: header.scenario,
        masterSeed: header.seed,
        runs: header.runs,
        start: header.start,
        end: header.end,
        dates: header.dates,
        shard,
        index: r.index,
        seed: r.seed,
        summary: r.summary,
        daily: r.daily,
        ...(r.parameters ? { parameters: r.parameters } : {}),
      };
      return JSON.stringify(line) + "\n";
    })
    .join("");
}

/** A shard file's text and its name (for messages). */
export interface ShardFile {
  file: string;
  text: string;
}

/** Outcome of {@link mergeShards}. */
export type MergeResult = { ok: true; projection: ProjectionResult } | { ok: false; issues: string[] };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * The problems of one parsed line against `tiersim/shard@1` (empty when it is a valid line):
 * a line of another kind in one sentence, else every field that is wrong, by path.
 */
function lineProblems(v: unknown): string[] {
  if (!isObject(v)) return ["not a JSON object"];
  if (v.schema !== SHARD_SCHEMA) return [`not a tiersim shard line (schema ${JSON.stringify(v.schema ?? null)}, expected "${SHARD_SCHEMA}")`];
  const parsed = ShardLine.safeParse(v);
  return parsed.success ? [] : contractIssues(parsed.error, 5);
}

/** The fields that must agree across every line of a merge, with how to name them. */
const IDENTITY: ReadonlyArray<readonly [string, (l: ShardLine) => string]> = [
  ["scenario hash", (l) => l.scenarioHash],
  ["master seed", (l) => String(l.masterSeed)],
  ["runs", (l) => String(l.runs)],
  ["tool version", (l) => `${l.tool.name} ${l.tool.version}`],
  ["horizon", (l) => `${l.start} – ${l.end}`],
  ["calendar", (l) => `${l.dates.length} days from ${l.dates[0] ?? "—"}`],
  ["scenario header", (l) => JSON.stringify(l.scenario)],
];

/**
 * Merges shard files into the projection of all their replications. Every line is validated
 * against `tiersim/shard@1` (types, ranges, real dates, whole non-negative counts, finite
 * amounts, a daily series per date, each line's seed the one its index derives, the index in
 * its shard). Refuses, with every problem named by `file:line` and field path, invalid lines,
 * shards of different scenarios, seeds, run counts or tool versions, and duplicate or missing
 * replications. Pure: the caller reads the files.
 *
 * @example
 * ```ts
 * const merged = mergeShards(files.map((f) => ({ file: f, text: readFileSync(f, "utf8") })));
 * if (merged.ok) printJson(merged.projection);
 * ```
 */
export function mergeShards(files: readonly ShardFile[]): MergeResult {
  const issues: string[] = [];
  const lines: Array<{ line: ShardLine; where: string }> = [];
  for (const f of files) {
    const rows = f.text.split("\n");
    rows.forEach((row, i) => {
      if (row.trim() === "") return;
      const where = `${f.file}:${i + 1}`;
      let v: unknown;
      try {
        v = JSON.parse(row);
      } catch {
        issues.push(`${where}: not valid JSON (a truncated or damaged shard file?)`);
        return;
      }
      const problems = lineProblems(v);
      if (problems.length > 0) issues.push(...problems.map((p) => `${where}: ${p}`));
      else lines.push({ line: v as ShardLine, where });
    });
  }
  if (issues.length > 0) return { ok: false, issues: cap(issues) };
  if (lines.length === 0) return { ok: false, issues: ["the shard files hold no replications"] };

  const first = lines[0];
  for (const [name, key] of IDENTITY) {
    const expected = key(first.line);
    const other = lines.find((l) => key(l.line) !== expected);
    if (other) {
      issues.push(`shards do not belong together: ${name} differs (${first.where} has ${short(expected)}, ${other.where} has ${short(key(other.line))}); merge the shards of one \`tiersim run --shard\` job only`);
    }
  }
  if (issues.length > 0) return { ok: false, issues };

  const runs = first.line.runs;
  const problems = indexProblems(
    lines.map((l) => l.line),
    runs,
  );
  if (problems.length > 0) {
    const dupes = new Map<number, string[]>();
    for (const l of lines) dupes.set(l.line.index, [...(dupes.get(l.line.index) ?? []), l.where]);
    const repeated = [...dupes.entries()].filter(([, w]) => w.length > 1);
    const where = repeated.slice(0, 5).map(([i, w]) => `replication ${i} appears ${w.length} times: ${w.join(", ")}`);
    if (repeated.length > 5) where.push(`… and ${repeated.length - 5} more duplicated replications (the same shard passed twice?)`);
    return {
      ok: false,
      issues: [
        ...problems.filter((p) => !/^replication \d+ appears/.test(p)).map((p) => `${p} (of ${runs} runs)`),
        ...where,
        ...(problems.some((p) => p.startsWith("missing")) ? ["pass every shard file of the job (shard-1-of-N.jsonl … shard-N-of-N.jsonl)"] : []),
      ],
    };
  }

  const l0 = first.line;
  const header: ProjectionHeader = { tool: l0.tool, scenario: l0.scenario, seed: l0.masterSeed, runs, start: l0.start, end: l0.end, dates: l0.dates };
  const records: ReplicationRecord[] = lines.map(({ line }) => ({ index: line.index, seed: line.seed, summary: line.summary, daily: line.daily, ...(line.parameters ? { parameters: line.parameters } : {}) }));
  return { ok: true, projection: aggregate(header, records) };
}

function short(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

function cap(issues: string[]): string[] {
  return issues.length > 10 ? [...issues.slice(0, 10), `… and ${issues.length - 10} more`] : issues;
}
