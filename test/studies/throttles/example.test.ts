// The documented example test (examples/throttle.test.ts) runs in this suite as written:
// importing it registers its tests here, since vitest only collects test/**.
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import * as barrel from "../../../examples/tiersim.js";
import "../../../examples/throttle.test.js";

describe("examples/throttle.test.ts is copyable", () => {
  test("imports tiersim through the one barrel file, and only names the barrel provides", () => {
    const text = readFileSync(new URL("../../../examples/throttle.test.ts", import.meta.url), "utf8");
    const fromBarrel = /import \{([^}]+)\} from "\.\/tiersim\.js"/.exec(text);
    expect(fromBarrel).not.toBeNull();
    const names = fromBarrel![1].split(",").map((n) => n.trim().replace(/^type\s+/, "")).filter(Boolean);
    for (const n of names) expect(Object.keys(barrel), `examples/tiersim.ts should export ${n}`).toContain(n);
    // No other path into the repository: copying the file means changing one import.
    expect(text.match(/from "\.\.\//g)).toBeNull();
  });
});
