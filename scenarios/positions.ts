// Maps a path inside the scenario back to where it is written. Paths come from zod and
// from the semantic checks; the YAML document keeps source ranges for every node.
import { isMap, isPair, isScalar, isSeq } from "yaml";
import type { Document, LineCounter, Node } from "yaml";
import type { IssuePath } from "./issues.js";

/** A 1-based position in the source. */
export interface Position {
  line: number;
  column: number;
}

function keyMatches(key: unknown, seg: string | number): boolean {
  const k = isScalar(key) ? key.value : key;
  return String(k) === String(seg);
}

/**
 * The position of the value at `path` (or of its key with `at: "key"`). A path that does not
 * exist in the file, such as a missing required key, resolves to the deepest parent that does.
 *
 * @example
 * ```ts
 * const lc = new LineCounter();
 * const doc = parseDocument("a:\n  b: 1\n", { lineCounter: lc });
 * positionOf(doc, lc, ["a", "b"]); // { line: 2, column: 6 }
 * ```
 */
export function positionOf(doc: Document, lc: LineCounter, path: IssuePath, at: "key" | "value" = "value"): Position {
  let node: unknown = doc.contents;
  let keyNode: unknown;
  for (const seg of path) {
    keyNode = undefined;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && keyMatches(p.key, seg));
      if (!pair) break;
      keyNode = pair.key;
      // `key:` with nothing after it has no value node; point at the key then.
      node = pair.value ?? pair.key;
    } else if (isSeq(node) && typeof seg === "number" && seg < node.items.length) {
      node = node.items[seg];
    } else {
      break;
    }
  }
  const target = (at === "key" && keyNode ? keyNode : node) as Node | null | undefined;
  const offset = target?.range?.[0] ?? 0;
  const { line, col } = lc.linePos(offset);
  return { line, column: col };
}
