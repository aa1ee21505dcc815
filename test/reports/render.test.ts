import { beforeAll, describe, expect, it } from "vitest";
import { renderReport } from "../../reports/index.js";
import type { ReportFile } from "../../reports/index.js";
import { chartsFor } from "../../reports/charts/index.js";
import { renderPng, renderSvg } from "../../reports/render.js";
import { buildProjectionFixture, buildRunFixture, buildSweepFixture } from "./fixtures.js";
import { PNG_SIGNATURE, pngSize, svgSize } from "./helpers.js";

const run = buildRunFixture();
const projection = buildProjectionFixture();
const sweep = buildSweepFixture();

// Each report is rendered twice, once per test file run, and shared by every assertion below.
const renders: Record<string, [ReportFile[], ReportFile[]]> = {};

beforeAll(async () => {
  for (const [name, result] of [["run", run], ["projection", projection], ["sweep", sweep]] as const) {
    renders[name] = [(await renderReport(result)).files, (await renderReport(result)).files];
  }
});

const svgs = (files: ReportFile[]): Array<[string, string]> => files.filter(([p]) => p.endsWith(".svg")).map(([p, d]) => [p, d as string]);
const pngs = (files: ReportFile[]): Array<[string, Uint8Array]> => files.filter(([p]) => p.endsWith(".png")).map(([p, d]) => [p, d as Uint8Array]);

describe.each(["run", "projection", "sweep"])("rendering the %s report", (name) => {
  it("writes svg, png and vl.json for every chart, plus report.md and report.html", () => {
    const [files] = renders[name];
    const paths = files.map(([p]) => p);
    expect(paths.slice(0, 2)).toEqual(["report.md", "report.html"]);
    const ids = paths.filter((p) => p.endsWith(".svg")).map((p) => p.slice("charts/".length, -".svg".length));
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(paths).toEqual(expect.arrayContaining([`charts/${id}.png`, `charts/${id}.vl.json`]));
    expect(paths).toHaveLength(2 + ids.length * 3);
  });

  it("is byte-identical across two renders (SVG, PNG, JSON and documents)", () => {
    const [a, b] = renders[name];
    expect(b.map(([p]) => p)).toEqual(a.map(([p]) => p));
    a.forEach(([path, data], i) => {
      const other = b[i][1];
      if (typeof data === "string") expect(other, path).toBe(data);
      else expect(Buffer.from(other as Uint8Array).equals(Buffer.from(data)), path).toBe(true);
    });
  });

  it("renders SVGs in the shipped font that fit a document page", () => {
    for (const [path, svg] of svgs(renders[name][0])) {
      const families = new Set([...svg.matchAll(/font-family="([^"]*)"/g)].map((m) => m[1]));
      expect([...families], path).toEqual(["DejaVu Sans"]);
      const { width, height } = svgSize(svg);
      expect(width, path).toBeGreaterThan(300);
      expect(width, `${path} fits an A4 text column`).toBeLessThanOrEqual(760);
      expect(height, path).toBeLessThanOrEqual(900);
    }
  });

  it("renders PNGs at twice the SVG size", () => {
    const [files] = renders[name];
    const bySvg = new Map(svgs(files));
    for (const [path, png] of pngs(files)) {
      expect([...png.slice(0, 8)], path).toEqual(PNG_SIGNATURE);
      const svg = svgSize(bySvg.get(path.replace(/\.png$/, ".svg"))!);
      expect(pngSize(png), path).toEqual({ width: Math.ceil(svg.width * 2), height: Math.ceil(svg.height * 2) });
    }
  });

  it("saves a Vega-Lite spec that is the chart's own spec", () => {
    const [files] = renders[name];
    const result = name === "run" ? run : name === "projection" ? projection : sweep;
    for (const chart of chartsFor(result)) {
      const json = files.find(([p]) => p === `charts/${chart.id}.vl.json`)![1] as string;
      expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(chart.spec)));
    }
  });
});

describe("PNG text", () => {
  it("draws the chart's text with the bundled fonts (a PNG without its text differs)", () => {
    // With no usable font resvg drops text silently; stripping the text must then change nothing.
    const [, svg] = svgs(renders.run[0])[0];
    const withText = renderPng(svg);
    const withoutText = renderPng(svg.replace(/<text\b[^>]*>[^<]*<\/text>/g, ""));
    expect(Buffer.from(withText).equals(Buffer.from(withoutText))).toBe(false);
  });
});

describe("time zone", () => {
  it("gives the same SVG whatever the machine's time zone", async () => {
    const spec = chartsFor(run)[0].spec;
    const saved = process.env.TZ;
    try {
      process.env.TZ = "America/Sao_Paulo";
      const saoPaulo = await renderSvg(spec);
      process.env.TZ = "Asia/Kolkata";
      const kolkata = await renderSvg(spec);
      expect(kolkata).toBe(saoPaulo);
      expect(saoPaulo).toBe(svgs(renders.run[0])[0][1]);
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});
