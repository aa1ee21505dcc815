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

describe("merge", () => {
  const h = header(5);
  const records = [0, 1, 2, 3, 4].map((i) => record(i, i === 2 ? null : i * 0.3, i % 2 ? { "messaging-limit": i } : {}));
  const files = [1, 2].map((s) => ({ file: `shard-${s}-of-2.jsonl`, text: shardText(h, "sha256:x", { index: s, count: 2 }, records.filter((r) => r.index % 2 === s - 1)) }));

  it("gives exactly the projection of all records, whatever the file order", () => {
    const expected = JSON.stringify(aggregate(h, records));
    for (const order of [files, [...files].reverse()]) {
      const m = mergeShards(order);
      expect(m.ok).toBe(true);
      if (m.ok) expect(JSON.stringify(m.projection)).toBe(expected);
    }
  });

  it("refuses shards of different seeds, scenarios or run counts", () => {
    const otherSeed = { file: "other.jsonl", text: shardText(header(5, 8), "sha256:x", { index: 2, count: 2 }, records.filter((r) => r.index % 2 === 1)) };
    const r = mergeShards([files[0], otherSeed]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.join("\n")).toMatch(/master seed differs \(shard-1-of-2.jsonl:1 has 7, other.jsonl:1 has 8\)/);
    const otherScenario = { file: "b.jsonl", text: files[1].text.replaceAll("sha256:x", "sha256:y") };
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

  it("the scenario hash changes with the scenario and not with the seed", () => {
    const a = smallConfig(2);
    expect(scenarioHash({ ...a, seed: 99 })).toBe(scenarioHash(a));
    expect(scenarioHash(smallConfig(3))).not.toBe(scenarioHash(a));
    expect(scenarioHash(a)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});
