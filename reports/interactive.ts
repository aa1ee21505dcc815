// What makes report.html interactive: vega's own minified runtime, read from the installed
// package when a report is written and inlined once per file, each chart's compiled Vega spec
// as inline JSON, and a small script that renders the views with a tooltip. Nothing is fetched:
// the page opens from file:// offline, and the Content-Security-Policy allows only these
// scripts (pinned by their SHA-256), so a stray reference fails instead of loading.
//
// Why vega's View API and not vega-embed: the specs are compiled to Vega here (the same
// compile that draws the static SVG), so the page needs neither the Vega-Lite compiler nor
// vega-embed's action menu; the tooltip below is a few lines instead of another dependency.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

let runtime: string | undefined;

/**
 * vega's minified browser build (`build/vega.min.js` of the installed `vega` package), read once.
 *
 * @example
 * ```ts
 * const js = vegaRuntime(); // "!function(t,e){…" — about 0.5 MB
 * ```
 */
export function vegaRuntime(): string {
  if (runtime === undefined) {
    // The package exports only its ES module entry; the UMD build sits beside it.
    const entry = createRequire(import.meta.url).resolve("vega");
    const text = readFileSync(join(dirname(entry), "vega.min.js"), "utf8");
    // Inlined in a <script> element: the sequence that would end it early must not occur.
    if (/<\/script/i.test(text)) throw new Error("tiersim: vega.min.js holds '</script' and cannot be inlined");
    runtime = text;
  }
  return runtime;
}

/**
 * JSON that is safe inside a `<script type="application/json">` element: `<`, `>`, `&` and
 * the line separators are written as `\u` escapes, so no scenario text can close the element.
 *
 * @example
 * ```ts
 * scriptJson({ name: "</script>" }); // '{"name":"\\u003c/script\\u003e"}'
 * ```
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** The CSP source of an inline script: `'sha256-…'`. */
export function scriptHash(source: string): string {
  return `'sha256-${createHash("sha256").update(source, "utf8").digest("base64")}'`;
}

/**
 * The page script: renders each `figure[data-spec]` from its inline Vega spec into the figure's
 * `.live` box with vega's SVG renderer, then marks the figure `interactive` (the CSS then hides
 * the static SVG, which stays the fallback when scripts are off or a view fails). Tooltips are
 * a `div.vg-tooltip` that follows the pointer; values are written with textContent only.
 */
export const VIEW_SCRIPT = `(function () {
  "use strict";
  var tip = document.createElement("div");
  tip.className = "vg-tooltip";
  tip.setAttribute("role", "tooltip");
  tip.hidden = true;
  document.body.appendChild(tip);
  function text(v) {
    if (typeof v === "number") return v.toLocaleString("en-US", { maximumFractionDigits: 2 });
    if (v && typeof v === "object") return JSON.stringify(v);
    return String(v);
  }
  function show(handler, event, item, value) {
    if (value === null || value === undefined || value === "") { tip.hidden = true; return; }
    while (tip.firstChild) tip.removeChild(tip.firstChild);
    if (typeof value === "object" && !Array.isArray(value)) {
      var table = document.createElement("table");
      Object.keys(value).forEach(function (k) {
        var row = table.insertRow();
        var th = document.createElement("th");
        th.textContent = k;
        row.appendChild(th);
        row.insertCell().textContent = text(value[k]);
      });
      tip.appendChild(table);
    } else {
      tip.textContent = text(value);
    }
    tip.hidden = false;
    var x = event.clientX + 14, y = event.clientY + 14;
    if (x + tip.offsetWidth > window.innerWidth - 8) x = Math.max(8, event.clientX - tip.offsetWidth - 14);
    if (y + tip.offsetHeight > window.innerHeight - 8) y = Math.max(8, event.clientY - tip.offsetHeight - 14);
    tip.style.left = (x + window.scrollX) + "px";
    tip.style.top = (y + window.scrollY) + "px";
  }
  if (typeof vega === "undefined") return;
  Array.prototype.forEach.call(document.querySelectorAll("figure[data-spec]"), function (fig) {
    var source = document.getElementById(fig.getAttribute("data-spec"));
    var live = fig.querySelector(".live");
    if (!source || !live) return;
    try {
      var view = new vega.View(vega.parse(JSON.parse(source.textContent)), { renderer: "svg", container: live, tooltip: show, logLevel: vega.Error });
      view.runAsync().then(function () {
        fig.classList.add("interactive");
      }, function (err) {
        console.error("chart " + fig.id + ": " + err);
      });
    } catch (err) {
      console.error("chart " + fig.id + ": " + err);
    }
  });
})();
`;

/**
 * The spec the interactive view draws: the chart's own, with a tooltip on every mark that has
 * none (the fields it encodes), so hovering anything tells its values.
 *
 * @example
 * ```ts
 * compileSpec(withTooltips(spec)).vega; // what report.html renders
 * ```
 */
export function withTooltips<T extends object>(spec: T): T {
  const config = ((spec as { config?: Record<string, unknown> }).config ?? {}) as Record<string, unknown>;
  const mark = (config.mark ?? {}) as Record<string, unknown>;
  return { ...spec, config: { ...config, mark: { ...mark, tooltip: { content: "encoding" } } } };
}
