// The documented example (examples/emulator.test.ts, quoted in docs/emulator.md) runs in this
// suite as written: importing it registers its tests here, since vitest only collects test/**.
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import "../../../examples/emulator.test.js";

describe("docs/emulator.md", () => {
  test("quotes examples/emulator.test.ts as it runs", () => {
    const example = readFileSync(new URL("../../../examples/emulator.test.ts", import.meta.url), "utf8");
    const doc = readFileSync(new URL("../../../docs/emulator.md", import.meta.url), "utf8");
    const body = example.slice(example.indexOf("let emu: Emulator;"));
    expect(doc).toContain(body.trim());
  });
});
