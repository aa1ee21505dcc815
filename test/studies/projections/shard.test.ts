import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { aggregate } from "../../../studies/projections/aggregate.js";
import { mergeShards, parseShardSpec, scenarioHash, shardIndices, shardText } from "../../../studies/projections/shard.js";
import { SEED } from "../../seed.js";
import { header, record, smallConfig } from "../fixtures.js";

describe("shard specs", () => {
  it("parse I/N, 1-based", () => {
    expect(parseShardSpec("2/3")).toEqual({ ok: true, shard: { index: 2, count: 3 } });
    expect(parseShardSpec(" 1 / 1 ")).toEqual({ ok: true, shard: { index: 1, count: 1 } });
  });
  it.each(["0/3", "4/3", "1/0", "x", "1/", "/3", "-1/3", "1.5/3", "2:3"])("refuse %s with a message", (spec) => {
    const r = parseShardSpec(spec);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/--shard/);
  });
  it(`assign replications round-robin: every index to exactly one shard (seed ${SEED})`, () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 20 }), (runs, count) => {
        const all = Array.from({ length: count }, (_, i) => shardIndices(runs, { index: i + 1, count })).flat();
        expect(all.sort((a, b) => a - b)).toEqual(Array.from({ length: runs }, (_, i) => i));
        for (const i of shardIndices(runs, { index: 1, count })) expect(i % count).toBe(0);
      }),
      { seed: SEED, numRuns: 100 },
    );
  });
});

