// "Did you mean …?" for mistyped names: parameter paths, rule-set ids, scenario keys.

/**
 * Edit distance (insertions, deletions, substitutions) between two strings.
 *
 * @example
 * ```ts
 * levenshtein("delay", "dealy"); // 2
 * ```
 */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  // Two rows are enough: each cell only needs the row above and the cell to its left.
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}

/**
 * The candidate closest to `word` (case-insensitive edit distance), or `undefined` when none is
 * close enough to be a plausible typo. The default tolerance is a third of the word's length,
 * at least 2, so `dealy` finds `delay` but `colour` does not find `budget`. Ties go to the
 * earlier candidate, so callers control preference by order.
 *
 * @example
 * ```ts
 * closest("autoScale.dealy", ["autoScale.delay", "autoScale.factor"]); // "autoScale.delay"
 * closest("zzz", ["autoScale.delay"]);                                  // undefined
 * ```
 */
export function closest(word: string, candidates: readonly string[], maxDistance?: number): string | undefined {
  const limit = maxDistance ?? Math.max(2, Math.floor(word.length / 3));
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = levenshtein(w, c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  if (best !== undefined && bestDistance <= limit) return best;
  // A bare leaf name ("delay") or a wrong group ("limits.delay") still points to the one
  // parameter whose last segment matches.
  const leaf = w.split(".").pop() ?? w;
  const byLeaf = candidates.filter((c) => levenshtein(leaf, (c.split(".").pop() ?? c).toLowerCase()) <= (leaf.length > 4 ? 1 : 0));
  return byLeaf.length === 1 ? byLeaf[0] : undefined;
}
