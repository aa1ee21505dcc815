// The reports in a real browser: headless Chromium driven by playwright-core. CI installs
// Debian's `chromium`; where it is absent the test is skipped and says why.
//
// Every chart of the quickstart run, a projection and sweeps (one ordinary, one where every
// variant gives the same result, one where no run reaches unlimited) is checked twice: as the
// static SVG written to charts/ (what a planner pastes) and as the interactive view report.html
// draws. For each picture: not blank, its title and axis labels present, and no two visible
// text boxes overlapping (positions measured by the browser). The page itself: zero console
// errors, zero requests but the file, a tooltip on hover, and no table wider than the page.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chartsFor, compileSpec, renderReport, representativeChartsFor } from "../../reports/index.js";
import type { AnyResult, SweepResult } from "../../reports/index.js";
import type { RunResult } from "../../sim/result.js";
import { simulate } from "../../sim/run.js";
import { configFromFile } from "../sim/helpers.js";
import { buildProjectionFixture, buildRunFixture, buildSweepFixture } from "./fixtures.js";

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`browser test skipped: ${CHROMIUM} not found (install Debian's chromium package to run it)`);

const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/** What the page probe reports of one picture (a static or a live SVG). */
interface Picture {
  figure: string;
  kind: "static" | "live";
  width: number;
  height: number;
  title: string;
  axes: number;
  axesWithLabels: number;
  axisTitles: string[];
  overlaps: string[];
  marks: number;
}

/** What the page probe reports of one report. */
interface PageReport {
  url: string;
  requests: string[];
  errors: string[];
  interactive: string[];
  pictures: Picture[];
  tables: Array<{ wrapRight: number; tableWidth: number; wrapWidth: number; mainRight: number }>;
  narrowTables: Array<{ wrapRight: number; tableWidth: number; wrapWidth: number; mainRight: number }>;
  tooltip: { shown: boolean; text: string };
  blank: Record<string, { colours: number; variance: number }>;
}

// Runs in the page (as source text: the project compiles without DOM types). Visible text is
// text whose own and ancestors' opacity is not 0 and that is displayed; Vega keeps the axis
// labels it drops for overlap in the SVG with opacity 0.
const PROBE = `(() => {
  const visible = (el) => {
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const cs = getComputedStyle(e);
      if (cs.display === "none" || cs.visibility === "hidden" || Number(cs.opacity) === 0) return false;
      if (e.getAttribute("opacity") === "0") return false;
    }
    return true;
  };
  const texts = (root) => [...root.querySelectorAll("text")].filter((t) => visible(t) && t.textContent.trim() !== "");
  const pictures = [];
  for (const fig of document.querySelectorAll("figure")) {
    for (const kind of ["static", "live"]) {
      const svg = fig.querySelector("." + kind + " svg");
      if (!svg) continue;
      const r = svg.getBoundingClientRect();
      const boxes = texts(svg).map((t) => ({ text: t.textContent.trim(), box: t.getBoundingClientRect() }));
      const overlaps = [];
      for (let i = 0; i < boxes.length; i++)
        for (let j = i + 1; j < boxes.length; j++) {
          const a = boxes[i].box, b = boxes[j].box;
          const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
          const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
          if (w > 1 && h > 1) overlaps.push(JSON.stringify(boxes[i].text) + " / " + JSON.stringify(boxes[j].text));
        }
      const axes = [...svg.querySelectorAll("g.role-axis[role=graphics-symbol]")];
      pictures.push({
        figure: fig.id,
        kind,
        width: r.width,
        height: r.height,
        title: [...svg.querySelectorAll(".role-title-text text")].filter(visible).map((t) => t.textContent).join(" | "),
        axes: axes.length,
        axesWithLabels: axes.filter((a) => texts(a).some((t) => t.closest(".role-axis-label"))).length,
        axisTitles: axes.flatMap((a) => [...a.querySelectorAll(".role-axis-title text")].filter(visible).map((t) => t.textContent)),
        overlaps,
        marks: svg.querySelectorAll("[role=graphics-symbol]").length,
      });
    }
  }
  const main = document.querySelector("main").getBoundingClientRect();
  const tables = [...document.querySelectorAll(".table-wrap")].map((w) => ({
    wrapRight: w.getBoundingClientRect().right,
    wrapWidth: w.clientWidth,
    tableWidth: w.querySelector("table").scrollWidth,
    mainRight: main.right,
  }));
  return {
    interactive: [...document.querySelectorAll("figure.interactive")].map((f) => f.id),
    pictures,
    tables,
  };
})()`;

