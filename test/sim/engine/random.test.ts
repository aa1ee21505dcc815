import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { SEED } from "../../seed.js";
import {
  murmur3,
  philox,
  philox2x32,
  replicationSeed,
  SplitMix64,
  Xoshiro128ss,
  streamFor,
  streamKey,
  keyedUniform,
  KeyedSource,
  exponential,
  normal,
  normalQuantile,
  logNormal,
  poisson,
} from "../../../sim/engine/index.js";
import { mulhi } from "../../../sim/engine/philox.js";

const hex = (a: ArrayLike<number>): string[] => Array.from(a, (x) => x.toString(16).padStart(8, "0"));

describe("Philox4x32-10 known-answer vectors (Random123 kat_vectors)", () => {
  // Lines "philox4x32 10 CTR[4] KEY[2] EXPECTED[4]" of Random123's examples/kat_vectors.
  const kat: Array<[number[], number[], string[]]> = [
    [[0, 0, 0, 0], [0, 0], ["6627e8d5", "e169c58d", "bc57ac4c", "9b00dbd8"]],
    [[0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff], ["408f276d", "41c83b0e", "a20bc7c6", "6d5451fd"]],
    [[0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0], ["d16cfe09", "94fdcceb", "5001e420", "24126ea1"]],
  ];
  for (const [ctr, key, want] of kat) {
    it(`ctr ${hex(ctr).join(" ")} key ${hex(key).join(" ")}`, () => {
      expect(hex(philox(key[0], key[1], ctr[0], ctr[1], ctr[2], ctr[3]))).toEqual(want);
    });
  }

  it("writes into the given output array", () => {
    const out = new Uint32Array(4);
    expect(philox(0, 0, 0, 0, 0, 0, out)).toBe(out);
    expect(out[0]).toBe(0x6627e8d5);
  });
});

describe("Philox2x32-10 known-answer vectors (Random123 kat_vectors)", () => {
  // Lines "philox2x32 10 CTR[2] KEY[1] EXPECTED[2]" of Random123's examples/kat_vectors.
  const kat: Array<[number[], number, string[]]> = [
    [[0, 0], 0, ["ff1dae59", "6cd10df2"]],
    [[0xffffffff, 0xffffffff], 0xffffffff, ["2c3f628b", "ab4fd7ad"]],
    [[0x243f6a88, 0x85a308d3], 0x13198a2e, ["dd7ce038", "f62a4c12"]],
  ];
  for (const [ctr, key, want] of kat) {
    it(`ctr ${hex(ctr).join(" ")} key ${hex([key]).join(" ")}`, () => {
      expect(hex(philox2x32(key, ctr[0], ctr[1], new Uint32Array(2)))).toEqual(want);
    });
  }
});

describe(`mulhi (seed ${SEED})`, () => {
  it("is the high word of the exact 64-bit product, inputs at and above 2^31 included", () => {
    expect(mulhi(0xffffffff, 0xffffffff)).toBe(0xfffffffe);
    expect(mulhi(0x80000000, 2)).toBe(1);
    fc.assert(
      fc.property(fc.nat(0xffffffff), fc.nat(0xffffffff), (a, b) => {
        expect(mulhi(a, b)).toBe(Number((BigInt(a) * BigInt(b)) >> 32n));
      }),
      { seed: SEED },
    );
  });
});

describe("xoshiro128** against the C reference (xoshiro128starstar.c 1.1)", () => {
  it("state (1, 2, 3, 4): first eight outputs", () => {
    const r = new Xoshiro128ss(1, 2, 3, 4);
    const got = Array.from({ length: 8 }, () => r.nextUint32());
    expect(got).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849]);
  });

  it("jump() from state (1, 2, 3, 4)", () => {
    const r = new Xoshiro128ss(1, 2, 3, 4);
    r.jump();
    expect(r.state()).toEqual([2843103750, 2038079848, 1533207345, 44816753]);
    expect([r.nextUint32(), r.nextUint32(), r.nextUint32()]).toEqual([1194304935, 745561276, 25819468]);
  });

  it("refuses the all-zero state", () => {
    expect(() => new Xoshiro128ss(0, 0, 0, 0)).toThrow(RangeError);
  });

  it("floats lie in [0, 1) and nextFloat is the 32-bit output scaled", () => {
    const a = new Xoshiro128ss(1, 2, 3, 4);
    const b = new Xoshiro128ss(1, 2, 3, 4);
    for (let i = 0; i < 1000; i++) {
      const u = a.nextFloat();
      expect(u).toBe(b.nextUint32() / 2 ** 32);
      expect(u >= 0 && u < 1).toBe(true);
      const v = a.nextFloat53();
      b.nextUint32();
      b.nextUint32();
      expect(v >= 0 && v < 1).toBe(true);
    }
  });

  it("clone continues the same sequence independently", () => {
    const a = Xoshiro128ss.fromSeed(99);
    a.nextUint32();
    const b = a.clone();
    const xs = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(xs);
  });
});

