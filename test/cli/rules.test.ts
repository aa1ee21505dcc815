// End-to-end: the compiled CLI (vitest's global setup builds dist/ first).
import { describe, expect, it } from "vitest";
import { tiersim, WIDE } from "./tiersim.js";

describe("tiersim rules", () => {
  it("--json prints one document listing the four rule sets with their parameters", () => {
    const r = tiersim(["rules", "--json"], WIDE);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { default: string; ruleSets: Array<{ id: string; ladder: unknown[]; scope: string; parameters: { autoScale: { delay: number } } }> };
    expect(doc.default).toBe("meta-2025-10");
    expect(doc.ruleSets.map((s) => s.id)).toEqual(["meta-2021-09", "seed-2023-02", "meta-2023-11", "meta-2025-10"]);
    const current = doc.ruleSets[3];
    expect(current.ladder).toEqual([250, 2000, 10000, 100000, null]);
    expect(current.scope).toBe("portfolio");
    expect(current.parameters.autoScale.delay).toBe(6 * 3_600_000);
  });

  it("--json with an id prints the full rule set and its sources", () => {
    const r = tiersim(["rules", "seed-2023-02", "--json"], WIDE);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { ruleSet: { id: string; limit: { startUnverified: number } }; sources: Array<{ path: string; source: string }> };
    expect(doc.ruleSet.id).toBe("seed-2023-02");
    expect(doc.ruleSet.limit.startUnverified).toBe(50);
    expect(doc.sources.find((s) => s.path === "autoScale.delay")?.source).toMatch(/24 h/);
  });

  it("prints a readable table of the eras", () => {
    const r = tiersim(["rules"], WIDE);
    expect(r.code).toBe(0);
    for (const id of ["meta-2021-09", "seed-2023-02", "meta-2023-11", "meta-2025-10"]) expect(r.stdout).toContain(id);
    expect(r.stdout).toContain("portfolio");
    expect(r.stdout).toContain("≤ 6h");
    expect(r.stdout).toContain("Flagged 7d → −1");
  });

  it("shows every parameter with a formatted value and its source, within 100 columns", () => {
    const r = tiersim(["rules", "meta-2025-10"], WIDE);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/autoScale\.delay\s+6h\s+\[S1\], \[S2\]/);
    expect(r.stdout).toMatch(/limit\.ladder\s+250, 2,000, 10,000,/);
    expect(r.stdout).toMatch(/limit\.startVerified\s+2,000\s/);
    expect(r.stdout).toContain("perUserCap.otherBusinessesShare");
    expect(r.stdout).toContain("assumption");
    for (const line of r.stdout.split("\n")) expect([...line].length, line).toBeLessThanOrEqual(100);
  });

  it("an unknown id is a usage error with the closest id", () => {
    const r = tiersim(["rules", "meta-2025"], WIDE);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("unknown rule set 'meta-2025'; did you mean 'meta-2025-10'?");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
