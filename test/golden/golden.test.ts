// Every golden case gives byte-identical output to the digests in manifest.json.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { availableParallelism } from "node:os";
import { CASES, limit, runCase, type GoldenDigest } from "./cases.js";

const manifest = JSON.parse(readFileSync(new URL("./manifest.json", import.meta.url), "utf8")) as Record<string, GoldenDigest>;

describe("golden outputs (regenerate with `npm run golden:update` only for a deliberate change)", () => {
  it("has a digest for every case and no stale ones", () => {
    expect(Object.keys(manifest).sort()).toEqual(CASES.map((c) => c.id).sort());
  });
  // Each case is a process of its own, most of them on one core, and nothing else runs beside
  // this file (vitest gives a 2-core machine one worker): two at a time keep both cores busy,
  // 2.5 minutes where one at a time took about four.
  const slot = limit(Math.max(1, Math.min(2, availableParallelism())));
  for (const c of CASES) {
    it.concurrent(c.id, async ({ expect }) => {
      expect(await slot(() => runCase(c, process.cwd()))).toEqual(manifest[c.id]);
    }, 300_000);
  }
});
