// Rule sets are shared by every run in a process (Monte Carlo workers, sweeps): freezing them
// turns an accidental write into an immediate TypeError instead of a silent cross-run leak.

/** A deep copy of plain data (objects, arrays, primitives). */
export function cloneData<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => cloneData(v)) as T;
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = cloneData(v);
    return out as T;
  }
  return value;
}

/**
 * Freezes `value` and everything reachable from it; returns it for chaining.
 *
 * @example
 * ```ts
 * const rs = deepFreeze(cloneData(ruleSet));
 * Object.isFrozen(rs.limit.ladder); // true
 * ```
 */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object") {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
