// The HTML report in a real browser: headless Chromium driven by playwright-core. CI installs
// Debian's `chromium`; where it is absent the test is skipped and says why.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderReport } from "../../reports/index.js";
import { buildProjectionFixture, buildRunFixture } from "./fixtures.js";

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`browser test skipped: ${CHROMIUM} not found (install Debian's chromium package to run it)`);

const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

// The screenshot probe runs in the page; the project compiles without DOM types, so the few
// browser APIs it touches are described here.
interface ProbeGlobals {
  Image: new () => { src: string; naturalWidth: number; naturalHeight: number; decode(): Promise<void> };
  document: {
    createElement(tag: "canvas"): {
      width: number;
      height: number;
      getContext(kind: "2d"): { drawImage(img: unknown, x: number, y: number): void; getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null;
    };
  };
}

interface PageReport {
  url: string;
  requests: string[];
  errors: string[];
  boxes: Array<{ id: string; width: number; height: number }>;
  distinctColours: number;
  luminanceVariance: number;
}

describe.skipIf(!hasChromium)("HTML report in headless Chromium", () => {
  const dir = mkdtempSync(join(tmpdir(), "tiersim-browser-"));
  let context: BrowserContext;
  const reports: Record<string, PageReport> = {};

  async function open(name: string, html: string): Promise<PageReport> {
    const file = join(dir, `${name}.html`);
    writeFileSync(file, html);
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
    const boxes = await page.$$eval("figure", (figs) =>
      figs.map((f) => {
        const r = f.querySelector("svg")!.getBoundingClientRect();
        return { id: f.id, width: r.width, height: r.height };
      }),
    );
    const shot = await page.screenshot({ fullPage: true, type: "png" });
    await page.close();

    // Decode the screenshot in a blank page's canvas and measure how much it varies.
    const probe = await context.newPage();
    const stats = await probe.evaluate(async (b64: string) => {
      const { Image, document } = globalThis as unknown as ProbeGlobals;
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const canvas = document.createElement("canvas");
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const ctx = canvas.getContext("2d")!;
      ctx.drawImage(img, 0, 0);
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      const colours = new Set<number>();
      let sum = 0;
      let sumSq = 0;
      const n = data.length / 4;
      for (let i = 0; i < data.length; i += 4) {
        colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
        const y = 0.2126 * data[i] + 0.7152 * data[i + 1] + 0.0722 * data[i + 2];
        sum += y;
        sumSq += y * y;
      }
      return { distinctColours: colours.size, luminanceVariance: sumSq / n - (sum / n) ** 2 };
    }, shot.toString("base64"));
    await probe.close();
    return { url, requests, errors, boxes, ...stats };
  }

  beforeAll(async () => {
    context = await chromium.launchPersistentContext(join(dir, "profile"), { executablePath: CHROMIUM, headless: true, args: ARGS });
    for (const [name, result] of [["run", buildRunFixture({ name: "<script>alert(1)</script>" })], ["projection", buildProjectionFixture({ runs: 16 })]] as const) {
      const { files } = await renderReport(result);
      reports[name] = await open(name, files.find(([p]) => p === "report.html")![1] as string);
    }
  });

  afterAll(async () => {
    await context?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(["run", "projection"])("%s: no console errors and no request but the file itself", (name) => {
    const r = reports[name];
    expect(r.errors).toEqual([]);
    expect(r.requests).toEqual([r.url]);
  });

  it.each(["run", "projection"])("%s: every chart is visible", (name) => {
    const r = reports[name];
    expect(r.boxes.length).toBeGreaterThanOrEqual(6);
    for (const box of r.boxes) {
      expect(box.width, box.id).toBeGreaterThan(100);
      expect(box.height, box.id).toBeGreaterThan(100);
    }
  });

  it.each(["run", "projection"])("%s: the screenshot is not blank", (name) => {
    const r = reports[name];
    expect(r.distinctColours).toBeGreaterThan(16);
    expect(r.luminanceVariance).toBeGreaterThan(50);
  });
});
