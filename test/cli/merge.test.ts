// End-to-end: `tiersim merge` refuses shard files that do not belong together.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tiersim, WIDE } from "./tiersim.js";

/** A shard line being damaged on purpose: any shape goes. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Damaged = any;

let dir: string;
const shard = (name: string): string => join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "tiersim-merge-"));
  const scenario = join(dir, "small.yaml");
  writeFileSync(scenario, readFileSync("scenarios/quickstart.yaml", "utf8").replace("optedIn: 30000", "optedIn: 3000"));
  const run = (name: string, ...extra: string[]): void => {
    const days = extra.includes("--days") ? [] : ["--days", "2"];
    const r = tiersim(["run", scenario, "--runs", "4", ...days, "--workers", "1", ...extra], WIDE);
    if (r.code !== 0) throw new Error(r.stderr);
    writeFileSync(shard(name), r.stdout);
  };
  run("a1.jsonl", "--shard", "1/2");
  run("a2.jsonl", "--shard", "2/2");
  run("seed7.jsonl", "--shard", "2/2", "--seed", "7");
  run("days3.jsonl", "--shard", "2/2", "--days", "3");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function refused(r: ReturnType<typeof tiersim>, message: RegExp): void {
  expect(r.code).toBe(3);
  expect(r.stdout).toBe("");
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe("tiersim merge", () => {
  it("merges matching shards", () => {
    const r = tiersim(["merge", shard("a1.jsonl"), shard("a2.jsonl"), "--json"], WIDE);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { runs: number }).runs).toBe(4);
  });

  it("refuses a shard with another master seed", () => {
    refused(tiersim(["merge", shard("a1.jsonl"), shard("seed7.jsonl")], WIDE), /master seed differs \(.*a1\.jsonl:1 has 42, .*seed7\.jsonl:1 has 7\)/);
  });

  it("refuses a shard of another scenario (here another horizon)", () => {
    refused(tiersim(["merge", shard("a1.jsonl"), shard("days3.jsonl")], WIDE), /scenario hash differs/);
  });

  it("refuses missing and duplicated replications", () => {
    refused(tiersim(["merge", shard("a1.jsonl")], WIDE), /missing replications: 1, 3 \(of 4 runs\)/);
    refused(tiersim(["merge", shard("a1.jsonl"), shard("a1.jsonl"), shard("a2.jsonl")], WIDE), /replication 0 appears 2 times/);
  });

  it("refuses damaged, foreign and unreadable files", () => {
    const text = readFileSync(shard("a2.jsonl"), "utf8");
    writeFileSync(shard("cut.jsonl"), text.slice(0, text.length - 30));
    refused(tiersim(["merge", shard("a1.jsonl"), shard("cut.jsonl")], WIDE), /cut\.jsonl:2: not valid JSON/);
    writeFileSync(shard("foreign.jsonl"), '{"schema":"tiersim/run@1"}\n');
    refused(tiersim(["merge", shard("foreign.jsonl")], WIDE), /not a tiersim shard line/);
    refused(tiersim(["merge", shard("nope.jsonl")], WIDE), /cannot read shard file .*nope\.jsonl: no such file/);
    writeFileSync(shard("empty.jsonl"), "");
    refused(tiersim(["merge", shard("empty.jsonl")], WIDE), /hold no replications/);
  });

  // Lines of the right schema tag but a broken contract were merged (exit 0) before shard@1
  // was validated field by field; each is refused now, naming the file, the line and the field.
  it.each<[string, (l: Damaged) => void, RegExp]>([
    ["delivered: \"lots\"", (l) => (l.summary.messages.delivered = "lots"), /x\.jsonl:1: summary\.messages\.delivered: expected a whole number ≥ 0/],
    ["attempted: -999999", (l) => (l.summary.messages.attempted = -999999), /x\.jsonl:1: summary\.messages\.attempted: expected a whole number ≥ 0/],
    ["reach[0]: 1e308", (l) => (l.daily.reach[0] = 1e308), /x\.jsonl:1: daily\.reach\.0: expected a whole number from 0 to 9007199254740991/],
    ["paralysis.hours: null", (l) => (l.summary.paralysis.hours = null), /x\.jsonl:1: summary\.paralysis\.hours: expected a number ≥ 0/],
    ["an empty daily series", (l) => (l.daily.delivered = []), /x\.jsonl:1: daily\.delivered: expected at least one day/],
    ["reachedAt 10000: \"not a date\"", (l) => (l.summary.reachedAt = { "10000": "not a date" }), /x\.jsonl:1: summary\.reachedAt\.10000: expected an ISO-8601 UTC time/],
    ["a seed its index does not derive", (l) => (l.seed = (l.seed as number) + 1), /x\.jsonl:1: seed: is not the seed of replication 0/],
  ])("refuses a line with %s (exit 3, file:line and field)", (_name, edit, message) => {
    const rows = readFileSync(shard("a1.jsonl"), "utf8").trimEnd().split("\n");
    const line = JSON.parse(rows[0]) as Damaged;
    edit(line);
    rows[0] = JSON.stringify(line);
    writeFileSync(shard("x.jsonl"), rows.join("\n") + "\n");
    refused(tiersim(["merge", shard("x.jsonl"), shard("a2.jsonl")], WIDE), message);
  });
});
