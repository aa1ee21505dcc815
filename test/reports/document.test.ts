import { beforeAll, describe, expect, it } from "vitest";
import { buildReport, renderReport } from "../../reports/index.js";
import type { ReportFile } from "../../reports/index.js";
import { buildProjectionFixture, buildRunFixture, buildSweepFixture } from "./fixtures.js";

const XSS = "<script>alert(1)</script>";
const IMG = `<img src=x onerror="alert(2)">`;

const fileText = (files: ReportFile[], path: string): string => files.find(([p]) => p === path)![1] as string;

let runFiles: ReportFile[];
let hostileFiles: ReportFile[];

beforeAll(async () => {
  runFiles = (await renderReport(buildRunFixture())).files;
  hostileFiles = (await renderReport(buildRunFixture({ name: XSS, template: IMG, campaign: `${XSS}|*x*` }))).files;
});

describe("report documents of a run", () => {
  it("reference every chart in Markdown and inline every chart in HTML", () => {
    const md = fileText(runFiles, "report.md");
    const html = fileText(runFiles, "report.html");
    const ids = runFiles.filter(([p]) => p.endsWith(".svg")).map(([p]) => p.slice(7, -4));
    for (const id of ids) {
      expect(md).toContain(`](charts/${id}.svg)`);
      expect(md).toContain(`](charts/${id}.png)`);
      expect(md).toContain(`](charts/${id}.vl.json)`);
      expect(html).toContain(`<figure id="chart-${id}">`);
    }
    expect(html.match(/<svg\b/g)).toHaveLength(ids.length);
  });

  it("state the key numbers and the assumptions", () => {
    const run = buildRunFixture();
    const { markdown, html } = buildReport(run);
    for (const doc of [markdown, html]) {
      expect(doc).toContain(run.summary.users.reached.toLocaleString("en-US"));
      expect(doc).toContain("meta-2025-10");
      expect(doc).toContain("Seed");
      expect(doc).toContain("tiersim version");
      expect(doc).toContain(run.tool.version);
      expect(doc).toContain("autoScale.delay");
    }
  });

  it("is self-contained: no script, no external resource", () => {
    const html = fileText(runFiles, "report.html");
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\b(src|href)=["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/@import|url\(\s*["']?https?:/i);
    // The only absolute URLs are XML namespace names, which browsers never fetch.
    const urls = [...html.matchAll(/https?:\/\/[^"'\s)]+/g)].map((m) => m[0]);
    for (const url of urls) expect(url).toMatch(/^http:\/\/www\.w3\.org\/(2000\/svg|1999\/xlink)$/);
    expect(html).toContain("Content-Security-Policy");
  });
});

describe("strings from the scenario", () => {
  it("never reach the HTML as markup", () => {
    const html = fileText(hostileFiles, "report.html");
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("never reach the Markdown as HTML or table structure", () => {
    const md = fileText(hostileFiles, "report.md");
    expect(md).not.toMatch(/<script|<img/i);
    expect(md).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    // Every table row keeps its column count although a campaign name holds a pipe.
    const tables = md.split("\n\n").filter((block) => block.startsWith("|"));
    for (const table of tables) {
      const counts = table.split("\n").map((row) => row.replace(/\\\|/g, "").split("|").length);
      expect(new Set(counts).size).toBe(1);
    }
  });

  it("are escaped inside the inline charts too", () => {
    const svg = hostileFiles.filter(([p]) => p.endsWith(".svg")).map(([, d]) => d as string).join("\n");
    expect(svg).not.toMatch(/<script|<img/i);
    expect(svg).toContain("&lt;script&gt;");
  });
});

describe("report documents of a projection and a sweep", () => {
  it("give a projection's tier table, paralysis and method", () => {
    const p = buildProjectionFixture();
    const { html } = buildReport(p);
    expect(html).toContain("Runs reaching it");
    expect(html).toContain(p.method.quantiles);
    const u = p.reachedAt.unlimited;
    const reached = Math.round(u.share * p.runs);
    // The same words as the terminal: a share of runs with its count, or "not reached (0 of N runs)".
    expect(html).toContain(reached === 0 ? `not reached (0 of ${p.runs} runs)` : `${Math.round(u.share * 100)}% of runs (${reached} of ${p.runs})`);
    expect(html.indexOf("<h2>Verdict</h2>")).toBeGreaterThan(0);
    expect(html.indexOf("<h2>Verdict</h2>")).toBeLessThan(html.indexOf("Key numbers"));
  });

  it("give a sweep's ranking and variants", () => {
    const s = buildSweepFixture();
    const { html, markdown } = buildReport(s);
    expect(html).toContain("Sensitivity ranking");
    expect(html.match(/<tr>/g)!.length).toBeGreaterThanOrEqual(s.variants.length + s.sensitivity.length);
    expect(markdown).toContain("autoScale.delay");
  });
});
