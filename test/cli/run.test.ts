// `tiersim run` end to end: the compiled CLI as a user runs it.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tiersim, WIDE } from "./tiersim.js";

const SMALL = ["run", "scenarios/worked-example-2days.yaml"];

describe("tiersim run", () => {
  it("prints a human summary that fits 80 columns", () => {
    const r = tiersim([...SMALL]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Messaging limit  1,000 → 10,000");
    expect(r.stdout).toMatch(/10,000\s+day 2 \(Tue 5 Mar\)\s+2024-03-05 15:00 UTC/);
    // The verdict comes first and says the run is one sample.
    expect(r.stdout.indexOf("Verdict")).toBeLessThan(r.stdout.indexOf("Messaging limit  "));
    expect(r.stdout).toMatch(/one simulated run \(seed 1\), one draw/);
    for (const line of r.stdout.split("\n")) expect(line.length).toBeLessThanOrEqual(80);
  });

  it("the template story says what was held, and a pause on early feedback needs nothing held", () => {
    const args = ["run", "scenarios/template-paralysis.yaml"];
    const text = tiersim(args, WIDE).stdout;
    const doc = JSON.parse(tiersim([...args, "--json"]).stdout);
    const story = text.slice(text.indexOf("\nTemplates\n"), text.indexOf("\nMessages\n"));
    // The story's held-and-dropped figures are the run's own.
    const dropped = [...story.matchAll(/paced \d+×: ([\d,]+) released, ([\d,]+) dropped/g)].reduce((n, m) => n + Number(m[2].replace(/,/g, "")), 0);
    expect(dropped).toBe(doc.summary.messages.held);
    // oferta_backup is paused on its first sends' feedback without a message held: the line must
    // not claim it was never paced while its pauses say the pacing assessment judged it.
    expect(story).toMatch(/oferta_backup\s+nothing held for assessment\n\s+\S+ \S+\s+paused \(bad early feedback in its pacing assessment\)/);
    expect(story).not.toContain("not paced");
  });

  it("the portfolio's pacing counts one burst in the singular", () => {
    // worked-example-2025.yaml: one portfolio burst of 40,000 messages, all released.
    const text = tiersim(["run", "scenarios/worked-example-2025.yaml"]).stdout;
    expect(text).toContain("  portfolio pacing  1 burst: 40,000 released, 0 dropped\n");
  });

  it("--json prints exactly one JSON document (tiersim/run@1) and nothing else", () => {
    const r = tiersim([...SMALL, "--json"]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.schema).toBe("tiersim/run@1");
    expect(doc.summary.reachedAt["10000"]).toBe("2024-03-05T15:00:00.000Z");
  });

  it("--seed and --days override the file", () => {
    const doc = JSON.parse(tiersim([...SMALL, "--json", "--seed", "5", "--days", "1"]).stdout);
    expect(doc.seed).toBe(5);
    expect(doc.end).toBe("2024-03-05T00:00:00.000Z");
    expect(doc.daily).toHaveLength(1);
  });

  it("--out writes result.json, daily.csv, events.jsonl and leaves no temp files; --trace one line per attempt", () => {
    const dir = mkdtempSync(join(tmpdir(), "tiersim-run-"));
    const r = tiersim([...SMALL, "--out", dir, "--trace", join(dir, "trace.jsonl")]);
    expect(r.code).toBe(0);
    for (const f of ["result.json", "daily.csv", "events.jsonl", "trace.jsonl"]) expect(existsSync(join(dir, f))).toBe(true);
    expect(readdirSync(dir).filter((f) => f.startsWith(".tiersim-tmp"))).toEqual([]);
    const result = JSON.parse(readFileSync(join(dir, "result.json"), "utf8"));
    const trace = readFileSync(join(dir, "trace.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(trace).toHaveLength(result.summary.messages.attempted);
    expect(Object.keys(trace[0]).sort()).toEqual(["at", "campaign", "code", "countsTowardLimit", "insideCsw", "outcome", "phone", "template", "user", "waitMs"]);
    const csv = readFileSync(join(dir, "daily.csv"), "utf8").trim().split("\n");
    expect(csv[0].startsWith("date,limit,quality,uniqueReached")).toBe(true);
    expect(csv).toHaveLength(result.daily.length + 1);
  });

  it("a missing file exits 3 with a message, no stack trace", () => {
    const r = tiersim(["run", "no/such/file.yaml"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/no\/such\/file\.yaml/);
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it("an invalid scenario exits 3 with file:line:col for each mistake", () => {
    const dir = mkdtempSync(join(tmpdir(), "tiersim-bad-"));
    const file = join(dir, "bad.yaml");
    writeFileSync(file, readFileSync("scenarios/worked-example-2days.yaml", "utf8").replace("days: 3", "days: three"));
    const r = tiersim(["run", file]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}:\\d+:\\d+`));
  });

  it("an output path that cannot be written exits 2 with the reason, no stack trace", () => {
    const dir = mkdtempSync(join(tmpdir(), "tiersim-out-"));
    const file = join(dir, "a-file");
    writeFileSync(file, "");
    const asFolder = tiersim([...SMALL, "--out", file]);
    expect(asFolder.code).toBe(2);
    expect(asFolder.stderr).toContain("a file stands where a folder is needed");
    const traceIntoFolder = tiersim([...SMALL, "--trace", dir]);
    expect(traceIntoFolder.code).toBe(2);
    expect(traceIntoFolder.stderr).toContain("it is a folder");
    for (const r of [asFolder, traceIntoFolder]) expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
    expect(readdirSync(dir).filter((f) => f.startsWith(".tiersim-tmp"))).toEqual([]);
  });

  it("bad flags exit 2", () => {
    expect(tiersim([...SMALL, "--seed", "-1"]).code).toBe(2);
    expect(tiersim([...SMALL, "--days", "0"]).code).toBe(2);
    expect(tiersim([...SMALL, "--bogus"]).code).toBe(2);
  });
});

describe("tiersim run --shard", () => {
  it("without --runs is a usage error (a shard splits the replications of a projection)", () => {
    const r = tiersim(["run", "scenarios/worked-example-2days.yaml", "--shard", "1/3"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("give --runs N");
  });
});
