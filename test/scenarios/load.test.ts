// Loader behaviour beyond the corpus: defaults, rule sets with overrides, time zones, size
// limits, the YAML safety rules and the rendering of issues.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readFileSync } from "node:fs";
import { describe, expect, it, vi } from "vitest";
import { formatIssue, formatPath } from "../../scenarios/issues.js";
import { loadScenarioFile } from "../../scenarios/load-file.js";
import { loadScenarioText, MAX_FILE_BYTES } from "../../scenarios/load.js";
import type { LoadResult } from "../../scenarios/load.js";
import { toInstant, isValidTimeZone } from "../../scenarios/time.js";

const BASE = `name: Base
start: 2026-03-02T00:00:00+01:00
days: 10
timezone: Europe/Madrid
templates:
  - { name: promo, category: MARKETING }
audience:
  optedIn: 1000
campaigns:
  - { name: c1, template: promo }
`;

const codes = (r: LoadResult): string[] => (r.ok ? [] : r.issues.map((i) => i.code));
function ok(r: LoadResult): Extract<LoadResult, { ok: true }> {
  if (!r.ok) throw new Error(r.issues.map(formatIssue).join("\n"));
  return r;
}

describe("loadScenarioText", () => {
  it("fills every default and picks the newest rule set", () => {
    const r = ok(loadScenarioText(BASE, "base.yaml"));
    expect(r.ruleSet.id).toBe("meta-2025-10");
    expect(r.scenario.business.phoneNumbers).toEqual([{ id: "main", coexistence: false }]);
    expect(r.scenario.templates[0].review.median).toBe(30 * 60_000);
    expect(r.scenario.campaigns[0].cadence).toBe("once");
    expect(r.scenario.campaigns[0].throttle.policy).toBe("fill-limit");
    expect(r.scenario.audience.segments.map((s) => s.name)).toEqual(["all"]);
  });

  it("returns the chosen rule set with the overrides applied", () => {
    const r = ok(loadScenarioText(`rules: meta-2023-11\noverrides: { autoScale.delay: 48h, perUserCap.budget: 1 }\n${BASE}`, "o.yaml"));
    expect(r.ruleSet.id).toBe("meta-2023-11");
    expect(r.ruleSet.autoScale.delay).toBe(48 * 3_600_000);
    expect(r.ruleSet.perUserCap.budget).toBe(1);
  });

  it("reads JSON too, with positions", () => {
    const json = JSON.stringify({ name: "J", start: "2026-03-02T00:00:00Z", days: 3, templates: [{ name: "p", category: "MARKETING" }], audience: { optedIn: 10 }, campaigns: [{ name: "c", template: "q" }] }, null, 2);
    const r = loadScenarioText(json, "s.json");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toHaveLength(1);
    const line = json.split("\n").findIndex((l) => l.includes('"template": "q"')) + 1;
    expect(r.issues[0]).toMatchObject({ code: "unknown-template", line, path: "campaigns[0].template" });
  });

  it("reports every problem at once, structural and semantic, sorted by position", () => {
    const text = BASE.replace("days: 10", "days: ten").replace("template: promo", "template: promp") + "extra: 1\n";
    const r = loadScenarioText(text, "m.yaml");
    expect(codes(r)).toEqual(["invalid-type", "unknown-template", "unknown-key"]);
    if (!r.ok) expect(r.issues.map((i) => i.line)).toEqual([3, 10, 11]);
  });

  it("reads a bare date as midnight in the scenario's time zone", () => {
    // The horizon ends 2026-03-03T00:00+01:00. "2026-03-03" is exactly that in Madrid,
    // but 06:00 Madrid time in New York's zone — past the end.
    const oneDay = BASE.replace("days: 10", "days: 1");
    const withEnd = (zone: string): string => oneDay.replace("Europe/Madrid", zone).replace("{ name: c1, template: promo }", "{ name: c1, template: promo, end: 2026-03-03 }");
    expect(codes(loadScenarioText(withEnd("Europe/Madrid"), "z.yaml"))).toEqual([]);
    expect(codes(loadScenarioText(withEnd("America/New_York"), "z.yaml"))).toEqual(["outside-horizon"]);
  });

  it("accepts unlimited (null) as a starting limit and refuses per-number limits under portfolio rules", () => {
    expect(codes(loadScenarioText(`business: { verification: verified, limit: null }\n${BASE}`, "n.yaml"))).toEqual([]);
    const perNumber = `business:\n  phoneNumbers: [{ id: main, limit: 1000 }]\n${BASE}`;
    expect(codes(loadScenarioText(perNumber, "p.yaml"))).toEqual(["phone-limit-scope"]);
    expect(codes(loadScenarioText(`rules: meta-2023-11\n${perNumber}`, "p.yaml"))).toEqual([]);
    expect(codes(loadScenarioText(`rules: meta-2023-11\n${perNumber.replace("1000", "2000")}`, "p.yaml"))).toEqual(["limit-not-on-ladder"]);
  });

  it("refuses plans that need more distinct users than the audience has", () => {
    const text = BASE.replace("{ name: c1, template: promo }", "{ name: c1, template: promo, plan: [{ at: 2026-03-03T10:00:00Z, count: 1001 }] }");
    expect(codes(loadScenarioText(text, "plan.yaml"))).toEqual(["plan-exceeds-audience"]);
    expect(codes(loadScenarioText(text.replace("1001", "1000"), "plan.yaml"))).toEqual([]);
  });

  it("checks map keys, campaign dates and number references", () => {
    const r = loadScenarioText(
      BASE.replace("optedIn: 1000", "optedIn: 1000\n  markets: { es: 1 }").replace(
        "{ name: c1, template: promo }",
        "{ name: c1, template: promo, phone: backup, start: 2026-03-05, end: 2026-03-04 }",
      ),
      "k.yaml",
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => [i.code, i.path])).toEqual([
      ["invalid-key", "audience.markets.es"],
      ["unknown-phone", "campaigns[0].phone"],
      ["date-order", "campaigns[0].end"],
    ]);
    expect(r.issues[0].message).toContain("ISO 3166");
    expect(r.issues[0].fix).toBe("write it in capitals: ES");
  });

  it("points override issues at the override key", () => {
    const r = loadScenarioText(`overrides:\n  autoScale.delay: 6h\n  limit.ladderr: [1]\n${BASE}`, "o.yaml");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => [i.code, i.line, i.column, i.fix])).toEqual([["unknown-override", 3, 3, 'did you mean "limit.ladder"?']]);
  });

  it("lists the allowed keys when an unknown key resembles none", () => {
    const r = loadScenarioText(BASE.replace("optedIn: 1000", "optedIn: 1000\n  zzzzzzzzzz: 1"), "k.yaml");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0].fix).toMatch(/allowed here: optedIn, growthPerDay, markets/);
  });

  it("refuses code-carrying YAML: custom tags, merge keys and alias bombs", () => {
    expect(codes(loadScenarioText(`${BASE}seed: !!python/object:os.system 1\n`, "t.yaml"))).toEqual(["yaml-tag"]);
    expect(codes(loadScenarioText(`${BASE}seed: !local 1\n`, "t.yaml"))).toEqual(["yaml-tag"]);
    expect(codes(loadScenarioText(BASE.replace("audience:\n  optedIn: 1000", "base: &b { optedIn: 1000 }\naudience:\n  <<: *b"), "m.yaml"))).toContain("unknown-key");
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 6; i++) bomb.push(`${"abcdef"[i]}: &${"abcdef"[i]} [${Array(10).fill(`*${"abcdef"[i - 1]}`).join(", ")}]`);
    expect(codes(loadScenarioText(bomb.join("\n"), "bomb.yaml"))).toEqual(["yaml-alias"]);
  });

  it("treats __proto__ and constructor as unknown keys and pollutes no prototype", () => {
    for (const extra of ["__proto__: { polluted: 1 }\n", "constructor: { prototype: { polluted: 1 } }\n"]) {
      expect(codes(loadScenarioText(`${BASE}${extra}`, "p.yaml"))).toEqual(["unknown-key"]);
    }
    expect(codes(loadScenarioText(BASE.replace("audience:\n", "audience:\n  __proto__: { optedIn: 5 }\n"), "p.yaml"))).toEqual(["unknown-key"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("refuses a list or mapping as a key, without the YAML library printing a warning", () => {
    const warn = vi.spyOn(process, "emitWarning");
    try {
      expect(codes(loadScenarioText(`${BASE}? [a, b]\n: 1\n`, "k.yaml"))).toEqual(["invalid-key"]);
      expect(codes(loadScenarioText(`${BASE}? { at: x }\n: 1\n`, "k.yaml"))).toEqual(["invalid-key"]);
      expect(codes(loadScenarioText(`x: &l [1]\n${BASE}*l : 2\n`, "k.yaml"))).toEqual(["invalid-key"]);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  it("gives YAML syntax errors a code frame", () => {
    const r = loadScenarioText(BASE.replace("days: 10", "days: [10"), "s.yaml");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues[0].code).toBe("yaml-syntax");
    expect(r.issues[0].frame).toContain("^");
    expect(formatIssue(r.issues[0]).split("\n").length).toBeGreaterThan(1);
  });

  it("refuses text over 10 MB before parsing it", () => {
    const big = BASE + "#".repeat(MAX_FILE_BYTES);
    expect(codes(loadScenarioText(big, "big.yaml"))).toEqual(["file-too-large"]);
  });

  it("refuses an empty file", () => {
    expect(codes(loadScenarioText("# only a comment\n", "e.yaml"))).toEqual(["empty-file"]);
  });
});

describe("loadScenarioFile", () => {
  const dir = mkdtempSync(join(tmpdir(), "tiersim-load-"));

  it("turns a missing file into a file-not-found issue", () => {
    const r = loadScenarioFile(join(dir, "nope.yaml"));
    expect(codes(r)).toEqual(["file-not-found"]);
  });

  it("refuses files over 10 MB without reading them", () => {
    const file = join(dir, "big.yaml");
    writeFileSync(file, Buffer.alloc(MAX_FILE_BYTES + 1, 0x23));
    expect(codes(loadScenarioFile(file))).toEqual(["file-too-large"]);
  });

  it("reads a file with a byte-order mark", () => {
    const file = join(dir, "bom.yaml");
    writeFileSync(file, "\ufeff" + readFileSync("scenarios/quickstart.yaml", "utf8"));
    expect(loadScenarioFile(file).ok).toBe(true);
  });
});

describe("issue rendering and time helpers", () => {
  it("formats an issue as file:line:col  path: message — fix", () => {
    expect(formatIssue({ file: "a.yaml", line: 3, column: 5, path: "days", message: "expected a number", code: "invalid-type", fix: "write days: 30" })).toBe(
      "a.yaml:3:5  days: expected a number — write days: 30",
    );
    expect(formatPath(["campaigns", 0, "retry", "131049", "after"])).toBe('campaigns[0].retry["131049"].after');
    expect(formatPath(["overrides", "autoScale.delay"])).toBe('overrides["autoScale.delay"]');
  });

  it("converts dates across daylight-saving changes", () => {
    expect(new Date(toInstant("2026-03-29", "Europe/Madrid") as number).toISOString()).toBe("2026-03-28T23:00:00.000Z");
    expect(new Date(toInstant("2026-10-25", "Europe/Madrid") as number).toISOString()).toBe("2026-10-24T22:00:00.000Z");
    expect(new Date(toInstant("2026-03-02T15:00:00-06:00", "UTC") as number).toISOString()).toBe("2026-03-02T21:00:00.000Z");
    expect(toInstant("2026-02-29", "UTC")).toBeUndefined();
    expect(toInstant("2024-02-29", "UTC")).toBeDefined();
    expect(isValidTimeZone("America/Mexico_City")).toBe(true);
    expect(isValidTimeZone("Mars/Olympus")).toBe(false);
  });
});

describe("horizon in local calendar days", () => {
  it("a 30-day run from local midnight ends at local midnight across a daylight-saving change", async () => {
    const { horizonEnd } = await import("../../scenarios/time.js");
    const start = Date.parse("2026-03-02T00:00:00+01:00");
    expect(new Date(horizonEnd(start, 30, "Europe/Madrid")).toISOString()).toBe("2026-03-31T22:00:00.000Z");
    expect(horizonEnd(start, 30, "UTC") - start).toBe(30 * 86_400_000);
  });
});
