import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { buildReport, renderReport } from "../../reports/index.js";
import type { ReportFile } from "../../reports/index.js";
import { buildProjectionFixture, buildRunFixture, buildSweepFixture } from "./fixtures.js";
import { simulate } from "../../sim/run.js";
import { configFromFile } from "../sim/helpers.js";

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
      expect(html).toContain(`<figure id="chart-${id}" data-spec="chart-${id}-spec">`);
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

  it("tell the templates' story as the terminal does: pacing, pauses with their triggers, what was held", () => {
    const run = simulate(configFromFile("scenarios/template-paralysis.yaml"));
    const { markdown, html } = buildReport(run);
    const section = markdown.slice(markdown.indexOf("### Templates"), markdown.indexOf("### Failures by error code"));
    expect(section).toMatch(/\| oferta\\_relampago \| paced 1×: 0 released, [\d,]+ dropped \| 2026-05-04 10:00 GMT-3 paused \(bad early feedback in its pacing assessment\); /);
    expect(section).toMatch(/\| oferta\\_backup \| nothing held for assessment \| 2026-05-11 13:00 GMT-3 paused/);
    expect(markdown).toContain(`| Held for quality assessment (paced) | ${run.summary.messages.held.toLocaleString("en-US")} |`);
    expect(markdown).toContain(`| Paralysis | ${run.summary.paralysis.episodes} episodes, `);
    expect(html).toContain("<td>nothing held for assessment</td>");
    // One episode is singular; a run with no template story has no Templates section.
    const one = structuredClone(buildRunFixture());
    one.summary.paralysis.episodes = 1;
    one.events = one.events.filter((e) => !e.type.startsWith("template-") && !e.type.startsWith("pacing-") && !e.type.startsWith("portfolio-"));
    const plain = buildReport(one).markdown;
    expect(plain).toMatch(/\| Paralysis \| 1 episode, /);
    expect(plain).not.toContain("### Templates");
  });

  it("is self-contained: only its own inline scripts, pinned by hash, and no external resource", () => {
    const full = fileText(runFiles, "report.html");
    const scripts = [...full.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    // One JSON spec per chart, vega's runtime and the page script; none loads anything.
    const json = scripts.filter((m) => m[1].startsWith(' type="application/json" id="chart-'));
    const code = scripts.filter((m) => m[1] === "");
    expect(json.length).toBe(full.match(/<figure /g)!.length);
    expect(code).toHaveLength(2);
    expect(scripts).toHaveLength(json.length + code.length);
    for (const m of json) expect(() => JSON.parse(m[2])).not.toThrow();
    const csp = /Content-Security-Policy" content="([^"]+)"/.exec(full)![1];
    expect(csp).toMatch(/default-src 'none'/);
    for (const m of code) expect(csp).toContain(`'sha256-${createHash("sha256").update(m[2]).digest("base64")}'`);
    const html = full.replace(/<script[^>]*>[\s\S]*?<\/script>/g, "");
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
    const full = fileText(hostileFiles, "report.html");
    // Scenario text inside the inline chart specs is JSON with <, > and & escaped.
    expect(full).not.toContain(XSS);
    expect(full).toContain("\\u003cscript\\u003ealert(1)\\u003c/script\\u003e");
    const html = full.replace(/<script[^>]*>[\s\S]*?<\/script>/g, "");
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

  it("give a rare paralysis cause its hours per run it struck, where its quantiles over all runs read 0", () => {
    const p = buildProjectionFixture();
    // Struck 1 run in 40 for 10 h: median and q05–q95 over the 40 runs are 0.
    p.paralysis.byCause["portfolio-review"] = { probability: 1 / 40, hours: { q05: 0, q25: 0, q50: 0, q75: 0, q95: 0, mean: 0.25, ci95: [0, 0.74] } };
    const { markdown } = buildReport(p);
    const row = markdown.split("\n").find((l) => l.startsWith("| portfolio-review |"));
    expect(row).toBeDefined();
    expect(row).toContain("| 0.0 h – 0.0 h |");
    expect(row!.endsWith("| 10.0 h |")).toBe(true);
    expect(markdown).toMatch(/\| Mean per run affected \|/);
  });

  it("give a sweep's ranking and variants", () => {
    const s = buildSweepFixture();
    const { html, markdown } = buildReport(s);
    expect(html).toContain("Sensitivity ranking");
    expect(html.match(/<tr>/g)!.length).toBeGreaterThanOrEqual(s.variants.length + s.sensitivity.length);
    expect(markdown).toContain("autoScale.delay");
  });
});

describe("a sweep's days to unlimited, censored", () => {
  const sweep = buildSweepFixture();
  const withShares = (share: (i: number) => number) => ({
    ...sweep,
    variants: sweep.variants.map((v, i) => ({ ...v, metrics: { ...v.metrics, shareUnlimited: share(i) } })),
  });

  it("says 'not reached' instead of the horizon when no run of any variant got there", () => {
    const { markdown } = buildReport(withShares(() => 0), { charts: [] });
    expect(markdown).toContain(`Unlimited not reached (0 of ${sweep.variants.length * sweep.runs} runs): no parameter can be ranked by days to unlimited.`);
    expect(markdown.match(new RegExp(`not reached \\(0 of ${sweep.runs} runs\\)`, "g"))).toHaveLength(sweep.variants.length);
  });

  it("marks a variant some of whose runs never got there as a lower bound", () => {
    const { markdown } = buildReport(withShares((i) => (i === 0 ? 0.5 : 1)), { charts: [] });
    const rows = markdown.split("\n").filter((l) => l.startsWith("| 6h |") || l.startsWith("| 24h |"));
    expect(rows[0]).toMatch(/\| ≥ \d/);
    expect(rows.slice(1).every((r) => !r.includes("≥"))).toBe(true);
    expect(markdown).toContain('Days to unlimited: "not reached" when no run');
  });
});
