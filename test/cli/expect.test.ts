// Thresholds from the command line and the scenario file: exit 1 with the measured value, and
// JUnit XML a CI dashboard can read.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tiersim } from "./tiersim.js";

interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

/** A strict little XML reader: throws on anything not well-formed (unbalanced tags, bad entities, raw < or &). */
function parseXml(src: string): XmlNode {
  let i = 0;
  const decode = (s: string): string => {
    if (/&(?!(amp|lt|gt|quot|apos);)/.test(s)) throw new Error(`bad entity in ${JSON.stringify(s)}`);
    return s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");
  };
  const skip = (): void => {
    while (/\s/.test(src[i] ?? "")) i++;
  };
  if (src.startsWith("<?xml")) i = src.indexOf("?>") + 2;
  const element = (): XmlNode => {
    skip();
    const open = /^<([A-Za-z][\w-]*)((?:\s+[\w-]+="[^"<]*")*)\s*(\/?)>/.exec(src.slice(i));
    if (!open) throw new Error(`expected an element at ${i}: ${src.slice(i, i + 40)}`);
    i += open[0].length;
    const attrs: Record<string, string> = {};
    for (const m of open[2].matchAll(/([\w-]+)="([^"]*)"/g)) {
      if (m[1] in attrs) throw new Error(`duplicate attribute ${m[1]}`);
      attrs[m[1]] = decode(m[2]);
    }
    const node: XmlNode = { name: open[1], attrs, children: [], text: "" };
    if (open[3] === "/") return node;
    for (;;) {
      const lt = src.indexOf("<", i);
      if (lt < 0) throw new Error(`unclosed <${node.name}>`);
      node.text += decode(src.slice(i, lt));
      i = lt;
      if (src.startsWith(`</${node.name}>`, i)) {
        i += node.name.length + 3;
        return node;
      }
      if (src.startsWith("</", i)) throw new Error(`mismatched close at ${i}: expected </${node.name}>`);
      node.children.push(element());
    }
  };
  const root = element();
  skip();
  if (i !== src.length) throw new Error("content after the root element");
  return root;
}

const dir = mkdtempSync(join(tmpdir(), "tiersim-expect-"));
const scenario = join(dir, "expect.yaml");
writeFileSync(
  scenario,
  `${readFileSync("scenarios/worked-example-2days.yaml", "utf8")}
expect:
  - days.10000 <= 2d          # holds: 10K on day 2
  - paralysis.hours < 1h      # holds: no paralysis
  - days.unlimited <= 3d      # fails: never reached within the horizon
  - cost.total.q50 < 1        # a projection statistic: skipped on a single run
`,
);

describe("thresholds", () => {
  it("a scenario whose expect: fails exits 1, prints the measured values and writes valid JUnit XML", () => {
    const junit = join(dir, "run.xml");
    const r = tiersim(["run", scenario, "--junit", junit, "--expect", 'rates.delivered >= 99%']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/Thresholds {2}1 of 4 failed/);
    expect(r.stdout).toMatch(/✓ days\.10000 <= 2d +measured 1\.\d+ d/);
    expect(r.stdout).toMatch(/✗ days\.unlimited <= 3d +measured not reached/);
    expect(r.stdout).toMatch(/✓ rates\.delivered >= 99% +measured 100%/);
    expect(r.stdout).toMatch(/– cost\.total\.q50 < 1 +skipped: a statistic over runs \(give --runs N\)/);

    const doc = parseXml(readFileSync(junit, "utf8"));
    expect(doc.name).toBe("testsuites");
    expect(doc.attrs).toMatchObject({ tests: "5", failures: "1", skipped: "1" });
    expect(doc.children).toHaveLength(1);
    const suite = doc.children[0];
    expect(suite.name).toBe("testsuite");
    expect(suite.attrs.name).toBe("Meta worked example — 1K to 10K in 2 days");
    expect(suite.children.map((c) => c.name)).toEqual(["testcase", "testcase", "testcase", "testcase", "testcase"]);
    const failed = suite.children.filter((c) => c.children.some((x) => x.name === "failure"));
    expect(failed.map((c) => c.attrs.name)).toEqual(["days.unlimited <= 3d"]);
    expect(failed[0].children[0].attrs.message).toBe("measured not reached; expected days.unlimited <= 3d");
    expect(suite.children.filter((c) => c.children.some((x) => x.name === "skipped")).map((c) => c.attrs.name)).toEqual(["cost.total.q50 < 1"]);
  });

  it("checks statistics over runs with --runs, keeps stdout one JSON document with --json", () => {
    const junit = join(dir, "projection.xml");
    const r = tiersim(["run", scenario, "--runs", "3", "--workers", "1", "--json", "--junit", junit, "--expect", "paralysis.probability <= 0%"]);
    expect(r.code, r.stderr).toBe(1);
    expect(JSON.parse(r.stdout).schema).toBe("tiersim/projection@1");
    expect(r.stderr).toMatch(/✗ cost\.total\.q50 < 1 +measured [\d.,]+/);
    expect(r.stderr).toMatch(/✓ paralysis\.probability <= 0% +measured 0%/);
    expect(r.stderr).toMatch(/– paralysis\.hours < 1h +skipped: a single run's metric/);
    const doc = parseXml(readFileSync(junit, "utf8"));
    expect(doc.attrs).toMatchObject({ failures: "1" });
  });

  it("a malformed --expect is a usage error with a did-you-mean, before anything runs", () => {
    const r = tiersim(["run", scenario, "--expect", "paralysis.hour < 24h"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown metric "paralysis.hour"|unknown paralysis cause "hour"/);
    expect(r.stderr).toMatch(/did you mean "paralysis.hours"/);
    expect(r.stdout).toBe("");
    const q = tiersim(["run", scenario, "--expect", "paralysis.hours.q95 < 24h"]);
    expect(q.code).toBe(2);
    expect(q.stderr).toMatch(/a statistic over many runs; give --runs N/);
  });

  it("all thresholds holding exits 0 and still writes the JUnit file", () => {
    const junit = join(dir, "ok.xml");
    const r = tiersim(["run", "scenarios/worked-example-2days.yaml", "--expect", "days.10000 <= 2d", "--junit", junit]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Thresholds {2}all 1 passed/);
    expect(parseXml(readFileSync(junit, "utf8")).attrs).toMatchObject({ tests: "1", failures: "0" });
  });
});
