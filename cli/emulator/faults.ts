// Fault injection: an error code for the sends that match — some recipients, a prefix, or just
// the next N calls — and the magic recipients +1 555 0XX XXXX whose last six digits are an error
// code (15550131049 always gets 131049). A fault answers before the platform sees the send:
// nothing is counted toward the limit, nothing is charged. Errors Meta reports in a `failed`
// status (131026, 131049…) come as one by default, the rest as a synchronous Graph error.
import { errorInfo } from "../../models/errors.js";

/** How a fault shows itself: a synchronous Graph error, or an accepted send whose status webhook says `failed`. */
export type FaultMode = "sync" | "webhook";

/** Codes Meta reports asynchronously, in a `failed` status. */
const ASYNC_CODES = new Set([130472, 131026, 131047, 131048, 131049, 131050, 131051, 131052, 131053]);

/** The mode a code shows itself in unless a fault says otherwise. */
export function defaultMode(code: number): FaultMode {
  return ASYNC_CODES.has(code) ? "webhook" : "sync";
}

/** What a test asks for (`POST /_tiersim/faults`). */
export interface FaultSpec {
  /** The error code to answer with. */
  code: number;
  /** Only these recipients (numbers as sent; normalised to digits). */
  to?: string | string[];
  /** Only recipients whose digits start with this. */
  prefix?: string;
  /** How many matching calls it answers; default: every matching call when `to` or `prefix` is given, else 1. */
  count?: number;
  mode?: FaultMode;
  /** `error_data.details` to send instead of the code's own. */
  details?: string;
}

/** An active fault. */
export interface Fault {
  id: number;
  code: number;
  to: string[] | null;
  prefix: string | null;
  /** Matching calls it still answers (Infinity: until removed). */
  remaining: number;
  mode: FaultMode;
  details?: string;
  /** Calls it answered so far. */
  hits: number;
}

/** What a send meets: a fault's code and mode, or nothing. */
export interface FaultHit {
  code: number;
  mode: FaultMode;
  details?: string;
  /** The fault's id, or −1 for a magic number. */
  fault: number;
}

/** The magic-number prefix: +1 555 0, then a six-digit code. */
export const MAGIC_PREFIX = "15550";

/**
 * The fault a magic recipient stands for: `15550` followed by a known error code in six digits
 * (`15550131049` → 131049, `15550000368` → 368); `null` for any other number.
 *
 * @example
 * ```ts
 * magicFault("15550130429"); // { code: 130429, mode: "sync", fault: -1 }
 * ```
 */
export function magicFault(waId: string): FaultHit | null {
  if (waId.length !== 11 || !waId.startsWith(MAGIC_PREFIX)) return null;
  const code = Number(waId.slice(5));
  if (!errorInfo(code)) return null;
  return { code, mode: defaultMode(code), fault: -1 };
}

/**
 * The active faults of an emulator.
 *
 * @example
 * ```ts
 * const faults = new Faults();
 * faults.add({ code: 130429, count: 3 });  // the next three sends get 130429
 * faults.match("15551000000");              // { code: 130429, mode: "sync", fault: 1 }
 * ```
 */
export class Faults {
  private list: Fault[] = [];
  private nextId = 1;

  /** Adds a fault; returns it. Throws a RangeError naming the mistake in `spec`. */
  add(spec: FaultSpec): Fault {
    if (!Number.isInteger(spec.code) || spec.code < 0) throw new RangeError("`code` must be a non-negative integer error code, e.g. 131049");
    const to = spec.to === undefined ? null : (Array.isArray(spec.to) ? spec.to : [spec.to]).map((n) => String(n).replace(/[^\d]/g, ""));
    if (spec.prefix !== undefined && !/^\d+$/.test(String(spec.prefix))) throw new RangeError("`prefix` must be digits, e.g. \"34\"");
    if (spec.count !== undefined && !(Number.isInteger(spec.count) && spec.count >= 1)) throw new RangeError("`count` must be a whole number ≥ 1");
    if (spec.mode !== undefined && spec.mode !== "sync" && spec.mode !== "webhook") throw new RangeError("`mode` must be \"sync\" or \"webhook\"");
    const targeted = to !== null || spec.prefix !== undefined;
    const fault: Fault = {
      id: this.nextId++,
      code: spec.code,
      to,
      prefix: spec.prefix === undefined ? null : String(spec.prefix),
      remaining: spec.count ?? (targeted ? Infinity : 1),
      mode: spec.mode ?? defaultMode(spec.code),
      ...(spec.details !== undefined ? { details: String(spec.details) } : {}),
      hits: 0,
    };
    this.list.push(fault);
    return fault;
  }

  /** The first active fault matching a send to `waId`, consumed by one; `null` when none does. */
  match(waId: string): FaultHit | null {
    for (let i = 0; i < this.list.length; i++) {
      const f = this.list[i];
      if (f.to !== null && !f.to.includes(waId)) continue;
      if (f.prefix !== null && !waId.startsWith(f.prefix)) continue;
      f.hits++;
      if (--f.remaining <= 0) this.list.splice(i, 1);
      return { code: f.code, mode: f.mode, ...(f.details !== undefined ? { details: f.details } : {}), fault: f.id };
    }
    return null;
  }

  /** Active faults, oldest first. */
  get active(): readonly Fault[] {
    return this.list;
  }

  /** Removes one fault (true if it was active), or every fault. */
  remove(id?: number): boolean {
    if (id === undefined) {
      const had = this.list.length > 0;
      this.list = [];
      return had;
    }
    const before = this.list.length;
    this.list = this.list.filter((f) => f.id !== id);
    return this.list.length < before;
  }
}
