// Rendering without a browser: Vega-Lite → Vega → SVG string through vega's headless view,
// and SVG → PNG through resvg with the fonts shipped in reports/fonts. System fonts stay off:
// that is what makes a PNG byte-identical on every machine (and keeps text from vanishing
// on machines without the font, which resvg does silently).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Resvg } from "@resvg/resvg-js";
import * as vega from "vega";
import * as vl from "vega-lite";
import type { TopLevelSpec } from "vega-lite";
import { FONT_FAMILY } from "./charts/theme.js";
import { xmlSafe } from "./sanitize.js";

const FONT_FILES = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"];

/**
 * Folder holding the shipped fonts. From the sources it is `./fonts`; from the compiled
 * `dist/reports/` it is the package's `reports/fonts` (listed in package.json `files`).
 */
function fontDir(): string {
  const candidates = [new URL("./fonts/", import.meta.url), new URL("../../reports/fonts/", import.meta.url)];
  for (const dir of candidates) {
    if (existsSync(fileURLToPath(new URL(FONT_FILES[0], dir)))) return fileURLToPath(dir);
  }
  throw new Error(`tiersim: chart fonts not found (looked for ${FONT_FILES[0]} in reports/fonts)`);
}

let fontPaths: string[] | undefined;
function fonts(): string[] {
  fontPaths ??= FONT_FILES.map((f) => fontDir() + f);
  return fontPaths;
}

/** Warnings Vega-Lite reported while compiling a spec (an empty array for a clean spec). */
export interface CompileReport {
  vega: unknown;
  warnings: string[];
}

/**
 * Compiles a Vega-Lite spec to Vega, collecting warnings instead of printing them
 * (the library never logs).
 *
 * @example
 * ```ts
 * const { warnings } = compileSpec(limitChart(result)!); // [] when the spec is clean
 * ```
 */
export function compileSpec(spec: TopLevelSpec): CompileReport {
  const warnings: string[] = [];
  const text = (args: unknown[]): string => args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" ");
  const logger = {
    level: (_?: number) => (_ === undefined ? 0 : logger) as never,
    warn: (...args: unknown[]) => (warnings.push(text(args)), logger),
    info: () => logger,
    debug: () => logger,
    error: (...args: unknown[]) => (warnings.push(`error: ${text(args)}`), logger),
  };
  const compiled = vl.compile(spec, { logger: logger as never });
  return { vega: compiled.spec, warnings };
}

/**
 * Renders a Vega-Lite spec to an SVG string with vega's headless view (no browser, no canvas).
 * Two renders of the same spec are byte-identical; time axes use UTC scales, so the output
 * does not depend on the machine's time zone either.
 *
 * @example
 * ```ts
 * const svg = await renderSvg(chartsFor(result)[0].spec);
 * ```
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const { vega: vgSpec } = compileSpec(spec);
  const view = new vega.View(vega.parse(vgSpec as vega.Spec), { renderer: "none", logLevel: vega.None });
  try {
    // Vega escapes markup but not the characters XML forbids; resvg and browsers reject those.
    return xmlSafe(await view.toSVG());
  } finally {
    view.finalize();
  }
}

/**
 * Rasterises an SVG to PNG at 2× zoom on white, with the bundled DejaVu Sans fonts and system
 * fonts disabled, so the bytes are the same on every machine.
 *
 * @example
 * ```ts
 * writeFileAtomic("charts/limit.png", renderPng(svg));
 * ```
 */
export function renderPng(svg: string): Uint8Array {
  const resvg = new Resvg(svg, {
    fitTo: { mode: "zoom", value: 2 },
    background: "white",
    font: { loadSystemFonts: false, fontFiles: fonts(), defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY },
  });
  return new Uint8Array(resvg.render().asPng());
}
