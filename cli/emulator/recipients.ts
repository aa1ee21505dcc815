// Who a phone number is. Every recipient is a user of the scenario's audience, with the traits
// the scenario's segments give them (reads, replies, blocks, markets). Audience user u has the
// canonical number +1 555 (1,000,000 + u) — 15551000000, 15551000001… — and any other number
// becomes, on first contact, the lowest user no number has reached yet: a sender that messages
// fresh numbers in order reaches users 0, 1, 2… exactly as a `tiersim run` plan does. Past the
// end of the audience, new numbers join it as new users.
import type { Platform } from "../../sim/platform/index.js";

const CANONICAL_BASE = 1_000_000;

/** Canonical number of audience user `u`. */
export function canonicalNumber(u: number): string {
  return "1555" + String(CANONICAL_BASE + u);
}

/**
 * A recipient as a WhatsApp id: the digits of an international number (a leading `+`, spaces,
 * dots, dashes and parentheses are dropped); `null` unless 7–15 digits remain.
 *
 * @example
 * ```ts
 * waIdOf("+1 (555) 100-0000"); // "15551000000"
 * waIdOf("hello");             // null
 * ```
 */
export function waIdOf(to: string): string | null {
  const digits = to.trim().replace(/^\+/, "").replace(/[\s.\-()]/g, "");
  return /^[1-9]\d{6,14}$/.test(digits) ? digits : null;
}

/**
 * The directory of recipients of one emulated platform.
 *
 * @example
 * ```ts
 * const r = new Recipients(platform);
 * r.resolve("34600111222"); // 0 — the first fresh number is user 0
 * r.resolve("15551000007"); // 7 — a canonical number is its user
 * r.numberOf(0);            // "34600111222"
 * ```
 */
export class Recipients {
  private readonly byNumber = new Map<string, number>();
  private readonly numbers = new Map<number, string>();
  private claimed = new Uint8Array(1024);
  /** No user below this index is unclaimed. */
  private cursor = 0;

  constructor(private readonly platform: Platform) {}

  /** The user a number reaches, claiming a fresh one (or adding one to the audience) on first contact. */
  resolve(waId: string): number {
    const known = this.byNumber.get(waId);
    if (known !== undefined) return known;
    const canonical = this.canonicalUser(waId);
    if (canonical >= 0) {
      this.claim(canonical);
      return canonical;
    }
    while (this.cursor < this.platform.userCount && this.isClaimed(this.cursor)) this.cursor++;
    const u = this.cursor < this.platform.userCount ? this.cursor : this.platform.addUser();
    this.claim(u);
    this.byNumber.set(waId, u);
    this.numbers.set(u, waId);
    return u;
  }

  /** The user a number reaches if it has reached one (no claim); −1 otherwise. */
  peek(waId: string): number {
    return this.byNumber.get(waId) ?? this.canonicalUser(waId);
  }

  /** The number of user `u`: the one a sender used for them, else their canonical number (which then stays theirs). */
  numberOf(u: number): string {
    const n = this.numbers.get(u);
    if (n !== undefined) return n;
    this.claim(u);
    return canonicalNumber(u);
  }

  private canonicalUser(waId: string): number {
    if (!/^1555[1-9]\d{6,}$/.test(waId)) return -1;
    const u = Number(waId.slice(4)) - CANONICAL_BASE;
    return Number.isSafeInteger(u) && u < this.platform.userCount ? u : -1;
  }

  private isClaimed(u: number): boolean {
    return u < this.claimed.length && this.claimed[u] === 1;
  }

  private claim(u: number): void {
    if (u >= this.claimed.length) {
      let n = this.claimed.length;
      while (n <= u) n *= 2;
      const next = new Uint8Array(n);
      next.set(this.claimed);
      this.claimed = next;
    }
    this.claimed[u] = 1;
  }
}
