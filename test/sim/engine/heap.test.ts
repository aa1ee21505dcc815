import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { SEED } from "../../seed.js";
import { EventHeap } from "../../../sim/engine/index.js";

// Reference: an array kept sorted by (time, seq). Inserting after every entry with time ≤ t
// is FIFO among equal times by construction.
interface Entry {
  time: number;
  seq: number;
  payload: number;
  arg: number;
}
interface Model {
  entries: Entry[];
  nextSeq: number;
}

function modelInsert(m: Model, time: number, payload: number, arg: number): void {
  const e = { time, seq: m.nextSeq++, payload, arg };
  let i = m.entries.length;
  while (i > 0 && m.entries[i - 1].time > time) i--;
  m.entries.splice(i, 0, e);
}

function expectTop(real: EventHeap, e: Entry): void {
  expect([real.time, real.seq, real.payload, real.arg]).toEqual([e.time, e.seq, e.payload, e.arg]);
}

class PushCmd implements fc.Command<Model, EventHeap> {
  constructor(
    readonly time: number,
    readonly payload: number,
    readonly arg: number,
  ) {}
  check(): boolean {
    return true;
  }
  run(m: Model, real: EventHeap): void {
    const seq = real.push(this.time, this.payload, this.arg);
    expect(seq).toBe(m.nextSeq);
    modelInsert(m, this.time, this.payload, this.arg);
    expect(real.size).toBe(m.entries.length);
  }
  toString(): string {
    return `push(${this.time}, ${this.payload}, ${this.arg})`;
  }
}

class PopCmd implements fc.Command<Model, EventHeap> {
  check(): boolean {
    return true;
  }
  run(m: Model, real: EventHeap): void {
    const ok = real.pop();
    expect(ok).toBe(m.entries.length > 0);
    if (ok) expectTop(real, m.entries.shift() as Entry);
    expect(real.size).toBe(m.entries.length);
  }
  toString(): string {
    return "pop()";
  }
}

class ReplaceTopCmd implements fc.Command<Model, EventHeap> {
  constructor(
    readonly time: number,
    readonly payload: number,
    readonly arg: number,
  ) {}
  check(): boolean {
    return true;
  }
  run(m: Model, real: EventHeap): void {
    if (m.entries.length > 0) {
      expect(real.readTop()).toBe(true);
      expectTop(real, m.entries[0]);
      m.entries.shift();
    } else expect(real.readTop()).toBe(false);
    real.replaceTop(this.time, this.payload, this.arg);
    modelInsert(m, this.time, this.payload, this.arg);
    expect(real.size).toBe(m.entries.length);
  }
  toString(): string {
    return `replaceTop(${this.time}, ${this.payload}, ${this.arg})`;
  }
}

class PeekCmd implements fc.Command<Model, EventHeap> {
  check(): boolean {
    return true;
  }
  run(m: Model, real: EventHeap): void {
    expect(real.peekTime()).toBe(m.entries.length > 0 ? m.entries[0].time : Infinity);
  }
  toString(): string {
    return "peekTime()";
  }
}

// Few distinct times so that ties are the common case, plus the occasional huge or fractional time.
const time = fc.oneof(fc.integer({ min: 0, max: 6 }), fc.constantFrom(0.5, 1e15, 2 ** 53 - 1));
const int32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });

describe(`EventHeap against a sorted-array model (seed ${SEED})`, () => {
  it("push / pop / replaceTop / peekTime agree with the model, FIFO among equal times", () => {
    const commands = [
      fc.tuple(time, int32, int32).map(([t, p, a]) => new PushCmd(t, p, a)),
      fc.tuple(time, int32, int32).map(([t, p, a]) => new PushCmd(t, p, a)),
      fc.constant(new PopCmd()),
      fc.tuple(time, int32, int32).map(([t, p, a]) => new ReplaceTopCmd(t, p, a)),
      fc.constant(new PeekCmd()),
    ];
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.commands(commands, { size: "large" }), (cap, cmds) => {
        // A tiny initial capacity makes growth happen inside the sequences.
        fc.modelRun(() => ({ model: { entries: [], nextSeq: 0 }, real: new EventHeap(cap) }), cmds);
      }),
      { seed: SEED, numRuns: 120 },
    );
  });

  it("drains in (time, insertion) order after random pushes", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.nat()), { maxLength: 500 }), (items) => {
        const h = new EventHeap(2);
        items.forEach(([t], i) => h.push(t, i, 0));
        const want = items.map(([t], i) => ({ t, i })).sort((a, b) => a.t - b.t || a.i - b.i);
        const got: Array<{ t: number; i: number }> = [];
        while (h.pop()) got.push({ t: h.time, i: h.payload });
        expect(got).toEqual(want);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});

describe("EventHeap basics", () => {
  it("pop on empty returns false and leaves the out-fields", () => {
    const h = new EventHeap();
    h.push(3, 7, 9);
    h.pop();
    expect(h.pop()).toBe(false);
    expect([h.time, h.payload, h.arg]).toEqual([3, 7, 9]);
    expect(h.peekTime()).toBe(Infinity);
  });

  it("replaceTop on an empty heap is a push", () => {
    const h = new EventHeap();
    h.replaceTop(4, 1, 2);
    expect(h.size).toBe(1);
    expect(h.pop()).toBe(true);
    expect([h.time, h.payload, h.arg]).toEqual([4, 1, 2]);
  });

  it("grows by doubling and keeps every entry", () => {
    const h = new EventHeap(1);
    for (let i = 0; i < 1000; i++) h.push(1000 - i, i, 5000 + i);
    expect(h.capacity).toBe(1024);
    expect(h.size).toBe(1000);
    for (let i = 999; i >= 0; i--) {
      h.pop();
      expect([h.time, h.payload, h.arg]).toEqual([1000 - i, i, 5000 + i]);
    }
  });

  it("sequence numbers continue across clear(), so FIFO spans it", () => {
    const h = new EventHeap();
    h.push(1, 0, 0);
    h.clear();
    expect(h.size).toBe(0);
    expect(h.push(1, 1, 0)).toBe(1);
  });
});
