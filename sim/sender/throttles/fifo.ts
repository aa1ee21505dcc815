// A growable FIFO of times, for the adapters' in-flight sends and registered jobs. Times are
// pushed in non-decreasing order (virtual time never goes back within a run), so a queue is
// enough where a heap would otherwise be needed.

/** FIFO of numbers over a typed array that grows by doubling and compacts when half empty. */
export class TimeFifo {
  private buf = new Float64Array(16);
  private head = 0;
  private tail = 0;

  get size(): number {
    return this.tail - this.head;
  }

  /** The oldest entry (`Infinity` when empty). */
  peek(): number {
    return this.head < this.tail ? this.buf[this.head] : Infinity;
  }

  /** The `i`-th entry from the front. */
  at(i: number): number {
    return this.buf[this.head + i];
  }

  push(t: number): void {
    if (this.tail === this.buf.length) {
      if (this.head >= this.buf.length / 2) {
        this.buf.copyWithin(0, this.head, this.tail);
      } else {
        const next = new Float64Array(this.buf.length * 2);
        next.set(this.buf.subarray(this.head, this.tail));
        this.buf = next;
      }
      this.tail -= this.head;
      this.head = 0;
    }
    this.buf[this.tail++] = t;
  }

  shift(): number {
    return this.buf[this.head++];
  }

  /** Removes the newest entry. */
  pop(): number {
    return this.buf[--this.tail];
  }

  /** Adds `delta` to every entry (order is kept). */
  addAll(delta: number): void {
    for (let i = this.head; i < this.tail; i++) this.buf[i] += delta;
  }

  clear(): void {
    this.head = this.tail = 0;
  }
}
