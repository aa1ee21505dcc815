// A fixed-size hash table that forgets by the log's clock: two generations of open-addressing
// slots (keys and values in typed arrays, allocated and touched once), the current one taking
// every write, the older one still read. When the log's clock has moved a whole window past
// the moment the current generation opened, the older generation is cleared and the two swap.
// So an entry is kept for at least one window after it was last written, and at most two;
// memory is the same for a ten-megabyte log and a ten-gigabyte one. If a generation fills
// before its window is over (more keys per window than it has room for), it rotates early and
// the table says so: the window actually kept is then shorter, and `shortestKept` says by how
// much.

/** Slots filled before a generation counts as full: linear probing stays short below ~3/4. */
const MAX_LOAD = 0.75;

/**
 * A number → number map for non-negative values, bounded in entries and in log time.
 *
 * @example
 * ```ts
 * const t = new WindowTable(1 << 16, 3 * 86_400); // 65,536 slots a generation, a 3-day window
 * t.advance(1_772_409_600);     // the log's clock, in seconds
 * t.set(hash53("wamid.A"), 42);
 * t.get(hash53("wamid.A"));     // 42 (−1 when absent or forgotten)
 * ```
 */
export class WindowTable {
  private curKeys: Float64Array;
  private curVals: Float64Array;
  private oldKeys: Float64Array;
  private oldVals: Float64Array;
  private curSize = 0;
  private oldSize = 0;
  private readonly mask: number;
  private readonly maxSize: number;
  /** Log second at which the current generation opened (−∞ before the first clock). */
  private opened = -Infinity;
  private clock = -Infinity;
  /** Generations that filled before their window was over. */
  earlyRotations = 0;
  /** The shortest log time (s) an entry was kept after its last write, when rotations came early; the window otherwise. */
  shortestKept: number;

  /**
   * @param slots slots per generation, a power of two (the table holds 2 × slots × 16 bytes)
   * @param window seconds of log time an entry is kept at least after its last write
   */
  constructor(
    slots: number,
    readonly window: number,
  ) {
    if (!Number.isInteger(Math.log2(slots)) || slots < 16) throw new RangeError(`slots must be a power of two ≥ 16, not ${slots}`);
    this.mask = slots - 1;
    this.maxSize = Math.floor(slots * MAX_LOAD);
    this.shortestKept = window;
    // Written once through, so the pages are resident from the start: memory does not creep
    // up as the log fills the table.
    this.curKeys = new Float64Array(slots).fill(0);
    this.curVals = new Float64Array(slots).fill(0);
    this.oldKeys = new Float64Array(slots).fill(0);
    this.oldVals = new Float64Array(slots).fill(0);
  }

  /** Entries held (both generations; a key rewritten since the last rotation counts twice). */
  get size(): number {
    return this.curSize + this.oldSize;
  }

  /** Moves the log's clock (seconds) forward; rotates the generations a window after the current one opened. */
  advance(clock: number): void {
    if (!(clock > this.clock)) return;
    this.clock = clock;
    if (this.opened === -Infinity) {
      this.opened = clock;
      return;
    }
    if (clock - this.opened >= 2 * this.window) {
      // A jump past both windows: everything held is older than the window.
      this.rotate(clock);
      this.rotate(clock);
    } else if (clock - this.opened >= this.window) this.rotate(this.opened + this.window);
  }

  private rotate(openedAt: number): void {
    const k = this.oldKeys;
    const v = this.oldVals;
    k.fill(0);
    this.oldKeys = this.curKeys;
    this.oldVals = this.curVals;
    this.oldSize = this.curSize;
    this.curKeys = k;
    this.curVals = v;
    this.curSize = 0;
    this.opened = openedAt;
  }

  private static slot(key: number, mask: number): number {
    // Low and high words of the 53-bit key, mixed: either alone would do for a good hash.
    return ((key >>> 0) ^ Math.floor(key / 4294967296)) & mask;
  }

  private static find(keys: Float64Array, key: number, mask: number): number {
    let i = WindowTable.slot(key, mask);
    for (;;) {
      const k = keys[i];
      if (k === key || k === 0) return i;
      i = (i + 1) & mask;
    }
  }

  /** The value of `key`, or −1. Keys are non-zero integers below 2^53 (0 is read as 1). */
  get(key: number): number {
    const k = key === 0 ? 1 : key;
    let i = WindowTable.find(this.curKeys, k, this.mask);
    if (this.curKeys[i] === k) return this.curVals[i];
    if (this.oldSize === 0) return -1;
    i = WindowTable.find(this.oldKeys, k, this.mask);
    return this.oldKeys[i] === k ? this.oldVals[i] : -1;
  }

  /** Sets `key` to `value` (≥ 0) in the current generation: kept at least a window from now. */
  set(key: number, value: number): void {
    const k = key === 0 ? 1 : key;
    let i = WindowTable.find(this.curKeys, k, this.mask);
    if (this.curKeys[i] !== k) {
      if (this.curSize >= this.maxSize) {
        // Full before its window is over: what the older generation held was kept only since it opened.
        this.earlyRotations++;
        this.shortestKept = Math.min(this.shortestKept, Math.max(0, this.clock - this.opened));
        this.rotate(this.clock);
        i = WindowTable.find(this.curKeys, k, this.mask);
      }
      this.curKeys[i] = k;
      this.curSize++;
    }
    this.curVals[i] = value;
  }
}
