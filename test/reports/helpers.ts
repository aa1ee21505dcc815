// Walks Vega-Lite specs for the properties the chart tests check on every chart.

export interface EncodingSite {
  channel: string;
  def: Record<string, unknown>;
}

/** Every encoding channel definition in a spec, through layers and concatenations. */
export function encodings(spec: unknown): EncodingSite[] {
  const out: EncodingSite[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== "object") return;
    const n = node as Record<string, unknown>;
    if (n.encoding && typeof n.encoding === "object") {
      for (const [channel, def] of Object.entries(n.encoding as Record<string, unknown>)) {
        if (def && typeof def === "object" && !Array.isArray(def)) out.push({ channel, def: def as Record<string, unknown> });
      }
    }
    for (const key of ["layer", "vconcat", "hconcat", "concat", "spec"]) if (key in n) visit(n[key]);
  };
  visit(spec);
  return out;
}

/** Inline data rows of every (sub)spec, concatenated. */
export function dataRows(spec: unknown): Array<Record<string, unknown>> {
  const rows: Array<Record<string, unknown>> = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== "object") return;
    const n = node as Record<string, unknown>;
    const data = n.data as { values?: unknown } | undefined;
    if (data && Array.isArray(data.values)) rows.push(...(data.values as Array<Record<string, unknown>>));
    for (const key of ["layer", "vconcat", "hconcat", "concat"]) if (key in n) visit(n[key]);
  };
  visit(spec);
  return rows;
}

/** Width and height attributes of an SVG's root element. */
export function svgSize(svg: string): { width: number; height: number } {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0] ?? "";
  return { width: Number(/\bwidth="([\d.]+)"/.exec(root)?.[1]), height: Number(/\bheight="([\d.]+)"/.exec(root)?.[1]) };
}

/** Width and height from a PNG's IHDR chunk. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
