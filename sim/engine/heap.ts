// The future-event list: a binary min-heap stored as parallel typed arrays (struct of
// arrays). Keys are (time, insertion sequence), so entries with equal times leave in the
// order they entered — FIFO, always — which keeps runs deterministic when a model adds or
// removes unrelated events. Typed arrays instead of one object per entry: no allocation per
// event, no GC pressure with a million pending entries, and cache-friendly sift loops.

/**
 * A binary min-heap of `(time, payload, arg)` entries ordered by `(time, insertion sequence)`.
 *
 * Entries carry two int32 fields chosen by the caller (typically an event kind or slot id and
 * a user id), so a model needs no object per event. `pop()` does not return the entry: it
 * copies it into the out-fields {@link EventHeap.time}, {@link EventHeap.seq},
 * {@link EventHeap.payload} and {@link EventHeap.arg}, which stay valid until the next call
 * that mutates the heap.
 *
 * Capacity doubles when full and never shrinks.
 *
 * @example
 * ```ts
 * const h = new EventHeap();
 * h.push(5, 1, 42);
 * h.push(5, 2, 43); // same time: leaves after the first
 * h.push(3, 3, 44);
 * h.pop();           // true; h.time === 3, h.payload === 3, h.arg === 44
 * h.pop();           // true; h.time === 5, h.payload === 1
 * ```
 */
export class EventHeap {
  private times: Float64Array;
  // Float64 rather than Int32: a long run can push more than 2^31 entries, and doubles count
  // exactly to 2^53.
  private seqs: Float64Array;
  private payloads: Int32Array;
  private args: Int32Array;
  private n = 0;
  private nextSeq = 0;

  /** Time of the entry last popped (or peeked with {@link EventHeap.readTop}). */
  time = 0;
  /** Insertion sequence number of the entry last popped / read. */
  seq = 0;
  /** Payload of the entry last popped / read. */
  payload = 0;
  /** Arg of the entry last popped / read. */
  arg = 0;

  /** @param initialCapacity entries allocated up front (grows by doubling). */
  constructor(initialCapacity = 64) {
    const cap = Math.max(1, Math.floor(initialCapacity));
    this.times = new Float64Array(cap);
    this.seqs = new Float64Array(cap);
    this.payloads = new Int32Array(cap);
    this.args = new Int32Array(cap);
  }

  /** Number of entries in the heap. */
  get size(): number {
    return this.n;
  }

  /** Allocated capacity (entries). */
  get capacity(): number {
    return this.times.length;
  }

  /** Number of entries ever pushed; the next push gets this sequence number. */
  get pushed(): number {
    return this.nextSeq;
  }

  /** Time of the minimum entry, or `Infinity` when empty. Does not touch the out-fields. */
  peekTime(): number {
    return this.n === 0 ? Infinity : this.times[0];
  }

  /** Insert an entry. `payload` and `arg` are stored as int32. Returns its sequence number. */
  push(time: number, payload: number, arg: number): number {
    if (this.n === this.times.length) this.grow();
    const s = this.nextSeq++;
    this.siftUp(this.n++, time, s, payload, arg);
    return s;
  }

  /**
   * Remove the minimum entry and copy it into the out-fields.
   * @returns `false` (out-fields untouched) when the heap is empty.
   */
  pop(): boolean {
    const n = this.n;
    if (n === 0) return false;
    this.time = this.times[0];
    this.seq = this.seqs[0];
    this.payload = this.payloads[0];
    this.arg = this.args[0];
    const last = n - 1;
    this.n = last;
    if (last > 0) this.siftDown(0, this.times[last], this.seqs[last], this.payloads[last], this.args[last]);
    return true;
  }

  /**
   * Copy the minimum entry into the out-fields without removing it.
   * @returns `false` when the heap is empty.
   */
  readTop(): boolean {
    if (this.n === 0) return false;
    this.time = this.times[0];
    this.seq = this.seqs[0];
    this.payload = this.payloads[0];
    this.arg = this.args[0];
    return true;
  }

  /**
   * Fused pop + push: replace the minimum entry with a new one in a single sift-down. The
   * removed entry is NOT copied to the out-fields (read it first with `readTop` or `pop`).
   * The new entry gets a fresh sequence number, exactly as `pop(); push(...)` would.
   * On an empty heap this is a plain push.
   * @returns the sequence number of the new entry.
   */
  replaceTop(time: number, payload: number, arg: number): number {
    if (this.n === 0) return this.push(time, payload, arg);
    const s = this.nextSeq++;
    this.siftDown(0, time, s, payload, arg);
    return s;
  }

  /** Remove every entry. Sequence numbering continues, so FIFO order spans a clear. */
  clear(): void {
    this.n = 0;
  }

  private grow(): void {
    const cap = this.times.length * 2;
    const t = new Float64Array(cap);
    t.set(this.times);
    this.times = t;
    const s = new Float64Array(cap);
    s.set(this.seqs);
    this.seqs = s;
    const p = new Int32Array(cap);
    p.set(this.payloads);
    this.payloads = p;
    const a = new Int32Array(cap);
    a.set(this.args);
    this.args = a;
  }

  // Hole-based sifts: move parents/children into the hole and write the entry once at the
  // end, instead of swapping four arrays at every level.
  private siftUp(i: number, time: number, seq: number, payload: number, arg: number): void {
    const times = this.times;
    const seqs = this.seqs;
    const payloads = this.payloads;
    const args = this.args;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = times[p];
      if (pt < time || (pt === time && seqs[p] < seq)) break;
      times[i] = pt;
      seqs[i] = seqs[p];
      payloads[i] = payloads[p];
      args[i] = args[p];
      i = p;
    }
    times[i] = time;
    seqs[i] = seq;
    payloads[i] = payload;
    args[i] = arg;
  }

  private siftDown(i: number, time: number, seq: number, payload: number, arg: number): void {
    const times = this.times;
    const seqs = this.seqs;
    const payloads = this.payloads;
    const args = this.args;
    const n = this.n;
    const half = n >> 1;
    while (i < half) {
      let c = 2 * i + 1;
      let ct = times[c];
      let cs = seqs[c];
      const r = c + 1;
      if (r < n) {
        const rt = times[r];
        if (rt < ct || (rt === ct && seqs[r] < cs)) {
          c = r;
          ct = rt;
          cs = seqs[r];
        }
      }
      if (time < ct || (time === ct && seq < cs)) break;
      times[i] = ct;
      seqs[i] = cs;
      payloads[i] = payloads[c];
      args[i] = args[c];
      i = c;
    }
    times[i] = time;
    seqs[i] = seq;
    payloads[i] = payload;
    args[i] = arg;
  }
}
