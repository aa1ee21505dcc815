import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DistinctWindow, WINDOW_ALREADY_COUNTED, WINDOW_COUNTED_NEW, WINDOW_REFUSED } from "../../models/limit/distinct-window.js";
import { SEED } from "../seed.js";

const W = 1_000;

describe("DistinctWindow", () => {
  it("counts a user from c until c + window, exclusive", () => {
    const w = new DistinctWindow(W);
    expect(w.admitCode(3, 100, 5)).toBe(WINDOW_COUNTED_NEW);
    expect(w.isCounted(3, 1_099)).toBe(true);
    expect(w.count(1_099)).toBe(1);
    expect(w.isCounted(3, 1_100)).toBe(false);
    expect(w.count(1_100)).toBe(0);
  });

  it("refuses a new user at the limit and admits counted ones", () => {
    const w = new DistinctWindow(W);
    expect(w.admit(1, 0, 2)).toBe(true);
    expect(w.admit(2, 10, 2)).toBe(true);
    expect(w.admitCode(3, 20, 2)).toBe(WINDOW_REFUSED);
    expect(w.admitCode(1, 30, 2)).toBe(WINDOW_ALREADY_COUNTED);
    expect(w.admitCode(3, 1_000, 2)).toBe(WINDOW_COUNTED_NEW); // user 1 expired at 1,000
    expect(w.admit(4, 1_000, null)).toBe(true);
  });

  it("without refreshOnRepeat a repeat does not extend the window (a conversation lasts 24 h from its opening)", () => {
    const w = new DistinctWindow(W);
    w.admit(1, 0, 1);
    w.admit(1, 900, 1);
    expect(w.isCounted(1, 1_000)).toBe(false);
    expect(w.admit(2, 1_000, 1)).toBe(true);
  });

  it("with refreshOnRepeat a repeat restarts the window", () => {
    const w = new DistinctWindow(W, { refreshOnRepeat: true });
    w.admit(1, 0, 1);
    w.admit(1, 900, 1);
    expect(w.isCounted(1, 1_899)).toBe(true);
    expect(w.admit(2, 1_000, 1)).toBe(false);
    expect(w.count(1_900)).toBe(0);
  });

  it("grows past its initial capacity in both users and ring entries", () => {
    const w = new DistinctWindow(10 * W, { initialCapacity: 16 });
    for (let u = 0; u < 5_000; u++) expect(w.admit(u * 7, u, null)).toBe(true);
    expect(w.count(5_000)).toBe(5_000);
    expect(w.isCounted(7 * 4_999, 5_000)).toBe(true);
    expect(w.count(10 * W + 2_500)).toBe(2_499);
  });

  it("keeps every entry when the ring grows while wrapped around", () => {
    const w = new DistinctWindow(100, { initialCapacity: 16 });
    for (let u = 0; u < 10; u++) w.admit(u, u, null);
    expect(w.count(105)).toBe(4); // users 0–5 expired: the ring's head has moved on
    for (let u = 100; u < 130; u++) w.admit(u, 105, null);
    expect(w.count(105)).toBe(34);
    for (let u = 6; u < 10; u++) expect(w.isCounted(u, 105)).toBe(true);
    expect(w.count(109)).toBe(30);
    expect(w.nextExpiryAt(109)).toBe(205);
    expect(w.count(205)).toBe(0);
  });

  it("reports when capacity next frees", () => {
    const w = new DistinctWindow(W);
    expect(w.nextExpiryAt(0)).toBeNull();
    w.admit(1, 100, 2);
    w.admit(2, 300, 2);
    expect(w.nextExpiryAt(400)).toBe(1_100);
    expect(w.nextExpiryAt(1_100)).toBe(1_300);
  });

  it("rejects invalid windows and user ids", () => {
    expect(() => new DistinctWindow(0)).toThrow(RangeError);
    expect(() => new DistinctWindow(W).admit(-1 + 2 ** 40, 0, 1)).toThrow(RangeError);
  });
});

type Op = { kind: "admit"; user: number; dt: number; limit: number | null } | { kind: "count"; dt: number } | { kind: "is"; user: number; dt: number };

const opsArb = (users: number, maxDt: number, maxLimit: number): fc.Arbitrary<Op[]> =>
  fc.array(
    fc.oneof(
      { weight: 6, arbitrary: fc.record({ kind: fc.constant("admit" as const), user: fc.nat(users), dt: fc.nat(maxDt), limit: fc.option(fc.integer({ min: 0, max: maxLimit }), { nil: null }) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant("count" as const), dt: fc.nat(maxDt) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant("is" as const), user: fc.nat(users), dt: fc.nat(maxDt) }) },
    ),
    { maxLength: 200, size: "medium" },
  );
// Sparse: users come and go. Dense: dozens of live entries, so the ring wraps and grows.
const SHAPES = [
  ["sparse", opsArb(11, 700, 6)],
  ["dense", opsArb(60, 40, 50)],
] as const;

/** Reference: replays the full history of admissions every time it is asked. */
class NaiveWindow {
  private readonly history: [number, number][] = [];
  constructor(private readonly refresh: boolean) {}
  private counted(now: number): Map<number, number> {
    const m = new Map<number, number>();
    for (const [u, t] of this.history) {
      const c = m.get(u);
      if (c === undefined || t >= c + W || this.refresh) m.set(u, t);
    }
    for (const [u, c] of [...m]) if (!(now < c + W)) m.delete(u);
    return m;
  }
  admit(u: number, now: number, limit: number | null): number {
    const m = this.counted(now);
    if (m.has(u)) {
      this.history.push([u, now]);
      return WINDOW_ALREADY_COUNTED;
    }
    if (limit !== null && m.size >= limit) return WINDOW_REFUSED;
    this.history.push([u, now]);
    return WINDOW_COUNTED_NEW;
  }
  count(now: number): number {
    return this.counted(now).size;
  }
  is(u: number, now: number): boolean {
    return this.counted(now).has(u);
  }
}

describe(`DistinctWindow against a naive replay of the history (seed ${SEED})`, () => {
  it.each([
    [false, 0],
    [true, 0],
    [false, 1],
    [true, 1],
  ] as const)("agrees on every answer (refreshOnRepeat %s, shape %i)", (refresh, shape) => {
    fc.assert(
      fc.property(SHAPES[shape][1], (ops) => {
        const fast = new DistinctWindow(W, { refreshOnRepeat: refresh, initialCapacity: 1 });
        const slow = new NaiveWindow(refresh);
        let now = 0;
        for (const op of ops) {
          now += op.dt;
          if (op.kind === "admit") expect(fast.admitCode(op.user, now, op.limit)).toBe(slow.admit(op.user, now, op.limit));
          else if (op.kind === "count") expect(fast.count(now)).toBe(slow.count(now));
          else expect(fast.isCounted(op.user, now)).toBe(slow.is(op.user, now));
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("never holds more distinct users than the limit of any admission that counted one", () => {
    fc.assert(
      fc.property(SHAPES[1][1], (ops) => {
        const w = new DistinctWindow(W);
        let now = 0;
        for (const op of ops) {
          now += op.dt;
          if (op.kind !== "admit") continue;
          if (w.admitCode(op.user, now, op.limit) === WINDOW_COUNTED_NEW && op.limit !== null) expect(w.count(now)).toBeLessThanOrEqual(op.limit);
        }
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});