describe.skipIf(!hasChromium)("reports in headless Chromium", () => {
  const dir = mkdtempSync(join(tmpdir(), "tiersim-browser-"));
  let context: BrowserContext;
  const reports: Record<string, PageReport> = {};
  const expected: Record<string, Array<{ id: string; title: string; axes: boolean }>> = {};

  /** Screenshot statistics of one element: distinct colours and luminance variance. */
  async function pixels(page: Page, selector: string): Promise<{ colours: number; variance: number }> {
    const shot = await page.locator(selector).screenshot({ type: "png" });
    const probe = await context.newPage();
    try {
      return (await probe.evaluate(`(async () => {
        const img = new Image();
        img.src = "data:image/png;base64,${shot.toString("base64")}";
        await img.decode();
        const canvas = document.createElement("canvas");
        canvas.width = img.naturalWidth;
        canvas.height = img.naturalHeight;
        const ctx = canvas.getContext("2d");
        ctx.drawImage(img, 0, 0);
        const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
        const colours = new Set();
        let sum = 0, sumSq = 0;
        const n = data.length / 4;
        for (let i = 0; i < data.length; i += 4) {
          colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
          const y = 0.2126 * data[i] + 0.7152 * data[i + 1] + 0.0722 * data[i + 2];
          sum += y;
          sumSq += y * y;
        }
        return { colours: colours.size, variance: sumSq / n - (sum / n) ** 2 };
      })()`)) as { colours: number; variance: number };
    } finally {
      await probe.close();
    }
  }

  async function open(name: string, result: AnyResult, representative?: RunResult): Promise<PageReport> {
    const { files } = await renderReport(result, { representative });
    const charts = chartsFor(result);
    if (representative && result.schema === "tiersim/projection@1" && result.representative) charts.push(...representativeChartsFor(representative, { index: result.representative.index, runs: result.runs }));
    expected[name] = charts.map((c) => ({ id: c.id, title: c.title, axes: JSON.stringify(compileSpec(c.spec).vega).includes('"axes"') }));
    const file = join(dir, `${name}.html`);
    writeFileSync(file, files.find(([p]) => p === "report.html")![1] as string);
    const url = pathToFileURL(file).href;
    const page = await context.newPage();
    const requests: string[] = [];
    const errors: string[] = [];
    page.on("console", (msg) => {
      if (msg.type() === "error") errors.push(msg.text());
    });
    page.on("pageerror", (err) => errors.push(err.message));
    page.on("request", (req) => requests.push(req.url()));
    // Anything but the page itself is refused, so a stray reference fails instead of fetching.
    await page.route("**/*", (route) => (route.request().url() === url ? route.continue() : route.abort()));
    await page.goto(url, { waitUntil: "load" });
    const figures = expected[name].length;
    await page.waitForFunction(`document.querySelectorAll("figure.interactive").length >= ${figures}`, undefined, { timeout: 20_000 }).catch(() => undefined);

    // The tooltip: a pointer move over the middle of the first bar big enough to aim at.
    const bars = page.locator("figure.interactive .live .mark-rect path[role=graphics-symbol]");
    for (let i = 0, n = Math.min(await bars.count(), 200); i < n; i++) {
      const bar = bars.nth(i);
      const first = await bar.boundingBox();
      if (!first || first.width < 4 || first.height < 4) continue;
      await bar.scrollIntoViewIfNeeded();
      const box = (await bar.boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.waitForTimeout(100);
      break;
    }
    const tooltip = (await page.evaluate(`(() => { const t = document.querySelector(".vg-tooltip"); return { shown: !!t && !t.hidden && t.offsetWidth > 0, text: t ? t.textContent : "" }; })()`)) as PageReport["tooltip"];

    // The static SVG is hidden once the view renders: show both to measure both.
    await page.addStyleTag({ content: "figure .static, figure .live { display: block !important; }" });
    const probe = (await page.evaluate(PROBE)) as Pick<PageReport, "interactive" | "pictures" | "tables">;
    const blank: PageReport["blank"] = {};
    for (const c of expected[name]) blank[c.id] = await pixels(page, `#chart-${c.id} .static svg`);
    // On a phone-sized window a table may scroll inside its box, but the box stays on the page.
    await page.setViewportSize({ width: 400, height: 800 });
    const narrow = (await page.evaluate(PROBE)) as Pick<PageReport, "tables">;
    await page.close();
    return { url, requests, errors, tooltip, blank, ...probe, narrowTables: narrow.tables };
  }

  const sweep = buildSweepFixture();
  // Every variant gives the same users reached; no run of any variant reaches unlimited.
  const flat: SweepResult = {
    ...sweep,
    variants: sweep.variants.map((v) => ({ ...v, metrics: { ...v.metrics, usersReached: 2401, daysToUnlimited: 14, shareUnlimited: 0 } })),
    sensitivity: sweep.sensitivity.map((s) =>
      s.metric === "usersReached" || s.metric === "daysToUnlimited"
        ? { ...s, low: { ...s.low, metric: s.metric === "usersReached" ? 2401 : 14 }, high: { ...s.high, metric: s.metric === "usersReached" ? 2401 : 14 }, swing: 0 }
        : s,
    ),
  };
  const NAMES = ["quickstart", "run", "projection", "sweep", "flat-sweep"] as const;

  beforeAll(async () => {
    context = await chromium.launchPersistentContext(join(dir, "profile"), { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1024, height: 768 } });
    const quickstart: RunResult = simulate(configFromFile("scenarios/quickstart.yaml"));
    // A projection with its representative run (replayed here from the fixture's seed), as npm start writes it.
    const base = buildProjectionFixture({ runs: 16 });
    const rep = base.perRun[3];
    const projection = { ...base, representative: { index: rep.index, seed: rep.seed, method: "nearest the medians" } };
    const results: Record<(typeof NAMES)[number], AnyResult> = {
      quickstart,
      run: buildRunFixture({ name: "<script>alert(1)</script>" }),
      projection,
      sweep,
      "flat-sweep": flat,
    };
    for (const name of NAMES) reports[name] = await open(name, results[name], name === "projection" ? buildRunFixture({ seed: rep.seed }) : undefined);
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(NAMES)("%s: no console errors and no request but the file itself", (name) => {
    const r = reports[name];
    expect(r.errors).toEqual([]);
    expect(r.requests).toEqual([r.url]);
  });

  it.each(NAMES)("%s: every chart renders interactively, and a hover shows its tooltip", (name) => {
    const r = reports[name];
    expect(r.interactive.sort()).toEqual(expected[name].map((c) => `chart-${c.id}`).sort());
    expect(r.tooltip.shown).toBe(true);
    expect(r.tooltip.text.length).toBeGreaterThan(0);
  });

  it.each(NAMES)("%s: every picture, static and live, is drawn with its title, axes and labels", (name) => {
    const r = reports[name];
    for (const chart of expected[name]) {
      for (const kind of ["static", "live"] as const) {
        const p = r.pictures.find((x) => x.figure === `chart-${chart.id}` && x.kind === kind);
        const what = `${name} ${chart.id} (${kind})`;
        expect(p, what).toBeDefined();
        expect(p!.width, what).toBeGreaterThan(300);
        expect(p!.height, what).toBeGreaterThan(80);
        expect(p!.title, what).toContain(chart.title);
        expect(p!.marks, what).toBeGreaterThan(0);
        if (chart.axes) {
          expect(p!.axes, what).toBeGreaterThan(0);
          expect(p!.axesWithLabels, what).toBe(p!.axes);
          expect(p!.axisTitles.length, what).toBeGreaterThan(0);
        }
      }
    }
  });

  it.each(NAMES)("%s: no two visible text boxes overlap in any picture", (name) => {
    const overlaps = reports[name].pictures.flatMap((p) => p.overlaps.map((o) => `${p.figure} (${p.kind}): ${o}`));
    expect(overlaps).toEqual([]);
  });

  it.each(NAMES)("%s: no chart is blank", (name) => {
    for (const [id, px] of Object.entries(reports[name].blank)) {
      expect(px.colours, id).toBeGreaterThan(8);
      expect(px.variance, id).toBeGreaterThan(50);
    }
  });

  it.each(NAMES)("%s: no table runs off the page, on a desktop window or a phone", (name) => {
    expect(reports[name].tables.length).toBeGreaterThan(0);
    for (const t of reports[name].tables) {
      expect(t.wrapRight).toBeLessThanOrEqual(t.mainRight + 1);
      expect(t.tableWidth).toBeLessThanOrEqual(t.wrapWidth + 1);
    }
    for (const t of reports[name].narrowTables) expect(t.wrapRight).toBeLessThanOrEqual(Math.min(t.mainRight, 400) + 1);
  });

  it("covers every chart kind: the sweeps' tornados, including the degenerate ones", () => {
    expect(expected.sweep.map((c) => c.id)).toEqual(["tornado-users-reached", "tornado-paralysis-hours", "tornado-days-to-unlimited"]);
    expect(expected["flat-sweep"].find((c) => c.id === "tornado-days-to-unlimited")!.axes).toBe(false);
    expect(expected.quickstart.length).toBeGreaterThanOrEqual(6);
    expect(expected.projection.map((c) => c.id)).toContain("tier-probability");
    expect(expected.projection.map((c) => c.id)).toContain("representative-paralysis");
  });
});
