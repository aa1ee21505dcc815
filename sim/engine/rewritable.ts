// Fields that only a rare event writes. V8's optimized code takes a field never rewritten since
// its object was built for a constant of the object's shape, and shapes outlive the runs of a
// projection: the first run where the rare event happens, a dozen runs in, throws away every
// optimized function that read the field — the pump, the send, the pacing release — and V8
// compiles them again (on one worker, at the expense of the other when two run). Rewriting such
// a field once when the object is built makes it an ordinary field from the first run.

type Primitive = number | string | boolean;
type PrimitiveKeys<T> = { [K in keyof T]: T[K] extends Primitive ? K : never }[keyof T];

/**
 * Rewrites each named field of `obj` to another value of its type and back: the object ends as
 * it began, and its fields are no longer constants to optimized code (see ARCHITECTURE.md,
 * "Fields a rare event writes"). Only number, string and boolean fields.
 *
 * @example
 * ```ts
 * const t = { name: "promo", generation: 1, replacing: false };
 * rewritable(t, "name", "generation", "replacing"); // t is unchanged
 * ```
 */
export function rewritable<T extends object>(obj: T, ...keys: PrimitiveKeys<T>[]): void {
  const o = obj as Record<PropertyKey, Primitive>;
  for (const k of keys) {
    const v = o[k as PropertyKey];
    // A different value of the same type: V8 keeps a field constant through a store of the
    // value it already holds.
    const other = typeof v === "number" ? (v === 1 ? 2 : 1) : typeof v === "string" ? `${v}'` : !v;
    o[k as PropertyKey] = other;
    o[k as PropertyKey] = v;
  }
}