describe(`xoshiro128** nextInt (seed ${SEED})`, () => {
  it("stays in [0, n) for any bound", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 32 }), fc.nat(), (n, seed) => {
        const r = Xoshiro128ss.fromSeed(seed);
        for (let i = 0; i < 20; i++) {
          const k = r.nextInt(n);
          if (!(Number.isInteger(k) && k >= 0 && k < n)) return false;
        }
        return true;
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it("is unbiased for a small bound (chi-square, 6 cells)", () => {
    const r = Xoshiro128ss.fromSeed(7);
    const cells = new Array<number>(6).fill(0);
    const n = 60_000;
    for (let i = 0; i < n; i++) cells[r.nextInt(6)]++;
    const chi2 = cells.reduce((s, c) => s + (c - n / 6) ** 2 / (n / 6), 0);
    expect(chi2).toBeLessThan(20.52); // χ²(5) at 0.999
  });
});

describe("SplitMix64 against the C reference (splitmix64.c)", () => {
  const big = (sm: SplitMix64): bigint => (BigInt(sm.hi) << 32n) | BigInt(sm.lo);
  it("seed 1234567", () => {
    const sm = new SplitMix64(1234567);
    const got = Array.from({ length: 5 }, () => (sm.next(), big(sm)));
    expect(got).toEqual([6457827717110365317n, 3203168211198807973n, 9817491932198370423n, 4593380528125082431n, 16408922859458223821n]);
  });
  it("seed 0", () => {
    const sm = new SplitMix64(0);
    const got = Array.from({ length: 3 }, () => (sm.next(), big(sm)));
    expect(got).toEqual([16294208416658607535n, 7960286522194355700n, 487617019471545679n]);
  });
  it("seeds above 2^32 use the high word", () => {
    const a = new SplitMix64(2 ** 40 + 5);
    const b = new SplitMix64(5);
    a.next();
    b.next();
    expect(big(a)).not.toBe(big(b));
  });
  it("fromSeed expands the seed with two SplitMix64 outputs", () => {
    const sm = new SplitMix64(42);
    sm.next();
    const s0 = sm.lo;
    const s1 = sm.hi;
    sm.next();
    expect(Xoshiro128ss.fromSeed(42).state()).toEqual([s0, s1, sm.lo, sm.hi]);
  });
});

describe("MurmurHash3 x86_32 against the C reference", () => {
  const cases: Array<[string, number, number]> = [
    ["", 0, 0x00000000],
    ["", 1, 0x514e28b7],
    ["", 0xffffffff, 0x81f16f39],
    ["aaaa", 0x9747b28c, 0x5a97808a],
    ["Hello, world!", 0x9747b28c, 0x24884cba],
    ["The quick brown fox jumps over the lazy dog", 0x9747b28c, 0x2fa826cd],
    ["abc", 0, 0xb3dd93fa],
    ["héllo € 😀", 42, 0x39031888], // UTF-8: 2-, 3- and 4-byte sequences
  ];
  for (const [s, seed, want] of cases) {
    it(`${JSON.stringify(s)} seed 0x${seed.toString(16)}`, () => expect(murmur3(s, seed)).toBe(want));
  }
});

