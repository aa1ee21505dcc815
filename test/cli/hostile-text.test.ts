// Regression tests, issue 13 defects 3 and 4: control characters in names cannot crash a
// renderer (SVG, PNG, HTML, Markdown) nor drive the terminal (summary, validate, errors,
// throttle names): they are shown escaped, and the result keeps them whole.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BEL, ESC, expectClean, NAME_LINE, RAW_CONTROL, scenario, tiersim, tmp } from "./robust-helpers.js";

describe("defects 3 and 4: what a user writes cannot crash a renderer or drive the terminal", () => {
  const hostile = `x${ESC}]0;t${BEL}${ESC}[31mred\u009b2J\u202eevil\u0000`;
  const yamlName = JSON.stringify(hostile);

  it("run --out with control characters in the names writes every file, the SVG well-formed and free of them", () => {
    const s = scenario([
      [NAME_LINE, `name: ${yamlName}`],
      // U+2028 in a name broke Vega-Lite's parser (found by the soak): now shown as \u2028.
      ["- name: daily-deal", `- name: ${JSON.stringify(`deal\u2028${ESC}[2J`)}`],
      [/^days: 30$/m, "days: 5"],
    ]);
    const out = join(s.dir, "out");
    const r = tiersim(["run", s.file, "--out", out]);
    expect(r.code).toBe(0);
    expectClean(r);
    for (const f of ["result.json", "daily.csv", "events.jsonl", "report.md", "report.html", "charts/limit.svg", "charts/limit.png", "charts/paralysis.svg"]) expect(existsSync(join(out, f))).toBe(true);
    // eslint-disable-next-line no-control-regex
    const forbidden = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
    for (const f of readdirSync(join(out, "charts")).filter((x) => x.endsWith(".svg"))) expect(readFileSync(join(out, "charts", f), "utf8")).not.toMatch(forbidden);
    expect(readFileSync(join(out, "report.html"), "utf8")).not.toMatch(forbidden);
    expect(readFileSync(join(out, "report.md"), "utf8")).not.toMatch(forbidden);
    expect(JSON.parse(readFileSync(join(out, "result.json"), "utf8")).scenario.name).toBe(hostile);

    const again = join(s.dir, "again");
    const rep = tiersim(["report", join(out, "result.json"), "--out", again]);
    expect(rep.code).toBe(0);
    expectClean(rep);
    expect(readFileSync(join(again, "report.md"), "utf8")).toBe(readFileSync(join(out, "report.md"), "utf8"));
  }, 60_000);

  it("the terminal summary, validate and errors show control characters escaped", () => {
    const s = scenario([[NAME_LINE, `name: ${yamlName}`], [/^days: 30$/m, "days: 2"]]);
    const run = tiersim(["run", s.file]);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(RAW_CONTROL);
    expect(run.stdout.split("\n")[0]).toContain("\\x1b]0;t\\x07");

    const bad = scenario([[NAME_LINE, `name: x\n${JSON.stringify(`ke${ESC}]0;y${BEL}`)}: 1`]]);
    for (const args of [["validate", bad.file], ["run", bad.file]]) {
      const r = tiersim(args);
      expect(r.code).toBe(3);
      expect(r.stdout + r.stderr).not.toMatch(RAW_CONTROL);
      expect(r.stdout + r.stderr).toContain("ke\\x1b]0;y\\x07");
    }
  });

  it("a throttle whose name holds an escape sequence is printed escaped", () => {
    const dir = tmp("thr");
    const mod = join(dir, "named.mjs");
    writeFileSync(
      mod,
      `import { builtinThrottle } from ${JSON.stringify(new URL("../../dist/index.js", import.meta.url).href)};
export function createThrottle() { const t = builtinThrottle({ policy: "fill-limit", headroom: 0, slowdown: 0.5 }); return { ...t, name: ${JSON.stringify(`sly${ESC}]0;pwned${BEL}`)}, permits: (v) => t.permits(v), wakeAt: (v) => t.wakeAt(v), spend: (n, k) => t.spend(n, k), holdCause: (v) => t.holdCause(v) }; }
`,
    );
    const r = tiersim(["check-throttle", "test/fixtures/throttles/burst.yaml", "--throttle", mod]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(RAW_CONTROL);
    expect(r.stdout).toContain("sly\\x1b]0;pwned\\x07");
  });
});
