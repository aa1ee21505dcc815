// Events carry one int32. When a feature needs several numbers per event (a retry: campaign
// and user; a block: user, template, number and whether it was reported), it stores them in a
// pool of fixed-width integer records and schedules the record's slot. Slots are reused through
// a free list, so nothing is allocated per event once the pool has grown to the peak in flight.

/**
 * Fixed-width int32 records addressed by slot.
 *
 * @example
 * ```ts
 * const pool = new PayloadPool(2);          // two fields per record
 * const slot = pool.alloc(campaign, user);  // schedule(at, RETRY, slot)
 * // in the handler:
 * const c = pool.get(slot, 0), u = pool.get(slot, 1);
 * pool.release(slot);
 * ```
 */
export class PayloadPool {
  private data: Int32Array;
  private freeSlots: Int32Array;
  private freeCount = 0;
  private used = 0;

  constructor(
    private readonly width: number,
    capacity = 64,
  ) {
    this.data = new Int32Array(width * capacity);
    this.freeSlots = new Int32Array(capacity);
  }

  /** A slot holding the given fields (missing ones are 0). */
  alloc(a = 0, b = 0, c = 0, d = 0): number {
    let slot: number;
    if (this.freeCount > 0) slot = this.freeSlots[--this.freeCount];
    else {
      slot = this.used++;
      if (slot * this.width >= this.data.length) this.grow();
    }
    const o = slot * this.width;
    const w = this.width;
    this.data[o] = a;
    if (w > 1) this.data[o + 1] = b;
    if (w > 2) this.data[o + 2] = c;
    if (w > 3) this.data[o + 3] = d;
    return slot;
  }

  get(slot: number, field: number): number {
    return this.data[slot * this.width + field];
  }

  /** Returns `slot` to the pool; its fields must not be read afterwards. */
  release(slot: number): void {
    if (this.freeCount === this.freeSlots.length) {
      const next = new Int32Array(this.freeSlots.length * 2);
      next.set(this.freeSlots);
      this.freeSlots = next;
    }
    this.freeSlots[this.freeCount++] = slot;
  }

  /** Records in use. */
  get size(): number {
    return this.used - this.freeCount;
  }

  private grow(): void {
    const next = new Int32Array(this.data.length * 2);
    next.set(this.data);
    this.data = next;
  }
}
