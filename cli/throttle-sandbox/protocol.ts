// The wire between the CLI and a throttle module's worker: synchronous calls over shared
// memory. The host writes a request (JSON) and bumps a counter; the worker, blocked in
// Atomics.wait, answers and bumps another; the host waits on that one with a deadline, so a
// module stuck in a loop is a timeout, not a hang. Methods whose return is ignored (spend,
// onOutcome, onSignal) travel in batches ahead of the next call that returns a value.

/** Slots of the control array (Int32). */
export const REQUEST_SEQ = 0;
export const RESPONSE_SEQ = 1;
export const LENGTH = 2;
export const CONTROL_SLOTS = 4;
/** Bytes of the message buffer; a request or response larger than this is refused. */
export const DATA_BYTES = 1 << 20;

/** A notification whose return is ignored, replayed in order in the worker. */
export type Notice = { id: number; method: "spend" | "onOutcome" | "onSignal"; args: unknown[] };

/** A request, and the notices queued since the last one (replayed first). */
export type Request = (
  | { op: "create"; ctx: unknown }
  /** Leave the call loop, import `copies` fresh instances of an object export, post "ready". */
  | { op: "more"; copies: number }
  | { op: "call"; id: number; method: "permits" | "wakeAt" | "holdCause" | "onError"; args: unknown[]; now: number }
) & { notices?: Notice[] };

/** A number JSON cannot carry, spelled out. */
export type Wire = { v: number | string | null } | { inf: 1 | -1 } | { u: 1 };

export type Response =
  | { ok: true; id: number; name: string; optional: string[] }
  | { ok: true; value: Wire }
  | { ok: false; method: string; detail: string; at: number | null };

/** Encodes a value the contract allows (numbers incl. ±Infinity, strings, null, undefined). */
export function toWire(v: unknown): Wire {
  if (v === undefined) return { u: 1 };
  if (v === Infinity) return { inf: 1 };
  if (v === -Infinity) return { inf: -1 };
  return { v: v as number | string | null };
}

export function fromWire(w: Wire): unknown {
  if ("u" in w) return undefined;
  if ("inf" in w) return w.inf * Infinity;
  return w.v;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Writes `message` into the buffer; returns its length. */
export function write(data: Uint8Array, message: unknown): number {
  const bytes = encoder.encode(JSON.stringify(message));
  if (bytes.length > data.length) throw new RangeError(`throttle sandbox message of ${bytes.length} bytes exceeds ${data.length}`);
  data.set(bytes);
  return bytes.length;
}

export function read<T>(data: Uint8Array, length: number): T {
  // A SharedArrayBuffer view cannot be decoded directly: copy it out first.
  return JSON.parse(decoder.decode(data.slice(0, length))) as T;
}