/** A shard line being damaged on purpose: any shape goes. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Damaged = any;

const HASH = `sha256:${"a".repeat(64)}`;
const OTHER_HASH = `sha256:${"b".repeat(64)}`;

describe("merge", () => {
  const h = header(5);
  const recordsOf = (master: number) => [0, 1, 2, 3, 4].map((i) => record(i, i === 2 ? null : i * 0.3, i % 2 ? { "messaging-limit": i } : {}, master));
  const records = recordsOf(7);
  const files = [1, 2].map((s) => ({ file: `shard-${s}-of-2.jsonl`, text: shardText(h, HASH, { index: s, count: 2 }, records.filter((r) => r.index % 2 === s - 1)) }));

  it("gives exactly the projection of all records, whatever the file order", () => {
    const expected = JSON.stringify(aggregate(h, records));
    for (const order of [files, [...files].reverse()]) {
      const m = mergeShards(order);
      expect(m.ok).toBe(true);
      if (m.ok) expect(JSON.stringify(m.projection)).toBe(expected);
    }
  });

  it("refuses shards of different seeds, scenarios or run counts", () => {
    const otherSeed = { file: "other.jsonl", text: shardText(header(5, 8), HASH, { index: 2, count: 2 }, recordsOf(8).filter((r) => r.index % 2 === 1)) };
    const r = mergeShards([files[0], otherSeed]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.join("\n")).toMatch(/master seed differs \(shard-1-of-2.jsonl:1 has 7, other.jsonl:1 has 8\)/);
    const otherScenario = { file: "b.jsonl", text: files[1].text.replaceAll(HASH, OTHER_HASH) };
    const s = mergeShards([files[0], otherScenario]);
    expect(s.ok).toBe(false);
    if (!s.ok) expect(s.issues.join("\n")).toMatch(/scenario hash differs/);
  });

  it("names missing and duplicated replications", () => {
    const missing = mergeShards([files[0]]);
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.issues[0]).toBe("missing replications: 1, 3 (of 5 runs)");
    const dup = mergeShards([files[0], files[0], files[1]]);
    expect(dup.ok).toBe(false);
    if (!dup.ok) expect(dup.issues.join("\n")).toMatch(/replication 0 appears 2 times/);
  });

  it("points at damaged lines", () => {
    const damaged = { file: "d.jsonl", text: files[1].text.slice(0, files[1].text.length - 40) };
    const r = mergeShards([files[0], damaged]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues).toEqual(["d.jsonl:2: not valid JSON (a truncated or damaged shard file?)"]);
    const wrong = mergeShards([{ file: "w.jsonl", text: '{"schema":"tiersim/run@1"}\n' }]);
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) expect(wrong.issues[0]).toMatch(/w.jsonl:1: not a tiersim shard line/);
  });

  // Every line is validated against tiersim/shard@1: each of these was merged (exit 0) before.
  describe("refuses a line that breaks the shard@1 contract, naming file:line and the field", () => {
    /** files[1] with its second line (replication 3) changed by `edit`. */
    const damaged = (edit: (line: Damaged) => void): { file: string; text: string } => {
      const rows = files[1].text.trimEnd().split("\n");
      const line = JSON.parse(rows[1]) as Damaged;
      edit(line);
      rows[1] = JSON.stringify(line);
      return { file: "bad.jsonl", text: rows.join("\n") + "\n" };
    };
    const refusal = (edit: (line: Damaged) => void): string[] => {
      const r = mergeShards([files[0], damaged(edit)]);
      expect(r.ok).toBe(false);
      return r.ok ? [] : r.issues;
    };

    it.each<[string, (l: Damaged) => void, string]>([
      ["a count that is text", (l) => (l.summary.messages.delivered = "lots"), "bad.jsonl:2: summary.messages.delivered: expected a whole number ≥ 0"],
      ["a negative count", (l) => (l.summary.messages.attempted = -999999), "bad.jsonl:2: summary.messages.attempted: expected a whole number ≥ 0"],
      ["a count beyond 2^53", (l) => (l.daily.reach[0] = 1e308), "bad.jsonl:2: daily.reach.0: expected a whole number from 0 to 9007199254740991"],
      ["a fractional count", (l) => (l.summary.users.reached = 1.5), "bad.jsonl:2: summary.users.reached: expected a whole number from 0 to 9007199254740991"],
      ["an amount beyond 10^15", (l) => (l.daily.cost[1] = 1e300), "bad.jsonl:2: daily.cost.1: expected at most 1000000000000000 (10^15)"],
      ["hours that are null", (l) => (l.summary.paralysis.hours = null), "bad.jsonl:2: summary.paralysis.hours: expected a number ≥ 0"],
      ["an empty daily series", (l) => (l.daily.delivered = []), "bad.jsonl:2: daily.delivered: expected at least one day"],
      ["a series shorter than the calendar", (l) => l.daily.cost.pop(), "bad.jsonl:2: daily.cost: has 1 days, but dates has 2"],
      ["no dates at all", (l) => (l.dates = []), "bad.jsonl:2: dates: expected at least one day"],
      ["a rung reached at no real time", (l) => (l.summary.reachedAt["10000"] = "not a date"), "bad.jsonl:2: summary.reachedAt.10000: expected an ISO-8601 UTC time with milliseconds, such as 2026-03-02T09:00:00.000Z"],
      ["an impossible date", (l) => (l.start = "2026-02-30T00:00:00.000Z"), "bad.jsonl:2: start: not a real date and time (month 1–12, a day the month has, hours 00–23…)"],
      ["an unknown paralysis cause", (l) => (l.summary.paralysis.byCause.boredom = 3), "bad.jsonl:2: summary.paralysis.byCause.boredom"],
      ["an unknown field", (l) => (l.summary.extra = 1), "bad.jsonl:2: summary.extra: unknown field (this version does not write it)"],
      ["a seed its index does not derive", (l) => (l.seed += 1), "bad.jsonl:2: seed: is not the seed of replication 3"],
      ["an index outside its shard", (l) => (l.index = 2), "bad.jsonl:2: index: replication 2 belongs to shard 1 of 2, not 2"],
      ["an index beyond the runs", (l) => (l.index = 7), "bad.jsonl:2: index: replication 7 does not exist in a projection of 5 runs"],
    ])("%s", (_name, edit, says) => {
      const issues = refusal(edit);
      expect(issues.some((i) => i.startsWith(says)), issues.join("\n")).toBe(true);
    });

    it("an untouched line of the same file is not blamed", () => {
      const issues = refusal((l) => (l.summary.messages.delivered = "lots"));
      expect(issues.every((i) => i.startsWith("bad.jsonl:2: "))).toBe(true);
    });
  });

  it("the scenario hash changes with the scenario and not with the seed", () => {
    const a = smallConfig(2);
    expect(scenarioHash({ ...a, seed: 99 })).toBe(scenarioHash(a));
    expect(scenarioHash(smallConfig(3))).not.toBe(scenarioHash(a));
    expect(scenarioHash(a)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});
