// What the limiter adapters share: how long one send occupies a concurrency slot, and the
// checks that turn a wrong option into a message naming it.

/** How a limiter adapter maps the library's jobs onto the simulated sends. */
export interface AdapterOptions {
  /**
   * How long one send occupies a concurrency slot, ms: the Cloud API round trip of
   * `POST /messages` (default 200). Only `maxConcurrent` / `concurrency` depend on it.
   */
  sendDurationMs?: number;
  /** Name shown in reports (default: the library's name). */
  name?: string;
}

/** Default send duration: a typical Cloud API round trip. */
export const DEFAULT_SEND_DURATION_MS = 200;

export function sendDuration(o: AdapterOptions | undefined): number {
  const d = o?.sendDurationMs ?? DEFAULT_SEND_DURATION_MS;
  if (!(Number.isFinite(d) && d >= 0)) throw new RangeError(`sendDurationMs must be a finite number ≥ 0, got ${String(d)}`);
  return d;
}

/** Reads an optional numeric option: `undefined`/`null` stay `null`; anything else must be a number ≥ `min`. */
export function numberOption(lib: string, options: Record<string, unknown>, key: string, min: number, allowInfinity = false): number | null {
  const v = options[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== "number" || Number.isNaN(v) || v < min || (!allowInfinity && !Number.isFinite(v))) {
    throw new RangeError(`${lib} option ${key} must be a number ≥ ${min}${allowInfinity ? " (or Infinity)" : ""}, got ${JSON.stringify(v)}`);
  }
  return v;
}

/** Throws on a key the library does not know: the library would ignore it silently, which hides typos in production configs. */
export function rejectUnknown(lib: string, options: Record<string, unknown>, known: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      const hint = known.find((k) => k.toLowerCase() === key.toLowerCase() || editDistance(k, key) <= 2);
      throw new TypeError(`${lib} has no option "${key}"${hint ? ` (did you mean "${hint}"?)` : ""}; ${lib} would ignore it silently. Known options: ${known.join(", ")}`);
    }
  }
}

function editDistance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0];
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j];
      dp[j] = Math.min(dp[j] + 1, dp[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length];
}
