// Every golden case gives byte-identical output to the digests in manifest.json.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CASES, runCase, type GoldenDigest } from "./cases.js";

const manifest = JSON.parse(readFileSync(new URL("./manifest.json", import.meta.url), "utf8")) as Record<string, GoldenDigest>;

describe("golden outputs (regenerate with `npm run golden:update` only for a deliberate change)", () => {
  it("has a digest for every case and no stale ones", () => {
    expect(Object.keys(manifest).sort()).toEqual(CASES.map((c) => c.id).sort());
  });
  for (const c of CASES) {
    it(c.id, () => {
      expect(runCase(c, process.cwd())).toEqual(manifest[c.id]);
    }, 300_000);
  }
});
