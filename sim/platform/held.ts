// Messages held for quality assessment, first in first out: who, from which number, which
// template, the sender's tag, and whether the message reserved a place under the messaging
// limit — eight bytes a message (a million held users must not cost more per user than the
// users themselves). A message's ticket is its queue and its place in the queue's order.

const TWO_32 = 4294967296;
/** Largest values the packed word holds. */
export const HELD_LIMITS = { phones: 256, templates: 4096, tags: 2047 } as const;

/**
 * A FIFO of held messages.
 *
 * @example
 * ```ts
 * const q = new HeldQueue(0);
 * const ticket = q.push(user, phone, template, tag, true);
 * q.user(0); q.ticket(0) === ticket; // the oldest
 * q.shift();
 * ```
 */
export class HeldQueue {
  private users = new Int32Array(16);
  /** phone (8 bits) | template (12 bits) << 8 | reserved (1 bit) << 20 | tag + 1 (11 bits) << 21. */
  private meta = new Uint32Array(16);
  private head = 0;
  size = 0;
  /** Messages ever shifted out: the sequence number of the oldest. */
  private shifted = 0;

  /** `id` identifies the queue in tickets (a template's index, or one past the last for the portfolio). */
  constructor(private readonly id: number) {}

  /** Holds a message; returns its ticket. `tag` is −1 … 2,046. */
  push(user: number, phone: number, template: number, tag: number, reserved: boolean): number {
    if (this.size === this.users.length) this.grow();
    const j = (this.head + this.size) & (this.users.length - 1);
    this.users[j] = user;
    this.meta[j] = (phone | (template << 8) | ((reserved ? 1 : 0) << 20) | ((tag + 1) << 21)) >>> 0;
    this.size++;
    return this.id * TWO_32 + this.shifted + this.size - 1;
  }

  /** Fields of the `i`-th oldest held message. */
  user(i: number): number {
    return this.users[this.at(i)];
  }
  phone(i: number): number {
    return this.meta[this.at(i)] & 0xff;
  }
  template(i: number): number {
    return (this.meta[this.at(i)] >>> 8) & 0xfff;
  }
  isReserved(i: number): boolean {
    return ((this.meta[this.at(i)] >>> 20) & 1) === 1;
  }
  tag(i: number): number {
    return (this.meta[this.at(i)] >>> 21) - 1;
  }
  ticket(i: number): number {
    return this.id * TWO_32 + this.shifted + i;
  }

  /** Drops the oldest. */
  shift(): void {
    this.head = (this.head + 1) & (this.users.length - 1);
    this.size--;
    this.shifted++;
  }

  private at(i: number): number {
    return (this.head + i) & (this.users.length - 1);
  }

  private grow(): void {
    const n = this.users.length;
    const users = new Int32Array(n * 2);
    const meta = new Uint32Array(n * 2);
    for (let i = 0; i < this.size; i++) {
      users[i] = this.users[(this.head + i) & (n - 1)];
      meta[i] = this.meta[(this.head + i) & (n - 1)];
    }
    this.users = users;
    this.meta = meta;
    this.head = 0;
  }
}