describe(`named streams and keyed draws (seed ${SEED})`, () => {
  it("same (master, name) gives the same stream; another name or master a different one", () => {
    const a = streamFor(SEED, "arrivals");
    const b = streamFor(SEED, "arrivals");
    const c = streamFor(SEED, "reply");
    const d = streamFor(SEED + 1, "arrivals");
    const xs = Array.from({ length: 10 }, () => a.nextUint32());
    expect(Array.from({ length: 10 }, () => b.nextUint32())).toEqual(xs);
    expect(Array.from({ length: 10 }, () => c.nextUint32())).not.toEqual(xs);
    expect(Array.from({ length: 10 }, () => d.nextUint32())).not.toEqual(xs);
  });

  it("draws from one stream do not shift another", () => {
    const run = (extraReplies: number): number[] => {
      const arrivals = streamFor(SEED, "arrivals");
      const reply = streamFor(SEED, "reply");
      const out: number[] = [];
      for (let i = 0; i < 50; i++) {
        out.push(arrivals.nextUint32());
        for (let j = 0; j < extraReplies; j++) reply.nextUint32();
      }
      return out;
    };
    expect(run(3)).toEqual(run(0));
  });

  it("master seeds beyond 2^32 are not truncated", () => {
    expect(streamFor(2 ** 40, "x").state()).not.toEqual(streamFor(0, "x").state());
    expect(() => streamFor(-1, "x")).toThrow(RangeError);
    expect(() => streamFor(1.5, "x")).toThrow(RangeError);
  });

  it("keyedUniform is a pure function of (key, user, attempt, k), in [0, 1)", () => {
    fc.assert(
      fc.property(fc.nat(), fc.string(), fc.nat({ max: 2 ** 32 - 1 }), fc.nat({ max: 100 }), fc.nat({ max: 10 }), (master, name, user, attempt, k) => {
        const u = keyedUniform(streamKey(master, name), user, attempt, k);
        const v = keyedUniform(streamKey(master, name), user, attempt, k);
        return u === v && u >= 0 && u < 1;
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("keyed draws differ across users, attempts, draw index and names", () => {
    const key = streamKey(SEED, "reply");
    const base = keyedUniform(key, 123, 2, 0);
    expect(keyedUniform(key, 124, 2, 0)).not.toBe(base);
    expect(keyedUniform(key, 123, 3, 0)).not.toBe(base);
    expect(keyedUniform(key, 123, 2, 1)).not.toBe(base);
    expect(keyedUniform(streamKey(SEED, "block"), 123, 2, 0)).not.toBe(base);
  });

  it("keyed draws are uniform (mean, variance, decile counts)", () => {
    const key = streamKey(SEED, "uniformity");
    const n = 100_000;
    const deciles = new Array<number>(10).fill(0);
    let sum = 0;
    let sum2 = 0;
    for (let user = 0; user < n; user++) {
      const u = keyedUniform(key, user, 0, 0);
      sum += u;
      sum2 += u * u;
      deciles[Math.floor(u * 10)]++;
    }
    const mean = sum / n;
    expect(Math.abs(mean - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(sum2 / n - mean * mean - 1 / 12)).toBeLessThan(0.002);
    const chi2 = deciles.reduce((s, c) => s + (c - n / 10) ** 2 / (n / 10), 0);
    expect(chi2).toBeLessThan(27.88); // χ²(9) at 0.999
  });

  it("KeyedSource replays keyedUniform with k = 0, 1, 2, …", () => {
    const key = streamKey(SEED, "batch");
    const src = new KeyedSource(key).reset(7, 3);
    expect([src.nextFloat(), src.nextFloat(), src.nextFloat()]).toEqual([0, 1, 2].map((k) => keyedUniform(key, 7, 3, k)));
    src.reset(7, 3);
    expect(src.nextFloat()).toBe(keyedUniform(key, 7, 3, 0));
  });
});

describe(`replicationSeed (seed ${SEED})`, () => {
  it("is deterministic, a safe integer, and depends on every input", () => {
    const s = replicationSeed(SEED, "baseline", 0);
    expect(replicationSeed(SEED, "baseline", 0)).toBe(s);
    expect(Number.isSafeInteger(s) && s >= 0).toBe(true);
    expect(replicationSeed(SEED, "baseline", 1)).not.toBe(s);
    expect(replicationSeed(SEED, "variant", 0)).not.toBe(s);
    expect(replicationSeed(SEED + 1, "baseline", 0)).not.toBe(s);
  });

  it("neighbouring indices are not neighbouring seeds, and 10 000 indices give no collision", () => {
    const seeds = new Set<number>();
    for (let i = 0; i < 10_000; i++) {
      const s = replicationSeed(SEED, "sweep", i);
      expect(Number.isSafeInteger(s)).toBe(true);
      seeds.add(s);
    }
    expect(seeds.size).toBe(10_000);
    expect(Math.abs(replicationSeed(SEED, "sweep", 1) - replicationSeed(SEED, "sweep", 0))).toBeGreaterThan(2 ** 20);
  });

  it("refuses bad inputs", () => {
    expect(() => replicationSeed(-1, "a", 0)).toThrow(RangeError);
    expect(() => replicationSeed(1, "a", -1)).toThrow(RangeError);
    expect(() => replicationSeed(1, "a", 0.5)).toThrow(RangeError);
  });
});

describe("variates", () => {
  const moments = (draw: () => number, n: number): { mean: number; variance: number } => {
    let m = 0;
    let s2 = 0;
    for (let i = 1; i <= n; i++) {
      const x = draw();
      const d = x - m;
      m += d / i;
      s2 += d * (x - m);
    }
    return { mean: m, variance: s2 / (n - 1) };
  };

  it("normalQuantile matches tabulated Φ⁻¹ values", () => {
    const table: Array<[number, number]> = [
      [0.5, 0],
      [0.975, 1.959963984540054],
      [0.995, 2.5758293035489],
      [0.8413447460685429, 1],
      [0.02275013194817921, -2],
      [0.001, -3.090232306167813],
      [1e-10, -6.361340902404056],
    ];
    for (const [p, z] of table) expect(normalQuantile(p)).toBeCloseTo(z, 7);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(Number.NaN)).toBeNaN();
  });

  it("normalQuantile is symmetric and monotone", () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-12, max: 0.5, noNaN: true }), fc.double({ min: 1e-12, max: 0.5, noNaN: true }), (p, q) => {
        const sym = Math.abs(normalQuantile(p) + normalQuantile(1 - p)) < 1e-6 * Math.max(1, Math.abs(normalQuantile(p)));
        const mono = p < q ? normalQuantile(p) <= normalQuantile(q) : normalQuantile(p) >= normalQuantile(q);
        return sym && mono;
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it("exponential has the right mean and variance", () => {
    const r = streamFor(SEED, "exp");
    const { mean, variance } = moments(() => exponential(r, 250), 200_000);
    expect(Math.abs(mean - 250)).toBeLessThan(4 * (250 / Math.sqrt(200_000)));
    expect(Math.abs(variance / 250 ** 2 - 1)).toBeLessThan(0.03);
  });

  it("normal has the right mean and variance", () => {
    const r = streamFor(SEED, "normal");
    const { mean, variance } = moments(() => normal(r, 10, 3), 200_000);
    expect(Math.abs(mean - 10)).toBeLessThan(4 * (3 / Math.sqrt(200_000)));
    expect(Math.abs(variance / 9 - 1)).toBeLessThan(0.02);
  });

  it("logNormal has the given median and log-scale σ", () => {
    const r = streamFor(SEED, "lognormal");
    const xs = Float64Array.from({ length: 100_001 }, () => logNormal(r, 1200, 0.8)).sort();
    expect(xs[50_000] / 1200).toBeGreaterThan(0.98);
    expect(xs[50_000] / 1200).toBeLessThan(1.02);
    const logs = moments(
      (() => {
        let i = 0;
        return () => Math.log(xs[i++]);
      })(),
      xs.length,
    );
    expect(Math.abs(Math.sqrt(logs.variance) - 0.8)).toBeLessThan(0.01);
  });

  for (const lambda of [0.5, 4, 9.5, 10, 37.5, 1000, 1e6]) {
    it(`poisson(${lambda}) has mean and variance λ`, () => {
      const r = streamFor(SEED, `poisson-${lambda}`);
      const n = 100_000;
      const { mean, variance } = moments(() => poisson(r, lambda), n);
      expect(Math.abs(mean - lambda)).toBeLessThan(4.5 * Math.sqrt(lambda / n));
      expect(Math.abs(variance / lambda - 1)).toBeLessThan(0.03);
    });
  }

  it("poisson(3) matches the pmf (chi-square over 0..9+)", () => {
    const r = streamFor(SEED, "poisson-pmf");
    const n = 100_000;
    const counts = new Array<number>(11).fill(0);
    for (let i = 0; i < n; i++) counts[Math.min(10, poisson(r, 3))]++;
    let p = Math.exp(-3);
    let rest = 1;
    let chi2 = 0;
    for (let k = 0; k < 10; k++) {
      chi2 += (counts[k] - n * p) ** 2 / (n * p);
      rest -= p;
      p *= 3 / (k + 1);
    }
    chi2 += (counts[10] - n * rest) ** 2 / (n * rest);
    expect(chi2).toBeLessThan(29.59); // χ²(10) at 0.999
  });

  it("poisson(50) (PTRS) matches the pmf around the mode", () => {
    const r = streamFor(SEED, "poisson-ptrs");
    const n = 200_000;
    const counts = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const k = poisson(r, 50);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    // P(X = 50) for λ = 50: e^{-50} 50^50 / 50!
    const p50 = Math.exp(-50 + 50 * Math.log(50) - 148.47776695177302);
    const got = (counts.get(50) ?? 0) / n;
    expect(Math.abs(got - p50)).toBeLessThan(4 * Math.sqrt((p50 * (1 - p50)) / n));
  });

  it("poisson refuses invalid means and returns 0 for mean 0", () => {
    const r = streamFor(SEED, "p");
    expect(poisson(r, 0)).toBe(0);
    expect(() => poisson(r, -1)).toThrow(RangeError);
    expect(() => poisson(r, Number.NaN)).toThrow(RangeError);
  });
});
