// Antithetic twins: the run with `antithetic` draws every uniform as 1 − u of the plain run
// with the same seed — in the sequential streams and in the keyed per-user draws alike.
import { describe, expect, it } from "vitest";
import { keyedUniform, streamFor, streamKey } from "../../sim/engine/index.js";
import { Draws } from "../../sim/platform/draws.js";
import { simulate } from "../../sim/run.js";
import { configFromFile } from "./helpers.js";

describe("antithetic draws", () => {
  it("sequential streams give u and 1 − u − 2^-32", () => {
    const plain = streamFor(42, "growth");
    const twin = streamFor(42, "growth", true);
    for (let i = 0; i < 1000; i++) {
      const u = plain.nextFloat();
      const v = twin.nextFloat();
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(1);
      expect(u + v).toBeCloseTo(1, 8);
    }
  });

  it("keyed draws and the platform's per-message draws complement exactly", () => {
    const k = streamKey(7, "reply");
    const t = streamKey(7, "reply", true);
    for (let user = 0; user < 200; user++) expect(keyedUniform(k, user, 3, 1) + keyedUniform(t, user, 3, 1)).toBeCloseTo(1, 12);
    const a = new Draws(7);
    const b = new Draws(7, true);
    const ua = new Float64Array(4);
    const ub = new Float64Array(4);
    for (let user = 0; user < 100; user++) {
      a.fill2(user, 2, ua);
      b.fill2(user, 2, ub);
      for (let i = 0; i < 2; i++) expect(ua[i] + ub[i]).toBe(1); // (x + 0.5)/2^32 + (2^32 − 1 − x + 0.5)/2^32
      a.traits(user, ua);
      b.traits(user, ub);
      for (let i = 0; i < 3; i++) expect(ua[i] + ub[i]).toBe(1);
      expect(a.othersUse(user, 5) + b.othersUse(user, 5)).toBe(1);
      expect(a.capPhase(user) + b.capPhase(user)).toBe(1 - 2 ** -32);
    }
  });

  it("a twin run is deterministic, marked, and differs from the plain run", () => {
    const config = configFromFile("scenarios/quickstart.yaml", { days: 8, seed: 3 });
    const plain = simulate(config);
    const twin = simulate(config, { antithetic: true });
    expect(JSON.stringify(simulate(config, { antithetic: true }))).toBe(JSON.stringify(twin));
    expect(twin.antithetic).toBe(true);
    expect("antithetic" in plain).toBe(false);
    expect(twin.seed).toBe(plain.seed);
    expect(JSON.stringify(twin.summary)).not.toBe(JSON.stringify(plain.summary));
  });
});
