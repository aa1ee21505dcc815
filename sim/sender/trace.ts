// The `--trace` rows, one per send attempt, handed on in time order. A held message's row is
// complete only when pacing releases or drops it, so rows wait behind an incomplete one; at
// the end of the run, rows of messages still held are handed on as `held`.
import { OUTCOME_NAMES, type AttemptInfo } from "../outcomes.js";
import type { TraceRow } from "../result.js";

/**
 * Orders trace rows around held messages.
 *
 * @example
 * ```ts
 * const tracer = new Tracer(write);
 * tracer.row(row);                 // handed on at once unless a held row is pending
 * tracer.held(platform.last.ticket, row);  // waits for its outcome
 * tracer.resolve(ticket, info, "2026-03-02T11:00:00.000Z");
 * tracer.finish();
 * ```
 */
export class Tracer {
  private queue: TraceRow[] = [];
  /** Rows before this index have been handed on. */
  private head = 0;
  private readonly pending = new Map<number, TraceRow>();

  constructor(private readonly write: (row: TraceRow) => void) {}

  row(row: TraceRow): void {
    if (this.head === this.queue.length) this.write(row);
    else this.queue.push(row);
  }

  /** A held message's row, waiting for {@link resolve} with the same `id` (its ticket). */
  held(id: number, row: TraceRow): void {
    row.held = true;
    row.heldUntil = null;
    this.pending.set(id, row);
    this.queue.push(row);
  }

  /** The held message `id` was released or dropped at `at`, with the outcome in `info`. */
  resolve(id: number, info: Readonly<AttemptInfo>, at: string): void {
    const row = this.pending.get(id);
    if (!row) return;
    this.pending.delete(id);
    row.outcome = OUTCOME_NAMES[info.outcome];
    row.code = info.code === 0 ? null : info.code;
    row.countsTowardLimit = info.countsTowardLimit;
    row.insideCsw = info.insideCsw;
    row.heldUntil = at;
    this.flush();
  }

  /** Hands on every row left, still-held ones as `held`. */
  finish(): void {
    this.pending.clear();
    for (let i = this.head; i < this.queue.length; i++) this.write(this.queue[i]);
    this.queue = [];
    this.head = 0;
  }

  private flush(): void {
    const q = this.queue;
    while (this.head < q.length) {
      const r = q[this.head];
      if (r.held && r.heldUntil === null) break;
      this.write(r);
      this.head++;
    }
    if (this.head === q.length) {
      this.queue = [];
      this.head = 0;
    } else if (this.head > 4096 && this.head * 2 > q.length) {
      this.queue = q.slice(this.head);
      this.head = 0;
    }
  }
}
